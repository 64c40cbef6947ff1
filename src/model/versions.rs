//! Versions of a portal: the manifest each version carries (every page with
//! its title, collection, URL and content hash, and the version it last
//! changed in), the order of version names, and the comparison between two
//! manifests ("what's new").
//!
//! Pure: manifests come in as values; reading them from `<out>` is
//! `publish`'s job.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::content::Visibility;

/// Order versions the way people read them: numeric parts compare as
/// numbers (`1.10.0` > `1.9.0`), anything else as text.
/// A pre-release (`2.0.0-rc.1`) ranks below its release (`2.0.0`), as in
/// semver.
pub fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    type Parts = Vec<(u64, String)>;
    let parts = |s: &str| -> Parts {
        s.split(['.', '_'])
            .map(|p| (p.parse::<u64>().unwrap_or(0), p.to_string()))
            .collect()
    };
    let split = |s: &'_ str| -> (Parts, Option<Parts>) {
        match s.split_once('-') {
            Some((release, pre)) => (parts(release), Some(parts(pre))),
            None => (parts(s), None),
        }
    };
    let (ra, pa) = split(a);
    let (rb, pb) = split(b);
    ra.cmp(&rb).then_with(|| match (pa, pb) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) => x.cmp(&y),
    })
}

/// One page of a portal version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// `collection/slug`: stable across versions.
    pub key: String,
    pub title: String,
    pub collection: String,
    /// From the version root, e.g. `objections/too-expensive/`.
    pub url: String,
    /// blake3 of what the reader sees of the item in this portal.
    pub hash: String,
    /// The version in which `hash` last changed (or the item appeared).
    pub changed_in: String,
    /// True when the item first appeared in `changed_in`.
    pub added: bool,
    /// Who may see the page, as written: in the staff portal's manifest only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<Visibility>,
}

/// A partner portal's reader as the visibility rule sees it, recorded in
/// that portal's own manifest: what `diff` compares when a partner moves
/// tier, type or stage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Standing {
    pub tier: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub stage: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub portal: String,
    pub version: String,
    /// The portal's first version: pages unchanged since then get no badge.
    pub first_version: String,
    pub pages: Vec<Entry>,
    /// Set on a sunset partner's last version: the build publishes no
    /// newer one, and `host-config` ends its access after the grace period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<Ended>,
    /// A partner portal's reader (none in the staff portal's manifest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader: Option<Standing>,
}

/// When a partnership ended (`""` when the profile does not say) and for
/// how many days after that its people keep access.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Ended {
    pub date: String,
    pub grace_days: u32,
}

impl Manifest {
    pub fn parse(bytes: &[u8]) -> Result<Manifest, String> {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    }

    /// Pretty JSON with `<`, `>` and `&` escaped, so the file is inert
    /// even if a host serves it with the wrong content type.
    pub fn to_json(&self) -> Vec<u8> {
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        let mut v = text
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .into_bytes();
        v.push(b'\n');
        v
    }
}

/// A page's identity and content, before version bookkeeping.
#[derive(Debug, Clone)]
pub struct PageFacts {
    pub key: String,
    pub title: String,
    pub collection: String,
    pub url: String,
    pub hash: String,
    pub gate: Option<Visibility>,
}

/// Fill in `changed_in`/`added` for this version's pages from the previous
/// manifest of the same portal: unchanged pages keep their history.
pub fn stamp(pages: Vec<PageFacts>, version: &str, previous: Option<&Manifest>) -> Vec<Entry> {
    let before: BTreeMap<&str, &Entry> = previous
        .map(|m| m.pages.iter().map(|e| (e.key.as_str(), e)).collect())
        .unwrap_or_default();
    pages
        .into_iter()
        .map(|p| {
            let (changed_in, added) = match before.get(p.key.as_str()) {
                Some(old) if old.hash == p.hash => (old.changed_in.clone(), old.added),
                Some(_) => (version.to_string(), false),
                None => (version.to_string(), previous.is_some()),
            };
            Entry {
                key: p.key,
                title: p.title,
                collection: p.collection,
                url: p.url,
                hash: p.hash,
                changed_in,
                added,
                gate: p.gate,
            }
        })
        .collect()
}

/// What changed between two manifests of one portal. Both only list pages
/// that portal could see, so nothing gated can appear here.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Changes<'a> {
    pub added: Vec<&'a Entry>,
    pub updated: Vec<&'a Entry>,
    pub removed: Vec<&'a Entry>,
}

impl Changes<'_> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty() && self.removed.is_empty()
    }
}

pub fn diff<'a>(old: &'a [Entry], new: &'a [Entry]) -> Changes<'a> {
    let before: BTreeMap<&str, &Entry> = old.iter().map(|e| (e.key.as_str(), e)).collect();
    let after: BTreeMap<&str, &Entry> = new.iter().map(|e| (e.key.as_str(), e)).collect();
    let mut changes = Changes::default();
    for e in new {
        match before.get(e.key.as_str()) {
            None => changes.added.push(e),
            Some(o) if o.hash != e.hash => changes.updated.push(e),
            Some(_) => {}
        }
    }
    changes.removed = old
        .iter()
        .filter(|e| !after.contains_key(e.key.as_str()))
        .collect();
    changes
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A page of collection `c` whose title is its key in capitals.
    pub(crate) fn facts(key: &str, hash: &str) -> PageFacts {
        PageFacts {
            key: key.into(),
            title: key.to_uppercase(),
            collection: "c".into(),
            url: format!("{key}/"),
            hash: hash.into(),
            gate: None,
        }
    }

    #[test]
    fn stamping_keeps_history_of_unchanged_pages() {
        let v1 = stamp(vec![facts("a", "1"), facts("b", "1")], "1.0", None);
        assert!(v1.iter().all(|e| e.changed_in == "1.0" && !e.added));
        let m1 = Manifest {
            portal: "p".into(),
            version: "1.0".into(),
            first_version: "1.0".into(),
            pages: v1,
            ended: None,
            reader: None,
        };
        let v2 = stamp(
            vec![facts("a", "1"), facts("b", "2"), facts("c", "1")],
            "1.1",
            Some(&m1),
        );
        let got: Vec<_> = v2
            .iter()
            .map(|e| (e.key.as_str(), e.changed_in.as_str(), e.added))
            .collect();
        assert_eq!(
            got,
            [("a", "1.0", false), ("b", "1.1", false), ("c", "1.1", true)]
        );
    }

    #[test]
    fn diff_lists_added_updated_removed() {
        let old = stamp(
            vec![facts("a", "1"), facts("b", "1"), facts("gone", "1")],
            "1",
            None,
        );
        let new = stamp(
            vec![facts("a", "1"), facts("b", "2"), facts("new", "1")],
            "2",
            None,
        );
        let d = diff(&old, &new);
        let keys = |v: &Vec<&Entry>| v.iter().map(|e| e.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&d.added), ["new"]);
        assert_eq!(keys(&d.updated), ["b"]);
        assert_eq!(keys(&d.removed), ["gone"]);
    }

    #[test]
    fn version_order_is_numeric() {
        let mut v = vec![
            "2.0.0",
            "1.9.0",
            "1.10.0",
            "1.2.0",
            "2.0.0-rc.2",
            "2.0.0-rc.1",
        ];
        v.sort_by(|a, b| compare_versions(a, b));
        assert_eq!(
            v,
            [
                "1.2.0",
                "1.9.0",
                "1.10.0",
                "2.0.0-rc.1",
                "2.0.0-rc.2",
                "2.0.0"
            ]
        );
    }
}
