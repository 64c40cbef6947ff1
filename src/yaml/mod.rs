//! YAML helpers shared by `kit.yaml`, front matter and partner profiles:
//! typed parsing with file-relative locations, top-level key positions, and
//! unknown-key detection with "did you mean" suggestions.
//!
//! The YAML crate is `yaml_serde`, the YAML organisation's maintained
//! successor of the archived `serde_yaml`.

mod explain;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Location};

/// A YAML document that sits inside a larger file (front matter starts after
/// the opening `---`), so locations can be reported against the whole file.
#[derive(Clone, Copy)]
pub struct Doc<'a> {
    pub path: &'a Path,
    /// The whole file's text, for excerpts.
    pub file_text: &'a str,
    /// The YAML text itself.
    pub yaml: &'a str,
    /// Byte offset of `yaml` in `file_text`.
    pub offset: usize,
}

impl<'a> Doc<'a> {
    pub fn whole(path: &'a Path, text: &'a str) -> Self {
        Doc {
            path,
            file_text: text,
            yaml: text,
            offset: 0,
        }
    }

    pub fn parse<T: DeserializeOwned>(&self, what: &str) -> Result<T, Box<Diagnostic>> {
        yaml_serde::from_str(self.yaml).map_err(|e| {
            let raw = e.to_string();
            let mut x = explain::explain(self.yaml, &raw, e.location().map(|l| l.index()));
            let mut at = self.offset + x.at;
            if let Some(key) = duplicate_key(&raw)
                && let Some(&(_, second)) = self
                    .top_level_keys()
                    .iter()
                    .filter(|(k, _)| *k == key)
                    .nth(1)
            {
                at = second;
                x.len = key.chars().count();
                x.message = format!("`{key}` is set twice");
                x.label = "second time".into();
                x.hint = "keep one of the two lines".into();
            }
            let mut d = Diagnostic::error("E0002", format!("{what}: {}", x.message))
                .at(Location::at_offset(self.path, self.file_text, at, x.len))
                .hint(x.hint);
            if !x.label.is_empty() {
                d = d.label(x.label);
            }
            Box::new(d)
        })
    }

    /// Top-level keys in block style (`key: …` at column 0), with byte offsets.
    pub fn top_level_keys(&self) -> Vec<(&'a str, usize)> {
        let mut keys = Vec::new();
        let mut pos = 0;
        for line in self.yaml.split_inclusive('\n') {
            let bytes = line.as_bytes();
            if !bytes.is_empty()
                && (bytes[0].is_ascii_alphabetic() || bytes[0] == b'_')
                && let Some(colon) = line.find(':')
            {
                let key = &line[..colon];
                if key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                {
                    keys.push((key, self.offset + pos));
                }
            }
            pos += line.len();
        }
        keys
    }

    /// Location of a top-level key's value (or of the key when the value is
    /// on later lines), falling back to the document start.
    pub fn key_location(&self, key: &str) -> Location {
        for (k, at) in self.top_level_keys() {
            if k == key {
                let line_end = self.file_text[at..]
                    .find('\n')
                    .map_or(self.file_text.len(), |i| at + i);
                let rest = &self.file_text[at + k.len() + 1..line_end];
                let value = rest.trim();
                if value.is_empty() || value.starts_with('#') {
                    return Location::at_offset(self.path, self.file_text, at, k.len());
                }
                let start = at + k.len() + 1 + (rest.len() - rest.trim_start().len());
                let len = explain::value_len(self.file_text, start);
                return Location::at_offset(self.path, self.file_text, start, len);
            }
        }
        Location::at_offset(self.path, self.file_text, self.offset, 1)
    }

    /// Location of `needle` inside the line of top-level `key` or the lines
    /// under it (list items), else of the key's value.
    pub fn value_location(&self, key: &str, needle: &str) -> Location {
        let keys = self.top_level_keys();
        if let Some(i) = keys.iter().position(|(k, _)| *k == key) {
            let start = keys[i].1;
            let end = keys
                .get(i + 1)
                .map_or(self.offset + self.yaml.len(), |(_, at)| *at);
            if let Some(found) = self.file_text[start + key.len()..end].find(needle) {
                let at = start + key.len() + found;
                return Location::at_offset(self.path, self.file_text, at, needle.chars().count());
            }
        }
        self.key_location(key)
    }

    /// Warnings for top-level keys not in `known`, with a suggestion when a
    /// known key is close.
    pub fn unknown_keys(&self, known: &[&str], what: &str) -> Vec<Diagnostic> {
        self.top_level_keys()
            .into_iter()
            .filter(|(k, _)| !known.contains(k))
            .map(|(k, at)| {
                let d = Diagnostic::warning("W0001", format!("unknown {what} key `{k}`"))
                    .at(Location::at_offset(
                        self.path,
                        self.file_text,
                        at,
                        k.chars().count(),
                    ))
                    .label("not a known key: it is ignored");
                match did_you_mean(k, known) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!("known keys: {}", known.join(", "))),
                }
            })
            .collect()
    }
}

/// The key named by a "duplicate field `x`" / "duplicate entry with key" error.
fn duplicate_key(message: &str) -> Option<&str> {
    if let Some(rest) = message.split("duplicate field `").nth(1) {
        return rest.split('`').next();
    }
    message
        .split("duplicate entry with key \"")
        .nth(1)?
        .split('"')
        .next()
}

/// The closest candidate to `word`, if it is close enough to be a typo.
pub fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_suggests() {
        let text = "title: A\nreviw_by: 2027-01-01\ntags:\n  - x\n";
        let doc = Doc::whole(Path::new("a.md"), text);
        let keys: Vec<_> = doc.top_level_keys().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["title", "reviw_by", "tags"]);
        let w = doc.unknown_keys(&["title", "review_by", "tags"], "front matter");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].hint.as_deref(), Some("did you mean `review_by`?"));
        assert_eq!(w[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn value_location_points_into_lists() {
        let text = "a: 1\ntiers:\n  - gold\n  - bronze\nb: 2\n";
        let doc = Doc::whole(Path::new("k.yaml"), text);
        let loc = doc.value_location("tiers", "bronze");
        assert_eq!((loc.line, loc.column, loc.len), (4, 5, 6));
    }
}
