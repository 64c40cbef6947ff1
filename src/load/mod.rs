//! The loaded kit: config, items with bodies rendered once, partners, and
//! assets. [`load`] reads the folder (the I/O edge), checks everything it
//! can, and returns an immutable [`Kit`] or every problem it found.

pub mod dimensions;
pub mod theme;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Location, Report};
use crate::markdown::{self, Resolver, Target};
use crate::model::config::Config;
use crate::model::content::{self, Draft, Item};
use crate::model::kind::Kind;
use crate::model::kit::Kit;
use crate::model::partners::{self, Partner};
use crate::paths::{percent_decode, resolve_relative, to_slash};

/// Read a file as UTF-8, or explain where it is not.
pub fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(
            Diagnostic::error("E0010", format!("cannot read file: {e}"))
                .at(Location::file(path))
                .hint("check that the file exists and is readable"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Box::new(
            Diagnostic::error("E0011", "file is not valid UTF-8")
                .at(Location::at_line_col(path, &prefix, line, column, 1))
                .label("invalid byte here")
                .hint("save the file as UTF-8 (most editors: \"Save with encoding\")"),
        )
    })?;
    // Editors on Windows start UTF-8 files with a byte-order mark.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

struct Index<'a> {
    by_rel: HashMap<&'a str, usize>,
    urls: Vec<String>,
    assets: &'a BTreeMap<String, PathBuf>,
}

impl Resolver for Index<'_> {
    fn resolve(&self, target: &str) -> Target {
        if let Some(&index) = self.by_rel.get(target) {
            return Target::Item {
                index,
                url: self.urls[index].clone(),
            };
        }
        if let Some(file) = self.assets.get(target) {
            return Target::Asset {
                path: target.to_string(),
                size: crate::load::dimensions::of_file(file),
            };
        }
        Target::Missing
    }
}

/// Parsed and rendered content kept between loads by the dev server. A file
/// whose size and modification time are unchanged is neither read nor
/// parsed again, and its markdown is not rendered again while every page it
/// links to still exists at the same URL.
#[derive(Default)]
pub struct Cache {
    inner: Mutex<CacheInner>,
    /// Files read and parsed since the cache was made.
    parses: std::sync::atomic::AtomicUsize,
}

#[derive(Default)]
struct CacheInner {
    /// `kit.yaml`'s text: parsing depends on it, so a change clears the cache.
    config: String,
    files: HashMap<PathBuf, Cached>,
}

type Parsed = Result<(Draft, Vec<Diagnostic>), Vec<Diagnostic>>;
/// A rendered body with the (rel, url) of every item it links to.
type PriorRender = (Arc<markdown::Rendered>, Vec<(String, String)>);

struct Cached {
    stamp: (u64, Option<SystemTime>),
    parsed: Parsed,
    /// The rendered body, with (rel, url) of every item it links to.
    rendered: Option<PriorRender>,
}

impl Cache {
    /// How many content files were read and parsed since the cache was made.
    pub fn parses(&self) -> usize {
        self.parses.load(std::sync::atomic::Ordering::Relaxed)
    }
}

fn stamp_of(meta: Option<std::fs::Metadata>) -> (u64, Option<SystemTime>) {
    meta.map_or((u64::MAX, None), |m| (m.len(), m.modified().ok()))
}

/// kit.yaml's `favicon`: a file inside the kit, of a type browsers take.
fn favicon(root: &Path, config: &Config, report: &mut Report) -> Option<PathBuf> {
    let rel = config.favicon.as_deref()?;
    let located = || {
        let path = root.join("kit.yaml");
        let text = read_text(&path).unwrap_or_default();
        crate::yaml::Doc::whole(&path, &text).key_location("favicon")
    };
    let kind = Path::new(rel)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(kind.as_deref(), Some("svg" | "png" | "ico")) {
        report.push(
            Diagnostic::error(
                "E0009",
                format!("favicon `{rel}` is not an .svg, .png or .ico file"),
            )
            .at(located())
            .hint("browsers take SVG, PNG and ICO icons; a 32×32 PNG or an SVG is safest"),
        );
        return None;
    }
    match crate::paths::inside_kit(root, root, rel) {
        Ok(path) => Some(path),
        Err(why) => {
            report.push(
                Diagnostic::error("E0009", format!("favicon `{rel}` {}", why.describe()))
                    .at(located())
                    .hint("the path is relative to the kit folder, and the file must be inside it"),
            );
            None
        }
    }
}

