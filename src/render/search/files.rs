//! How a portal's search index is laid out in files, so that a portal of
//! 20 000 pages does not make the browser fetch megabytes before the first
//! result: a small entry, and chunks fetched as a query needs them
//! (Pagefind's idea). Every file is a script, not JSON: browsers refuse
//! `fetch` from `file://`, and a portal must search from disk and from its
//! offline zip, where a script tag still loads.
//!
//! Format (version 2):
//! - `search-index.js` sets `window.enablekitSearchIndex` to
//!   `{"v":2,"n":docs,"per":docs per doc chunk,"cs":[collection folders],
//!   "dc":[collection of each doc],"words":[[first word, chunk],…],
//!   "docs":[chunk,…]}`: the word chunks in word order, each with its first
//!   word, and the doc chunks ([`DOC_CHUNK`] docs each), so the count of
//!   results and the collection filter need no chunk of docs.
//! - `search-index/<chunk>.js` sets `window.enablekitSearchChunks[<chunk>]`
//!   to `{"word":[doc,score,doc,score,…],…}` (a word chunk) or
//!   `[{u,t,c,ct,s},…]` (a doc chunk).
//!
//! Words are in code point order (Rust's `str` order); the browser compares
//! them the same way. A chunk is named by its content's hash, and a word
//! chunk ends after a word whose own hash picks it, once the chunk holds
//! [`MIN_BYTES`] (at [`MAX_BYTES`] regardless): boundaries follow the words,
//! not positions, so an edit changes only the chunks of the words it
//! touched, and every other chunk keeps its name and bytes in the next
//! version (and is stored once, as a hard link).

use std::fmt::Write as _;

use serde::Serialize;

/// The entry, at the version root.
pub const ENTRY: &str = "search-index.js";
/// The folder of the chunks, at the version root.
pub const CHUNKS: &str = "search-index/";

/// A word chunk is cut at a boundary word once it holds this much…
const MIN_BYTES: usize = 12 * 1024;
/// …and at this size whatever the words.
const MAX_BYTES: usize = 48 * 1024;
/// One word in this many is a boundary.
const BOUNDARY_ODDS: u8 = 8;
/// Docs per doc chunk: small, since the first results of a query are
/// spread over the portal (50 results from 50 chunks of ~4 KB).
pub const DOC_CHUNK: usize = 32;

/// What a result shows: URL (from the version root), title, collection
/// folder and title, summary.
#[derive(Serialize)]
pub struct Doc<'a> {
    pub u: String,
    pub t: &'a str,
    pub c: &'a str,
    pub ct: &'a str,
    pub s: &'a str,
}

#[derive(Serialize)]
struct Entry<'a> {
    v: u32,
    n: usize,
    per: usize,
    cs: Vec<&'a str>,
    dc: Vec<usize>,
    words: &'a [(String, String)],
    docs: Vec<String>,
}

/// Takes a portal's words in order, with their postings, and cuts them
/// into chunks.
pub struct Writer<'a> {
    docs: Vec<Doc<'a>>,
    /// The word chunk being filled: its JSON so far and its first word.
    open: String,
    first: String,
    words: Vec<(String, String)>,
    files: Vec<(String, Vec<u8>)>,
}

