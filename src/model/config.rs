//! `kit.yaml`: the kit's name, version, base URL, theme, tier order, partner
//! types and collections. Parsing is pure (`Config::parse`); `load` adds the
//! read.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::model::handoff::RawHandoff;
use crate::model::kind::Kind;
use crate::model::people::{Staff, check_addresses, check_sign_in};
use crate::model::scorecard::{self, RawCriteria, RawScorecard, Scorecard};
use crate::paths::is_safe_segment;
use crate::yaml::{Doc, did_you_mean};

#[derive(Debug, Clone)]
pub struct Collection {
    pub dir: String,
    pub title: String,
    /// One item's name ("Case study"): `item` in kit.yaml, else from the kind.
    pub item_label: String,
    /// kit.yaml names it (`item:`): the theme's word for the kind, in the
    /// reader's language, does not replace it.
    pub item_named: bool,
    pub description: String,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub name: String,
    pub tagline: String,
    pub version: String,
    pub base_url: String,
    pub theme: String,
    /// Lowest first.
    pub tiers: Vec<String>,
    pub partner_types: Vec<String>,
    pub collections: Vec<Collection>,
    /// Days from today that `enablekit new` sets `review_by` to.
    pub review_interval_days: i64,
    /// The onboarding path every portal shows, in order.
    pub start_here: Vec<Step>,
    /// Show the "under review" note on stale pages in partner portals too.
    pub review_notes_for_partners: bool,
    /// Publish `offline.zip` in every portal version.
    pub offline_zip: bool,
    /// Staff metadata a kit chose to show in partner portals too.
    pub partner_metadata: Vec<StaffField>,
    /// The kit's own favicon, as written (relative to the kit folder).
    pub favicon: Option<String>,
    /// Whose product the kit is about ("Lumora"): `company`, else the
    /// kit's name without a trailing "Partner Kit".
    pub company: String,
    /// What the search page suggests typing (default: the most used tags).
    pub search_examples: Vec<String>,
    /// Partner results and tier criteria, when the kit keeps them.
    pub scorecard: Option<Scorecard>,
    /// A partnership's lifecycle, in order (default: onboarding, active, sunset).
    pub stages: Vec<String>,
    /// What the program does toward a partner's first joint win (markdown),
    /// shown on the partnership page until `first_win` is set.
    pub first_win_plan: String,
    /// The referral handoff every partner gets (a profile may override).
    pub handoff: RawHandoff,
    /// The languages the kit is written in, the default first.
    pub languages: Vec<String>,
    /// Who opens the internal portal besides the profiles' contacts.
    pub staff: Staff,
}

/// Item fields meant for staff: shown in the internal portal, and in
/// partner portals only when `partner_metadata` in kit.yaml lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffField {
    Owner,
    ReviewBy,
}

/// One step of the "Start here" path: an item and what the reader learns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// `slug` or `collection/slug`.
    pub item: String,
    #[serde(default)]
    pub learn: Said,
}

/// Text kit.yaml gives once, or per language (`{en: "…", fr: "…"}`).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Said {
    Once(String),
    PerLanguage(std::collections::BTreeMap<String, String>),
}

impl Default for Said {
    fn default() -> Self {
        Said::Once(String::new())
    }
}

impl Said {
    /// The text for readers of `lang`: theirs, else the kit's default
    /// language's (`default`), else nothing.
    pub fn in_language<'s>(&'s self, lang: &str, default: &str) -> &'s str {
        match self {
            Said::Once(text) => text,
            Said::PerLanguage(texts) => texts
                .get(lang)
                .or_else(|| texts.get(default))
                .map_or("", String::as_str),
        }
    }
}

