//! Content items: markdown files with YAML front matter under
//! `content/<collection>/`. [`parse`] turns one file's text into a [`Draft`]
//! (front matter checked, body not rendered yet); `load` resolves links
//! between items and renders bodies once every item is known. Nothing here
//! reads files: the text comes in, values and diagnostics go out.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::Date;

use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::Rendered;
use crate::model::config::{Collection, Config};
use crate::model::kind::Kind;
use crate::paths::is_safe_segment;
use crate::yaml::Doc;

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Metric {
    pub label: String,
    pub value: String,
}

/// Who may see an item. No field set means every partner; `internal: true`
/// means staff only. The rule that reads this lives in
/// [`crate::model::partners::Audience::can_see`].
///
/// The staff portal's manifest records each page's visibility as written
/// (so `enablekit diff` can say why a partner gained or lost a page); no
/// partner portal ever carries it, since an allow-list names partners.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Visibility {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_tier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_types: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partners: Option<Vec<String>>,
    /// Lifecycle stages (kit.yaml's `stages`) the partner must be in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stages: Option<Vec<String>>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
}

impl Visibility {
    fn of(front: &FrontMatter) -> Self {
        Visibility {
            tiers: front.tiers.clone(),
            min_tier: front.min_tier.clone(),
            partner_types: front.partner_types.clone(),
            partners: front.partners.clone(),
            stages: front.stages.clone(),
            internal: front.internal,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    pub review_by: Option<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub tiers: Option<Vec<String>>,
    pub min_tier: Option<String>,
    pub partner_types: Option<Vec<String>>,
    pub partners: Option<Vec<String>>,
    pub stages: Option<Vec<String>>,
    pub internal: bool,
    pub objection: Option<String>,
    pub short_answer: Option<String>,
    pub proof: Vec<String>,
    pub category: Option<String>,
    pub customer: Option<String>,
    pub industry: Option<String>,
    pub metrics: Vec<Metric>,
    pub quote: Option<String>,
    pub quote_author: Option<String>,
    /// A certification track's items to study, in order, as written.
    pub study: Vec<String>,
    pub questions: Vec<crate::model::knowledge::Question>,
    pub pass_mark: Option<crate::model::knowledge::PassMark>,
    /// A brief's issue date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Top-level sections (by their `##` heading) shown to fewer readers
    /// than the page: `Roadmap preview: {min_tier: platinum}`.
    pub sections: std::collections::BTreeMap<String, Visibility>,
}

const COMMON_KEYS: &[&str] = &[
    "title",
    "slug",
    "summary",
    "tags",
    "owner",
    "review_by",
    "draft",
    "weight",
];
/// The keys that say who may read a page (or its sections).
const GATING_KEYS: &[&str] = &[
    "tiers",
    "min_tier",
    "partner_types",
    "partners",
    "stages",
    "internal",
    "sections",
];
fn known_keys(kind: Kind) -> Vec<&'static str> {
    let mut keys = COMMON_KEYS.to_vec();
    keys.extend(GATING_KEYS);
    keys.extend(kind.fields());
    keys
}

impl FrontMatter {
    /// A typed text field by its key, for what a kind declares about its
    /// fields (required ones, the one list pages group by).
    pub fn text(&self, key: &str) -> Option<&str> {
        match key {
            "objection" => self.objection.as_deref(),
            "short_answer" => self.short_answer.as_deref(),
            "category" => self.category.as_deref(),
            "customer" => self.customer.as_deref(),
            "industry" => self.industry.as_deref(),
            "date" => self.date.as_deref(),
            _ => None,
        }
    }
}

/// A parsed content file, body not yet rendered.
#[derive(Debug, Clone)]
pub struct Draft {
    pub collection: String,
    pub kind: Kind,
    pub slug: String,
    /// Path relative to `content/`, forward slashes: the key links use.
    pub rel: String,
    /// Path as given (for diagnostics).
    pub path: PathBuf,
    pub front: FrontMatter,
    pub title: String,
    pub visibility: Visibility,
    pub review_by: Option<Date>,
    /// A brief's issue date.
    pub date: Option<Date>,
    /// Byte range of the front matter's YAML in `text`.
    pub yaml: std::ops::Range<usize>,
    /// Byte offset of the body in `text`.
    pub body_offset: usize,
    pub text: String,
    /// Set when the file translates another (`pricing.fr.md`).
    pub translation: Option<Translation>,
}

/// What makes a content file a translation: its language and the
/// original's path relative to `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub lang: String,
    pub original: String,
}

