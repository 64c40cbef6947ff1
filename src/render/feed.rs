//! The Atom feed (RFC 4287) of a portal version: the pages that changed,
//! newest first, and the pages this version removed. Pure text out of a
//! manifest; where the feed is written is the caller's business.

use std::collections::BTreeMap;

use crate::model::versions::{Entry, compare_versions};
use crate::render::words::Speech;

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
    /// The language's tree in a version (`fr/`), or "" at its root.
    pub tree: &'a str,
    /// The words of the feed's language.
    pub speech: &'a Speech,
}

/// How many changed pages a feed lists at most.
const MAX_ENTRIES: usize = 50;

/// An Atom feed (RFC 4287) of the pages that changed, newest version
/// first, and of the pages this version removed. With a `base`, links go
/// through `latest/` so they stay valid after the next release. `contents`
/// gives some pages (briefs) their whole text, as HTML with absolute links,
/// by manifest key.
pub fn atom_feed(
    feed: &Feed,
    entries: &[Entry],
    removed: &[&Entry],
    contents: &BTreeMap<String, String>,
) -> String {
    let shown = newest_first(entries);
    let atom = Atom::new(feed, contents);
    let mut xml = atom.header(updated(feed, &shown, !removed.is_empty()));
    for e in removed {
        xml.push_str(&atom.removed(e));
    }
    for e in shown {
        xml.push_str(&atom.changed(e));
    }
    xml.push_str("</feed>\n");
    xml
}

/// The changed pages a feed lists: newest version first, by key within a
/// version.
fn newest_first(entries: &[Entry]) -> Vec<&Entry> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| {
        compare_versions(&b.changed_in, &a.changed_in).then_with(|| a.key.cmp(&b.key))
    });
    sorted.truncate(MAX_ENTRIES);
    sorted
}

/// Updated when its newest entry was: a portal that did not change keeps
/// the same feed, byte for byte, from one version to the next. A removal
/// is news of this build.
fn updated<'a>(feed: &Feed<'a>, shown: &[&Entry], removals: bool) -> &'a str {
    let newest = shown
        .iter()
        .filter_map(|e| feed.built.get(&e.changed_in))
        .max()
        .map_or(feed.now, String::as_str);
    if removals { feed.now } else { newest }
}

/// One feed being written, with the prefix of every `<id>` in it.
struct Atom<'f, 'a> {
    feed: &'f Feed<'a>,
    id_base: String,
    contents: &'f BTreeMap<String, String>,
}

impl<'f, 'a> Atom<'f, 'a> {
    fn new(feed: &'f Feed<'a>, contents: &'f BTreeMap<String, String>) -> Self {
        let id_base = match feed.base {
            "" => format!("urn:enablekit:{}:{}", feed.portal, feed.tree),
            base => format!("{base}{}", feed.tree),
        };
        Atom {
            feed,
            id_base,
            contents,
        }
    }

    /// The XML declaration and the feed's own elements, up to its first
    /// entry.
    fn header(&self, updated: &str) -> String {
        let feed = self.feed;
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
        );
        push_line(
            &mut xml,
            format!("  <title>{}</title>", xml_escape(feed.title)),
        );
        push_line(
            &mut xml,
            format!("  <id>{}</id>", xml_escape(&self.id_base)),
        );
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
                    xml_escape(&format!("{}latest/{}feed.xml", feed.base, feed.tree))
                ),
            );
            xml.push_str(&self.link("", "  "));
        }
        xml
    }

    /// The alternate link to `url` (from the version root), through
    /// `latest/`. Without a base URL there are no links (feed readers
    /// resolve relative ones differently).
    fn link(&self, url: &str, indent: &str) -> String {
        match self.feed.base {
            "" => String::new(),
            base => format!(
                "{indent}<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                xml_escape(&format!("{base}latest/{}{url}", self.feed.tree))
            ),
        }
    }

    /// An entry's link and summary (escaped already); without links, the
    /// summary is its content too.
    fn about(&self, summary: &str, url: &str) -> String {
        match self.feed.base {
            "" => format!(
                "    <summary>{summary}</summary>\n    <content type=\"text\">{summary}</content>\n"
            ),
            _ => format!(
                "{}    <summary>{summary}</summary>\n",
                self.link(url, "    ")
            ),
        }
    }

    /// A page this version removed: it is gone, so the entry points to the
    /// what's-new page, which lists the removal.
    fn removed(&self, e: &Entry) -> String {
        let feed = self.feed;
        let version = ("version", feed.version);
        entry(
            &feed.speech.fill(
                "feed_removed_title",
                "Removed: {title}",
                &[("title", &e.title)],
            ),
            &format!("{}{}#removed-{}", self.id_base, e.key, feed.version),
            feed.now,
            &self.about(
                &xml_escape(&feed.speech.fill(
                    "feed_removed_in",
                    "Removed in version {version}",
                    &[version],
                )),
                "whats-new/",
            ),
        )
    }

    /// A page that is new, was published with the portal's first version,
    /// or was updated; its id changes with its content.
    fn changed(&self, e: &Entry) -> String {
        let feed = self.feed;
        let when = feed
            .built
            .get(&e.changed_in)
            .map_or(feed.now, String::as_str);
        let (key, english) = match (e.added, e.changed_in == feed.first_version) {
            (true, _) => ("feed_new_in", "New in version {version}"),
            (false, true) => ("feed_published_in", "Published in version {version}"),
            (false, false) => ("feed_updated_in", "Updated in version {version}"),
        };
        let said = feed
            .speech
            .fill(key, english, &[("version", &e.changed_in)]);
        let mut about = self.about(&xml_escape(&said), &e.url);
        // Without a base the summary is the content already (and relative
        // links would resolve against the feed, not the page).
        if let Some(html) = self
            .contents
            .get(&e.key)
            .filter(|_| !self.feed.base.is_empty())
        {
            about.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                xml_escape(html)
            ));
        }
        entry(
            &e.title,
            &format!(
                "{}{}#{}",
                self.id_base,
                e.key,
                e.hash.get(..16).unwrap_or(&e.hash)
            ),
            when,
            &about,
        )
    }
}