/// A symlink under `content/` is followed when it leads to a file inside
/// the kit; anything else is reported, never skipped without a word.
fn followed_link(root: &Path, link: &Path) -> Result<(), Box<Diagnostic>> {
    let base = link.parent().unwrap_or(root);
    let name = link
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match crate::paths::inside_kit(root, base, &name) {
        Ok(_) => Ok(()),
        Err(why) if link.is_dir() => Err(Box::new(
            Diagnostic::error("E0012", "a symlinked folder is not read")
                .at(Location::file(link))
                .hint(format!(
                    "it {}; move or copy the folder into the kit instead of linking it",
                    match why {
                        crate::paths::Outside::Escapes => "leads outside the kit",
                        _ => "is a link",
                    }
                )),
        )),
        Err(why) => Err(Box::new(
            Diagnostic::error("E0012", format!("symlink `{name}` {}", why.describe()))
                .at(Location::file(link))
                .hint("a kit publishes only files inside its own folder: copy the file here instead of linking to it"),
        )),
    }
}

/// The one message for "there is no kit here", whichever command meets it.
pub fn require_kit(root: &Path) -> Result<(), Box<Diagnostic>> {
    if root.join("kit.yaml").is_file() {
        return Ok(());
    }
    let shown = match root.as_os_str().is_empty() || root == Path::new(".") {
        true => "this folder".to_string(),
        false => format!("`{}`", root.display()),
    };
    Err(Box::new(
        Diagnostic::error("E0000", format!("no kit here: {shown} has no kit.yaml"))
            .hint("run enablekit in a kit folder, pass `--root DIR`, or create a kit with `enablekit init DIR`"),
    ))
}

/// Load and check the kit at `root`.
pub fn load(root: &Path) -> Result<(Kit, Report), Report> {
    load_cached(root, None)
}