#[derive(Deserialize)]
struct RawConfig {
    name: Option<String>,
    tagline: Option<String>,
    version: Option<String>,
    base_url: Option<String>,
    theme: Option<String>,
    tiers: Option<Vec<String>>,
    partner_types: Option<Vec<String>>,
    collections: Option<Vec<RawCollection>>,
    review_interval_days: Option<i64>,
    #[serde(default)]
    start_here: Vec<Step>,
    #[serde(default)]
    review_notes_for_partners: bool,
    offline_zip: Option<bool>,
    #[serde(default)]
    partner_metadata: Vec<StaffField>,
    favicon: Option<String>,
    #[serde(default)]
    search_examples: Vec<String>,
    company: Option<String>,
    scorecard: Option<RawScorecard>,
    tier_criteria: Option<RawCriteria>,
    stages: Option<Vec<String>>,
    first_win_plan: Option<String>,
    #[serde(default)]
    handoff: RawHandoff,
    languages: Option<Vec<String>>,
    #[serde(default)]
    staff: Staff,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCollection {
    dir: String,
    title: Option<String>,
    item: Option<String>,
    description: Option<String>,
    kind: Option<Kind>,
}

const KNOWN_KEYS: &[&str] = &[
    "name",
    "tagline",
    "version",
    "base_url",
    "theme",
    "tiers",
    "partner_types",
    "collections",
    "review_interval_days",
    "start_here",
    "review_notes_for_partners",
    "offline_zip",
    "partner_metadata",
    "favicon",
    "search_examples",
    "company",
    "scorecard",
    "tier_criteria",
    "stages",
    "languages",
    "first_win_plan",
    "handoff",
    "staff",
];

/// Output folder names a collection may not take.
pub const RESERVED_DIRS: &[&str] = &[
    "static",
    "partners",
    "partnership",
    "whats-new",
    "refer",
    "search",
    "scorecard",
    "portfolio",
    "assets",
    "404.html",
];

const DEFAULT_TIERS: &[&str] = &["registered", "silver", "gold", "platinum"];
const DEFAULT_TYPES: &[&str] = &["referral", "reseller", "integration", "strategic"];
const DEFAULT_STAGES: &[&str] = &["onboarding", "active", "sunset"];

impl Config {
    /// Parse `kit.yaml`'s text. Returns the config and its warnings, or every
    /// error found.
    pub fn parse(path: &Path, text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let doc = Doc::whole(path, text);
        let raw: RawConfig = doc.parse("kit.yaml").map_err(|d| vec![*d])?;
        let mut warnings = doc.unknown_keys(KNOWN_KEYS, "kit.yaml");
        let mut errors = Vec::new();

        let name = name_of(raw.name, &doc, &mut errors);
        let version = raw.version.unwrap_or_else(|| "1.0.0".to_string());
        if let Err(d) = check_version(&version) {
            errors.push((*d).at(doc.key_location("version")));
        }
        let tiers = tiers_of(raw.tiers, &doc, &mut errors);
        let partner_types = raw
            .partner_types
            .unwrap_or_else(|| DEFAULT_TYPES.iter().map(|s| s.to_string()).collect());
        let collections = collections_of(raw.collections, &doc, &mut errors);
        let theme = raw.theme.unwrap_or_else(|| "default".to_string());
        if !is_safe_segment(&theme) {
            errors.push(
                Diagnostic::error("E0006", format!("theme `{theme}` is not a folder name"))
                    .at(doc.key_location("theme")),
            );
        }
        let stages = stages_of(raw.stages, &doc, &mut errors);
        let languages = crate::model::language::of_kit(raw.languages, &doc, &mut errors);
        check_steps(&raw.start_here, &languages, &doc, &mut errors);
        check_addresses(&raw.staff.people, (&doc, "staff"), &mut errors);
        check_sign_in(&raw.staff.sign_in(), (&doc, "staff"), &mut errors);
        let scorecard = scorecard_of(raw.scorecard, raw.tier_criteria, &tiers, &doc, &mut errors);
        if !errors.is_empty() {
            errors.append(&mut warnings);
            return Err(errors);
        }
        let company = raw.company.unwrap_or_else(|| company_of(&name));
        Ok((
            Config {
                name,
                tagline: raw.tagline.unwrap_or_default(),
                version,
                base_url: raw.base_url.unwrap_or_default(),
                theme,
                tiers,
                partner_types,
                collections,
                review_interval_days: raw.review_interval_days.unwrap_or(180),
                start_here: raw.start_here,
                review_notes_for_partners: raw.review_notes_for_partners,
                offline_zip: raw.offline_zip.unwrap_or(true),
                partner_metadata: raw.partner_metadata,
                favicon: raw.favicon,
                search_examples: raw.search_examples,
                company,
                scorecard,
                stages,
                first_win_plan: raw.first_win_plan.unwrap_or_default(),
                handoff: raw.handoff,
                languages,
                staff: raw.staff,
            },
            warnings,
        ))
    }

    /// The criteria of `tier`, empty when it states none.
    pub fn tier_criteria(&self, tier: &str) -> &[scorecard::Criterion] {
        self.scorecard
            .as_ref()
            .and_then(|s| s.criteria.iter().find(|(t, _)| t == tier))
            .map_or(&[], |(_, c)| c.as_slice())
    }

    /// Position of a tier in the order (0 = lowest).
    pub fn tier_rank(&self, tier: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t == tier)
    }

    pub fn collection(&self, dir: &str) -> Option<&Collection> {
        self.collections.iter().find(|c| c.dir == dir)
    }

