//! The referral handoff as data: the fields a referral must carry (what,
//! why, an example), who owns it on our side, the response SLA, where it is
//! sent, and the registration rules (how long a registration holds, how
//! overlapping claims are settled, how partner deals meet direct sales).
//! `kit.yaml`'s `handoff:` is the program's; a profile's `handoff:`
//! overrides it key by key for that partner.

use serde::{Deserialize, Serialize};

use crate::model::people::Contact;

/// `handoff:` as written, in kit.yaml or a profile: every key optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RawHandoff {
    /// Where a referral is sent (the mailto address).
    pub email: Option<String>,
    pub owner: Option<Contact>,
    pub sla_hours: Option<u32>,
    pub fields: Option<Vec<Field>>,
    pub registration_days: Option<u32>,
    /// How two partners' claims on one account are settled.
    pub overlap: Option<String>,
    /// How a partner-sourced deal meets our direct sales team.
    pub direct_sales: Option<String>,
}

/// One thing a referral must carry.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(default)]
    pub why: String,
    #[serde(default)]
    pub example: String,
}

/// One partner's handoff: the profile's keys over the kit's, and the
/// profile's `lead_sla_hours` as the SLA when the handoff names none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Handoff {
    pub email: String,
    pub owner: Option<Contact>,
    pub sla_hours: Option<u32>,
    pub fields: Vec<Field>,
    pub registration_days: Option<u32>,
    pub overlap: String,
    pub direct_sales: String,
}

impl Handoff {
    pub fn merge(kit: &RawHandoff, own: &RawHandoff, lead_sla_hours: Option<u32>) -> Handoff {
        fn pick<T: Clone>(own: &Option<T>, kit: &Option<T>) -> Option<T> {
            own.clone().or_else(|| kit.clone())
        }
        Handoff {
            email: pick(&own.email, &kit.email).unwrap_or_default(),
            owner: pick(&own.owner, &kit.owner),
            sla_hours: pick(&own.sla_hours, &kit.sla_hours).or(lead_sla_hours),
            fields: pick(&own.fields, &kit.fields).unwrap_or_default(),
            registration_days: pick(&own.registration_days, &kit.registration_days),
            overlap: pick(&own.overlap, &kit.overlap).unwrap_or_default(),
            direct_sales: pick(&own.direct_sales, &kit.direct_sales).unwrap_or_default(),
        }
    }

    /// Whether there is anything to show a partner.
    pub fn is_empty(&self) -> bool {
        *self == Handoff::default()
    }

    /// The referral e-mail: subject and a body that lists every field to
    /// fill in, with its example.
    pub fn mail(&self, partner_name: &str) -> (String, String) {
        let subject = format!("Referral from {partner_name}: [customer name]");
        let mut body = format!("Referral from {partner_name}\n\n");
        for f in &self.fields {
            body.push_str(&f.name);
            body.push_str(": ");
            if !f.example.is_empty() {
                body.push_str(&format!("[e.g. {}]", f.example));
            }
            body.push('\n');
        }
        body.push_str("\nAnything else we should know:\n");
        (subject, body)
    }
}

/// Free text that says something else than the structured handoff: "we
/// respond within 24 hours" beside `sla_hours: 4`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    /// "response time" or "registration".
    pub what: &'static str,
    /// The words as written ("24 hours") and what the handoff says.
    pub said: String,
    pub structured: u32,
}

/// What `text` (a profile's rules of engagement or deal registration)
/// says about the response time and how long a registration holds, where
/// none of its figures is the handoff's own. A text may name several
/// (120 days for own-sourced deals, 90 for the rest): only when the
/// structured figure is not among them is it a contradiction.
pub fn contradictions(h: &Handoff, text: &str) -> Vec<Contradiction> {
    let mut found = Vec::new();
    let hours = figures(
        text,
        &["hour", "hours", "-hour"],
        &[
            "respond", "response", "answer", "reply", "sla", "within", "get back",
        ],
    );
    let days = figures(
        text,
        &["day", "days", "-day"],
        &["protect", "hold", "registration", "registered"],
    );
    for (what, said, structured) in [
        ("response time", hours, h.sla_hours),
        ("registration", days, h.registration_days),
    ] {
        if let (Some(first), Some(value)) = (said.first(), structured)
            && !said.iter().any(|(n, _)| *n == value)
        {
            found.push(Contradiction {
                what,
                said: first.1.clone(),
                structured: value,
            });
        }
    }
    found
}

