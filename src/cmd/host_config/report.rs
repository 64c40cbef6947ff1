//! `host-config --report`: who can open which portal, and since when, the
//! access review a partner manager does each quarter. Built from what a
//! run decided (nothing is re-derived), printed for people or as JSON.
//! Pure: "since when" comes in from the caller (git history).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::Serialize;

use super::credentials::{Access, Shared};
use super::people::Person;
use super::portals::Portal;
use super::sign_in::Rule;
use crate::load::history::Since;

/// The whole review.
#[derive(Debug, Serialize)]
pub struct AccessReport {
    /// The day of the review (`YYYY-MM-DD`).
    pub date: String,
    /// `basic` (a password per person) or `oidc` (single sign-on).
    pub sign_in: &'static str,
    pub portals: Vec<PortalAccess>,
    /// Passwords in the secrets file for people the kit no longer names:
    /// granted nothing.
    pub not_named: Vec<String>,
}

/// One portal and everyone who can open it.
#[derive(Debug, Serialize)]
pub struct PortalAccess {
    pub portal: String,
    pub url: String,
    /// When a sunset partner's access ended: nobody opens it.
    pub closed_since: Option<String>,
    pub people: Vec<PersonAccess>,
    /// Shared logins (no person named), with where they come from.
    pub shared: Vec<SharedLogin>,
    /// Single sign-on only: who else the identity provider may let in.
    pub domains: Vec<String>,
    pub groups: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct PersonAccess {
    pub email: String,
    pub name: String,
    pub role: String,
    /// They can open the portal today.
    pub can_open: bool,
    /// Why not, when they cannot.
    pub why_not: Option<String>,
    /// The date the kit first named them in its current run of history,
    /// when git knows it.
    pub since: Option<String>,
    /// Where `since` comes from: `git`, `uncommitted` or `unknown`.
    pub since_from: &'static str,
    pub named_in: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SharedLogin {
    pub user: String,
    pub source: String,
}

/// What the review is built from.
pub struct Inputs<'a> {
    pub date: String,
    /// The kit folder: files are named relative to it.
    pub root: &'a std::path::Path,
    pub portals: &'a [Portal],
    pub people: &'a [Person],
    pub access: &'a Access,
    /// Each person's `Since` per file that names them.
    pub since: &'a HashMap<(std::path::PathBuf, String), Since>,
    pub not_named: Vec<String>,
    /// Single sign-on's rule per portal key, when it is on.
    pub oidc: Option<&'a BTreeMap<String, Rule>>,
}

pub fn report(inputs: &Inputs<'_>) -> AccessReport {
    AccessReport {
        date: inputs.date.clone(),
        sign_in: if inputs.oidc.is_some() {
            "oidc"
        } else {
            "basic"
        },
        portals: inputs
            .portals
            .iter()
            .map(|p| portal_access(p, inputs))
            .collect(),
        not_named: inputs.not_named.clone(),
    }
}

fn portal_access(portal: &Portal, inputs: &Inputs<'_>) -> PortalAccess {
    let shared: Vec<&Shared> = inputs
        .access
        .shared
        .iter()
        .filter(|s| s.portal == portal.key)
        .collect();
    let rule = inputs.oidc.and_then(|o| o.get(&portal.key));
    let (domains, groups) =
        rule.map_or_else(Default::default, |r| (r.domains.clone(), r.groups.clone()));
    PortalAccess {
        portal: portal.key.clone(),
        url: portal.url(),
        closed_since: portal.closed_since.clone(),
        people: inputs
            .people
            .iter()
            .filter(|person| person.portal_key() == portal.key)
            .map(|person| person_access(person, portal, inputs))
            .collect(),
        shared: shared
            .iter()
            .flat_map(|s| {
                s.users.iter().map(|u| SharedLogin {
                    user: u.clone(),
                    source: s.source.clone(),
                })
            })
            .collect(),
        domains,
        groups,
    }
}

fn person_access(person: &Person, portal: &Portal, inputs: &Inputs<'_>) -> PersonAccess {
    let why_not = match &portal.closed_since {
        Some(since) => Some(format!("the partnership's access ended on {since}")),
        None if inputs.oidc.is_none() && !inputs.access.with_password.contains(&person.email) => {
            Some("no password in the secrets file".to_string())
        }
        None => None,
    };
    let (since, since_from) = earliest(person, inputs.since);
    PersonAccess {
        email: person.email.clone(),
        name: person.name.clone(),
        role: person.role.clone(),
        can_open: why_not.is_none(),
        why_not,
        since,
        since_from,
        named_in: person
            .named_in
            .iter()
            .map(|f| {
                f.strip_prefix(inputs.root)
                    .unwrap_or(f)
                    .display()
                    .to_string()
            })
            .collect(),
    }
}

/// The earliest committed date among the files that name a person: they
/// have had their portal since the first of them.
fn earliest(
    person: &Person,
    since: &HashMap<(std::path::PathBuf, String), Since>,
) -> (Option<String>, &'static str) {
    let all: Vec<&Since> = person
        .named_in
        .iter()
        .filter_map(|f| since.get(&(f.clone(), person.email.clone())))
        .collect();
    let committed = all
        .iter()
        .filter_map(|s| match s {
            Since::Committed(d) => Some(d.clone()),
            _ => None,
        })
        .min();
    match committed {
        Some(d) => (Some(d), "git"),
        None if all.contains(&&Since::Uncommitted) => (None, "uncommitted"),
        None => (None, "unknown"),
    }
}

/// The review for people: one block per portal.
pub fn human(report: &AccessReport) -> String {
    let mut text = String::new();
    let people: usize = report.portals.iter().map(|p| p.people.len()).sum();
    let _ = writeln!(
        text,
        "Access review, {}: {people} {} named, sign-in by {}",
        report.date,
        if people == 1 { "person" } else { "people" },
        if report.sign_in == "oidc" {
            "single sign-on (OpenID Connect)"
        } else {
            "password"
        }
    );
    for portal in &report.portals {
        human_portal(&mut text, portal);
    }
    if !report.not_named.is_empty() {
        let _ = writeln!(
            text,
            "\nPasswords for people the kit no longer names (granted nothing; delete them):"
        );
        for email in &report.not_named {
            let _ = writeln!(text, "  {email}");
        }
    }
    text
}

fn human_portal(text: &mut String, portal: &PortalAccess) {
    let _ = write!(text, "\n{}", portal.url);
    match &portal.closed_since {
        Some(since) => {
            let _ = writeln!(text, "  (closed since {since}: nobody opens it)");
        }
        None => text.push('\n'),
    }
    if portal.people.is_empty()
        && portal.shared.is_empty()
        && portal.domains.is_empty()
        && portal.groups.is_empty()
    {
        let _ = writeln!(text, "  nobody named");
    }
    for p in &portal.people {
        let since = match (p.since.as_deref(), p.since_from) {
            (Some(d), _) => format!("since {d}"),
            (None, "uncommitted") => "not committed yet".to_string(),
            _ => "since: unknown".to_string(),
        };
        let role = if p.role.is_empty() {
            String::new()
        } else {
            format!(", {}", p.role)
        };
        let _ = write!(text, "  {} <{}>{role}: {since}", p.name, p.email);
        match &p.why_not {
            Some(why) => {
                let _ = writeln!(text, "; cannot open it: {why}");
            }
            None => text.push('\n'),
        }
    }
    for s in &portal.shared {
        let _ = writeln!(
            text,
            "  shared login `{}` ({}): whoever knows its password",
            s.user, s.source
        );
    }
    for d in &portal.domains {
        let _ = writeln!(text, "  anyone signed in with a verified address @{d}");
    }
    for g in &portal.groups {
        let _ = writeln!(text, "  anyone in group `{g}`");
    }
}