    /// An error for a value that is not in an allowed list, with a suggestion.
    pub fn not_in_list(
        code: &'static str,
        what: &str,
        value: &str,
        allowed: &[String],
        source: &str,
        location: Location,
    ) -> Diagnostic {
        let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
        let hint = match did_you_mean(value, &names) {
            Some(s) => format!("did you mean `{s}`? ({source}: {})", names.join(", ")),
            None => format!("{source}: {}", names.join(", ")),
        };
        Diagnostic::error(code, format!("unknown {what} `{value}`"))
            .at(location)
            .label(format!("not a known {what}"))
            .hint(hint)
    }
}

fn name_of(name: Option<String>, doc: &Doc, errors: &mut Vec<Diagnostic>) -> String {
    match name {
        Some(n) if !n.trim().is_empty() => n,
        _ => {
            errors.push(
                Diagnostic::error("E0001", "kit.yaml has no `name`")
                    .at(Location::at_offset(doc.path, doc.file_text, 0, 1))
                    .hint("add a line such as `name: \"Acme Partner Kit\"`"),
            );
            String::new()
        }
    }
}

/// The tier order, lowest first: the default four when unset, never empty.
fn tiers_of(tiers: Option<Vec<String>>, doc: &Doc, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    let tiers = tiers.unwrap_or_else(|| DEFAULT_TIERS.iter().map(|s| s.to_string()).collect());
    if tiers.is_empty() {
        errors.push(
            Diagnostic::error("E0004", "`tiers` is empty")
                .at(doc.key_location("tiers"))
                .hint("list the partner tiers from lowest to highest"),
        );
    }
    tiers
}

