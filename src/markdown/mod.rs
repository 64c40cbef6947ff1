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
//! It owns the result's types and API; one render's steps live in `pass`
//! (the event walk), `anchors` (heading ids), `footnotes`, `links` (what a
//! target is) and `parts` (the page-link markers).

mod anchors;
mod footnotes;
pub mod highlight;
mod links;
mod parts;
mod pass;
mod values;

use pulldown_cmark::{Options, Parser};

pub use anchors::{github_id, heading_id};
pub use values::ValueRef;

/// The sections a page's parts fall in: `(section, part)` for every part.
pub fn in_sections(parts: &[Part]) -> impl Iterator<Item = (usize, &Part)> {
    parts.iter().scan(0, |section, part| {
        if let Part::Section(n) = part {
            *section = *n;
        }
        Some((*section, part))
    })
}

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
    /// Value number `n` of [`Rendered::values`], filled per portal.
    Value(usize),
    /// Top-level section `n` (from 1; 0 is what precedes the first `##`)
    /// starts here: a page may show some sections to some readers only.
    Section(usize),
}

/// A top-level `##` heading, which starts a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionHead {
    pub title: String,
}

/// A file the page uses, and the section it stands in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRef {
    /// Relative to `content/`.
    pub path: String,
    pub section: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    /// The section the heading is in.
    #[serde(skip)]
    pub section: usize,
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
    /// The section the link stands in.
    pub section: usize,
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
    /// Links to `#anchors` on the same page, with the section they stand in.
    pub local_anchors: Vec<(String, std::ops::Range<usize>, usize)>,
    /// Each heading's id (and its GitHub-style alias) with its section: a
    /// link into a gated section would show the heading's words as an id.
    pub heading_sections: Vec<(String, usize)>,
    /// Files the page uses.
    pub assets: Vec<AssetRef>,
    /// Top-level sections, in order: section `n` is `sections[n - 1]`.
    pub sections: Vec<SectionHead>,
    pub broken: Vec<Broken>,
    /// `href`/`src` in raw HTML that name a page or file of the kit: they
    /// bypass per-portal gating and asset copying, so `kit` refuses them.
    pub raw_refs: Vec<Broken>,
    pub missing_alt: Vec<MissingAlt>,
    /// The text without markup, for search and summaries.
    pub plain: String,
    /// `{{ … }}` values in prose, by the number their [`Part::Value`] carries.
    pub values: Vec<ValueRef>,
    /// Values where they may not stand (headings, links, images).
    pub misplaced_values: Vec<ValueRef>,
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
    /// would name the hidden page (`names_hidden`), a neutral phrase; each
    /// value is written by `value` (as HTML).
    pub fn assemble(
        &self,
        visible: impl Fn(usize) -> bool,
        names_hidden: impl Fn(usize, &str) -> bool,
        value: impl Fn(usize, &mut String),
    ) -> String {
        self.assemble_sections(visible, names_hidden, value, |_| true)
    }

    /// [`Rendered::assemble`] of the sections `shows(n)` keeps only.
    pub fn assemble_sections(
        &self,
        visible: impl Fn(usize) -> bool,
        names_hidden: impl Fn(usize, &str) -> bool,
        value: impl Fn(usize, &mut String),
        shows: impl Fn(usize) -> bool,
    ) -> String {
        let cap = self
            .parts
            .iter()
            .map(|p| match p {
                Part::Html(h) => h.len(),
                Part::Link {
                    inner_html, href, ..
                } => inner_html.len() + href.len() + 20,
                Part::Value(_) => 16,
                Part::Section(_) => 0,
            })
            .sum();
        let mut out = String::with_capacity(cap);
        for (section, part) in in_sections(&self.parts) {
            if !shows(section) {
                continue;
            }
            match part {
                Part::Section(_) => {}
                Part::Html(h) => out.push_str(h),
                Part::Value(n) => value(*n, &mut out),
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

/// Render `src` (a page body) for the page at `from` (its path relative to
/// `content/`, forward slashes).
pub fn render(src: &str, from: &str, resolver: &dyn Resolver) -> Rendered {
    let src = parts::scrub(src);
    let src = src.as_ref();
    match values::mark(src) {
        None => render_marked(src, from, resolver),
        Some(marked) => {
            let mut out = render_marked(&marked.src, from, resolver);
            marked.restore(&mut out);
            out
        }
    }
}

/// Prose outside pages (a partner profile's fields): nothing in it is
/// resolved as a page or file of the kit.
pub fn render_prose(src: &str) -> Rendered {
    struct NoPages;
    impl Resolver for NoPages {
        fn resolve(&self, _: &str) -> Target {
            Target::Missing
        }
    }
    render(src, "partners/profile.md", &NoPages)
}

/// One render of markdown whose values (if any) are markers already.
fn render_marked(src: &str, from: &str, resolver: &dyn Resolver) -> Rendered {
    let mut pass = pass::Pass::new(src.len(), from, resolver);
    for (event, range) in Parser::new_ext(src, options()).into_offset_iter() {
        pass.event(event, range);
    }
    pass.finish(src.len())
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
        r.assemble(|_| true, |_, _| false, |_, _| {})
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
        let hidden = r.assemble(|_| false, |_, _| false, |_, _| {});
        assert_eq!(
            hidden,
            "<p>See <span class=\"restricted-link\">the <em>Acme</em> story</span>.</p>\n"
        );
        let named = r.assemble(|_| false, |_, text| text.contains("Acme"), |_, _| {});
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
        assert_eq!(
            r.assets,
            [AssetRef {
                path: "objections/img/chart.svg".into(),
                section: 0
            }]
        );
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
    fn a_forged_section_marker_cuts_nothing() {
        for forged in [
            "\u{FDD5}0\u{FDD6}",
            "&#xFDD5;0&#xFDD6;",
            "&#64981;0&#64982;",
            "\u{FDD0}",
        ] {
            let src = format!(
                "Intro.\n\n## Gated\n\nSecret {forged} still secret.\n\n## Open\n\nOpen.\n"
            );
            let r = render(&src, "a/b.md", &Fake);
            let shown = r.assemble_sections(|_| true, |_, _| false, |_, _| {}, |n| n != 1);
            assert!(!shown.contains("secret"), "{forged}: {shown}");
            assert!(shown.contains("Open."), "{forged}: {shown}");
        }
    }

    #[test]
    fn user_text_is_escaped() {
        let out = html(&render("a < b & \"c\"", "a/b.md", &Fake));
        assert!(out.contains("a &lt; b &amp;"));
    }
}