impl<'a> Writer<'a> {
    pub fn new(docs: Vec<Doc<'a>>) -> Self {
        Writer {
            docs,
            open: String::new(),
            first: String::new(),
            words: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Add `word`, found in `postings` (doc number, score; by doc), after
    /// every word before it in order.
    pub fn word(&mut self, word: &str, postings: &[(u32, u32)]) {
        if self.open.is_empty() {
            self.open.push('{');
            self.first = word.to_string();
        } else {
            self.open.push(',');
        }
        self.open
            .push_str(&serde_json::to_string(word).unwrap_or_default());
        self.open.push_str(":[");
        for (n, (doc, score)) in postings.iter().enumerate() {
            if n > 0 {
                self.open.push(',');
            }
            let _ = write!(self.open, "{doc},{score}");
        }
        self.open.push(']');
        let len = self.open.len();
        if len >= MAX_BYTES || len >= MIN_BYTES && is_boundary(word) {
            self.close_words();
        }
    }

    fn close_words(&mut self) {
        if self.open.is_empty() {
            return;
        }
        self.open.push('}');
        let json = std::mem::take(&mut self.open);
        let name = self.add_chunk(&json);
        self.words.push((std::mem::take(&mut self.first), name));
    }

    /// Write a chunk; returns its name.
    fn add_chunk(&mut self, json: &str) -> String {
        let name = blake3::hash(json.as_bytes()).to_hex()[..16].to_string();
        let text = format!(
            "(window.enablekitSearchChunks=window.enablekitSearchChunks||{{}})[\"{name}\"]={};\n",
            inert(json)
        );
        self.files
            .push((format!("{CHUNKS}{name}.js"), text.into_bytes()));
        name
    }

    /// The index's files, entry first.
    pub fn finish(mut self) -> Vec<(String, Vec<u8>)> {
        self.close_words();
        let docs = std::mem::take(&mut self.docs);
        let doc_chunks: Vec<String> = docs
            .chunks(DOC_CHUNK)
            .map(|group| self.add_chunk(&serde_json::to_string(group).unwrap_or_default()))
            .collect();
        let mut cs: Vec<&str> = Vec::new();
        let dc = docs
            .iter()
            .map(|d| match cs.iter().position(|c| *c == d.c) {
                Some(at) => at,
                None => {
                    cs.push(d.c);
                    cs.len() - 1
                }
            })
            .collect();
        let entry = Entry {
            v: 2,
            n: docs.len(),
            per: DOC_CHUNK,
            cs,
            dc,
            words: &self.words,
            docs: doc_chunks,
        };
        let json = serde_json::to_string(&entry).unwrap_or_default();
        let text = format!("window.enablekitSearchIndex={};\n", inert(&json));
        self.files.insert(0, (ENTRY.to_string(), text.into_bytes()));
        self.files
    }
}

fn is_boundary(word: &str) -> bool {
    blake3::hash(word.as_bytes()).as_bytes()[0].is_multiple_of(BOUNDARY_ODDS)
}

/// Inert even if served with a wrong content type, or pasted into HTML.
fn inert(json: &str) -> String {
    json.replace('<', "\\u003c").replace('>', "\\u003e")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(n: usize) -> Doc<'static> {
        Doc {
            u: format!("notes/page-{n}/"),
            t: "A <b> title",
            c: if n.is_multiple_of(3) { "faq" } else { "notes" },
            ct: "Notes",
            s: "",
        }
    }

    fn write(words: &[String], docs: usize) -> Vec<(String, Vec<u8>)> {
        let mut w = Writer::new((0..docs).map(doc).collect());
        for (i, word) in words.iter().enumerate() {
            w.word(word, &[(i as u32 % docs as u32, 1), (docs as u32 - 1, 2)]);
        }
        w.finish()
    }

    fn words(n: usize, edit: Option<usize>) -> Vec<String> {
        (0..n)
            .map(|i| match edit {
                Some(e) if e == i => format!("w{i:06}edited"),
                _ => format!("w{i:06}"),
            })
            .collect()
    }

    #[test]
    fn chunks_are_bounded_named_by_content_and_listed_in_the_entry() {
        let files = write(&words(20_000, None), 1000);
        let (entry, chunks) = files.split_first().unwrap();
        assert_eq!(entry.0, ENTRY);
        let entry = String::from_utf8(entry.1.clone()).unwrap();
        assert!(entry.starts_with("window.enablekitSearchIndex={\"v\":2,\"n\":1000,\"per\":32,"));
        assert!(entry.len() < 16 * 1024, "entry of {} bytes", entry.len());
        assert!(chunks.len() > 10);
        for (rel, bytes) in chunks {
            let name = rel
                .strip_prefix(CHUNKS)
                .unwrap()
                .strip_suffix(".js")
                .unwrap();
            assert!(entry.contains(&format!("\"{name}\"")), "{rel} not listed");
            assert!(bytes.len() < MAX_BYTES + 4096, "{rel}: {}", bytes.len());
            let text = String::from_utf8(bytes.clone()).unwrap();
            let json = text
                .strip_prefix(&format!(
                    "(window.enablekitSearchChunks=window.enablekitSearchChunks||{{}})[\"{name}\"]="
                ))
                .and_then(|t| t.strip_suffix(";\n"))
                .unwrap();
            assert!(!json.contains('<'), "inert");
            let json = json.replace("\\u003c", "<").replace("\\u003e", ">");
            assert_eq!(name, &blake3::hash(json.as_bytes()).to_hex()[..16]);
        }
        assert_eq!(
            chunks.len(),
            1000usize.div_ceil(DOC_CHUNK) + entry.matches("[\"w").count()
        );
    }

    #[test]
    fn an_edited_word_changes_only_the_chunk_it_is_in() {
        let names = |files: Vec<(String, Vec<u8>)>| -> std::collections::BTreeSet<String> {
            files.into_iter().skip(1).map(|(rel, _)| rel).collect()
        };
        let before = names(write(&words(20_000, None), 50));
        let after = names(write(&words(20_000, Some(7_000)), 50));
        // Its chunk, and the next one if the word's boundary moved.
        assert!(before.len() > 20);
        assert!(
            before.difference(&after).count() <= 2,
            "{before:?}\n{after:?}"
        );
        assert!(after.difference(&before).count() <= 2);
    }

    #[test]
    fn a_portal_that_sees_nothing_has_an_empty_entry() {
        let files = write(&[], 0);
        assert_eq!(files.len(), 1);
        assert_eq!(
            String::from_utf8(files[0].1.clone()).unwrap(),
            "window.enablekitSearchIndex={\"v\":2,\"n\":0,\"per\":32,\"cs\":[],\"dc\":[],\"words\":[],\"docs\":[]};\n"
        );
    }
}
