//! What a release changes for one portal's readers: pages added, updated
//! and removed, and — what only a gated kit can tell — pages a partner
//! newly gains or loses while they exist in both versions, with the
//! reason: a page's rule (tier, type, stage, allow-list, staff-only) or the
//! partner's own tier, type or stage changed.
//!
//! Pure: it compares manifests. A page "exists" in a version when the
//! staff portal's manifest of that version lists it (staff see every
//! page); the staff manifest also records each page's rule (`gate`) and a
//! partner's manifest its reader (`reader`), so reasons come from what was
//! published, not from today's kit.

use serde::Serialize;

use crate::model::content::Visibility;
use crate::model::versions::{self, Entry, Manifest, Standing};

/// A page as `diff` names it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Page {
    pub key: String,
    pub title: String,
    pub url: String,
}

impl From<&Entry> for Page {
    fn from(e: &Entry) -> Self {
        Page {
            key: e.key.clone(),
            title: e.title.clone(),
            url: e.url.clone(),
        }
    }
}

/// Why a partner gained or lost a page: one field that changed between
/// the versions, of the page's rule or of the partner.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reason {
    /// `tier`, `type`, `stage`, `allow-list`, `staff-only`; `unrecorded`
    /// when a version's manifest predates gating records; `tier-order`
    /// when only kit.yaml's order of tiers can explain it.
    pub rule: &'static str,
    /// `page` (its front matter), `partner` (its profile), `kit` or `version`.
    pub of: &'static str,
    /// The field as authors write it (`min_tier`, `partner_types`, `tier`…).
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// A page a partner gained or lost, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Access {
    #[serde(flatten)]
    pub page: Page,
    pub reasons: Vec<Reason>,
}

/// One portal's changes between two versions.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PortalChanges {
    pub portal: String,
    /// `new` (no version at `from`), `gone` (none at `to`), else `kept`.
    pub status: &'static str,
    pub added: Vec<Page>,
    pub updated: Vec<Page>,
    pub removed: Vec<Page>,
    pub gained: Vec<Access>,
    pub lost: Vec<Access>,
}

impl PortalChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.updated.is_empty()
            && self.removed.is_empty()
            && self.gained.is_empty()
            && self.lost.is_empty()
    }
}

/// A pair of manifests: a portal's (or the staff portal's) at `from` and
/// at `to`, either missing when that portal had no version then.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pair<'a> {
    pub from: Option<&'a Manifest>,
    pub to: Option<&'a Manifest>,
}

/// What changed for `portal`'s readers. `staff` are the staff portal's
/// manifests, which say whether a page exists and what its rule was;
/// `None` when `portal` is the staff portal (it sees every page, so it
/// only gains what is added).
pub fn compare(portal: &str, pair: Pair<'_>, staff: Option<Pair<'_>>) -> PortalChanges {
    let empty = Vec::new();
    let old = pair.from.map_or(&empty, |m| &m.pages);
    let new = pair.to.map_or(&empty, |m| &m.pages);
    let changes = versions::diff(old, new);
    // A portal that is new (or gone) gains (or loses) nothing by a rule:
    // all it has is added (or removed).
    let staff = match (pair.from, pair.to) {
        (Some(_), Some(_)) => staff.unwrap_or_default(),
        _ => Pair::default(),
    };
    let listed = |m: Option<&Manifest>, key: &str| m.and_then(|m| page(m, key)).is_some();
    let (gained, added): (Vec<&Entry>, Vec<&Entry>) = changes
        .added
        .iter()
        .partition(|e| listed(staff.from, &e.key));
    let (lost, removed): (Vec<&Entry>, Vec<&Entry>) = changes
        .removed
        .iter()
        .partition(|e| listed(staff.to, &e.key));
    let access = |e: &&Entry| Access {
        page: Page::from(*e),
        reasons: reasons(&e.key, pair, staff),
    };
    PortalChanges {
        portal: portal.to_string(),
        status: match (pair.from, pair.to) {
            (None, Some(_)) => "new",
            (Some(_), None) => "gone",
            _ => "kept",
        },
        added: added.into_iter().map(Page::from).collect(),
        updated: changes.updated.into_iter().map(Page::from).collect(),
        removed: removed.into_iter().map(Page::from).collect(),
        gained: gained.iter().map(access).collect(),
        lost: lost.iter().map(access).collect(),
    }
}

fn page<'m>(m: &'m Manifest, key: &str) -> Option<&'m Entry> {
    m.pages.iter().find(|e| e.key == key)
}

/// Every field of the page's rule and of the reader that differs between
/// the versions; `unrecorded` when a version did not record them.
fn reasons<'a>(key: &str, pair: Pair<'a>, staff: Pair<'a>) -> Vec<Reason> {
    fn gate<'m>(m: Option<&'m Manifest>, key: &str) -> Option<&'m Visibility> {
        m.and_then(|m| page(m, key)).and_then(|e| e.gate.as_ref())
    }
    fn reader(m: Option<&Manifest>) -> Option<&Standing> {
        m.and_then(|m| m.reader.as_ref())
    }
    let mut out = Vec::new();
    match (gate(staff.from, key), gate(staff.to, key)) {
        (Some(a), Some(b)) => out.extend(rule_changes(a, b)),
        _ => out.push(unrecorded("the page's rule")),
    }
    match (reader(pair.from), reader(pair.to)) {
        (Some(a), Some(b)) => out.extend(reader_changes(a, b)),
        _ => out.push(unrecorded("the partner's tier, type and stage")),
    }
    if out.is_empty() {
        // Recorded on both sides and equal: what moved is kit.yaml's order
        // of tiers, which decides `min_tier`.
        out.push(Reason {
            rule: "tier-order",
            of: "kit",
            field: "tiers",
            before: String::new(),
            after:
                "neither the page's rule nor the partner changed: kit.yaml's order of `tiers` did"
                    .into(),
        });
    }
    out
}

