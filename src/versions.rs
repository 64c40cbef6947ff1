//! Versions of a portal: the manifest each version carries (every page with
//! its title, collection, URL and content hash, and the version it last
//! changed in), the comparison between two manifests ("what's new"), and the
//! Atom feed of changes.
//!
//! Pure: manifests come in as values; reading them from `<out>` is
//! `publish`'s job.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

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
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub portal: String,
    pub version: String,
    /// The portal's first version: pages unchanged since then get no badge.
    pub first_version: String,
    pub pages: Vec<Entry>,
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

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// What a portal's feed is about.
pub struct Feed<'a> {
    pub title: &'a str,
    /// Who publishes it (the feed's `<author>`, required by RFC 4287).
    pub author: &'a str,
    /// The portal folder's absolute URL (ends with `/`), or empty: links
    /// are then relative to the feed, which sits in the version root.
    pub base: &'a str,
    pub portal: &'a str,
    /// Build time of every version.
    pub built: &'a BTreeMap<String, String>,
    /// This version's build time.
    pub now: &'a str,
    pub version: &'a str,
    /// The portal's first version: its pages were published, not updated.
    pub first_version: &'a str,
}

/// An Atom feed (RFC 4287) of the pages that changed, newest version
/// first, and of the pages this version removed. With a `base`, links go
/// through `latest/` so they stay valid after the next release.
pub fn atom_feed(feed: &Feed, entries: &[Entry], removed: &[&Entry]) -> String {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| {
        crate::publish::compare_versions(&b.changed_in, &a.changed_in)
            .then_with(|| a.key.cmp(&b.key))
    });
    sorted.truncate(50);
    let id_base = match feed.base {
        "" => format!("urn:enablekit:{}:", feed.portal),
        base => base.to_string(),
    };
    // Without a base URL there are no links (feed readers resolve relative
    // ones differently): entries then carry their text as content.
    let link = |url: &str, indent: &str| match feed.base {
        "" => String::new(),
        base => format!(
            "{indent}<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&format!("{base}latest/{url}"))
        ),
    };
    let about = |summary: &str, url: &str| match feed.base {
        "" => format!(
            "    <summary>{summary}</summary>\n    <content type=\"text\">{summary}</content>\n"
        ),
        _ => format!("{}    <summary>{summary}</summary>\n", link(url, "    ")),
    };
    // Updated when its newest entry was: a portal that did not change keeps
    // the same feed, byte for byte, from one version to the next.
    let newest = sorted
        .iter()
        .filter_map(|e| feed.built.get(&e.changed_in))
        .max()
        .map_or(feed.now, String::as_str);
    let updated = if removed.is_empty() { newest } else { feed.now };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    push_line(
        &mut xml,
        format!("  <title>{}</title>", xml_escape(feed.title)),
    );
    push_line(&mut xml, format!("  <id>{}</id>", xml_escape(&id_base)));
    push_line(
        &mut xml,
        format!("  <updated>{}</updated>", xml_escape(updated)),
    );
    push_line(
        &mut xml,
        format!(
            "  <author><name>{}</name></author>",
            xml_escape(feed.author)
        ),
    );
    if !feed.base.is_empty() {
        push_line(
            &mut xml,
            format!(
                "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
                xml_escape(&format!("{}latest/feed.xml", feed.base))
            ),
        );
        xml.push_str(&link("", "  "));
    }
    for e in removed {
        xml.push_str("  <entry>\n");
        push_line(
            &mut xml,
            format!("    <title>Removed: {}</title>", xml_escape(&e.title)),
        );
        push_line(
            &mut xml,
            format!(
                "    <id>{}</id>",
                xml_escape(&format!("{id_base}{}#removed-{}", e.key, feed.version))
            ),
        );
        push_line(
            &mut xml,
            format!("    <updated>{}</updated>", xml_escape(feed.now)),
        );
        // The page is gone: the what's-new page lists the removal.
        xml.push_str(&about(
            &format!("Removed in version {}", xml_escape(feed.version)),
            "whats-new/",
        ));
        xml.push_str("  </entry>\n");
    }
    for e in sorted {
        let when = feed
            .built
            .get(&e.changed_in)
            .map_or(feed.now, String::as_str);
        let verb = match (e.added, e.changed_in == feed.first_version) {
            (true, _) => "New",
            (false, true) => "Published",
            (false, false) => "Updated",
        };
        xml.push_str("  <entry>\n");
        push_line(
            &mut xml,
            format!("    <title>{}</title>", xml_escape(&e.title)),
        );
        push_line(
            &mut xml,
            format!(
                "    <id>{}</id>",
                xml_escape(&format!(
                    "{id_base}{}#{}",
                    e.key,
                    e.hash.get(..16).unwrap_or(&e.hash)
                ))
            ),
        );
        push_line(
            &mut xml,
            format!("    <updated>{}</updated>", xml_escape(when)),
        );
        xml.push_str(&about(
            &format!("{verb} in version {}", xml_escape(&e.changed_in)),
            &e.url,
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

fn push_line(xml: &mut String, line: String) {
    xml.push_str(&line);
    xml.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(key: &str, hash: &str) -> PageFacts {
        PageFacts {
            key: key.into(),
            title: key.to_uppercase(),
            collection: "c".into(),
            url: format!("{key}/"),
            hash: hash.into(),
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
    fn feed_escapes_and_orders() {
        let mut entries = stamp(vec![facts("a", "1")], "1.0", None);
        entries.extend(stamp(vec![facts("b<&>", "1")], "1.1", None));
        let built = BTreeMap::from([("1.0".to_string(), "2026-01-01T00:00:00Z".to_string())]);
        let gone = stamp(vec![facts("gone", "1")], "1.0", None);
        let feed = Feed {
            title: "Kit & co",
            author: "Kit & co",
            base: "https://x/p/",
            portal: "p",
            built: &built,
            now: "2026-02-01T00:00:00Z",
            version: "1.1",
            first_version: "1.0",
        };
        let xml = atom_feed(&feed, &entries, &[&gone[0]]);
        assert!(xml.contains("<title>Kit &amp; co</title>"));
        assert!(xml.contains("<author><name>Kit &amp; co</name></author>"));
        assert!(xml.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://x/p/latest/feed.xml\"/>"));
        assert!(xml.find("B&lt;&amp;&gt;").unwrap() < xml.find("<title>A</title>").unwrap());
        assert!(xml.contains("<updated>2026-01-01T00:00:00Z</updated>"));
        assert!(xml.contains("<summary>Published in version 1.0</summary>"));
        assert!(xml.contains("<summary>Updated in version 1.1</summary>"));
        assert!(xml.contains("<title>Removed: GONE</title>"));
    }
}
