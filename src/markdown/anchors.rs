//! The ids of one page's headings: ours (readers' guess), the GitHub-style
//! alias each heading also answers to, and the rule that keeps every id on
//! a page unique. Pure text and event bookkeeping: it decides ids, it does
//! not read markdown or resolve links.

use pulldown_cmark::Event;

use crate::paths::slugify;

/// Heading ids as readers guess them: apostrophes vanish ("Don't" → `dont`),
/// other punctuation separates words.
pub fn heading_id(text: &str) -> String {
    slugify(&text.replace(['\'', '\u{2019}'], ""))
}

/// Heading ids as GitHub's preview writes them (github-slugger): lowercase,
/// letters, digits, `-` and `_` kept (any script), each space a hyphen, all
/// else dropped. "Days 41–60: review" is `days-4160-review` there and
/// `days-41-60-review` here; pages answer to both.
pub fn github_id(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// `base` (or `section` when empty), numbered `-1`, `-2`… until no id in
/// `taken` has it.
pub(super) fn unique_id(base: &str, taken: &[String]) -> String {
    let base = if base.is_empty() { "section" } else { base };
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken.iter().any(|t| t == c))
        .unwrap_or_default()
}

/// The ids of one page: headings' own, GitHub-style aliases (an empty
/// `<span id>` in the heading) and footnotes'. An alias that equals any
/// other id on the page is dropped after the page is read, since a later
/// heading may claim it.
#[derive(Default)]
pub(super) struct Ids {
    real: Vec<String>,
    github: Vec<String>,
    /// (event index, alias) of aliases written so far.
    aliases: Vec<(usize, String)>,
}

impl Ids {
    pub(super) fn heading(&self, base: &str) -> String {
        unique_id(base, &self.real)
    }

    pub(super) fn alias(&mut self, at: usize, github: &str, ours: &str) {
        let alias = unique_id(github, &self.github);
        self.github.push(alias.clone());
        if alias != ours && !github.is_empty() {
            self.aliases.push((at, alias));
        }
    }

    pub(super) fn pending_alias(&self, at: usize) -> Option<&str> {
        self.aliases
            .last()
            .filter(|(i, _)| *i == at)
            .map(|(_, a)| a.as_str())
    }

    /// A heading's id, once written: later headings must not take it.
    pub(super) fn claim(&mut self, id: String) {
        self.real.push(id);
    }

    /// Drop colliding aliases from `events`; every id that resolves.
    pub(super) fn finish(self, events: &mut [Event], footnotes: Vec<String>) -> Vec<String> {
        let mut all = self.real;
        all.extend(footnotes);
        let mut kept = Vec::new();
        for (at, alias) in self.aliases {
            if all.contains(&alias) || kept.contains(&alias) {
                // A heading inside a footnote moved with it: find it there.
                let span = format!("<span id=\"{alias}\"");
                let written = |e: &Event| matches!(e, Event::Html(h) if h.starts_with(&span));
                let at = match events.get(at).is_some_and(written) {
                    true => Some(at),
                    false => events.iter().position(written),
                };
                if let Some(at) = at {
                    events[at] = Event::Html("".into());
                }
            } else {
                kept.push(alias);
            }
        }
        all.extend(kept);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_numbered_until_free() {
        let taken = ["a".to_string(), "a-1".to_string()];
        assert_eq!(unique_id("a", &taken), "a-2");
        assert_eq!(unique_id("b", &taken), "b");
        assert_eq!(unique_id("", &[]), "section");
    }

    #[test]
    fn readers_and_github_spell_ids_differently() {
        assert_eq!(heading_id("Don't panic"), "dont-panic");
        assert_eq!(github_id("Days 41–60: review"), "days-4160-review");
    }

    #[test]
    fn an_alias_is_written_only_where_it_differs() {
        let mut ids = Ids::default();
        ids.alias(3, "same", "same");
        assert_eq!(ids.pending_alias(3), None);
        ids.alias(5, "tiers--add-ons", "tiers-add-ons");
        assert_eq!(ids.pending_alias(5), Some("tiers--add-ons"));
        assert_eq!(ids.pending_alias(6), None);
    }
}
