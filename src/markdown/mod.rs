//! Markdown to HTML, once per page: pulldown-cmark with tables, footnotes,
//! strikethrough, task lists, smart punctuation and heading anchors; fenced
//! code through [`crate::markdown::highlight`]; relative `.md` links resolved to pages.
//!
//! The result is shared by every portal that shows the page. Only links to
//! other pages differ between portals (a portal that cannot see the target
//! must not link to it), so those stay as [`Part::Link`]s and
//! [`Rendered::assemble`] finishes them per portal, which is a string concat,
//! not a second markdown pass.
//!
//! This module reads no files: a [`Resolver`] answers what a link points to.

pub mod highlight;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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
    /// A file under `content/` (path relative to it), copied as an asset,
    /// with its intrinsic size when it is an image that declares one.
    Asset {
        path: String,
        size: Option<(u32, u32)>,
    },
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
    /// `href`/`src` in raw HTML that name a page or file of the kit: they
    /// bypass per-portal gating and asset copying, so `kit` refuses them.
    pub raw_refs: Vec<Broken>,
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
    // The image's range, its alt text, and how many page links were open
    // when it began (an image may sit inside a link; a link inside an
    // image's alt text must not reach the alt).
    let mut image_alt: Option<(std::ops::Range<usize>, String, usize)> = None;
    let mut ids = Ids::default();
    let mut notes = Footnotes::default();
    let mut image: Option<Image> = None;

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
                        crate::markdown::highlight::code_block(&lang, &body).into(),
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
                    let end = events.len();
                    let id = match &mut events[at] {
                        Event::Start(Tag::Heading { id, .. }) => {
                            let chosen = match id {
                                Some(given) => given.to_string(),
                                None => {
                                    let ours = ids.heading(&heading_id(&text));
                                    ids.alias(end, &github_id(&text), &ours);
                                    ours
                                }
                            };
                            *id = Some(chosen.clone().into());
                            chosen
                        }
                        _ => String::new(),
                    };
                    if let Some(alias) = ids.pending_alias(events.len()) {
                        events.push(Event::Html(
                            format!("<span id=\"{alias}\" class=\"anchor-alias\"></span>").into(),
                        ));
                    }
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
                    ids.real.push(id);
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
                    Classified::Asset(path, rewritten, _) => {
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
                dest_url, title, ..
            }) => {
                let dest = dest_url.to_string();
                image_alt = Some((range.clone(), String::new(), page_links_open(&link_stack)));
                let (src, size) = match classify(&dest, from, resolver) {
                    Classified::Asset(path, rewritten, size) => {
                        out.assets.push(path);
                        (rewritten, size)
                    }
                    Classified::Broken | Classified::Page { .. } => {
                        out.broken.push(Broken {
                            range: range.clone(),
                            target: dest.clone(),
                            is_image: true,
                        });
                        (dest, None)
                    }
                    Classified::Other => (dest, None),
                };
                image = Some(Image {
                    at: events.len(),
                    src,
                    title: title.into_string(),
                    size,
                });
            }
            Event::End(TagEnd::Image) => {
                let alt = match image_alt.take() {
                    Some((range, alt, _)) => {
                        if alt.trim().is_empty() {
                            out.missing_alt.push(MissingAlt { range });
                        }
                        alt
                    }
                    None => String::new(),
                };
                if let Some(img) = image.take() {
                    // The alt text went into the attribute, not the page.
                    events.truncate(img.at);
                    events.push(Event::Html(img.html(&alt).into()));
                }
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                raw_refs(html, &range, from, resolver, &mut out.raw_refs);
                events.push(event);
            }
            Event::FootnoteReference(label) => {
                events.push(Event::Html(notes.reference(&label).into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                notes.open(label.into_string(), events.len());
            }
            Event::End(TagEnd::FootnoteDefinition) => notes.close(&mut events),
            Event::Text(ref t) | Event::Code(ref t) => {
                // Page-link text stays out of heading ids and the TOC: the
                // target may be hidden in some portal, and ids are shared.
                let open = page_links_open(&link_stack);
                let in_page_link = open > 0;
                if let (Some((_, _, h)), false) = (heading.as_mut(), in_page_link) {
                    h.push_str(t);
                }
                if let Some(l) = link_text.last_mut() {
                    l.push_str(t);
                }
                // Nor in alt text or the plain text (search, summaries):
                // those are shared by every portal too.
                if let Some((_, alt, at_start)) = image_alt.as_mut()
                    && open == *at_start
                {
                    alt.push_str(t);
                }
                if !in_page_link {
                    out.plain.push_str(t);
                }
                events.push(event);
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

    notes.finish(&mut events);
    out.anchors = ids.finish(&mut events, notes.ids());
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
    /// Path relative to `content/`, the URL to use on the page, and the
    /// image size.
    Asset(String, String, Option<(u32, u32)>),
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
        Target::Asset { path, size } => {
            let url = format!("{BODY_ROOT}{path}");
            Classified::Asset(path, url, size)
        }
        Target::Missing => Classified::Broken,
    }
}

/// Heading ids as readers guess them: apostrophes vanish ("Don't" → `dont`),
/// other punctuation separates words.
pub fn heading_id(text: &str) -> String {
    slugify(&text.replace(['\'', '\u{2019}'], ""))
}

/// How many of the open links are page links.
fn page_links_open(link_stack: &[Option<usize>]) -> usize {
    link_stack.iter().filter(|l| l.is_some()).count()
}

/// Relative `href="…"`/`src="…"` values in raw HTML that resolve to an
/// item or a file of the kit (`is_image` tells `src` from `href`).
fn raw_refs(
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
struct Image {
    /// Where its events start, to drop the alt text's events.
    at: usize,
    src: String,
    title: String,
    size: Option<(u32, u32)>,
}

impl Image {
    /// `<img>` with the intrinsic size, so the page does not shift as the
    /// image loads (CSS scales it down with `max-width`, `height: auto`).
    fn html(&self, alt: &str) -> String {
        use pulldown_cmark_escape::{escape_href, escape_html};
        let mut out = String::from("<img src=\"");
        let _ = escape_href(&mut out, &self.src);
        out.push_str("\" alt=\"");
        let _ = escape_html(&mut out, alt);
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

/// The ids of one page: headings' own, GitHub-style aliases (an empty
/// `<span id>` in the heading) and footnotes'. An alias that equals any
/// other id on the page is dropped after the page is read, since a later
/// heading may claim it.
#[derive(Default)]
struct Ids {
    real: Vec<String>,
    github: Vec<String>,
    /// (event index, alias) of aliases written so far.
    aliases: Vec<(usize, String)>,
}

impl Ids {
    fn heading(&self, base: &str) -> String {
        unique_id(base, &self.real)
    }

    fn alias(&mut self, at: usize, github: &str, ours: &str) {
        let alias = unique_id(github, &self.github);
        self.github.push(alias.clone());
        if alias != ours && !github.is_empty() {
            self.aliases.push((at, alias));
        }
    }

    fn pending_alias(&self, at: usize) -> Option<&str> {
        self.aliases
            .last()
            .filter(|(i, _)| *i == at)
            .map(|(_, a)| a.as_str())
    }

    /// Drop colliding aliases from `events`; every id that resolves.
    fn finish(self, events: &mut [Event], footnotes: Vec<String>) -> Vec<String> {
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

/// Footnotes in their own id namespace (`fn:…`, `fnref:…`, which no heading
/// id can take: those are `[a-z0-9-]` or GitHub's form without `:`),
/// numbered by first reference and gathered at the end of the page with
/// back-links, as GitHub and Zola do.
#[derive(Default)]
struct Footnotes {
    /// label, id stem, references so far
    labels: Vec<(String, String, usize)>,
    /// (label, definition events)
    defs: Vec<(String, Vec<Event<'static>>)>,
    open: Option<(String, usize)>,
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

    fn reference(&mut self, label: &str) -> String {
        let n = self.number(label);
        let (_, stem, refs) = &mut self.labels[n];
        *refs += 1;
        let id = match *refs {
            1 => format!("fnref:{stem}"),
            k => format!("fnref:{stem}:{k}"),
        };
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn:{stem}\" id=\"{id}\">{}</a></sup>",
            n + 1
        )
    }

    fn open(&mut self, label: String, at: usize) {
        self.open = Some((label, at));
    }

    fn close(&mut self, events: &mut Vec<Event>) {
        if let Some((label, at)) = self.open.take() {
            let body = events.drain(at..).map(Event::into_static).collect();
            self.defs.push((label, body));
        }
    }

    fn ids(&self) -> Vec<String> {
        let notes = self.labels.iter().map(|(_, s, _)| format!("fn:{s}"));
        let refs = self.labels.iter().flat_map(|(_, s, refs)| {
            (1..=*refs).map(move |k| match k {
                1 => format!("fnref:{s}"),
                k => format!("fnref:{s}:{k}"),
            })
        });
        notes.chain(refs).collect()
    }

    fn finish(&mut self, events: &mut Vec<Event>) {
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
            let (_, stem, refs) = &self.labels[n];
            let back: String = (1..=*refs)
                .map(|k| {
                    let (id, mark) = match k {
                        1 => (format!("fnref:{stem}"), String::new()),
                        k => (format!("fnref:{stem}:{k}"), format!("<sup>{k}</sup>")),
                    };
                    format!(
                        " <a href=\"#{id}\" class=\"footnote-backref\" aria-label=\"Back to reference {}{}\">\u{21a9}{mark}</a>",
                        n + 1,
                        if k > 1 { format!("-{k}") } else { String::new() }
                    )
                })
                .collect();
            events.push(Event::Html(format!("<li id=\"fn:{stem}\">\n").into()));
            let close_para = matches!(body.last(), Some(Event::End(TagEnd::Paragraph)));
            let tail = close_para.then(|| body.pop()).flatten();
            events.extend(body);
            events.push(Event::Html(back.into()));
            events.extend(tail);
            events.push(Event::Html("</li>\n".into()));
            seen.push(label);
        }
        events.push(Event::Html("</ol>\n</section>\n".into()));
    }
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
                "objections/img/chart.svg" => Target::Asset {
                    path: target.to_string(),
                    size: Some((640, 320)),
                },
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
        assert_eq!(
            r.anchors,
            [
                "tiers-add-ons",
                "tiers-add-ons-1",
                "custom",
                "tiers--add-ons",
                "tiers--add-ons-1"
            ]
        );
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
        assert!(out.contains("<section class=\"footnotes\""));
        assert!(out.contains("class=\"hl-"));
    }

    #[test]
    fn assets_rewritten_and_alt_checked() {
        let r = render("![](img/chart.svg)", "objections/x.md", &Fake);
        assert_eq!(r.assets, ["objections/img/chart.svg"]);
        assert!(html(&r).contains("<img src=\"../../objections/img/chart.svg\" alt=\"\" width=\"640\" height=\"320\" />"), "{}", html(&r));
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
    fn inline_code_stays_code() {
        let r = render(
            "Use `lmr_test_` and [`key`](https://x.example)",
            "a/b.md",
            &Fake,
        );
        let out = html(&r);
        assert!(out.contains("<code>lmr_test_</code>"), "{out}");
        assert!(out.contains("<code>key</code></a>"), "{out}");
        assert!(r.plain.contains("lmr_test_"));
        let h = html(&render("## The `init` step\n", "a/b.md", &Fake));
        assert!(
            h.contains("<h2 id=\"the-init-step\">The <code>init</code> step"),
            "{h}"
        );
    }

    #[test]
    fn footnotes_have_their_own_ids_and_back_links() {
        let src = "## Pitch\n\nSay it[^pitch] twice[^pitch], cite[^2].\n\n[^2]: Second.\n[^pitch]: The pitch.\n";
        let r = render(src, "a/b.md", &Fake);
        let out = html(&r);
        let ids: Vec<&str> = out
            .match_indices(" id=\"")
            .map(|(i, _)| {
                let rest = &out[i + 5..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(ids.len(), unique.len(), "duplicate ids in {out}");
        assert!(out.contains("<h2 id=\"pitch\">"));
        assert!(
            out.contains("<a href=\"#fn:pitch\" id=\"fnref:pitch\">1</a>"),
            "{out}"
        );
        assert!(out.contains("id=\"fnref:pitch:2\">1</a>"), "{out}");
        assert!(
            out.contains("<a href=\"#fn:2\" id=\"fnref:2\">2</a>"),
            "{out}"
        );
        // Definitions at the end, in reference order, each linking back.
        let notes = &out[out.find("<section class=\"footnotes\"").unwrap()..];
        assert!(notes.find("fn:pitch").unwrap() < notes.find("fn:2").unwrap());
        assert!(
            notes.contains("<p>The pitch. <a href=\"#fnref:pitch\" class=\"footnote-backref\""),
            "{notes}"
        );
        assert!(notes.contains("href=\"#fnref:pitch:2\""));
        assert!(r.anchors.contains(&"fn:pitch".to_string()));
    }

    #[test]
    fn github_heading_ids_are_aliases() {
        let r = render(
            "## Days 41–60: review\n\n## Tiers & add-ons\n\n## Plain\n",
            "a/b.md",
            &Fake,
        );
        let out = html(&r);
        assert!(out.contains("<h2 id=\"days-41-60-review\">"), "{out}");
        assert!(out.contains("<span id=\"days-4160-review\" class=\"anchor-alias\"></span>"));
        assert!(out.contains("<span id=\"tiers--add-ons\""));
        assert_eq!(out.matches("anchor-alias").count(), 2, "{out}");
        for id in [
            "days-41-60-review",
            "days-4160-review",
            "tiers-add-ons",
            "tiers--add-ons",
        ] {
            assert!(r.anchors.iter().any(|a| a == id), "{id}");
        }
        // An alias that another heading owns is not written.
        let r = render("## A: b\n\n## ab\n", "a/b.md", &Fake);
        let out = html(&r);
        assert_eq!(out.matches("id=\"ab\"").count(), 1, "{out}");
        assert_eq!(github_id("Préparer l'appel ✓"), "préparer-lappel-");
    }

    #[test]
    fn alt_text_keeps_its_words_inside_a_link_but_not_a_links_words() {
        let r = render(
            "[![Pricing chart](img/chart.svg)](../case-studies/acme.md)",
            "objections/x.md",
            &Fake,
        );
        assert!(html(&r).contains("alt=\"Pricing chart\""), "{}", html(&r));
        assert!(r.missing_alt.is_empty());
        let r = render(
            "![see [the Acme story](../case-studies/acme.md)](img/chart.svg)",
            "objections/x.md",
            &Fake,
        );
        assert!(!html(&r).contains("Acme"), "{}", html(&r));
    }

    #[test]
    fn user_text_is_escaped() {
        let out = html(&render("a < b & \"c\"", "a/b.md", &Fake));
        assert!(out.contains("a &lt; b &amp;"));
    }
}