/// The collections, in kit.yaml's order (the three built-in kinds when
/// unset), each folder name usable and declared once; a kind, title and
/// item label filled in where kit.yaml leaves them out.
fn collections_of(
    raw: Option<Vec<RawCollection>>,
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Collection> {
    let raw = raw.unwrap_or_else(|| {
        ["one-pagers", "objections", "case-studies"]
            .iter()
            .map(|d| RawCollection {
                dir: d.to_string(),
                title: None,
                item: None,
                description: None,
                kind: None,
            })
            .collect()
    });
    let mut collections: Vec<Collection> = Vec::new();
    for c in raw {
        let bad = !is_safe_segment(&c.dir) || RESERVED_DIRS.contains(&c.dir.as_str());
        if bad || collections.iter().any(|o| o.dir == c.dir) {
            let why = if bad {
                "is not a usable folder name (reserved or unsafe)"
            } else {
                "is declared twice"
            };
            errors.push(
                Diagnostic::error("E0005", format!("collection `{}` {why}", c.dir))
                    .at(doc.value_location("collections", &c.dir))
                    .hint(format!(
                        "use lowercase letters, digits and hyphens, and none of: {}",
                        RESERVED_DIRS.join(", ")
                    )),
            );
            continue;
        }
        let kind = c.kind.unwrap_or_else(|| Kind::for_dir(&c.dir));
        let title = c.title.unwrap_or_else(|| title_case(&c.dir));
        collections.push(Collection {
            item_named: c.item.is_some(),
            item_label: c.item.unwrap_or_else(|| kind.item_label(&title)),
            title,
            description: c.description.unwrap_or_default(),
            dir: c.dir,
            kind,
        });
    }
    collections
}

impl Config {
    /// The kit's default language: the first of `languages`.
    pub fn default_language(&self) -> &str {
        self.languages
            .first()
            .map_or(crate::model::language::DEFAULT, String::as_str)
    }
}

/// A Start here step's `learn` given per language names only the kit's
/// languages, and the default among them (the text every other falls
/// back to).
fn check_steps(steps: &[Step], languages: &[String], doc: &Doc, errors: &mut Vec<Diagnostic>) {
    for step in steps {
        let Said::PerLanguage(texts) = &step.learn else {
            continue;
        };
        for lang in texts.keys().filter(|l| !languages.contains(l)) {
            errors.push(
                Diagnostic::error(
                    "E0015",
                    format!("`learn` of step `{}` is given in `{lang}`, which is not a language of this kit", step.item),
                )
                .at(doc.value_location("start_here", &format!("{lang}:")))
                .hint(format!("the kit's languages: {} (kit.yaml `languages`)", languages.join(", "))),
            );
        }
        if let Some(default) = languages.first().filter(|d| !texts.contains_key(*d)) {
            errors.push(
                Diagnostic::error(
                    "E0015",
                    format!("`learn` of step `{}` has no text in `{default}`, the kit's default language", step.item),
                )
                .at(doc.value_location("start_here", &step.item))
                .hint(format!("add `{default}: \"…\"`: readers of a language without its own text read it")),
            );
        }
    }
}

/// A version names a folder beside `latest/` and `versions.json`, so only
/// semantic versions are taken (`1.2.0`, `2.0.0-rc.1`; no `+build`, which
/// URLs and hosts treat inconsistently): `latest`, `versions.json` or
/// `../x` can never be one.
pub fn check_version(version: &str) -> Result<(), Box<Diagnostic>> {
    match semver::Version::parse(version) {
        Ok(v) if v.build.is_empty() => Ok(()),
        _ => Err(Box::new(
            Diagnostic::error("E0003", format!("`{version}` is not a version"))
                .hint("use a semantic version such as `1.2.0` or `2.0.0-rc.1`"),
        )),
    }
}

/// The company a kit is about, from its name: "Lumora Partner Kit" →
/// "Lumora".
fn company_of(name: &str) -> String {
    const TAILS: &[&str] = &[
        "kit",
        "portal",
        "hub",
        "partner",
        "partners",
        "enablement",
        "program",
        "channel",
    ];
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| TAILS.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    words.join(" ")
}

fn title_case(dir: &str) -> String {
    let words: Vec<String> = dir
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    words.join(" ")
}

/// `stages:` as written, else the default lifecycle; each a distinct name.
fn stages_of(stages: Option<Vec<String>>, doc: &Doc, errors: &mut Vec<Diagnostic>) -> Vec<String> {
    let stages = stages.unwrap_or_else(|| DEFAULT_STAGES.iter().map(|s| s.to_string()).collect());
    for (i, stage) in stages.iter().enumerate() {
        if stage.trim().is_empty() || stages[..i].contains(stage) {
            errors.push(
                Diagnostic::error("E0013", format!("stage `{stage}` is empty or listed twice"))
                    .at(doc.value_location("stages", stage))
                    .hint("list each lifecycle stage once, in order, e.g. `stages: [onboarding, active, sunset]`"),
            );
        }
    }
    stages
}

/// `scorecard` and `tier_criteria`: criteria judge scorecard figures, so
/// they need a scorecard.
fn scorecard_of(
    raw: Option<RawScorecard>,
    criteria: Option<RawCriteria>,
    tiers: &[String],
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) -> Option<Scorecard> {
    match raw {
        Some(raw) => scorecard::parse(raw, criteria, tiers, doc)
            .map_err(|e| errors.extend(e))
            .ok(),
        None => {
            if criteria.is_some() {
                errors.push(
                    Diagnostic::error("E0917", "`tier_criteria` needs a `scorecard`")
                        .at(doc.key_location("tier_criteria"))
                        .hint("declare the partner results file and its metrics under `scorecard:` (see the README, \"Program data\")"),
                );
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_in() {
        let (c, w) = Config::parse(Path::new("kit.yaml"), "name: Kit\n").unwrap();
        assert!(w.is_empty());
        assert_eq!(c.version, "1.0.0");
        assert_eq!(c.collections.len(), 3);
        assert_eq!(c.collections[1].kind, Kind::Objection);
        assert_eq!(c.tier_rank("gold"), Some(2));
    }

    #[test]
    fn generic_collection_and_title() {
        let text = "name: K\ncollections:\n  - {dir: battle-cards}\n";
        let (c, _) = Config::parse(Path::new("kit.yaml"), text).unwrap();
        assert_eq!(c.collections[0].kind, Kind::Generic);
        assert_eq!(c.collections[0].title, "Battle Cards");
    }

    #[test]
    fn reserved_collection_is_an_error() {
        let text = "name: K\ncollections:\n  - {dir: static}\n";
        let errs = Config::parse(Path::new("kit.yaml"), text).unwrap_err();
        assert_eq!(errs[0].code, "E0005");
        assert_eq!(errs[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn collection_declared_twice_keeps_the_first() {
        let text =
            "name: K\ncollections:\n  - {dir: playbooks, title: Plays}\n  - {dir: playbooks}\n";
        let doc = Doc::whole(Path::new("kit.yaml"), text);
        let raw: RawConfig = doc.parse("kit.yaml").unwrap();
        let mut errors = Vec::new();
        let collections = collections_of(raw.collections, &doc, &mut errors);
        assert_eq!(collections.len(), 1);
        assert_eq!(collections[0].title, "Plays");
        assert_eq!(collections[0].item_label, "Play");
        assert_eq!(
            errors[0].message,
            "collection `playbooks` is declared twice"
        );
    }

    #[test]
    fn empty_tiers_and_blank_name() {
        let errs = Config::parse(Path::new("kit.yaml"), "name: \"  \"\ntiers: []\n").unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["E0001", "E0004"]);
    }
}
