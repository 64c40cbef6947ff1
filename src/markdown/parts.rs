//! The page-link markers a render writes into its HTML, and the cut of that
//! HTML into [`Part`]s at them. The marker format is written and read only
//! here; deciding what is a page link is the caller's business.

use super::Part;

// Noncharacters never appear in authored text; they mark where a page link
// starts and ends in the HTML so it can be cut into parts afterwards.
const OPEN: char = '\u{FDD0}';
const SEP: char = '\u{FDD1}';
const CLOSE: char = '\u{FDD2}';

/// Written where page link number `n` starts, before its inner HTML.
pub(super) fn open_marker(n: usize) -> String {
    format!("{OPEN}{n}{SEP}")
}

/// Written where page link number `n` ends, with its text for portals that
/// cannot see the target.
pub(super) fn close_marker(n: usize, text: &str) -> String {
    format!("{SEP}{n}{SEP}{text}{CLOSE}")
}

/// Cut rendered HTML at the link markers into parts; `links[n]` is the
/// target and href of marker `n`.
pub(super) fn split_parts(html: &str, links: &[(usize, String)]) -> Vec<Part> {
    if links.is_empty() {
        return vec![Part::Html(html.to_string())];
    }
    let mut parts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find(OPEN) {
        let after_open = &rest[open + OPEN.len_utf8()..];
        let Some(sep) = after_open.find(SEP) else {
            break;
        };
        let n: usize = after_open[..sep].parse().unwrap_or(usize::MAX);
        let closing = format!("{SEP}{n}{SEP}");
        let body = &after_open[sep + SEP.len_utf8()..];
        let Some(end) = body.find(&closing) else {
            break;
        };
        let Some(text_end) = body[end + closing.len()..].find(CLOSE) else {
            break;
        };
        let Some((target, href)) = links.get(n) else {
            break;
        };
        if open > 0 {
            parts.push(Part::Html(rest[..open].to_string()));
        }
        let inner_html = &body[..end];
        // Links may nest marker-wise only through raw HTML; keep the simple case.
        parts.push(Part::Link {
            target: *target,
            href: href.clone(),
            inner_html: inner_html.to_string(),
            inner_text: body[end + closing.len()..end + closing.len() + text_end].to_string(),
        });
        rest = &body[end + closing.len() + text_end + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        parts.push(Part::Html(rest.to_string()));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_cut_into_html_and_links() {
        let html = format!(
            "<p>See {}<em>A</em>{}.</p>",
            open_marker(0),
            close_marker(0, "A")
        );
        let parts = split_parts(&html, &[(7, "../../a/".into())]);
        assert_eq!(
            parts,
            [
                Part::Html("<p>See ".into()),
                Part::Link {
                    target: 7,
                    href: "../../a/".into(),
                    inner_html: "<em>A</em>".into(),
                    inner_text: "A".into(),
                },
                Part::Html(".</p>".into()),
            ]
        );
        assert_eq!(
            split_parts("<p>x</p>", &[]),
            [Part::Html("<p>x</p>".into())]
        );
    }
}