fn unrecorded(what: &str) -> Reason {
    Reason {
        rule: "unrecorded",
        of: "version",
        field: "manifest",
        before: String::new(),
        after: format!("{what} is not in one of the versions' manifests"),
    }
}

fn rule_changes(a: &Visibility, b: &Visibility) -> Vec<Reason> {
    let list = |v: &Option<Vec<String>>| v.as_ref().map_or(String::new(), |v| v.join(", "));
    let fields: [(&'static str, &'static str, String, String); 6] = [
        ("tier", "tiers", list(&a.tiers), list(&b.tiers)),
        (
            "tier",
            "min_tier",
            a.min_tier.clone().unwrap_or_default(),
            b.min_tier.clone().unwrap_or_default(),
        ),
        (
            "type",
            "partner_types",
            list(&a.partner_types),
            list(&b.partner_types),
        ),
        ("stage", "stages", list(&a.stages), list(&b.stages)),
        (
            "allow-list",
            "partners",
            list(&a.partners),
            list(&b.partners),
        ),
        (
            "staff-only",
            "internal",
            a.internal.to_string(),
            b.internal.to_string(),
        ),
    ];
    changed("page", fields)
}

fn reader_changes(a: &Standing, b: &Standing) -> Vec<Reason> {
    let fields = [
        ("tier", "tier", a.tier.clone(), b.tier.clone()),
        ("type", "type", a.kind.clone(), b.kind.clone()),
        ("stage", "stage", a.stage.clone(), b.stage.clone()),
    ];
    changed("partner", fields)
}

fn changed<const N: usize>(
    of: &'static str,
    fields: [(&'static str, &'static str, String, String); N],
) -> Vec<Reason> {
    fields
        .into_iter()
        .filter(|(_, _, before, after)| before != after)
        .map(|(rule, field, before, after)| Reason {
            rule,
            of,
            field,
            before,
            after,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::versions::tests::facts;
    use crate::model::versions::{PageFacts, stamp};

    fn manifest(pages: Vec<PageFacts>, reader: Option<&str>) -> Manifest {
        Manifest {
            portal: "p".into(),
            version: "1".into(),
            first_version: "1".into(),
            pages: stamp(pages, "1", None),
            ended: None,
            reader: reader.map(|tier| Standing {
                tier: tier.into(),
                kind: "reseller".into(),
                stage: "active".into(),
            }),
        }
    }

    fn gated(key: &str, min_tier: Option<&str>) -> PageFacts {
        let mut f = facts(key, "1");
        f.gate = Some(Visibility {
            min_tier: min_tier.map(str::to_string),
            ..Visibility::default()
        });
        f
    }

    #[test]
    fn a_page_that_existed_is_gained_and_says_why() {
        let staff_from = manifest(vec![gated("a", None), gated("road", Some("gold"))], None);
        let staff_to = manifest(
            vec![
                gated("a", None),
                gated("road", Some("silver")),
                gated("n", None),
            ],
            None,
        );
        let from = manifest(vec![facts("a", "1")], Some("silver"));
        let to = manifest(
            vec![facts("a", "1"), facts("road", "1"), facts("n", "1")],
            Some("silver"),
        );
        let staff = Pair {
            from: Some(&staff_from),
            to: Some(&staff_to),
        };
        let pair = Pair {
            from: Some(&from),
            to: Some(&to),
        };
        let c = compare("partners/p", pair, Some(staff));
        let keys = |v: &[Page]| v.iter().map(|p| p.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&c.added), ["n"], "new to the kit: added, not gained");
        assert_eq!(c.gained.len(), 1);
        assert_eq!(c.gained[0].page.key, "road");
        assert_eq!(
            c.gained[0].reasons,
            [Reason {
                rule: "tier",
                of: "page",
                field: "min_tier",
                before: "gold".into(),
                after: "silver".into()
            }]
        );
        // And back: the page still exists, so it is lost, not removed.
        let back = compare(
            "partners/p",
            Pair {
                from: Some(&to),
                to: Some(&from),
            },
            Some(Pair {
                from: Some(&staff_to),
                to: Some(&staff_from),
            }),
        );
        assert_eq!(keys(&back.removed), ["n"]);
        assert_eq!(back.lost[0].page.key, "road");
    }

    #[test]
    fn a_partner_moving_tier_is_the_reason_and_old_manifests_say_unrecorded() {
        let staff = manifest(vec![gated("road", Some("gold"))], None);
        let from = manifest(vec![], Some("silver"));
        let to = manifest(vec![facts("road", "1")], Some("gold"));
        let both = Pair {
            from: Some(&staff),
            to: Some(&staff),
        };
        let c = compare(
            "partners/p",
            Pair {
                from: Some(&from),
                to: Some(&to),
            },
            Some(both),
        );
        assert_eq!(c.gained[0].reasons.len(), 1);
        let r = &c.gained[0].reasons[0];
        assert_eq!((r.rule, r.of, r.field), ("tier", "partner", "tier"));
        assert_eq!((r.before.as_str(), r.after.as_str()), ("silver", "gold"));
        let mut old = from.clone();
        old.reader = None;
        let c = compare(
            "partners/p",
            Pair {
                from: Some(&old),
                to: Some(&to),
            },
            Some(both),
        );
        assert_eq!(c.gained[0].reasons[0].rule, "unrecorded");
    }
}
