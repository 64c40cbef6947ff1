//! Markdown to HTML, once per page: pulldown-cmark with tables, footnotes,
//! strikethrough, task lists, smart punctuation and heading anchors; fenced
//! code through [`crate::highlight`]; relative `.md` links resolved to pages.
//!
//! The result is shared by every portal that shows the page. Only links to
//! other pages differ between portals (a portal that cannot see the target
//! must not link to it), so those stay as [`Part::Link`]s and
//! [`Rendered::assemble`] finishes them per portal, which is a string concat,
//! not a second markdown pass.
//!
//! This module reads no files: a [`Resolver`] answers what a link points to.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use std::path::Path;

use crate::paths::{percent_decode, resolve_relative, slugify, to_slash};

/// Item pages sit at `<version>/<collection>/<slug>/`, two folders below the
/// version root, and that is the only place bodies are shown.
pub const BODY_ROOT: &str = "../../";

/// What a relative link target (already resolved against the source file's
/// folder, relative to `content/`) points to.
pub enum Target {
    /// Item number `n` of the kit, at URL `collection/slug/` (from the version root).
    Item {
        index: usize,
        url: String,
    },
    /// A file under `content/` (path relative to it), copied as an asset.
    Asset(String),
    Missing,
}

pub trait Resolver: Sync {
    /// `target` is relative to `content/`, already normalised.
    fn resolve(&self, target: &str) -> Target;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Html(String),
    Link {
        target: usize,
        href: String,
        inner_html: String,
        inner_text: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image whose target does not exist, with its byte range in the
/// markdown source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub range: std::ops::Range<usize>,
    pub target: String,
    pub is_image: bool,
}

/// An image without alt text (accessibility), by byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingAlt {
    pub range: std::ops::Range<usize>,
}

/// A link to another item, with the `#fragment` used and its byte range in
/// the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    pub target: usize,
    pub fragment: Option<String>,
    pub range: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub parts: Vec<Part>,
    pub toc: Vec<TocEntry>,
    /// Every heading id on the page, for `#anchor` checks.
    pub anchors: Vec<String>,
    /// Items this page links to.
    pub links: Vec<PageLink>,
    /// `http(s)://` links, for the optional external link check.
    pub external: Vec<(String, std::ops::Range<usize>)>,
    /// Links to `#anchors` on the same page.
    pub local_anchors: Vec<(String, std::ops::Range<usize>)>,
    /// Asset paths relative to `content/`.
    pub assets: Vec<String>,
    pub broken: Vec<Broken>,
    pub missing_alt: Vec<MissingAlt>,
    /// The text without markup, for search and summaries.
    pub plain: String,
}

impl Rendered {
    /// Renumber link targets after the kit's items were re-sorted (the dev
    /// server reuses a rendered page when the pages it links to still
    /// exist at the same URLs).
    pub fn remap_targets(&mut self, new_index: impl Fn(usize) -> usize) {
        for part in &mut self.parts {
            if let Part::Link { target, .. } = part {
                *target = new_index(*target);
            }
        }
        for link in &mut self.links {
            link.target = new_index(link.target);
        }
    }

