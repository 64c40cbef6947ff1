//! Footnotes of one page: numbered by first reference, their definitions
//! lifted out of the flow and gathered at the end with back-links. It
//! rewrites the page's event list; it knows nothing of links or headings.

use pulldown_cmark::{Event, TagEnd};

use super::anchors::unique_id;
use crate::paths::slugify;

/// Footnotes in their own id namespace (`fn:…`, `fnref:…`, which no heading
/// id can take: those are `[a-z0-9-]` or GitHub's form without `:`),
/// numbered by first reference and gathered at the end of the page with
/// back-links, as GitHub and Zola do.
#[derive(Default)]
pub(super) struct Footnotes {
    /// label, id stem, references so far
    labels: Vec<(String, String, usize)>,
    /// (label, definition events)
    defs: Vec<(String, Vec<Event<'static>>)>,
    open: Option<(String, usize)>,
}

/// The id of reference number `k` (from 1) to the footnote `stem`.
fn reference_id(stem: &str, k: usize) -> String {
    match k {
        1 => format!("fnref:{stem}"),
        k => format!("fnref:{stem}:{k}"),
    }
}

impl Footnotes {
    fn number(&mut self, label: &str) -> usize {
        if let Some(n) = self.labels.iter().position(|(l, ..)| l == label) {
            return n;
        }
        let taken: Vec<String> = self.labels.iter().map(|(_, s, _)| s.clone()).collect();
        let stem = slugify(label);
        let stem = match stem.is_empty() {
            true => (self.labels.len() + 1).to_string(),
            false => unique_id(&stem, &taken),
        };
        self.labels.push((label.to_string(), stem, 0));
        self.labels.len() - 1
    }

    /// The superscript link that a `[^label]` in the text becomes.
    pub(super) fn reference(&mut self, label: &str) -> String {
        let n = self.number(label);
        let (_, stem, refs) = &mut self.labels[n];
        *refs += 1;
        let id = reference_id(stem, *refs);
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn:{stem}\" id=\"{id}\">{}</a></sup>",
            n + 1
        )
    }

    /// A definition starts at event `at`.
    pub(super) fn open(&mut self, label: String, at: usize) {
        self.open = Some((label, at));
    }

    /// The open definition ends: its events leave the page's flow.
    pub(super) fn close(&mut self, events: &mut Vec<Event>) {
        if let Some((label, at)) = self.open.take() {
            let body = events.drain(at..).map(Event::into_static).collect();
            self.defs.push((label, body));
        }
    }

    /// Every id the footnotes put on the page.
    pub(super) fn ids(&self) -> Vec<String> {
        let notes = self.labels.iter().map(|(_, s, _)| format!("fn:{s}"));
        let refs = self
            .labels
            .iter()
            .flat_map(|(_, s, refs)| (1..=*refs).map(move |k| reference_id(s, k)));
        notes.chain(refs).collect()
    }

    /// The back-links after footnote number `n` (from 0): one per reference.
    fn back_links(&self, n: usize) -> String {
        let (_, stem, refs) = &self.labels[n];
        (1..=*refs)
            .map(|k| {
                let mark = match k {
                    1 => String::new(),
                    k => format!("<sup>{k}</sup>"),
                };
                format!(
                    " <a href=\"#{}\" class=\"footnote-backref\" aria-label=\"Back to reference {}{}\">\u{21a9}{mark}</a>",
                    reference_id(stem, k),
                    n + 1,
                    if k > 1 { format!("-{k}") } else { String::new() }
                )
            })
            .collect()
    }

    /// Append the footnotes section, definitions in reference order.
    pub(super) fn finish(&mut self, events: &mut Vec<Event>) {
        if self.defs.is_empty() {
            return;
        }
        let mut defs = std::mem::take(&mut self.defs);
        for (label, _) in &defs {
            self.number(label);
        }
        defs.sort_by_key(|(label, _)| self.labels.iter().position(|(l, ..)| l == label));
        events.push(Event::Html(
            "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n".into(),
        ));
        let mut seen: Vec<String> = Vec::new();
        for (label, mut body) in defs {
            // A label defined twice keeps its first definition, as GitHub does.
            if seen.contains(&label) {
                continue;
            }
            let n = self
                .labels
                .iter()
                .position(|(l, ..)| *l == label)
                .unwrap_or(0);
            let stem = &self.labels[n].1;
            events.push(Event::Html(format!("<li id=\"fn:{stem}\">\n").into()));
            let close_para = matches!(body.last(), Some(Event::End(TagEnd::Paragraph)));
            let tail = close_para.then(|| body.pop()).flatten();
            events.extend(body);
            events.push(Event::Html(self.back_links(n).into()));
            events.extend(tail);
            events.push(Event::Html("</li>\n".into()));
            seen.push(label);
        }
        events.push(Event::Html("</ol>\n</section>\n".into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_by_first_reference_with_one_back_link_each() {
        let mut notes = Footnotes::default();
        assert!(
            notes
                .reference("b")
                .contains("href=\"#fn:b\" id=\"fnref:b\">1<")
        );
        assert!(notes.reference("a").contains(">2</a>"));
        assert!(notes.reference("b").contains("id=\"fnref:b:2\">1<"));
        assert_eq!(
            notes.ids(),
            ["fn:b", "fn:a", "fnref:b", "fnref:b:2", "fnref:a"]
        );
        let back = notes.back_links(0);
        assert!(back.contains("href=\"#fnref:b\""), "{back}");
        assert!(back.contains("aria-label=\"Back to reference 1-2\">\u{21a9}<sup>2</sup>"));
    }
}