impl FrontMatter {
    /// A translation's front matter completed from its original's: what the
    /// translation says wins, what it leaves out is the original's, and who
    /// may read the page is always the original's (a translation cannot set
    /// it, see `original_only`).
    fn over(self, original: &FrontMatter) -> FrontMatter {
        let or = |own: Option<String>, theirs: &Option<String>| own.or_else(|| theirs.clone());
        let list = |own: Vec<String>, theirs: &Vec<String>| match own.is_empty() {
            true => theirs.clone(),
            false => own,
        };
        // Text a reader reads (title, summary, the objection and its
        // answer, the quote, the industry, questions) is the translation's
        // own or absent: never the original's words on a page in another
        // language. Names, tags, figures and relations carry over.
        FrontMatter {
            tags: list(self.tags, &original.tags),
            proof: list(self.proof, &original.proof),
            study: list(self.study, &original.study),
            owner: or(self.owner, &original.owner),
            review_by: or(self.review_by, &original.review_by),
            draft: self.draft || original.draft,
            category: or(self.category, &original.category),
            customer: or(self.customer, &original.customer),
            quote_author: or(self.quote_author, &original.quote_author),
            metrics: match self.metrics.is_empty() {
                true => original.metrics.clone(),
                false => self.metrics,
            },
            pass_mark: self.pass_mark.or_else(|| original.pass_mark.clone()),
            // Matched by position, not by heading (see `sections::translated_rules`).
            sections: std::collections::BTreeMap::new(),
            slug: original.slug.clone(),
            weight: original.weight,
            tiers: original.tiers.clone(),
            min_tier: original.min_tier.clone(),
            partner_types: original.partner_types.clone(),
            partners: original.partners.clone(),
            stages: original.stages.clone(),
            internal: original.internal,
            date: original.date.clone(),
            ..self
        }
    }
}

impl Draft {
    /// A translation completed from its `original` (see
    /// [`FrontMatter::over`]): the original's slug, collection, audience,
    /// date and place; its own text.
    pub fn translate(&mut self, original: &Draft) {
        let front = std::mem::take(&mut self.front);
        self.front = front.over(&original.front);
        self.slug = original.slug.clone();
        self.collection = original.collection.clone();
        self.kind = original.kind;
        self.visibility = original.visibility.clone();
        self.date = original.date;
        self.review_by = self.review_by.or(original.review_by);
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The front matter as a located document, for pointing at fields.
    pub fn doc(&self) -> Doc<'_> {
        Doc {
            path: &self.path,
            file_text: &self.text,
            yaml: &self.text[self.yaml.clone()],
            offset: self.yaml.start,
        }
    }
}

/// A content item with its body rendered once.
#[derive(Debug, Clone)]
pub struct Item {
    pub collection: String,
    pub kind: Kind,
    pub slug: String,
    pub rel: String,
    pub path: PathBuf,
    pub title: String,
    pub front: FrontMatter,
    pub visibility: Visibility,
    pub review_by: Option<Date>,
    /// Shared with the dev server's cache: unchanged pages are not copied.
    pub body: std::sync::Arc<Rendered>,
    /// Indices of the case studies in `proof`, resolved.
    pub proof: Vec<usize>,
    /// Indices of a track's `study` items, resolved, in order.
    pub study: Vec<usize>,
    /// Byte offset of the body in the file, to locate body ranges.
    pub body_offset: usize,
    /// The body's `{{ … }}` values, checked, by [`Rendered::values`] order.
    pub values: Vec<crate::model::values::Filled>,
    /// Per top-level section (section `n` at `n - 1`), the rule it adds to
    /// the page's own, if any.
    pub sections: Vec<Option<Visibility>>,
    /// A brief's issue date.
    pub date: Option<Date>,
    /// The language the page is written in: a translation's, else the
    /// kit's default (also where a portal shows the original for want of
    /// a translation).
    pub lang: String,
}

impl Item {
    /// URL of the item's page from the portal version root.
    pub fn url(&self) -> String {
        format!("{}/{}/", self.collection, self.slug)
    }
}

