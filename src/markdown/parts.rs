//! The page-link, value and section markers a render writes into its HTML,
//! and the cut of that HTML into [`Part`]s at them. The marker format is written
//! and read only here; deciding what is a page link or a value is the
//! caller's business.

use super::Part;

// Noncharacters never appear in authored text; they mark where a page link
// starts and ends in the HTML so it can be cut into parts afterwards.
const OPEN: char = '\u{FDD0}';
const SEP: char = '\u{FDD1}';
const CLOSE: char = '\u{FDD2}';
// A value is one marker with its number: `VALUE n VALUE_END`.
const VALUE: char = '\u{FDD3}';
const VALUE_END: char = '\u{FDD4}';
// Where top-level section `n` (its `##` heading) starts: `SECTION n SECTION_END`.
const SECTION: char = '\u{FDD5}';
const SECTION_END: char = '\u{FDD6}';

/// `src` with every marker character an author could have written, raw or
/// as a numeric entity (`&#xFDD5;`, `&#64981;`), replaced by U+FFFD of the
/// same byte length, so offsets into the source stay as they are. Only
/// then can a marker in the HTML be trusted to be ours: a forged section
/// marker would show a gated section to every reader.
pub(super) fn scrub(src: &str) -> std::borrow::Cow<'_, str> {
    let reserved = |c: char| ('\u{FDD0}'..='\u{FDEF}').contains(&c);
    if !src.contains(reserved) && !src.contains("&#") {
        return std::borrow::Cow::Borrowed(src);
    }
    let raw: String = src
        .chars()
        .map(|c| if reserved(c) { '\u{FFFD}' } else { c })
        .collect();
    std::borrow::Cow::Owned(scrub_entities(&raw))
}

/// Numeric character references to marker characters, rewritten in place
/// to U+FFFD with as many digits (`&#xFDD5;` → `&#xFFFD;`).
fn scrub_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let hex = after.starts_with(['x', 'X']);
        let digits_at = usize::from(hex);
        let digits = after[digits_at..]
            .find(|c: char| !c.is_ascii_hexdigit())
            .map_or(after.len() - digits_at, |n| n);
        let number = &after[digits_at..digits_at + digits];
        let value = match hex {
            true => u32::from_str_radix(number, 16).ok(),
            false => number
                .parse::<u32>()
                .ok()
                .filter(|_| number.bytes().all(|b| b.is_ascii_digit())),
        };
        let closed = after[digits_at + digits..].starts_with(';');
        out.push_str("&#");
        out.push_str(&after[..digits_at]);
        match value {
            Some(v) if closed && (0xFDD0..=0xFDEF).contains(&v) => {
                let fffd = match hex {
                    true => format!("{:0>width$X}", 0xFFFD, width = digits),
                    false => format!("{:0>width$}", 0xFFFD, width = digits),
                };
                out.push_str(&fffd);
            }
            _ => out.push_str(number),
        }
        rest = &after[digits_at + digits..];
    }
    out.push_str(rest);
    out
}

/// Written before the heading that starts section number `n`.
pub(super) fn section_marker(n: usize) -> String {
    format!("{SECTION}{n}{SECTION_END}")
}

/// Written in the markdown where value number `n` stands.
pub(super) fn value_marker(n: usize) -> String {
    format!("{VALUE}{n}{VALUE_END}")
}

/// `text` without value markers (the plain text of a page with values).
pub(super) fn strip_value_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(VALUE) {
        out.push_str(&rest[..i]);
        let after = &rest[i + VALUE.len_utf8()..];
        rest = match after.find(VALUE_END) {
            Some(end) => &after[end + VALUE_END.len_utf8()..],
            None => after,
        };
    }
    out.push_str(rest);
    out
}

/// Written where page link number `n` starts, before its inner HTML.
pub(super) fn open_marker(n: usize) -> String {
    format!("{OPEN}{n}{SEP}")
}

/// Written where page link number `n` ends, with its text for portals that
/// cannot see the target.
pub(super) fn close_marker(n: usize, text: &str) -> String {
    format!("{SEP}{n}{SEP}{text}{CLOSE}")
}

/// Cut rendered HTML at the link and value markers into parts;
/// `links[n]` is the target and href of link marker `n`.
pub(super) fn split_parts(html: &str, links: &[(usize, String)]) -> Vec<Part> {
    if !html.contains([OPEN, VALUE, SECTION]) {
        return vec![Part::Html(html.to_string())];
    }
    let mut parts = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find([OPEN, VALUE, SECTION]) {
        let marker = &rest[at..];
        let cut = if marker.starts_with(VALUE) {
            numbered(marker, VALUE, VALUE_END).map(|(n, after)| (Part::Value(n), after))
        } else if marker.starts_with(SECTION) {
            numbered(marker, SECTION, SECTION_END).map(|(n, after)| (Part::Section(n), after))
        } else {
            link_part(marker, links)
        };
        let Some((part, after)) = cut else {
            break;
        };
        if at > 0 {
            parts.push(Part::Html(rest[..at].to_string()));
        }
        parts.push(part);
        rest = after;
    }
    if !rest.is_empty() {
        parts.push(Part::Html(rest.to_string()));
    }
    parts
}

/// The number of the `open … end` marker that starts `text`, and what
/// follows it.
fn numbered(text: &str, open: char, end: char) -> Option<(usize, &str)> {
    let body = &text[open.len_utf8()..];
    let stop = body.find(end)?;
    let n = body[..stop].parse().ok()?;
    Some((n, &body[stop + end.len_utf8()..]))
}

/// The page link whose open marker starts `text`, and what follows it.
fn link_part<'h>(text: &'h str, links: &[(usize, String)]) -> Option<(Part, &'h str)> {
    let after_open = &text[OPEN.len_utf8()..];
    let sep = after_open.find(SEP)?;
    let n: usize = after_open[..sep].parse().ok()?;
    let closing = format!("{SEP}{n}{SEP}");
    let body = &after_open[sep + SEP.len_utf8()..];
    let end = body.find(&closing)?;
    let text_end = body[end + closing.len()..].find(CLOSE)?;
    let (target, href) = links.get(n)?;
    let part = Part::Link {
        target: *target,
        href: href.clone(),
        inner_html: body[..end].to_string(),
        inner_text: body[end + closing.len()..end + closing.len() + text_end].to_string(),
    };
    Some((
        part,
        &body[end + closing.len() + text_end + CLOSE.len_utf8()..],
    ))
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
        let html = format!("<p>{}, {}</p>", value_marker(0), value_marker(1));
        assert_eq!(
            split_parts(&html, &[]),
            [
                Part::Html("<p>".into()),
                Part::Value(0),
                Part::Html(", ".into()),
                Part::Value(1),
                Part::Html("</p>".into()),
            ]
        );
        assert_eq!(strip_value_markers(&html), "<p>, </p>");
        let forged =
            "a\u{FDD5}0\u{FDD6} &#xFDD5;0&#xfdd6; &#64981;0&#64982; &#x0FDD0; &#x41; &#65; &amp;";
        let clean = scrub(forged);
        assert_eq!(clean.len(), forged.len(), "offsets stay");
        assert_eq!(
            clean,
            "a\u{FFFD}0\u{FFFD} &#xFFFD;0&#xFFFD; &#65533;0&#65533; &#x0FFFD; &#x41; &#65; &amp;"
        );
        let html = format!("<p>a</p>{}<h2>B</h2>", section_marker(1));
        assert_eq!(
            split_parts(&html, &[]),
            [
                Part::Html("<p>a</p>".into()),
                Part::Section(1),
                Part::Html("<h2>B</h2>".into()),
            ]
        );
    }
}