/// Numbers followed by one of `units` ("24 hours", "**90 days**",
/// "90-day"), in sentences that mention one of `topic`; each with its words
/// as written.
fn figures(text: &str, units: &[&str], topic: &[&str]) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for sentence in text.split(['.', '\n', ';']) {
        let lower = sentence.to_lowercase();
        if !topic.iter().any(|t| lower.contains(t)) {
            continue;
        }
        // Markdown emphasis and brackets around a figure are not part of it.
        let words: Vec<&str> = lower
            .split_whitespace()
            .map(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        for (i, w) in words.iter().enumerate() {
            let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
            let Ok(n) = digits.parse::<u32>() else {
                continue;
            };
            let rest = &w[digits.len()..];
            let next = words
                .get(i + 1)
                .map(|n| n.trim_matches(|c: char| !c.is_alphanumeric()))
                .unwrap_or("");
            let unit = if rest.is_empty() { next } else { rest };
            // "2 business days" is a response time in days, not a hold.
            if units
                .iter()
                .any(|u| unit.trim_end_matches([',', ')']) == *u)
            {
                out.push((
                    n,
                    format!("{digits}{}{unit}", if rest.is_empty() { " " } else { "" }),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_overrides_the_kit_key_by_key() {
        let kit = RawHandoff {
            email: Some("referrals@x.example".into()),
            sla_hours: Some(24),
            registration_days: Some(90),
            fields: Some(vec![Field {
                name: "Customer".into(),
                why: String::new(),
                example: "Acme".into(),
            }]),
            ..RawHandoff::default()
        };
        let own = RawHandoff {
            registration_days: Some(120),
            ..RawHandoff::default()
        };
        let h = Handoff::merge(&kit, &own, Some(4));
        assert_eq!((h.sla_hours, h.registration_days), (Some(24), Some(120)));
        assert_eq!(h.email, "referrals@x.example");
        let h = Handoff::merge(&RawHandoff::default(), &own, Some(4));
        assert_eq!(
            h.sla_hours,
            Some(4),
            "the profile's lead SLA when the handoff has none"
        );
        let (subject, body) = Handoff::merge(&kit, &own, None).mail("Beta");
        assert_eq!(subject, "Referral from Beta: [customer name]");
        assert!(body.contains("Customer: [e.g. Acme]\n"));
        assert!(Handoff::merge(&RawHandoff::default(), &RawHandoff::default(), None).is_empty());
    }

    #[test]
    fn free_text_that_says_another_figure_is_found() {
        let h = Handoff {
            sla_hours: Some(4),
            registration_days: Some(90),
            ..Handoff::default()
        };
        let said = |t: &str| {
            contradictions(&h, t)
                .into_iter()
                .map(|c| (c.what, c.said))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            said("We respond within 24 hours. Deals are protected for 60 days."),
            [
                ("response time", "24 hours".to_string()),
                ("registration", "60 days".to_string())
            ]
        );
        // The structured figure among several, or days that are no hold.
        assert!(said("Protection lasts 90 days (120 days for Atlas-sourced deals).").is_empty());
        assert!(said("We answer within 4 hours; approval takes 2 business days.").is_empty());
        assert!(said("A 4-hour response; registrations hold 90 days.").is_empty());
        assert!(said("Nothing about numbers here.").is_empty());
        assert!(said("Deals are protected for **90 days**, extendable by 30 days.").is_empty());
        assert!(said("Invite your SE at least 48 hours in advance.").is_empty());
    }
}