/// Split `---` front matter from the body. Returns (yaml start, yaml end,
/// body start) byte offsets.
fn split_front_matter(text: &str) -> Option<Result<(usize, usize, usize), usize>> {
    let first = text.lines().next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut pos = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(Ok((start, pos, pos + line.len())));
        }
        pos += line.len();
    }
    Some(Err(start))
}

/// Parse one content file. `rel` is its path relative to `content/`.
pub fn parse(
    path: &Path,
    rel: &str,
    text: String,
    config: &Config,
) -> Result<(Draft, Vec<Diagnostic>), Vec<Diagnostic>> {
    let dir = rel.split('/').next().unwrap_or("");
    let file = rel.rsplit('/').next().unwrap_or(rel);
    let collection = collection_of(config, dir, path, &text).map_err(|d| vec![*d])?;
    let (yaml_start, yaml_end, body_offset) =
        front_matter_range(path, &text).map_err(|d| vec![*d])?;
    let doc = Doc {
        path,
        file_text: &text,
        yaml: &text[yaml_start..yaml_end],
        offset: yaml_start,
    };
    let front: FrontMatter = if doc.yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        doc.parse("front matter").map_err(|d| vec![*d])?
    };
    let mut warnings = doc.unknown_keys(&known_keys(collection.kind), "front matter");
    let mut errors = Vec::new();
    if let Some(t) = crate::model::language::translation_of(rel, &config.languages) {
        let at = (yaml_start..yaml_end, body_offset);
        return translated((path, rel, text), (collection, front), t, at).map(|d| (d, warnings));
    }

    let title = title_of(&front, &doc, &mut errors);
    let slug = match &front.slug {
        Some(s) => s.clone(),
        None => crate::paths::file_slug(file.trim_end_matches(".md")),
    };
    if let Some(d) = slug_problem(&slug, file, &front, &doc) {
        errors.push(d);
    }
    let review_by = date_of(
        front.review_by.as_ref(),
        ("review_by", "E0106"),
        &doc,
        &mut errors,
    );
    let date = date_of(front.date.as_ref(), ("date", "E0136"), &doc, &mut errors);
    check_kind_fields((collection.kind, &[]), &front, &doc, &mut errors);
    errors.extend(crate::model::knowledge::check(
        &front.questions,
        front.pass_mark.as_ref(),
        collection.kind,
        &doc,
    ));
    let visibility = Visibility::of(&front);
    check_visibility(&visibility, config, &doc, &mut errors);
    if !errors.is_empty() {
        errors.append(&mut warnings);
        return Err(errors);
    }
    warnings.extend(internal_overrides(&front, &doc));
    Ok((
        Draft {
            collection: collection.dir.clone(),
            kind: collection.kind,
            slug,
            rel: rel.to_string(),
            path: path.to_path_buf(),
            title,
            front,
            visibility,
            review_by,
            date,
            yaml: yaml_start..yaml_end,
            body_offset,
            text,
            translation: None,
        },
        warnings,
    ))
}

/// Required fields a translation takes from its original, so need not
/// repeat: a brief's date, a case study's customer.
const INHERITED: &[&str] = &["date", "customer"];

/// A front-matter key a translation may not set: who may read a page
/// ([`GATING_KEYS`]), its address and its place are its original's, in
/// every language, so that gating can never differ between a page and its
/// translation.
fn original_only(key: &str) -> bool {
    GATING_KEYS.contains(&key) || ["slug", "weight", "date"].contains(&key)
}

