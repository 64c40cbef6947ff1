//! Values in prose: `{{ partner.name }}`, `{{ data.price-book.gold.discount }}`.
//! Before the one markdown render, each value outside code, raw HTML,
//! headings, links and images is swapped for a marker that the HTML keeps
//! and [`super::parts`] cuts into a [`super::Part::Value`]; portals fill it
//! when they assemble the page, as they finish links. What a value means is
//! the model's business; this only finds them, by the text between the
//! braces, and puts every reported range back where the author wrote it.
//!
//! `\{{` writes braces; inside code the braces are literal.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::Rendered;

/// A value as written: the text between the braces, trimmed, and the
/// range of the whole `{{ … }}` in the page's markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueRef {
    pub expr: String,
    pub range: Range<usize>,
}

/// The source with values swapped for markers, and how to map back.
pub(super) struct Marked {
    pub(super) src: String,
    values: Vec<ValueRef>,
    misplaced: Vec<ValueRef>,
    /// Per swap: its range in the marked text and in the source.
    edits: Vec<(Range<usize>, Range<usize>)>,
}

/// `None` when the page has no `{{` outside code (nearly every page).
pub(super) fn mark(src: &str) -> Option<Marked> {
    if !src.contains("{{") {
        return None;
    }
    let (literal, refused) = places(src);
    let inside = |ranges: &[Range<usize>], at: usize| ranges.iter().any(|r| r.contains(&at));
    let mut marked = Marked {
        src: String::with_capacity(src.len()),
        values: Vec::new(),
        misplaced: Vec::new(),
        edits: Vec::new(),
    };
    let mut copied = 0;
    for found in find(src) {
        if inside(&literal, found.range.start) {
            continue;
        }
        if inside(&refused, found.range.start) {
            marked.misplaced.push(found);
            continue;
        }
        marked.src.push_str(&src[copied..found.range.start]);
        let start = marked.src.len();
        marked
            .src
            .push_str(&super::parts::value_marker(marked.values.len()));
        marked
            .edits
            .push((start..marked.src.len(), found.range.clone()));
        copied = found.range.end;
        marked.values.push(found);
    }
    if marked.values.is_empty() && marked.misplaced.is_empty() {
        return None;
    }
    marked.src.push_str(&src[copied..]);
    Some(marked)
}

/// Every `{{ … }}` on one line not written as `\{{`.
fn find(src: &str) -> Vec<ValueRef> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = src[from..].find("{{") {
        let start = from + i;
        from = start + 2;
        if src[..start].ends_with('\\') {
            continue;
        }
        let rest = &src[start + 2..];
        let Some(end) = rest.find("}}") else {
            break;
        };
        if rest[..end].contains('\n') {
            continue;
        }
        out.push(ValueRef {
            expr: rest[..end].trim().to_string(),
            range: start..start + 2 + end + 2,
        });
        from = start + 2 + end + 2;
    }
    out
}

/// Where braces stay literal (code, raw HTML) and where a value may not
/// stand (headings, link text and targets, images: ids, names and alt
/// text must be the same in every portal).
fn places(src: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let mut literal = Vec::new();
    let mut refused = Vec::new();
    for (event, range) in Parser::new_ext(src, super::options()).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => literal.push(range),
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => literal.push(range),
            Event::Start(Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. }) => {
                refused.push(range)
            }
            _ => {}
        }
    }
    (literal, refused)
}

impl Marked {
    /// Put the render of the marked text back in the author's terms:
    /// ranges into the source, the values found, no markers in the plain
    /// text (values are not searched: they differ by reader).
    pub(super) fn restore(self, out: &mut Rendered) {
        let at = |x: usize| original(&self.edits, x);
        let shift = |r: &mut Range<usize>| *r = at(r.start)..at(r.end);
        out.links.iter_mut().for_each(|l| shift(&mut l.range));
        out.external.iter_mut().for_each(|(_, r)| shift(r));
        out.local_anchors.iter_mut().for_each(|(_, r, _)| shift(r));
        out.broken.iter_mut().for_each(|b| shift(&mut b.range));
        out.raw_refs.iter_mut().for_each(|b| shift(&mut b.range));
        out.missing_alt.iter_mut().for_each(|m| shift(&mut m.range));
        out.plain = super::parts::strip_value_markers(&out.plain);
        out.values = self.values;
        out.misplaced_values = self.misplaced;
    }
}

/// An offset of the marked text as an offset of the source.
fn original(edits: &[(Range<usize>, Range<usize>)], x: usize) -> usize {
    let mut delta: isize = 0;
    for (marked, source) in edits {
        if x < marked.start {
            break;
        }
        if x < marked.end {
            return source.start;
        }
        delta = source.end as isize - marked.end as isize;
    }
    (x as isize + delta).max(0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_outside_code_and_refused_in_headings_and_links() {
        let src = "# Hi {{ partner.name }}\n\nSLA: {{partner.lead_sla_hours}} h, `{{ code }}`, \\{{ escaped }}.\n\n[{{ data.x.y }}](a.md)\n\n```\n{{ block }}\n```\n";
        let m = mark(src).unwrap();
        let exprs: Vec<&str> = m.values.iter().map(|v| v.expr.as_str()).collect();
        assert_eq!(exprs, ["partner.lead_sla_hours"]);
        let refused: Vec<&str> = m.misplaced.iter().map(|v| v.expr.as_str()).collect();
        assert_eq!(refused, ["partner.name", "data.x.y"]);
        assert_eq!(
            &src[m.values[0].range.clone()],
            "{{partner.lead_sla_hours}}"
        );
        assert!(m.src.contains("`{{ code }}`") && m.src.contains("{{ block }}"));
        assert!(mark("no values here").is_none());
        assert!(mark("only `{{ code }}`").is_none());
    }

    #[test]
    fn offsets_map_back_past_markers_of_any_length() {
        let edits = vec![(2..7, 2..20), (10..15, 23..25)];
        assert_eq!(original(&edits, 1), 1);
        assert_eq!(original(&edits, 3), 2);
        assert_eq!(original(&edits, 8), 21);
        assert_eq!(original(&edits, 16), 26);
    }
}