    /// The page body for one portal: links to pages it can see become links;
    /// links to pages it cannot see become plain text, and when that text
    /// would name the hidden page (`names_hidden`), a neutral phrase.
    pub fn assemble(
        &self,
        visible: impl Fn(usize) -> bool,
        names_hidden: impl Fn(usize, &str) -> bool,
    ) -> String {
        let cap = self
            .parts
            .iter()
            .map(|p| match p {
                Part::Html(h) => h.len(),
                Part::Link {
                    inner_html, href, ..
                } => inner_html.len() + href.len() + 20,
            })
            .sum();
        let mut out = String::with_capacity(cap);
        for part in &self.parts {
            match part {
                Part::Html(h) => out.push_str(h),
                Part::Link {
                    target,
                    href,
                    inner_html,
                    inner_text,
                } => {
                    if visible(*target) {
                        out.push_str("<a href=\"");
                        out.push_str(href);
                        out.push_str("\">");
                        out.push_str(inner_html);
                        out.push_str("</a>");
                    } else if names_hidden(*target, inner_text) {
                        out.push_str("<span class=\"restricted-link\">a page not included in this portal</span>");
                    } else {
                        out.push_str("<span class=\"restricted-link\">");
                        out.push_str(inner_html);
                        out.push_str("</span>");
                    }
                }
            }
        }
        out
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

// Noncharacters never appear in authored text; they mark where a page link
// starts and ends in the HTML so it can be cut into parts afterwards.
const OPEN: char = '\u{FDD0}';
const SEP: char = '\u{FDD1}';
const CLOSE: char = '\u{FDD2}';

fn is_external(dest: &str) -> bool {
    let scheme_end = dest.find(':');
    let first_sep = dest.find(['/', '?', '#']);
    matches!((scheme_end, first_sep), (Some(c), None) if c > 0)
        || matches!((scheme_end, first_sep), (Some(c), Some(s)) if c > 0 && c < s)
        || dest.starts_with("//")
}

/// Render `src` (a page body) for the page at `from` (its path relative to
/// `content/`, forward slashes).
pub fn render(src: &str, from: &str, resolver: &dyn Resolver) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::with_capacity(src.len() / 16);
    // For each open link: Some(n) when it is a page link (marker n).
    let mut link_stack: Vec<Option<usize>> = Vec::new();
    let mut page_links: Vec<(usize, String)> = Vec::new();
    let mut code: Option<(String, String)> = None;
    let mut heading: Option<(usize, HeadingLevel, String)> = None;
    let mut link_text: Vec<String> = Vec::new();
    let mut image_alt: Option<(std::ops::Range<usize>, String)> = None;

    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.into_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, body)) = code.as_mut() {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, body)) = code.take() {
                    out.plain.push_str(&body);
                    out.plain.push('\n');
                    events.push(Event::Html(
                        crate::highlight::code_block(&lang, &body).into(),
                    ));
                }
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // The page title is the only h1.
                let level = level.max(HeadingLevel::H2);
                heading = Some((events.len(), level, String::new()));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                let level = level.max(HeadingLevel::H2);
                if let Some((at, _, text)) = heading.take() {
                    let id = match &mut events[at] {
                        Event::Start(Tag::Heading { id, .. }) => {
                            let chosen = match id {
                                Some(given) => given.to_string(),
                                None => unique_id(&heading_id(&text), &out.anchors),
                            };
                            *id = Some(chosen.clone().into());
                            chosen
                        }
                        _ => String::new(),
                    };
                    if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                        out.toc.push(TocEntry {
                            level: level as u8,
                            id: id.clone(),
                            title: text.trim().to_string(),
                        });
                    }
                    events.push(Event::Html(
                        format!(" <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>")
                            .into(),
                    ));
                    out.anchors.push(id);
                    out.plain.push('\n');
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = dest_url.to_string();
                match classify(&dest, from, resolver) {
                    Classified::Page {
                        index,
                        url,
                        fragment,
                    } => {
                        let n = page_links.len();
                        let mut href = format!("{BODY_ROOT}{url}");
                        if let Some(f) = &fragment {
                            href.push('#');
                            href.push_str(f);
                        }
                        page_links.push((index, href));
                        out.links.push(PageLink {
                            target: index,
                            fragment,
                            range: range.clone(),
                        });
                        link_stack.push(Some(n));
                        link_text.push(String::new());
                        events.push(Event::Html(format!("{OPEN}{n}{SEP}").into()));
                    }
                    Classified::Asset(path, rewritten) => {
                        out.assets.push(path);
                        link_stack.push(None);
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: rewritten.into(),
                            title,
                            id,
                        }));
                    }
                    Classified::Broken => {
                        out.broken.push(Broken {
                            range: range.clone(),
                            target: dest,
                            is_image: false,
                        });
                        link_stack.push(None);
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                    Classified::Other => {
                        if let Some(anchor) = dest.strip_prefix('#') {
                            out.local_anchors.push((anchor.to_string(), range.clone()));
                        } else if dest.starts_with("http://") || dest.starts_with("https://") {
                            out.external.push((dest.clone(), range.clone()));
                        }
                        link_stack.push(None);
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                }
            }
            Event::End(TagEnd::Link) => match link_stack.pop().flatten() {
                Some(n) => {
                    let text = link_text.pop().unwrap_or_default();
                    events.push(Event::Html(format!("{SEP}{n}{SEP}{text}{CLOSE}").into()));
                }
                None => events.push(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = dest_url.to_string();
                image_alt = Some((range.clone(), String::new()));
                let dest_url: CowStr = match classify(&dest, from, resolver) {
                    Classified::Asset(path, rewritten) => {
                        out.assets.push(path);
                        rewritten.into()
                    }
                    Classified::Broken | Classified::Page { .. } => {
                        out.broken.push(Broken {
                            range: range.clone(),
                            target: dest,
                            is_image: true,
                        });
                        dest_url
                    }
                    Classified::Other => dest_url,
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((range, alt)) = image_alt.take()
                    && alt.trim().is_empty()
                {
                    out.missing_alt.push(MissingAlt { range });
                }
                events.push(Event::End(TagEnd::Image));
            }
            Event::Text(t) | Event::Code(t) => {
                // Page-link text stays out of heading ids and the TOC: the
                // target may be hidden in some portal, and ids are shared.
                let in_page_link = link_stack.iter().any(Option::is_some);
                if let (Some((_, _, h)), false) = (heading.as_mut(), in_page_link) {
                    h.push_str(&t);
                }
                if let Some(l) = link_text.last_mut() {
                    l.push_str(&t);
                }
                if let Some((_, alt)) = image_alt.as_mut() {
                    alt.push_str(&t);
                }
                out.plain.push_str(&t);
                events.push(Event::Text(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                out.plain.push(' ');
                events.push(event);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                out.plain.push('\n');
                events.push(event);
            }
            other => events.push(other),
        }
    }

    let mut html = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.parts = split_parts(&html, &page_links);
    out
}

enum Classified {
    Page {
        index: usize,
        url: String,
        fragment: Option<String>,
    },
    /// Path relative to `content/`, and the URL to use on the page.
    Asset(String, String),
    Broken,
    Other,
}

fn classify(dest: &str, from: &str, resolver: &dyn Resolver) -> Classified {
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
        Target::Asset(asset) => {
            let url = format!("{BODY_ROOT}{asset}");
            Classified::Asset(asset, url)
        }
        Target::Missing => Classified::Broken,
    }
}