/// A translation (`pricing.fr.md`) as parsed on its own: what it says
/// itself, checked (see [`translation_checks`]), with the slug of its
/// original's file name until [`Draft::translate`] completes it.
fn translated(
    (path, rel, text): (&Path, &str, String),
    (collection, front): (&Collection, FrontMatter),
    (lang, original): (String, String),
    (yaml, body_offset): (std::ops::Range<usize>, usize),
) -> Result<Draft, Vec<Diagnostic>> {
    let doc = Doc {
        path,
        file_text: &text,
        yaml: &text[yaml.clone()],
        offset: yaml.start,
    };
    let mut errors = Vec::new();
    let review_by = translation_checks(&front, collection.kind, (&doc, &original), &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let stem = original.rsplit('/').next().unwrap_or(&original);
    Ok(Draft {
        collection: collection.dir.clone(),
        kind: collection.kind,
        slug: crate::paths::file_slug(stem.trim_end_matches(".md")),
        rel: rel.to_string(),
        path: path.to_path_buf(),
        title: title_of(&front, &doc, &mut Vec::new()),
        front,
        visibility: Visibility::default(),
        review_by,
        date: None,
        yaml,
        body_offset,
        text,
        translation: Some(Translation { lang, original }),
    })
}

/// What a translation (`pricing.fr.md`) is checked for on its own: no
/// key that decides who reads the page, and its own dates and questions
/// (anything it leaves out comes from the original, [`Draft::translate`]).
/// Returns its `review_by`.
fn translation_checks(
    front: &FrontMatter,
    kind: Kind,
    (doc, original): (&Doc, &str),
    errors: &mut Vec<Diagnostic>,
) -> Option<Date> {
    errors.extend(
        doc.top_level_keys()
            .into_iter()
            .filter(|(key, _)| original_only(key))
            .map(|(key, _)| {
                Diagnostic::error(
                    "E0141",
                    format!("a translation cannot set `{key}`: it takes it from {original}"),
                )
                .at(doc.key_location(key))
                .label("set in the translation")
                .hint(format!(
                    "remove `{key}` here; change it in content/{original} and every language follows"
                ))
            }),
    );
    title_of(front, doc, errors);
    check_kind_fields((kind, INHERITED), front, doc, errors);
    errors.extend(crate::model::knowledge::check(
        &front.questions,
        front.pass_mark.as_ref(),
        kind,
        doc,
    ));
    date_of(
        front.review_by.as_ref(),
        ("review_by", "E0106"),
        doc,
        errors,
    )
}

/// The collection of the folder a file sits in, which kit.yaml must declare.
fn collection_of<'c>(
    config: &'c Config,
    dir: &str,
    path: &Path,
    text: &str,
) -> Result<&'c Collection, Box<Diagnostic>> {
    if let Some(collection) = config.collection(dir) {
        return Ok(collection);
    }
    let names: Vec<&str> = config.collections.iter().map(|c| c.dir.as_str()).collect();
    let d = Diagnostic::error("E0101", format!("`{dir}` is not a collection of this kit"))
        .at(Location::at_offset(path, text, 0, 1))
        .label(format!("this file is in content/{dir}/"));
    Err(Box::new(match crate::yaml::did_you_mean(dir, &names) {
        Some(s) => d.hint(format!(
            "did you mean `{s}`? Or declare `{dir}` under `collections:` in kit.yaml"
        )),
        None => d.hint(format!(
            "declare it under `collections:` in kit.yaml (declared: {})",
            names.join(", ")
        )),
    }))
}

/// (yaml start, yaml end, body start) byte offsets, or why the file has no
/// usable front matter.
fn front_matter_range(path: &Path, text: &str) -> Result<(usize, usize, usize), Box<Diagnostic>> {
    match split_front_matter(text) {
        Some(Ok(range)) => Ok(range),
        None => Err(Box::new(
            Diagnostic::error("E0102", "missing front matter")
                .at(Location::at_offset(path, text, 0, 1))
                .hint("start the file with `---`, a `title: …` line and a closing `---`"),
        )),
        Some(Err(start)) => Err(Box::new(
            Diagnostic::error("E0103", "front matter is not closed")
                .at(Location::at_offset(path, text, 0, 3))
                .label("opened here")
                .hint(format!(
                    "add a line with only `---` after the last field (the front matter starts on line {})",
                    text[..start].matches('\n').count() + 1
                )),
        )),
    }
}

/// The opening `---`, for problems of the front matter as a whole.
fn opening(doc: &Doc) -> Location {
    Location::at_offset(doc.path, doc.file_text, 0, 3)
}

fn title_of(front: &FrontMatter, doc: &Doc, errors: &mut Vec<Diagnostic>) -> String {
    match front.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            errors.push(
                Diagnostic::error("E0104", "missing `title`")
                    .at(opening(doc))
                    .label("front matter without a title")
                    .hint("add `title: \"…\"` to the front matter"),
            );
            String::new()
        }
    }
}

