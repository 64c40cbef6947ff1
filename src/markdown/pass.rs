//! One render of one page body: the state kept while pulldown-cmark's
//! events go by, one method per family of events (code blocks, headings,
//! links, images, raw HTML, text), and the HTML written at the end. The
//! pieces with rules of their own (ids, footnotes, targets, link markers)
//! live in sibling modules; this one only sequences them.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::anchors::{Ids, github_id, heading_id};
use super::footnotes::Footnotes;
use super::links::{Classified, Image, classify, raw_refs};
use super::parts::{close_marker, open_marker, section_marker, split_parts};
use super::{
    AssetRef, BODY_ROOT, Broken, MissingAlt, PageLink, Rendered, Resolver, SectionHead, TocEntry,
};

/// A heading's id, classes and attributes as pulldown-cmark gives them.
type HeadingParts<'s> = (
    Option<CowStr<'s>>,
    Vec<CowStr<'s>>,
    Vec<(CowStr<'s>, Option<CowStr<'s>>)>,
);

/// A heading being read: where its start event is and its text so far.
struct OpenHeading {
    at: usize,
    text: String,
    /// It starts top-level section number `n`.
    starts: Option<usize>,
}

pub(super) struct Pass<'s> {
    from: &'s str,
    resolver: &'s dyn Resolver,
    out: Rendered,
    events: Vec<Event<'s>>,
    /// For each open link: when it is a page link, its marker number and
    /// its text so far.
    open_links: Vec<Option<(usize, String)>>,
    /// Target and href of each page link, by marker number.
    page_links: Vec<(usize, String)>,
    /// The open code block's language and body.
    code: Option<(String, String)>,
    heading: Option<OpenHeading>,
    image: Option<Image>,
    ids: Ids,
    notes: Footnotes,
    /// How many blocks and spans are open: a `##` starts a section only
    /// at the top level, never inside a list or a quote.
    depth: usize,
}

impl<'s> Pass<'s> {
    pub(super) fn new(src_len: usize, from: &'s str, resolver: &'s dyn Resolver) -> Self {
        Pass {
            from,
            resolver,
            out: Rendered::default(),
            events: Vec::with_capacity(src_len / 16),
            open_links: Vec::new(),
            page_links: Vec::new(),
            code: None,
            heading: None,
            image: None,
            ids: Ids::default(),
            notes: Footnotes::default(),
            depth: 0,
        }
    }