/// Heading ids as readers guess them: apostrophes vanish ("Don't" → `dont`),
/// other punctuation separates words.
pub fn heading_id(text: &str) -> String {
    slugify(&text.replace(['\'', '\u{2019}'], ""))
}

fn unique_id(base: &str, taken: &[String]) -> String {
    let base = if base.is_empty() { "section" } else { base };
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken.iter().any(|t| t == c))
        .unwrap_or_default()
}

/// Cut rendered HTML at the link markers into parts.
fn split_parts(html: &str, links: &[(usize, String)]) -> Vec<Part> {
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

    struct Fake;
    impl Resolver for Fake {
        fn resolve(&self, target: &str) -> Target {
            match target {
                "case-studies/acme.md" => Target::Item {
                    index: 7,
                    url: "case-studies/acme/".into(),
                },
                "objections/img/chart.svg" => Target::Asset(target.to_string()),
                _ => Target::Missing,
            }
        }
    }

    fn html(r: &Rendered) -> String {
        r.assemble(|_| true, |_, _| false)
    }

    #[test]
    fn page_links_resolve_and_gate() {
        let r = render(
            "See [the *Acme* story](../case-studies/acme.md#metrics).",
            "objections/price.md",
            &Fake,
        );
        assert_eq!(r.links.len(), 1);
        assert_eq!(
            (r.links[0].target, r.links[0].fragment.as_deref()),
            (7, Some("metrics"))
        );
        assert_eq!(
            html(&r),
            "<p>See <a href=\"../../case-studies/acme/#metrics\">the <em>Acme</em> story</a>.</p>\n"
        );
        let hidden = r.assemble(|_| false, |_, _| false);
        assert_eq!(
            hidden,
            "<p>See <span class=\"restricted-link\">the <em>Acme</em> story</span>.</p>\n"
        );
        let named = r.assemble(|_| false, |_, text| text.contains("Acme"));
        assert!(!named.contains("Acme"));
    }

    #[test]
    fn broken_links_are_reported_with_ranges() {
        let src = "x [a](nope.md) y";
        let r = render(src, "objections/price.md", &Fake);
        assert_eq!(r.broken.len(), 1);
        assert_eq!(&src[r.broken[0].range.clone()], "[a](nope.md)");
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r = render(
            "## Tiers & add-ons\n\n## Tiers & add-ons\n\n### Deep {#custom}\n",
            "a/b.md",
            &Fake,
        );
        assert_eq!(r.anchors, ["tiers-add-ons", "tiers-add-ons-1", "custom"]);
        assert_eq!(r.toc.len(), 3);
        assert!(html(&r).contains("<h2 id=\"tiers-add-ons\">"));
    }

    #[test]
    fn extensions_and_code() {
        let src = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: Footnote.\n\n```python\nprint('hi')\n```\n";
        let out = html(&render(src, "a/b.md", &Fake));
        assert!(out.contains("<table>"));
        assert!(out.contains("<del>old</del>"));
        assert!(out.contains("\u{201c}quoted\u{201d}"));
        assert!(out.contains("type=\"checkbox\""));
        assert!(out.contains("footnote-definition"));
        assert!(out.contains("class=\"hl-"));
    }

    #[test]
    fn assets_rewritten_and_alt_checked() {
        let r = render("![](img/chart.svg)", "objections/x.md", &Fake);
        assert_eq!(r.assets, ["objections/img/chart.svg"]);
        assert!(html(&r).contains("src=\"../../objections/img/chart.svg\""));
        assert_eq!(r.missing_alt.len(), 1);
    }

    #[test]
    fn external_links_untouched() {
        let out = html(&render(
            "[x](https://example.com/a.md) [m](mailto:a@b.c)",
            "a/b.md",
            &Fake,
        ));
        assert!(out.contains("href=\"https://example.com/a.md\""));
        assert!(out.contains("href=\"mailto:a@b.c\""));
    }

    #[test]
    fn user_text_is_escaped() {
        let out = html(&render("a < b & \"c\"", "a/b.md", &Fake));
        assert!(out.contains("a &lt; b &amp;"));
    }
}