/// A `YYYY-MM-DD` front-matter field (`review_by`, a brief's `date`).
fn date_of(
    written: Option<&String>,
    (key, code): (&str, &'static str),
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let written = written?;
    match Date::parse(
        written,
        time::macros::format_description!("[year]-[month]-[day]"),
    ) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(
                Diagnostic::error(code, format!("`{key}` is not a date: `{written}`"))
                    .at(doc.key_location(key))
                    .hint(format!(
                        "write dates as YYYY-MM-DD, e.g. `{key}: 2027-03-31`"
                    )),
            );
            None
        }
    }
}

/// Where a visibility field, or one of its values, stands in a file.
pub trait Place {
    fn key(&self, key: &str) -> Location;
    fn value(&self, key: &str, value: &str) -> Location;
}

impl Place for Doc<'_> {
    fn key(&self, key: &str) -> Location {
        self.key_location(key)
    }
    fn value(&self, key: &str, value: &str) -> Location {
        self.value_location(key, value)
    }
}

/// The visibility fields name tiers and partner types kit.yaml declares,
/// and do not mix `tiers` with `min_tier`.
pub fn check_visibility(
    front: &Visibility,
    config: &Config,
    doc: &dyn Place,
    errors: &mut Vec<Diagnostic>,
) {
    if front.tiers.is_some() && front.min_tier.is_some() {
        errors.push(
            Diagnostic::error("E0107", "both `tiers` and `min_tier` are set")
                .at(doc.key("min_tier"))
                .hint("use `min_tier` for \"this tier and above\", or `tiers` for an explicit list, not both"),
        );
    }
    for tier in front.tiers.iter().flatten().chain(front.min_tier.iter()) {
        if config.tier_rank(tier).is_none() {
            let key = if front.min_tier.as_deref() == Some(tier.as_str()) {
                "min_tier"
            } else {
                "tiers"
            };
            errors.push(Config::not_in_list(
                "E0108",
                "tier",
                tier,
                &config.tiers,
                "tiers in kit.yaml",
                doc.value(key, tier),
            ));
        }
    }
    for stage in front.stages.iter().flatten() {
        if !config.stages.contains(stage) {
            errors.push(Config::not_in_list(
                "E0112",
                "stage",
                stage,
                &config.stages,
                "stages in kit.yaml",
                doc.value("stages", stage),
            ));
        }
    }
    for t in front.partner_types.iter().flatten() {
        if !config.partner_types.contains(t) {
            errors.push(Config::not_in_list(
                "E0109",
                "partner type",
                t,
                &config.partner_types,
                "partner_types in kit.yaml",
                doc.value("partner_types", t),
            ));
        }
    }
}

/// `internal: true` beside tier or partner fields: they have no effect.
fn internal_overrides(front: &FrontMatter, doc: &Doc) -> Option<Diagnostic> {
    let narrowed = front.tiers.is_some()
        || front.min_tier.is_some()
        || front.partners.is_some()
        || front.stages.is_some();
    (front.internal && narrowed).then(|| {
        Diagnostic::warning("W0102", "`internal: true` overrides the other visibility fields")
            .at(doc.key_location("internal"))
            .hint("internal items are never in partner portals; remove the tier/partner fields or `internal`")
    })
}

/// Why `slug` cannot name a page folder, if it cannot. A slug derived from
/// the file name is always clean; it can only come out empty (a name of
/// symbols alone) or `index`. A hand-set `slug:` must already be clean.
fn slug_problem(slug: &str, file: &str, front: &FrontMatter, doc: &Doc) -> Option<Diagnostic> {
    let suggestion = match crate::paths::slugify(slug) {
        s if s.is_empty() || s == "index" => "a-short-name".to_string(),
        s => s,
    };
    if front.slug.is_some() {
        if is_safe_segment(slug) && slug != "index" {
            return None;
        }
        let why = match slug {
            "index" => "`index` is the collection's own page",
            _ => "a slug is lowercase letters, digits and hyphens",
        };
        return Some(
            Diagnostic::error("E0105", format!("slug `{slug}` cannot be a page folder"))
                .at(doc.value_location("slug", slug))
                .label(why)
                .hint(format!(
                    "write `slug: {suggestion}`, or remove `slug:` to use the file name"
                )),
        );
    }
    let message = match slug {
        "" => format!("the file name `{file}` gives no slug"),
        "index" => format!("`{file}` cannot be a page: `index` is the collection's own page"),
        _ => return None,
    };
    Some(
        Diagnostic::error("E0105", message)
            .at(Location::at_offset(doc.path, doc.file_text, 0, 3))
            .label("this file")
            .hint(format!(
                "rename the file, or set `slug: {suggestion}` in its front matter"
            )),
    )
}