    pub(super) fn event(&mut self, event: Event<'s>, range: Range<usize>) {
        let top = self.depth == 0;
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => self.start_code(kind),
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, body)) = self.code.as_mut() {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => self.end_code(),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.start_heading(level, (id, classes, attrs), top),
            Event::End(TagEnd::Heading(level)) => self.end_heading(page_level(level)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(link_type, dest_url, title, id, range),
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => self.start_image(&dest_url, title, range),
            Event::End(TagEnd::Image) => self.end_image(),
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                raw_refs(
                    html,
                    &range,
                    self.from,
                    self.resolver,
                    &mut self.out.raw_refs,
                );
                self.events.push(event);
            }
            Event::FootnoteReference(label) => {
                let html = self.notes.reference(&label);
                self.events.push(Event::Html(html.into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.notes.open(label.into_string(), self.events.len());
            }
            Event::End(TagEnd::FootnoteDefinition) => self.notes.close(&mut self.events),
            Event::Text(ref t) | Event::Code(ref t) => {
                self.text(t);
                self.events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.out.plain.push(' ');
                self.events.push(event);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                self.out.plain.push('\n');
                self.events.push(event);
            }
            other => self.events.push(other),
        }
    }

    /// A `##` at the top level starts a section: its marker goes before
    /// the heading, so a section that is not shown takes its heading along.
    fn start_heading(
        &mut self,
        level: HeadingLevel,
        (id, classes, attrs): HeadingParts<'s>,
        top: bool,
    ) {
        let starts = (top && page_level(level) == HeadingLevel::H2).then(|| {
            self.out.sections.push(SectionHead {
                title: String::new(),
            });
            let n = self.out.sections.len();
            self.events.push(Event::Html(section_marker(n).into()));
            n
        });
        self.heading = Some(OpenHeading {
            at: self.events.len(),
            text: String::new(),
            starts,
        });
        self.events.push(Event::Start(Tag::Heading {
            level: page_level(level),
            id,
            classes,
            attrs,
        }));
    }

    fn start_code(&mut self, kind: CodeBlockKind) {
        let lang = match kind {
            CodeBlockKind::Fenced(l) => l.into_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some((lang, String::new()));
    }

    /// The code goes into the plain text as written and onto the page
    /// highlighted.
    fn end_code(&mut self) {
        if let Some((lang, body)) = self.code.take() {
            self.out.plain.push_str(&body);
            self.out.plain.push('\n');
            self.events.push(Event::Html(
                super::highlight::code_block(&lang, &body).into(),
            ));
        }
    }

    /// Give the heading its id (and alias), a TOC entry when it is an h2 or
    /// h3, and a `#` anchor link.
    fn end_heading(&mut self, level: HeadingLevel) {
        if let Some(OpenHeading { at, text, starts }) = self.heading.take() {
            if let Some(n) = starts {
                self.out.sections[n - 1].title = text.trim().to_string();
            }
            let end = self.events.len();
            let id = match &mut self.events[at] {
                Event::Start(Tag::Heading { id, .. }) => {
                    let chosen = match id {
                        Some(given) => given.to_string(),
                        None => {
                            let ours = self.ids.heading(&heading_id(&text));
                            self.ids.alias(end, &github_id(&text), &ours);
                            ours
                        }
                    };
                    *id = Some(chosen.clone().into());
                    chosen
                }
                _ => String::new(),
            };
            let section = self.out.sections.len();
            if let Some(alias) = self.ids.pending_alias(self.events.len()) {
                self.out.heading_sections.push((alias.to_string(), section));
                self.events.push(Event::Html(
                    format!("<span id=\"{alias}\" class=\"anchor-alias\"></span>").into(),
                ));
            }
            self.out.heading_sections.push((id.clone(), section));
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                self.out.toc.push(TocEntry {
                    level: level as u8,
                    id: id.clone(),
                    title: text.trim().to_string(),
                    section: self.out.sections.len(),
                });
            }
            self.events.push(Event::Html(
                format!(
                    " <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>"
                )
                .into(),
            ));
            self.ids.claim(id);
            self.out.plain.push('\n');
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// A link to another page becomes a marker, finished per portal; any
    /// other link stays a link, its target noted (asset, broken, external,
    /// `#anchor`) and an asset's URL rewritten.
    fn start_link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'s>,
        title: CowStr<'s>,
        id: CowStr<'s>,
        range: Range<usize>,
    ) {
        let dest = dest_url.to_string();
        let dest_url = match classify(&dest, self.from, self.resolver) {
            Classified::Page {
                index,
                url,
                fragment,
            } => return self.start_page_link(index, &url, fragment, range),
            Classified::Asset(path, rewritten, _) => {
                self.asset(path);
                rewritten.into()
            }
            Classified::Broken => {
                self.out.broken.push(Broken {
                    range,
                    target: dest,
                    is_image: false,
                });
                dest_url
            }
            Classified::Other => {
                if let Some(anchor) = dest.strip_prefix('#') {
                    let section = self.out.sections.len();
                    self.out
                        .local_anchors
                        .push((anchor.to_string(), range, section));
                } else if dest.starts_with("http://") || dest.starts_with("https://") {
                    self.out.external.push((dest, range));
                }
                dest_url
            }
        };
        self.open_links.push(None);
        self.events.push(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    fn start_page_link(
        &mut self,
        index: usize,
        url: &str,
        fragment: Option<String>,
        range: Range<usize>,
    ) {
        let n = self.page_links.len();
        let mut href = format!("{BODY_ROOT}{url}");
        if let Some(f) = &fragment {
            href.push('#');
            href.push_str(f);
        }
        self.page_links.push((index, href));
        self.out.links.push(PageLink {
            target: index,
            fragment,
            range,
            section: self.out.sections.len(),
        });
        self.open_links.push(Some((n, String::new())));
        self.events.push(Event::Html(open_marker(n).into()));
    }

    fn end_link(&mut self) {
        match self.open_links.pop().flatten() {
            Some((n, text)) => self.events.push(Event::Html(close_marker(n, &text).into())),
            None => self.events.push(Event::End(TagEnd::Link)),
        }
    }

    /// An image's source is classified like a link's, but a page is no
    /// image: that is broken too.
    fn start_image(&mut self, dest: &str, title: CowStr<'s>, range: Range<usize>) {
        let page_links_open = self.page_links_open();
        let (src, size) = match classify(dest, self.from, self.resolver) {
            Classified::Asset(path, rewritten, size) => {
                self.asset(path);
                (rewritten, size)
            }
            Classified::Broken | Classified::Page { .. } => {
                self.out.broken.push(Broken {
                    range: range.clone(),
                    target: dest.to_string(),
                    is_image: true,
                });
                (dest.to_string(), None)
            }
            Classified::Other => (dest.to_string(), None),
        };
        self.image = Some(Image {
            at: self.events.len(),
            range,
            src,
            title: title.into_string(),
            size,
            alt: String::new(),
            page_links_open,
        });
    }

    fn end_image(&mut self) {
        if let Some(img) = self.image.take() {
            if img.alt.trim().is_empty() {
                self.out.missing_alt.push(MissingAlt {
                    range: img.range.clone(),
                });
            }
            // The alt text went into the attribute, not the page.
            self.events.truncate(img.at);
            self.events.push(Event::Html(img.html().into()));
        }
    }

    /// Text reaches the heading being read, the innermost page link's
    /// text, an image's alt and the plain text, each as far as it is
    /// shared by every portal.
    fn text(&mut self, t: &str) {
        // Page-link text stays out of heading ids and the TOC: the
        // target may be hidden in some portal, and ids are shared.
        let open = self.page_links_open();
        let in_page_link = open > 0;
        if let (Some(h), false) = (self.heading.as_mut(), in_page_link) {
            h.text.push_str(t);
        }
        if let Some((_, text)) = self.open_links.iter_mut().rev().find_map(Option::as_mut) {
            text.push_str(t);
        }
        // Nor in alt text or the plain text (search, summaries):
        // those are shared by every portal too.
        if let Some(img) = self.image.as_mut()
            && open == img.page_links_open
        {
            img.alt.push_str(t);
        }
        if !in_page_link {
            self.out.plain.push_str(t);
        }
    }

    fn asset(&mut self, path: String) {
        let section = self.out.sections.len();
        self.out.assets.push(AssetRef { path, section });
    }

    /// How many of the open links are page links.
    fn page_links_open(&self) -> usize {
        self.open_links.iter().filter(|l| l.is_some()).count()
    }

    /// Footnotes gathered, aliases settled, HTML written and cut at the
    /// page links.
    pub(super) fn finish(self, src_len: usize) -> Rendered {
        let Pass {
            mut out,
            mut events,
            ids,
            mut notes,
            page_links,
            ..
        } = self;
        notes.finish(&mut events);
        out.anchors = ids.finish(&mut events, notes.ids());
        let mut html = String::with_capacity(src_len * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        out.parts = split_parts(&html, &page_links);
        out
    }
}

/// The page title is the only h1.
fn page_level(level: HeadingLevel) -> HeadingLevel {
    level.max(HeadingLevel::H2)
}
