//! What a link or image target in a page body is: another page, a file of
//! the kit, a broken relative path, or something left alone (external,
//! `#anchor`); and the `<img>` an image becomes. It asks the
//! [`Resolver`] and reads no files.

use std::path::Path;

use super::{BODY_ROOT, Broken, Resolver, Target};
use crate::paths::{percent_decode, resolve_relative, to_slash};

pub(super) enum Classified {
    Page {
        index: usize,
        url: String,
        fragment: Option<String>,
    },
    /// Path relative to `content/`, the URL to use on the page, and the
    /// image size.
    Asset(String, String, Option<(u32, u32)>),
    Broken,
    Other,
}

/// A scheme (`https:`, `mailto:`) before any `/?#`, or a `//host` URL.
fn is_external(dest: &str) -> bool {
    let scheme_end = dest.find(':');
    let first_sep = dest.find(['/', '?', '#']);
    matches!((scheme_end, first_sep), (Some(c), None) if c > 0)
        || matches!((scheme_end, first_sep), (Some(c), Some(s)) if c > 0 && c < s)
        || dest.starts_with("//")
}

/// What `dest`, written in the page at `from`, points to.
pub(super) fn classify(dest: &str, from: &str, resolver: &dyn Resolver) -> Classified {
    if dest.is_empty() || dest.starts_with('#') || is_external(dest) {
        return Classified::Other;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = percent_decode(path);
    let Some(resolved) = resolve_relative(Path::new(from), &path) else {
        return Classified::Broken;
    };
    match resolver.resolve(&to_slash(&resolved)) {
        Target::Item { index, url } => Classified::Page {
            index,
            url,
            fragment,
        },
        Target::Asset { path, size } => {
            let url = format!("{BODY_ROOT}{path}");
            Classified::Asset(path, url, size)
        }
        Target::Missing => Classified::Broken,
    }
}

/// Relative `href="…"`/`src="…"` values in raw HTML that resolve to an
/// item or a file of the kit (`is_image` tells `src` from `href`).
pub(super) fn raw_refs(
    html: &str,
    range: &std::ops::Range<usize>,
    from: &str,
    resolver: &dyn Resolver,
    found: &mut Vec<Broken>,
) {
    for (attr, is_image) in [("href=", false), ("src=", true)] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            let value = &rest[at + attr.len()..];
            rest = &rest[at + attr.len()..];
            let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(end) = value[1..].find(quote) else {
                continue;
            };
            let target = &value[1..1 + end];
            if matches!(
                classify(target, from, resolver),
                Classified::Page { .. } | Classified::Asset(..)
            ) {
                found.push(Broken {
                    range: range.clone(),
                    target: target.to_string(),
                    is_image,
                });
            }
        }
    }
}

/// An image being read: its `<img>` is written when its alt text is known.
pub(super) struct Image {
    /// Where its events start, to drop the alt text's events.
    pub(super) at: usize,
    /// Its range in the markdown source.
    pub(super) range: std::ops::Range<usize>,
    pub(super) src: String,
    pub(super) title: String,
    pub(super) size: Option<(u32, u32)>,
    pub(super) alt: String,
    /// How many page links were open when it began: an image may sit
    /// inside a link, but a link inside its alt text must not reach the alt.
    pub(super) page_links_open: usize,
}

impl Image {
    /// `<img>` with the intrinsic size, so the page does not shift as the
    /// image loads (CSS scales it down with `max-width`, `height: auto`).
    pub(super) fn html(&self) -> String {
        use pulldown_cmark_escape::{escape_href, escape_html};
        let mut out = String::from("<img src=\"");
        let _ = escape_href(&mut out, &self.src);
        out.push_str("\" alt=\"");
        let _ = escape_html(&mut out, &self.alt);
        out.push('"');
        if !self.title.is_empty() {
            out.push_str(" title=\"");
            let _ = escape_html(&mut out, &self.title);
            out.push('"');
        }
        if let Some((w, h)) = self.size {
            out.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        out.push_str(" />");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_protocol_relative_urls_are_external() {
        for dest in [
            "https://x.example/a.md",
            "mailto:a@b.c",
            "//cdn.example/x.png",
        ] {
            assert!(is_external(dest), "{dest}");
        }
        for dest in ["../a.md", "img/a:b.png", ":x", "a.md#x:y"] {
            assert!(!is_external(dest), "{dest}");
        }
    }

    #[test]
    fn img_carries_escaped_alt_title_and_size() {
        let img = Image {
            at: 0,
            range: 0..0,
            src: "a b.png".into(),
            title: "T \"q\"".into(),
            size: Some((4, 2)),
            alt: "x < y".into(),
            page_links_open: 0,
        };
        assert_eq!(
            img.html(),
            "<img src=\"a%20b.png\" alt=\"x &lt; y\" title=\"T &quot;q&quot;\" width=\"4\" height=\"2\" />"
        );
    }
}