/// One `<entry>`: `title`, `id` and `updated` are escaped here, `about`
/// (its link and summary) is XML already.
fn entry(title: &str, id: &str, updated: &str, about: &str) -> String {
    let mut xml = String::from("  <entry>\n");
    push_line(
        &mut xml,
        format!("    <title>{}</title>", xml_escape(title)),
    );
    push_line(&mut xml, format!("    <id>{}</id>", xml_escape(id)));
    push_line(
        &mut xml,
        format!("    <updated>{}</updated>", xml_escape(updated)),
    );
    xml.push_str(about);
    xml.push_str("  </entry>\n");
    xml
}

fn push_line(xml: &mut String, line: String) {
    xml.push_str(&line);
    xml.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::versions::stamp;
    use crate::model::versions::tests::facts;

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
            tree: "",
            speech: &Speech::new("en", crate::load::theme::Words::new()),
        };
        let xml = atom_feed(&feed, &entries, &[&gone[0]], &BTreeMap::new());
        assert!(xml.contains("<title>Kit &amp; co</title>"));
        assert!(xml.contains("<author><name>Kit &amp; co</name></author>"));
        assert!(xml.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://x/p/latest/feed.xml\"/>"));
        assert!(xml.find("B&lt;&amp;&gt;").unwrap() < xml.find("<title>A</title>").unwrap());
        assert!(xml.contains("<updated>2026-01-01T00:00:00Z</updated>"));
        assert!(xml.contains("<summary>Published in version 1.0</summary>"));
        assert!(xml.contains("<summary>Updated in version 1.1</summary>"));
        assert!(xml.contains("<title>Removed: GONE</title>"));
    }

    #[test]
    fn without_a_base_entries_carry_their_text_and_no_links() {
        let entries = stamp(vec![facts("a", "0123456789abcdef-rest")], "1.0", None);
        let built = BTreeMap::new();
        let feed = Feed {
            title: "T",
            author: "A",
            base: "",
            portal: "p",
            built: &built,
            now: "2026-02-01T00:00:00Z",
            version: "1.0",
            first_version: "1.0",
            tree: "",
            speech: &Speech::new("en", crate::load::theme::Words::new()),
        };
        let xml = atom_feed(&feed, &entries, &[], &BTreeMap::new());
        assert!(!xml.contains("<link"));
        assert!(xml.contains("  <id>urn:enablekit:p:</id>\n"));
        assert!(xml.contains("    <id>urn:enablekit:p:a#0123456789abcdef</id>\n"));
        assert!(xml.contains("<content type=\"text\">Published in version 1.0</content>"));
        assert!(xml.contains("  <updated>2026-02-01T00:00:00Z</updated>\n"));
    }

    #[test]
    fn an_entry_escapes_its_text_but_not_its_about() {
        assert_eq!(
            entry("a & b", "x<", "now", "    <summary>s</summary>\n"),
            "  <entry>\n    <title>a &amp; b</title>\n    <id>x&lt;</id>\n    <updated>now</updated>\n    <summary>s</summary>\n  </entry>\n"
        );
    }
}