/// [`load`], reusing and refreshing `cache` when given.
pub fn load_cached(root: &Path, cache: Option<&Cache>) -> Result<(Kit, Report), Report> {
    let mut report = Report::default();
    let config_path = root.join("kit.yaml");
    let config_text = read_text(&config_path).map_err(|d| vec![*d]);
    if let (Some(cache), Ok(text)) = (cache, &config_text)
        && let Ok(mut inner) = cache.inner.lock()
        && inner.config != *text
    {
        inner.config = text.clone();
        inner.files.clear();
    }
    let config = match config_text.and_then(|t| Config::parse(&config_path, &t)) {
        Ok((c, w)) => {
            report.extend(w);
            c
        }
        Err(ds) => {
            report.extend(ds);
            return Err(report);
        }
    };

    let favicon = favicon(root, &config, &mut report);
    let content_dir = root.join("content");
    let mut md_files = Vec::new();
    let mut assets = BTreeMap::new();
    // A symlinked content/ folder would let the walk publish anything.
    if content_dir.is_symlink() {
        report.push(
            Diagnostic::error("E0012", "content/ is a symlink")
                .at(Location::file(&content_dir))
                .hint(
                    "a kit publishes only files inside its own folder: make content/ a real folder",
                ),
        );
        return Err(report);
    }
    if content_dir.is_dir() {
        let walk = WalkDir::new(&content_dir)
            .follow_root_links(false)
            .sort_by_file_name()
            .into_iter()
            // Hidden folders (.git, editor state) are not content.
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    report.push(
                        Diagnostic::error("E0010", format!("cannot read content folder: {e}"))
                            .at(Location::file(e.path().unwrap_or(&content_dir))),
                    );
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            if entry.file_type().is_symlink()
                && let Err(d) = followed_link(root, entry.path())
            {
                report.push(*d);
                continue;
            }
            if !entry.path().is_file() {
                continue;
            }
            let rel = to_slash(
                entry
                    .path()
                    .strip_prefix(&content_dir)
                    .unwrap_or(entry.path()),
            );
            if !rel.contains('/') {
                report.push(
                    Diagnostic::warning("W0101", "file outside any collection is ignored")
                        .at(Location::file(entry.path()))
                        .hint("move it into a collection folder such as `content/one-pagers/`"),
                );
            } else if name.ends_with(".md") {
                let stamp = stamp_of(entry.metadata().ok());
                md_files.push((entry.path().to_path_buf(), rel, stamp));
            } else {
                assets.insert(rel, entry.path().to_path_buf());
            }
        }
    }

    let mut previous: HashMap<PathBuf, Cached> = cache
        .and_then(|c| {
            c.inner
                .lock()
                .ok()
                .map(|mut i| std::mem::take(&mut i.files))
        })
        .unwrap_or_default();
    let reused: Vec<Option<Cached>> = md_files
        .iter()
        .map(|(path, _, stamp)| previous.remove(path).filter(|c| c.stamp == *stamp))
        .collect();
    let parsed: Vec<(Parsed, Option<PriorRender>)> = md_files
        .par_iter()
        .zip(reused)
        .map(|((path, rel, _), cached)| match cached {
            Some(c) => (c.parsed, c.rendered),
            None => {
                if let Some(c) = cache {
                    c.parses.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                let parsed = read_text(path)
                    .map_err(|d| vec![*d])
                    .and_then(|text| content::parse(path, rel, text, &config));
                (parsed, None)
            }
        })
        .collect();
    let mut drafts: Vec<Draft> = Vec::new();
    let mut prior_render: HashMap<String, PriorRender> = HashMap::new();
    let mut next_cache: HashMap<PathBuf, Cached> = HashMap::new();
    // Files that exist but are not pages (broken, or drafts): links to them
    // get their own message, not "does not exist".
    let mut unpublished: HashMap<String, &'static str> = HashMap::new();
    for ((path, rel, stamp), (r, rendered)) in md_files.iter().zip(parsed) {
        if cache.is_some() {
            if let Some(rendered) = rendered {
                prior_render.insert(rel.clone(), rendered);
            }
            next_cache.insert(
                path.clone(),
                Cached {
                    stamp: *stamp,
                    parsed: r.clone(),
                    rendered: None,
                },
            );
        }
        match r {
            Ok((d, w)) => {
                report.extend(w);
                if d.front.draft {
                    unpublished.insert(rel.clone(), "draft");
                } else {
                    drafts.push(d);
                }
            }
            Err(ds) => {
                unpublished.insert(rel.clone(), "broken");
                report.extend(ds);
            }
        }
    }

    let partners = load_partners(root, &config, &mut report);

    let order: HashMap<&str, usize> = config
        .collections
        .iter()
        .enumerate()
        .map(|(i, c)| (c.dir.as_str(), i))
        .collect();
    drafts.sort_by(|a, b| {
        (
            order.get(a.collection.as_str()),
            a.front.weight.unwrap_or(i64::MAX),
            &a.title,
            &a.slug,
        )
            .cmp(&(
                order.get(b.collection.as_str()),
                b.front.weight.unwrap_or(i64::MAX),
                &b.title,
                &b.slug,
            ))
    });
    check_duplicate_slugs(&drafts, &mut report);

    let index = Index {
        by_rel: drafts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.rel.as_str(), i))
            .collect(),
        urls: drafts
            .iter()
            .map(|d| format!("{}/{}/", d.collection, d.slug))
            .collect(),
        assets: &assets,
    };
    let bodies: Vec<Arc<markdown::Rendered>> = drafts
        .par_iter()
        .map(|d| {
            reuse_render(prior_render.get(&d.rel), &index)
                .unwrap_or_else(|| Arc::new(markdown::render(d.body(), &d.rel, &index)))
        })
        .collect();
    if let Some(cache) = cache {
        for (d, body) in drafts.iter().zip(&bodies) {
            if let Some(entry) = next_cache.get_mut(&d.path) {
                let targets = body
                    .links
                    .iter()
                    .map(|l| (drafts[l.target].rel.clone(), index.urls[l.target].clone()))
                    .collect();
                entry.rendered = Some((Arc::clone(body), targets));
            }
        }
        if let Ok(mut inner) = cache.inner.lock() {
            inner.files = next_cache;
        }
    }

    let by_slug = |collection_kind: Option<Kind>, reference: &str| -> Result<usize, Vec<usize>> {
        let (coll, slug) = match reference.split_once('/') {
            Some((c, s)) => (Some(c), s),
            None => (None, reference),
        };
        let hits: Vec<usize> = drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.slug == slug
                    && coll.is_none_or(|c| c == d.collection)
                    && collection_kind.is_none_or(|k| k == d.kind)
            })
            .map(|(i, _)| i)
            .collect();
        match hits.as_slice() {
            [one] => Ok(*one),
            _ => Err(hits),
        }
    };

    for (draft, body) in drafts.iter().zip(&bodies) {
        let at = |range: &std::ops::Range<usize>| {
            Location::at_offset(
                &draft.path,
                &draft.text,
                draft.body_offset + range.start,
                range.len(),
            )
        };
        let targets = body
            .links
            .iter()
            .filter_map(|l| Some((l.fragment.as_ref()?, l.target, &l.range)))
            .chain(body.local_anchors.iter().map(|(a, r)| (a, usize::MAX, r)));
        for (fragment, target, range) in targets {
            let (anchors, page) = match target {
                usize::MAX => (&body.anchors, "this page"),
                t => (&bodies[t].anchors, drafts[t].title.as_str()),
            };
            if !anchors.contains(fragment) {
                let names: Vec<&str> = anchors.iter().map(String::as_str).collect();
                let d =
                    Diagnostic::error("E0123", format!("`#{fragment}` is not a heading of {page}"))
                        .at(at(range))
                        .label("no heading with this id");
                report.push(match crate::yaml::did_you_mean(fragment, &names) {
                    Some(s) => d.hint(format!("did you mean `#{s}`?")),
                    None if names.is_empty() => {
                        d.hint("the page has no headings to link to; drop the `#…` part")
                    }
                    None => d.hint(format!(
                        "headings there: {}",
                        names
                            .iter()
                            .map(|n| format!("#{n}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                });
            }
        }
    }

    let mut items = Vec::with_capacity(drafts.len());
    for (draft, body) in drafts.iter().zip(bodies) {
        let body_at = |range: &std::ops::Range<usize>| {
            Location::at_offset(
                &draft.path,
                &draft.text,
                draft.body_offset + range.start,
                range.len(),
            )
        };
        for r in &body.raw_refs {
            let (what, instead) = match r.is_image {
                true => ("an image", format!("![what it shows]({})", r.target)),
                false => ("a page or file", format!("[link text]({})", r.target)),
            };
            report.push(
                Diagnostic::error("E0125", format!("raw HTML names {what} of the kit: `{}`", r.target))
                    .at(body_at(&r.range))
                    .label("not checked, gated or copied")
                    .hint(format!(
                        "write it in markdown, `{instead}`, so each portal links it only when it may show it"
                    )),
            );
        }
        for b in &body.broken {
            let target = b.target.split(['#', '?']).next().unwrap_or(&b.target);
            let resolved = resolve_relative(Path::new(&draft.rel), &percent_decode(target))
                .map(|p| to_slash(&p));
            let d = match resolved.as_deref().and_then(|r| unpublished.get(r)) {
                // Its own error is reported; this link is fine once it is fixed.
                Some(&"broken") => continue,
                Some(_) => Diagnostic::error("E0124", format!("link target `{}` is a draft", b.target))
                    .at(body_at(&b.range))
                    .label("drafts are not published")
                    .hint("publish it (remove `draft: true`) or remove the link until it is"),
                None if b.is_image => Diagnostic::error("E0120", format!("image `{}` does not exist", b.target))
                    .at(body_at(&b.range))
                    .label("no such file under content/")
                    .hint("image paths are relative to the page's file, e.g. `images/chart.svg` next to it"),
                None => Diagnostic::error("E0120", format!("link target `{}` does not exist", b.target))
                    .at(body_at(&b.range))
                    .label("no such file under content/")
                    .hint("links between pages are relative paths to .md files, e.g. `../case-studies/acme.md`"),
            };
            report.push(d);
        }
        for m in &body.missing_alt {
            report.push(
                Diagnostic::warning("W0120", "image without alt text")
                    .at(body_at(&m.range))
                    .hint(
                        "describe the image: `![Chart of incidents before and after](chart.svg)`",
                    ),
            );
        }
        let mut proof = Vec::new();
        for reference in &draft.front.proof {
            match by_slug(Some(Kind::CaseStudy), reference) {
                Ok(i) => proof.push(i),
                Err(_) => report.push(
                    Diagnostic::error(
                        "E0121",
                        format!("proof `{reference}` is not a case study of this kit"),
                    )
                    .at(draft.doc().value_location("proof", reference))
                    .hint(reference_hint(
                        reference,
                        &drafts,
                        Some(Kind::CaseStudy),
                        "`proof` lists case-study slugs",
                    )),
                ),
            }
        }
        for slug in draft.visibility.partners.iter().flatten() {
            if !partners.iter().any(|p| &p.slug == slug) {
                let names: Vec<&str> = partners.iter().map(|p| p.slug.as_str()).collect();
                let d = Diagnostic::error(
                    "E0122",
                    format!("`partners` names `{slug}`, which has no profile"),
                )
                .at(draft.doc().value_location("partners", slug));
                report.push(match crate::yaml::did_you_mean(slug, &names) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint("partner slugs are the file names in partners/ without .yaml"),
                });
            }
        }
        items.push(Item {
            collection: draft.collection.clone(),
            kind: draft.kind,
            slug: draft.slug.clone(),
            rel: draft.rel.clone(),
            path: draft.path.clone(),
            title: draft.title.clone(),
            front: draft.front.clone(),
            visibility: draft.visibility.clone(),
            review_by: draft.review_by,
            body,
            body_offset: draft.body_offset,
            proof,
        });
    }

    let mut featured = Vec::new();
    for p in &partners {
        let mut list = Vec::new();
        for reference in &p.featured {
            match by_slug(None, reference) {
                Ok(i) => list.push(i),
                Err(hits) => {
                    let (why, hint) = match hits.is_empty() {
                        true => (
                            "is not an item of this kit",
                            reference_hint(reference, &drafts, None, SLUG_HINT),
                        ),
                        false => ("matches several items", SLUG_HINT.to_string()),
                    };
                    report.push(
                        Diagnostic::error("E0209", format!("featured item `{reference}` {why}"))
                            .at(p.doc().value_location("featured", reference))
                            .hint(hint),
                    )
                }
            }
        }
        hidden_featured(p, &list, &items, &config, &mut report);
        featured.push(list);
    }

    let mut start_here = Vec::new();
    for step in &config.start_here {
        match by_slug(None, &step.item) {
            Ok(i) => start_here.push((i, step.learn.clone())),
            Err(_) => {
                let text = read_text(&config_path).unwrap_or_default();
                let doc = crate::yaml::Doc::whole(&config_path, &text);
                report.push(
                    Diagnostic::error(
                        "E0008",
                        format!(
                            "start_here names `{}`, which is not an item of this kit",
                            step.item
                        ),
                    )
                    .at(doc.value_location("start_here", &step.item))
                    .hint(reference_hint(&step.item, &drafts, None, SLUG_HINT)),
                );
            }
        }
    }

    if report.has_errors() {
        return Err(report);
    }
    Ok((
        Kit {
            root: root.to_path_buf(),
            config,
            items,
            start_here,
            partners,
            featured,
            assets,
            favicon,
        },
        report,
    ))
}

const SLUG_HINT: &str = "name items by slug, or `collection/slug` when slugs repeat";

/// "did you mean" for a reference to an item: the slug the words would
/// make (`Q3 Pricing FAQ` → `q3-pricing-faq`), else the closest slug.
fn reference_hint(
    reference: &str,
    drafts: &[Draft],
    kind: Option<Kind>,
    otherwise: &str,
) -> String {
    let slug = reference.rsplit('/').next().unwrap_or(reference);
    let slugs: Vec<&str> = drafts
        .iter()
        .filter(|d| kind.is_none_or(|k| k == d.kind))
        .map(|d| d.slug.as_str())
        .collect();
    let made = crate::paths::slugify(slug);
    let by_title = drafts
        .iter()
        .filter(|d| kind.is_none_or(|k| k == d.kind))
        .find(|d| crate::paths::slugify(&d.title) == made)
        .map(|d| d.slug.as_str());
    let guess = slugs
        .iter()
        .find(|s| **s == made)
        .copied()
        .or(by_title)
        .or_else(|| crate::yaml::did_you_mean(slug, &slugs));
    match guess {
        Some(s) => format!("did you mean `{s}`?"),
        None => otherwise.to_string(),
    }
}

/// A featured item its partner cannot see would vanish from the home page
/// without a word: say so, and why.
fn hidden_featured(
    partner: &Partner,
    featured: &[usize],
    items: &[Item],
    config: &Config,
    report: &mut Report,
) {
    let who = partners::Audience::Partner(partner);
    for &i in featured {
        let item = &items[i];
        if let Some(why) = who.hidden_by(&item.visibility, config) {
            report.push(
                Diagnostic::warning(
                    "W0202",
                    format!(
                        "`{}` features `{}`, which its portal does not show",
                        partner.slug, item.slug
                    ),
                )
                .at(partner.doc().value_location("featured", &item.slug))
                .label(why.explain(&item.visibility, partner))
                .hint("remove it from `featured`, or widen the item's visibility"),
            );
        }
    }
}

/// A previous render is still right when it had no broken links and every
/// page it links to exists at the same URL (only item numbers may change).
fn reuse_render(prior: Option<&PriorRender>, index: &Index<'_>) -> Option<Arc<markdown::Rendered>> {
    let (rendered, targets) = prior?;
    if !rendered.broken.is_empty() || !rendered.assets.iter().all(|a| index.assets.contains_key(a))
    {
        return None;
    }
    let mut renumber = HashMap::new();
    for (link, (rel, url)) in rendered.links.iter().zip(targets) {
        let now = *index.by_rel.get(rel.as_str())?;
        if index.urls[now] != *url {
            return None;
        }
        renumber.insert(link.target, now);
    }
    // Shared as it is unless items were renumbered (an edit that re-sorted).
    if renumber.iter().all(|(old, new)| old == new) {
        return Some(Arc::clone(rendered));
    }
    let mut body = markdown::Rendered::clone(rendered);
    body.remap_targets(|old| renumber.get(&old).copied().unwrap_or(old));
    Some(Arc::new(body))
}

fn load_partners(root: &Path, config: &Config, report: &mut Report) -> Vec<Partner> {
    let dir = root.join("partners");
    let mut partners: Vec<Partner> = Vec::new();
    if !dir.is_dir() {
        return partners;
    }
    for entry in WalkDir::new(&dir)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if !entry.file_type().is_file() || !is_yaml {
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = read_text(path)
            .map_err(|d| vec![*d])
            .and_then(|t| partners::parse(path, &stem, t, config));
        match parsed {
            Ok((mut p, w)) => {
                p.logo_size = p.logo.as_deref().and_then(dimensions::of_file);
                report.extend(w);
                if let Some(first) = partners.iter().find(|o| o.slug == p.slug) {
                    let loc = if p.doc().top_level_keys().iter().any(|(k, _)| *k == "slug") {
                        p.doc().key_location("slug")
                    } else {
                        Location::at_offset(&p.path, &p.text, 0, 1)
                    };
                    report.push(
                        Diagnostic::error(
                            "E0210",
                            format!("two partner profiles have the slug `{}`", p.slug),
                        )
                        .at(loc)
                        .hint(format!(
                            "the other is {}; give each partner its own slug",
                            first.path.display()
                        )),
                    );
                } else {
                    partners.push(p);
                }
            }
            Err(ds) => report.extend(ds),
        }
    }
    partners.sort_by(|a, b| a.slug.cmp(&b.slug));
    partners
}

fn check_duplicate_slugs(drafts: &[Draft], report: &mut Report) {
    let mut seen: HashMap<(&str, &str), &Draft> = HashMap::new();
    for d in drafts {
        if let Some(first) = seen.insert((&d.collection, &d.slug), d) {
            // Point at whichever file sets the slug explicitly: that is the
            // line to change.
            let (at, other) = if d.front.slug.is_none() && first.front.slug.is_some() {
                (first, d)
            } else {
                (d, first)
            };
            let loc = if at.front.slug.is_some() {
                at.doc().key_location("slug")
            } else {
                Location::at_offset(&at.path, &at.text, 0, 1)
            };
            let d = at;
            let first = other;
            report.push(
                Diagnostic::error(
                    "E0111",
                    format!("two items in `{}` have the slug `{}`", d.collection, d.slug),
                )
                .at(loc)
                .hint(format!(
                    "{} has it too; rename one file or set a different `slug:`",
                    first.path.display()
                )),
            );
        }
    }
}