fn check_kind_fields(
    (kind, skip): (Kind, &[&str]),
    front: &FrontMatter,
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) {
    for &(field, example) in kind.spec().required {
        if !skip.contains(&field) && front.text(field).is_none_or(|v| v.trim().is_empty()) {
            errors.push(
                Diagnostic::error("E0110", format!("{} item without `{field}`", kind.as_str()))
                    .at(Location::at_offset(doc.path, doc.file_text, 0, 3))
                    .hint(format!("add `{field}: {example}` to the front matter")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(Path::new("kit.yaml"), "name: K\n").unwrap().0
    }

    fn parse_str(rel: &str, text: &str) -> Result<(Draft, Vec<Diagnostic>), Vec<Diagnostic>> {
        parse(Path::new(rel), rel, text.to_string(), &config())
    }

    #[test]
    fn parses_objection() {
        let text = "---\ntitle: Too expensive\nobjection: \"It costs too much\"\nshort_answer: Value.\nproof: [acme]\ntiers: [gold]\n---\nBody\n";
        let (d, w) = parse_str("objections/too-expensive.md", text).unwrap();
        assert!(w.is_empty());
        assert_eq!(d.slug, "too-expensive");
        assert_eq!(d.kind, Kind::Objection);
        assert_eq!(d.body(), "Body\n");
        assert_eq!(
            d.visibility.tiers.as_deref(),
            Some(&["gold".to_string()][..])
        );
        assert_eq!(d.doc().key_location("tiers").line, 6);
    }

    #[test]
    fn missing_title_and_bad_tier() {
        let text = "---\nsummary: x\ntiers: [bronze]\n---\n";
        let errs = parse_str("one-pagers/a.md", text).unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["E0104", "E0108"]);
        let loc = errs[1].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 9));
        assert!(errs[1].hint.as_ref().unwrap().contains("registered"));
    }

    #[test]
    fn unclosed_front_matter() {
        let errs = parse_str("one-pagers/a.md", "---\ntitle: x\nbody\n").unwrap_err();
        assert_eq!(errs[0].code, "E0103");
    }

    #[test]
    fn unknown_collection_suggests() {
        let errs = parse_str("objection/a.md", "---\ntitle: x\n---\n").unwrap_err();
        assert!(errs[0].hint.as_ref().unwrap().contains("`objections`"));
    }

    #[test]
    fn yaml_error_points_into_file() {
        let errs = parse_str("one-pagers/a.md", "---\ntitle: x\ntags: [a, b\n---\n").unwrap_err();
        assert_eq!(errs[0].code, "E0002");
        assert!(errs[0].location.as_ref().unwrap().line >= 3);
    }

    #[test]
    fn internal_with_narrowing_fields_warns_only_when_valid() {
        let text = "---\ntitle: x\ninternal: true\ntiers: [gold]\n---\n";
        let (_, w) = parse_str("one-pagers/a.md", text).unwrap();
        assert_eq!(w[0].code, "W0102");
        assert_eq!(w[0].location.as_ref().unwrap().line, 3);
        let text = "---\ntitle: x\ninternal: true\ntiers: [bronze]\n---\n";
        let errs = parse_str("one-pagers/a.md", text).unwrap_err();
        assert!(errs.iter().all(|e| e.code != "W0102"));
    }

    #[test]
    fn tiers_and_min_tier_point_at_the_key_written() {
        let text = "---\ntitle: x\ntiers: [gold]\nmin_tier: bronze\n---\n";
        let errs = parse_str("one-pagers/a.md", text).unwrap_err();
        let at: Vec<_> = errs
            .iter()
            .map(|e| (e.code, e.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(at, [("E0107", 4), ("E0108", 4)]);
    }

    #[test]
    fn no_front_matter() {
        let errs = parse_str("one-pagers/a.md", "# Title\n").unwrap_err();
        assert_eq!(errs[0].code, "E0102");
        let errs = parse_str("one-pagers/a.md", "\n---\ntitle: x\n").unwrap_err();
        assert_eq!(errs[0].code, "E0102");
    }
}
