//! The loaded kit: config, items with bodies rendered once, partners, and
//! assets. [`load`] reads the folder (the I/O edge), checks everything it
//! can, and returns an immutable [`Kit`] or every problem it found. This
//! module is only the pipeline; each step is a submodule named for what it
//! does, and nothing here renders portals or writes output.

mod bodies;
mod cache;
mod data;
pub mod dimensions;
mod files;
pub mod history;
mod items;
mod partners;
mod resolve;
pub mod theme;
mod translations;
mod values;
mod walk;

use std::path::Path;

use crate::diagnostics::Report;
use crate::model::config::Config;
use crate::model::kit::Kit;

pub use cache::Cache;
pub use files::{read_text, require_kit};

/// What a load includes beyond what a release publishes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Keep `draft: true` pages (a preview for reviewers; never a release).
    pub drafts: bool,
}

/// Load and check the kit at `root`.
pub fn load(root: &Path, opts: Options) -> Result<(Kit, Report), Report> {
    load_cached(root, None, opts)
}

/// kit.yaml and the partner profiles only: who the kit names, for the
/// host's access control, without reading any content.
pub fn profiles(root: &Path) -> Result<(Config, Vec<crate::model::partners::Partner>), Report> {
    let mut report = Report::default();
    let Some(config) = config(root, None, &mut report) else {
        return Err(report);
    };
    let partners = partners::load(root, &config, &mut report);
    if report.has_errors() {
        return Err(report);
    }
    Ok((config, partners))
}

/// [`load`], reusing and refreshing `cache` when given: walk → parse
/// (cached) → order → render bodies (cached) → check bodies and resolve
/// references → assemble the [`Kit`].
pub fn load_cached(
    root: &Path,
    cache: Option<&Cache>,
    opts: Options,
) -> Result<(Kit, Report), Report> {
    let mut report = Report::default();
    let Some(config) = config(root, cache, &mut report) else {
        return Err(report);
    };
    let favicon = files::favicon(root, &config, &mut report);
    let Some(content) = walk::content(root, &mut report) else {
        return Err(report);
    };
    let (parsed, pass) = cache::parse(&content.pages, &config, cache);
    let (mut drafts, unpublished) = items::published(&content.pages, parsed, opts, &mut report);
    let translated = translations::split(&mut drafts, &unpublished, &mut report);
    let partners = partners::load(root, &config, &mut report);
    let data = data::files(root, &mut report);
    let figures = data::figures(root, &config, &data, &partners, &mut report);
    items::sort(&mut drafts, &config);
    items::check_duplicate_slugs(&drafts, &mut report);
    items::check_briefs(&drafts, &config, &mut report);
    let originals = drafts.len();
    drafts.extend(translated);

    let index = resolve::Index::with_translations(&drafts, originals, &content.assets);
    let rendered = pass.render(&drafts, &index);
    pass.keep(&drafts, &rendered, &index);
    let landings = translations::Landings::new(&drafts[originals..], &index);
    bodies::check_anchors(&drafts, &rendered, &landings, &mut report);
    bodies::check_gated_anchors(&drafts, &rendered, &mut report);
    let cx = values::Context {
        config: &config,
        data: &data,
        partners: &partners,
    };
    values::profiles(&cx, &mut report);
    values::first_win_plan(&cx, root, &mut report);
    let mut items = items_of(&drafts, rendered, (&cx, &index, &unpublished), &mut report);
    let translated: Vec<(usize, _)> = drafts[originals..]
        .iter()
        .zip(items.split_off(originals))
        .filter_map(|(d, item)| Some((index.position(&d.translation.as_ref()?.original)?, item)))
        .collect();
    let featured = resolve::featured(&partners, &items, &index, &config, &mut report);
    let start_here = resolve::start_here(root, &config, &index, &mut report);

    if report.has_errors() {
        return Err(report);
    }
    let kit = Kit {
        root: root.to_path_buf(),
        translations: translations::by_language(&config, &items, translated),
        config,
        items,
        start_here,
        partners,
        featured,
        assets: content.assets,
        favicon,
        data,
        figures,
    };
    Ok((kit, report))
}

/// Every draft's [`Item`](crate::model::content::Item), in order: its
/// body checked, references resolved, values filled, sections' rules.
fn items_of(
    drafts: &[crate::model::content::Draft],
    rendered: Vec<std::sync::Arc<crate::markdown::Rendered>>,
    (cx, index, unpublished): (
        &values::Context<'_>,
        &resolve::Index<'_>,
        &std::collections::HashMap<String, items::Unpublished>,
    ),
    report: &mut Report,
) -> Vec<crate::model::content::Item> {
    let (config, partners) = (cx.config, cx.partners);
    let lang = config.default_language();
    let mut items = Vec::with_capacity(drafts.len());
    for (draft, body) in drafts.iter().zip(rendered) {
        let sections = section_rules(draft, &body, (&items, index), config, report);
        bodies::check_body(draft, &body, unpublished, report);
        let proof = resolve::proof(draft, index, report);
        let study = resolve::study(draft, index, (partners, config), report);
        resolve::check_partner_names(draft, partners, report);
        let filled = values::page(cx, draft, &body, report);
        items.push(items::item(
            (draft, lang),
            body,
            (proof, study),
            (filled, sections),
        ));
    }
    items
}

/// Per top-level section of a page, the rule it adds: its own `sections:`,
/// or for a translation its original's (already among `items`) by position.
fn section_rules(
    draft: &crate::model::content::Draft,
    body: &crate::markdown::Rendered,
    (items, index): (&[crate::model::content::Item], &resolve::Index<'_>),
    config: &Config,
    report: &mut Report,
) -> Vec<Option<crate::model::content::Visibility>> {
    let has_notes = body.anchors.iter().any(|a| a.starts_with("fn:"));
    let original = draft
        .translation
        .as_ref()
        .and_then(|t| Some((t.original.as_str(), index.position(&t.original)?)));
    let rules = match original {
        Some((rel, i)) => crate::model::sections::translated_rules(
            draft,
            &body.sections,
            has_notes,
            (rel, &items[i].sections),
        ),
        None => crate::model::sections::rules(draft, &body.sections, has_notes, config),
    };
    rules.unwrap_or_else(|errors| {
        report.extend(errors);
        // Fail closed: a page whose rules did not check shows its
        // sections to staff only (the build stops anyway).
        let staff = crate::model::content::Visibility {
            internal: true,
            ..Default::default()
        };
        body.sections.iter().map(|_| Some(staff.clone())).collect()
    })
}

/// Read and parse `kit.yaml`, telling `cache` what it now says; `None`
/// (the reasons in `report`) when there is no usable config.
fn config(root: &Path, cache: Option<&Cache>, report: &mut Report) -> Option<Config> {
    let path = root.join("kit.yaml");
    let text = read_text(&path).map_err(|d| vec![*d]);
    if let (Some(cache), Ok(text)) = (cache, &text) {
        cache.config_is(text);
    }
    match text.and_then(|t| Config::parse(&path, &t)) {
        Ok((config, warnings)) => {
            report.extend(warnings);
            Some(config)
        }
        Err(errors) => {
            report.extend(errors);
            None
        }
    }
}
