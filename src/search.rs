//! The search index of one portal: an elasticlunr index (the format
//! mdBook also ships, read in the browser by elasticlunr.js) over the pages
//! that portal can see, plus the few fields results display.
//!
//! The text indexed is the page body *as this portal shows it* (links to
//! hidden pages already turned into neutral text), never the shared
//! rendering, so nothing gated reaches the index.

use serde::Serialize;

/// Body words indexed per page: enough to find a page by what it says
/// while keeping the index a fraction of the pages' size.
const BODY_WORDS: usize = 1500;

/// One page as search sees it.
pub struct Doc<'a> {
    pub url: String,
    pub title: &'a str,
    pub collection: &'a str,
    pub collection_title: &'a str,
    pub summary: &'a str,
    /// Objection and short answer, for objection handlers.
    pub objection: String,
    pub tags: String,
    /// The page body as HTML, as this portal shows it.
    pub body_html: String,
}

#[derive(Serialize)]
struct Shown<'a> {
    u: &'a str,
    t: &'a str,
    c: &'a str,
    ct: &'a str,
    s: &'a str,
}

/// `search-index.json`: `{"docs": [{u, t, c, ct, s}], "index": <elasticlunr>}`.
/// The index refers to documents by their position in `docs`: a short ref
/// repeated for every word of a page keeps the index a third smaller than
/// URLs would.
pub fn index_json(docs: &[Doc<'_>]) -> String {
    // The document store would repeat every field; `docs` below keeps only
    // what results show.
    let mut index = elasticlunr::IndexBuilder::new()
        .save_docs(false)
        .add_fields(&[
            "title",
            "objection",
            "summary",
            "tags",
            "collection",
            "body",
        ])
        .build();
    let mut shown = Vec::with_capacity(docs.len());
    for (n, d) in docs.iter().enumerate() {
        let body = html_to_text(&d.body_html, BODY_WORDS);
        index.add_doc(
            &n.to_string(),
            [
                d.title,
                d.objection.as_str(),
                d.summary,
                d.tags.as_str(),
                d.collection_title,
                body.as_str(),
            ],
        );
        shown.push(Shown {
            u: &d.url,
            t: d.title,
            c: d.collection,
            ct: d.collection_title,
            s: d.summary,
        });
    }
    let docs_json = serde_json::to_string(&shown).unwrap_or_else(|_| "[]".into());
    let out = format!("{{\"docs\":{docs_json},\"index\":{}}}", index.to_json());
    // Inert even if served with a wrong content type.
    out.replace('<', "\\u003c").replace('>', "\\u003e")
}

/// Visible text of an HTML fragment, at most `max_words` words.
pub fn html_to_text(html: &str, max_words: usize) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    let mut chars = html.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            '&' if !in_tag => {
                let rest = &html[i..];
                let entity = rest.find(';').filter(|&e| e <= 8).map(|e| &rest[..=e]);
                let decoded = match entity {
                    Some("&amp;") => Some('&'),
                    Some("&lt;") => Some('<'),
                    Some("&gt;") => Some('>'),
                    Some("&quot;") => Some('"'),
                    Some("&#39;") | Some("&#x27;") => Some('\''),
                    _ => None,
                };
                match (decoded, entity) {
                    (Some(d), Some(e)) => {
                        text.push(d);
                        for _ in 1..e.chars().count() {
                            chars.next();
                        }
                    }
                    _ => text.push('&'),
                }
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace()
        .take(max_words)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_html() {
        let t = html_to_text(
            "<p>A &amp; B <a href=\"x\">link</a></p><pre>code &lt;x&gt;</pre>",
            100,
        );
        assert_eq!(t, "A & B link code <x>");
        assert_eq!(html_to_text("<p>one two three</p>", 2), "one two");
    }

    #[test]
    fn index_finds_fields_and_is_inert() {
        let doc = Doc {
            url: "objections/price/".into(),
            title: "Too <expensive>",
            collection: "objections",
            collection_title: "Objection handling",
            summary: "s",
            objection: "It costs too much".into(),
            tags: "pricing".into(),
            body_html: "<p>Talk about onboarding velocity</p>".into(),
        };
        let json = index_json(&[doc]);
        assert!(!json.contains('<'));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        // The index is a trie of stemmed words: "velocity" is stored as "veloc".
        let mut node = &v["index"]["index"]["body"]["root"];
        for c in "veloc".chars() {
            node = &node[c.to_string()];
        }
        assert_eq!(node["docs"]["0"]["tf"], 1.0, "body words are indexed");
        assert_eq!(v["docs"][0]["t"], "Too <expensive>");
        assert_eq!(v["docs"][0]["u"], "objections/price/");
    }
}
