//! Partner profiles (`partners/<slug>.yaml`) and the visibility rule.
//! Parsing is pure: [`parse`] reads the YAML and [`Profile::check`] checks
//! it against kit.yaml; the logo file in between is `load`'s to find.
//!
//! [`Audience::can_see`] is the one place that decides whether an item may
//! appear in a portal. Everything that emits anything about an item (pages,
//! lists, links, proof, assets, JSON) asks it; nothing else reads
//! [`Visibility`] fields.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use time::Date;

use crate::diagnostics::{Diagnostic, Location};
use crate::model::config::Config;
use crate::model::content::Visibility;
use crate::model::handoff::{Handoff, RawHandoff};
use crate::paths::is_safe_segment;
use crate::yaml::Doc;

pub use crate::model::people::{Contact, SignIn};
use crate::model::people::{check_people, check_sign_in};

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Colors {
    pub primary: Option<String>,
    pub accent: Option<String>,
    pub text: Option<String>,
}

/// A step a partner's own onboarding adds after the kit's "Start here"
/// path (e.g. their deal-registration walkthrough).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct PartnerStep {
    pub title: String,
    pub learn: String,
    /// Markdown shown with the step.
    pub body: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
struct RawPartner {
    name: Option<String>,
    slug: Option<String>,
    tier: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    logo: Option<String>,
    colors: Colors,
    welcome: String,
    contacts: Vec<Contact>,
    people: Vec<Contact>,
    sign_in: SignIn,
    rules_of_engagement: String,
    deal_registration: String,
    lead_sla_hours: Option<u32>,
    payout: String,
    featured: Vec<String>,
    start_here: Vec<PartnerStep>,
    stage: Option<String>,
    signed: Option<String>,
    first_win: Option<String>,
    next_review: Option<String>,
    handoff: RawHandoff,
    ended: Option<String>,
    grace_days: Option<u32>,
    languages: Option<Vec<String>>,
}

const KNOWN_KEYS: &[&str] = &[
    "name",
    "slug",
    "tier",
    "type",
    "logo",
    "colors",
    "welcome",
    "contacts",
    "people",
    "sign_in",
    "rules_of_engagement",
    "deal_registration",
    "lead_sla_hours",
    "payout",
    "featured",
    "start_here",
    "stage",
    "signed",
    "first_win",
    "next_review",
    "handoff",
    "ended",
    "grace_days",
    "languages",
];

/// How long a sunset partner's people keep access after `ended`.
pub const DEFAULT_GRACE_DAYS: u32 = 30;

/// The lifecycle stage whose portal is frozen: no new version is published.
pub const SUNSET: &str = "sunset";

/// Slugs a partner may not take: they name other things in URLs.
const RESERVED: &[&str] = &["internal", "latest", "static", "index"];

#[derive(Debug, Clone)]
pub struct Partner {
    pub slug: String,
    pub name: String,
    pub tier: String,
    pub tier_rank: usize,
    pub kind: String,
    /// Where the partnership is in kit.yaml's `stages`.
    pub stage: String,
    /// When the partnership was signed, its first joint win, its next review.
    pub signed: Option<Date>,
    pub first_win: Option<Date>,
    pub next_review: Option<Date>,
    /// The profile's own handoff keys (over kit.yaml's).
    pub handoff: RawHandoff,
    /// When a sunset partnership ended, and how long its access outlives that.
    pub ended: Option<Date>,
    pub grace_days: u32,
    /// The languages its people read, of kit.yaml's: its portal speaks
    /// the first (the kit's default when the profile names none).
    pub languages: Vec<String>,
    /// Absolute path of the logo file, when set.
    pub logo: Option<PathBuf>,
    /// The logo's intrinsic size, when the file declares one (read by `load`).
    pub logo_size: Option<(u32, u32)>,
    pub colors: Colors,
    pub welcome: String,
    /// Our people on the partnership (partner manager, channel SE…).
    pub contacts: Vec<Contact>,
    /// The partner's own people, each with the e-mail they are known by.
    pub people: Vec<Contact>,
    /// Who single sign-on lets in besides `people`: e-mail domains and
    /// group claims of the partner.
    pub sign_in: SignIn,
    pub rules_of_engagement: String,
    pub deal_registration: String,
    pub lead_sla_hours: Option<u32>,
    pub payout: String,
    /// Item references as written (`slug` or `collection/slug`), resolved by `kit`.
    pub featured: Vec<String>,
    pub start_here: Vec<PartnerStep>,
    pub path: PathBuf,
    /// The profile's text, for pointing at fields in later checks.
    pub text: String,
}

impl Partner {
    pub fn doc(&self) -> Doc<'_> {
        Doc::whole(&self.path, &self.text)
    }

    /// The partnership has ended: its portal is frozen.
    pub fn is_sunset(&self) -> bool {
        self.stage == SUNSET
    }

    /// This partner's referral handoff: its profile's keys over the kit's.
    pub fn handoff(&self, config: &Config) -> Handoff {
        Handoff::merge(&config.handoff, &self.handoff, self.lead_sla_hours)
    }
}

/// What `{{ partner.<field> }}` shows ([`crate::model::values::FIELDS`]).
impl crate::model::values::Reader for Partner {
    fn field(&self, name: &str) -> String {
        match name {
            "name" => self.name.clone(),
            "slug" => self.slug.clone(),
            "tier" => self.tier.clone(),
            "type" => self.kind.clone(),
            "lead_sla_hours" => self
                .lead_sla_hours
                .map(|h| h.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }
}

/// A profile's YAML, read but not yet checked against the kit. `load` looks
/// for the logo file on disk between [`parse`] and [`Profile::check`].
#[derive(Debug)]
pub struct Profile {
    pub path: PathBuf,
    stem: String,
    text: String,
    raw: RawPartner,
    /// Unknown keys.
    warnings: Vec<Diagnostic>,
}

/// Read one profile's YAML. `stem` is the file name without `.yaml`.
pub fn parse(path: &Path, stem: &str, text: String) -> Result<Profile, Vec<Diagnostic>> {
    let doc = Doc::whole(path, &text);
    let raw: RawPartner = doc.parse("partner profile").map_err(|d| vec![*d])?;
    let warnings = doc.unknown_keys(KNOWN_KEYS, "partner profile");
    Ok(Profile {
        path: path.to_path_buf(),
        stem: stem.to_string(),
        text,
        raw,
        warnings,
    })
}

impl Profile {
    pub fn doc(&self) -> Doc<'_> {
        Doc::whole(&self.path, &self.text)
    }

    /// The `logo` path as written (relative to the profile), when set.
    pub fn logo(&self) -> Option<&str> {
        self.raw.logo.as_deref()
    }

    /// Check the profile against kit.yaml. `logo` is what `load` found for
    /// [`Profile::logo`]: the file, or the error saying why there is none.
    /// Returns the partner and its warnings, or every problem found.
    pub fn check(
        self,
        config: &Config,
        logo: Option<Result<PathBuf, Box<Diagnostic>>>,
    ) -> Result<(Partner, Vec<Diagnostic>), Vec<Diagnostic>> {
        let Profile {
            path,
            stem,
            text,
            raw,
            mut warnings,
        } = self;
        let doc = Doc::whole(&path, &text);
        let mut errors = Vec::new();
        let name = name_of(&raw, &doc, &mut errors);
        let slug = slug_of(&raw, &stem, &doc, &mut errors);
        let (tier, tier_rank) = tier_of(&raw, config, &doc, &mut errors);
        let kind = kind_of(&raw, config, &doc, &mut errors);
        let stage = stage_of(&raw, config, &doc, &mut errors);
        let languages = languages_of(raw.languages.clone(), config, &doc, &mut errors);
        let date = |key: &str, written: &Option<String>, errors: &mut Vec<Diagnostic>| {
            date_of(key, written.as_deref(), &doc, errors)
        };
        let signed = date("signed", &raw.signed, &mut errors);
        let first_win = date("first_win", &raw.first_win, &mut errors);
        let next_review = date("next_review", &raw.next_review, &mut errors);
        let ended = date("ended", &raw.ended, &mut errors);
        check_colors(&raw.colors, &doc, &mut errors);
        let logo = match logo {
            Some(Ok(file)) => Some(file),
            Some(Err(why)) => {
                errors.push(*why);
                None
            }
            None => None,
        };
        check_contacts(&raw.contacts, &name, &doc, &mut errors, &mut warnings);
        check_people(
            &raw.people,
            &name,
            (&doc, "people"),
            (&mut errors, &mut warnings),
        );
        check_sign_in(&raw.sign_in, (&doc, "sign_in"), &mut errors);
        if !errors.is_empty() {
            errors.append(&mut warnings);
            return Err(errors);
        }
        let partner = Partner {
            slug,
            name,
            tier,
            tier_rank,
            kind,
            stage,
            signed,
            first_win,
            next_review,
            handoff: raw.handoff,
            ended,
            grace_days: raw.grace_days.unwrap_or(DEFAULT_GRACE_DAYS),
            languages,
            logo,
            logo_size: None,
            colors: raw.colors,
            welcome: raw.welcome,
            contacts: raw.contacts,
            people: raw.people,
            sign_in: raw.sign_in,
            rules_of_engagement: raw.rules_of_engagement,
            deal_registration: raw.deal_registration,
            lead_sla_hours: raw.lead_sla_hours,
            payout: raw.payout,
            featured: raw.featured,
            start_here: raw.start_here,
            path,
            text,
        };
        Ok((partner, warnings))
    }
}

/// The start of the profile, for problems with no line of their own.
fn start(doc: &Doc) -> Location {
    Location::at_offset(doc.path, doc.file_text, 0, 1)
}

fn name_of(raw: &RawPartner, doc: &Doc, errors: &mut Vec<Diagnostic>) -> String {
    raw.name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| {
            errors.push(
                Diagnostic::error("E0201", "partner profile without `name`")
                    .at(start(doc))
                    .hint("add `name: \"Partner Inc.\"`"),
            );
            String::new()
        })
}

/// `slug:` as written, else from the file name; either way it names the
/// partner's portal folder.
fn slug_of(raw: &RawPartner, stem: &str, doc: &Doc, errors: &mut Vec<Diagnostic>) -> String {
    let slug = raw.slug.clone().unwrap_or_else(|| {
        // Portal folders take no dots (nginx locations, env variable names).
        match crate::paths::file_slug(stem) {
            s if s.contains('.') => crate::paths::slugify(&s),
            s => s,
        }
    });
    if !is_safe_segment(&slug) || RESERVED.contains(&slug.as_str()) || slug.contains('.') {
        let loc = if raw.slug.is_some() {
            doc.key_location("slug")
        } else {
            Location::file(doc.path)
        };
        errors.push(
            Diagnostic::error("E0202", format!("partner slug `{slug}` cannot be a portal folder"))
                .at(loc)
                .hint(format!(
                    "use lowercase letters, digits and hyphens, not one of: {} (rename the file or set `slug:`)",
                    RESERVED.join(", ")
                )),
        );
    }
    slug
}

/// The tier and its rank in kit.yaml's order (0 when it has none).
/// `languages:` (each one of kit.yaml's), else the kit's default.
fn languages_of(
    written: Option<Vec<String>>,
    config: &Config,
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let Some(languages) = written.filter(|l| !l.is_empty()) else {
        return config.languages.iter().take(1).cloned().collect();
    };
    for tag in &languages {
        if !config.languages.contains(tag) {
            errors.push(Config::not_in_list(
                "E0212",
                "language",
                tag,
                &config.languages,
                "languages in kit.yaml",
                doc.value_location("languages", tag),
            ));
        }
    }
    languages
}

/// `stage:` (one of kit.yaml's `stages`); without it, `active` when the kit
/// has that stage, else its first.
fn stage_of(raw: &RawPartner, config: &Config, doc: &Doc, errors: &mut Vec<Diagnostic>) -> String {
    match &raw.stage {
        Some(stage) if config.stages.contains(stage) => stage.clone(),
        Some(stage) => {
            errors.push(Config::not_in_list(
                "E0209",
                "stage",
                stage,
                &config.stages,
                "stages in kit.yaml",
                doc.key_location("stage"),
            ));
            stage.clone()
        }
        None => config
            .stages
            .iter()
            .find(|s| *s == "active")
            .or(config.stages.first())
            .cloned()
            .unwrap_or_default(),
    }
}

/// A date field (YYYY-MM-DD), when set.
fn date_of(
    key: &str,
    written: Option<&str>,
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let written = written?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match Date::parse(written.trim(), format) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(
                Diagnostic::error("E0210", format!("`{key}` is not a date: `{written}`"))
                    .at(doc.key_location(key))
                    .hint(format!(
                        "write dates as YYYY-MM-DD, e.g. `{key}: 2026-03-01`"
                    )),
            );
            None
        }
    }
}

fn tier_of(
    raw: &RawPartner,
    config: &Config,
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) -> (String, usize) {
    let tier = raw.tier.clone().unwrap_or_default();
    let rank = match config.tier_rank(&tier) {
        Some(r) => r,
        None if raw.tier.is_none() => {
            errors.push(
                Diagnostic::error("E0203", "partner profile without `tier`")
                    .at(start(doc))
                    .hint(format!(
                        "add `tier:` with one of: {}",
                        config.tiers.join(", ")
                    )),
            );
            0
        }
        None => {
            errors.push(Config::not_in_list(
                "E0203",
                "tier",
                &tier,
                &config.tiers,
                "tiers in kit.yaml",
                doc.key_location("tier"),
            ));
            0
        }
    };
    (tier, rank)
}

/// The partner `type`, one of kit.yaml's `partner_types`.
fn kind_of(raw: &RawPartner, config: &Config, doc: &Doc, errors: &mut Vec<Diagnostic>) -> String {
    let kind = raw.kind.clone().unwrap_or_default();
    if !config.partner_types.contains(&kind) {
        errors.push(if raw.kind.is_none() {
            Diagnostic::error("E0204", "partner profile without `type`")
                .at(start(doc))
                .hint(format!(
                    "add `type:` with one of: {}",
                    config.partner_types.join(", ")
                ))
        } else {
            Config::not_in_list(
                "E0204",
                "partner type",
                &kind,
                &config.partner_types,
                "partner_types in kit.yaml",
                doc.key_location("type"),
            )
        });
    }
    kind
}

/// Every colour set is hex. A colour that is written but has no value was
/// an unquoted `#…`, which YAML reads as a comment.
fn check_colors(colors: &Colors, doc: &Doc, errors: &mut Vec<Diagnostic>) {
    for (field, value) in [
        ("primary", &colors.primary),
        ("accent", &colors.accent),
        ("text", &colors.text),
    ] {
        let written = doc.value_location("colors", &format!("{field}:"));
        if value.is_none()
            && written
                .source_line
                .as_deref()
                .is_some_and(|l| l.contains(&format!("{field}:")))
        {
            errors.push(
                Diagnostic::error("E0205", format!("`colors.{field}` has no value"))
                    .at(written)
                    .label("an unquoted `#` starts a YAML comment")
                    .hint(format!("quote the colour: `{field}: \"#0b5fff\"`")),
            );
        }
        if let Some(v) = value
            && crate::model::brand::parse_hex(v).is_none()
        {
            errors.push(
                    Diagnostic::error("E0205", format!("`colors.{field}` is not a colour: `{v}`"))
                        .at(doc.value_location("colors", v))
                        .hint("write colours as hex, e.g. `\"#0b5fff\"` (quote them: `#` starts a YAML comment)"),
                );
        }
    }
}

/// At least one contact, each named; one alone is a warning, as the
/// relationship would not survive that person leaving.
fn check_contacts(
    contacts: &[Contact],
    name: &str,
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) {
    if contacts.is_empty() {
        errors.push(
            Diagnostic::error("E0207", "partner profile without `contacts`")
                .at(start(doc))
                .hint("list at least two contacts (name, role, email) so the relationship survives turnover"),
        );
    } else if contacts.len() == 1 {
        warnings.push(
            Diagnostic::warning("W0201", format!("`{name}` has a single contact"))
                .at(doc.key_location("contacts"))
                .label("the relationship rests on one person")
                .hint("add a second contact so the partnership survives turnover"),
        );
    }
    for c in contacts {
        if c.name.trim().is_empty() {
            errors.push(
                Diagnostic::error("E0208", "a contact without `name`")
                    .at(doc.key_location("contacts"))
                    .hint("every contact needs `name`, `role` and `email`"),
            );
        }
    }
}

/// Who a portal is for.
#[derive(Debug, Clone, Copy)]
pub enum Audience<'a> {
    Internal,
    Partner(&'a Partner),
}

impl Audience<'_> {
    /// The visibility rule. Internal staff see everything. A partner sees an
    /// item unless it is internal, or a field that is set excludes them:
    /// `tiers` (their tier must be listed), `min_tier` (their tier must rank
    /// at or above it in `kit.yaml`'s order), `partner_types` (their type must
    /// be listed), `partners` (their slug must be listed), `stages` (their
    /// lifecycle stage must be listed). Fields combine with AND.
    pub fn can_see(&self, item: &Visibility, config: &Config) -> bool {
        self.hidden_by(item, config).is_none()
    }

    /// Whether this audience, which sees `item`, sees its section `n` (0:
    /// what precedes the first `##` heading, shown with the page).
    pub fn can_see_section(
        &self,
        item: &crate::model::content::Item,
        n: usize,
        config: &Config,
    ) -> bool {
        n == 0
            || item
                .sections
                .get(n - 1)
                .and_then(Option::as_ref)
                .is_none_or(|rule| self.can_see(rule, config))
    }

    /// The first field of the rule that hides `item` from this audience.
    pub fn hidden_by(&self, item: &Visibility, config: &Config) -> Option<Hidden> {
        let partner = match self {
            Audience::Internal => return None,
            Audience::Partner(p) => p,
        };
        if item.internal {
            return Some(Hidden::Internal);
        }
        if let Some(tiers) = &item.tiers
            && !tiers.contains(&partner.tier)
        {
            return Some(Hidden::Tier);
        }
        if let Some(min) = &item.min_tier
            && config
                .tier_rank(min)
                .is_none_or(|rank| partner.tier_rank < rank)
        {
            return Some(Hidden::MinTier);
        }
        if let Some(types) = &item.partner_types
            && !types.contains(&partner.kind)
        {
            return Some(Hidden::PartnerType);
        }
        if let Some(allowed) = &item.partners
            && !allowed.contains(&partner.slug)
        {
            return Some(Hidden::NotListed);
        }
        if let Some(stages) = &item.stages
            && !stages.contains(&partner.stage)
        {
            return Some(Hidden::Stage);
        }
        None
    }
}

/// Which field of an item's visibility keeps a partner out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    Internal,
    Tier,
    MinTier,
    PartnerType,
    NotListed,
    Stage,
}

impl Hidden {
    /// Why, in words: "it is for tiers gold, platinum and Northstar is silver".
    pub fn explain(self, item: &Visibility, partner: &Partner) -> String {
        let list = |v: &Option<Vec<String>>| v.as_deref().unwrap_or_default().join(", ");
        match self {
            Hidden::Internal => "it is staff-only (`internal: true`)".to_string(),
            Hidden::Tier => format!(
                "it is for tiers {} and {} is {}",
                list(&item.tiers),
                partner.slug,
                partner.tier
            ),
            Hidden::MinTier => format!(
                "it is for tier {} and above and {} is {}",
                item.min_tier.as_deref().unwrap_or_default(),
                partner.slug,
                partner.tier
            ),
            Hidden::PartnerType => format!(
                "it is for {} partners and {} is {}",
                list(&item.partner_types),
                partner.slug,
                partner.kind
            ),
            Hidden::NotListed => format!(
                "its `partners:` list ({}) does not name {}",
                list(&item.partners),
                partner.slug
            ),
            Hidden::Stage => format!(
                "it is for partners in stage {} and {} is {}",
                list(&item.stages),
                partner.slug,
                partner.stage
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(Path::new("kit.yaml"), "name: K\n").unwrap().0
    }

    fn partner(tier: &str, kind: &str, slug: &str) -> Partner {
        let text = format!(
            "name: P\ntier: {tier}\ntype: {kind}\ncontacts:\n  - {{name: A, role: r, email: a@x}}\n  - {{name: B}}\n"
        );
        parse(Path::new("p.yaml"), slug, text)
            .and_then(|p| p.check(&config(), None))
            .unwrap()
            .0
    }

    fn vis(f: impl FnOnce(&mut Visibility)) -> Visibility {
        let mut v = Visibility::default();
        f(&mut v);
        v
    }

    #[test]
    fn each_visibility_field() {
        let c = config();
        let gold = partner("gold", "reseller", "g");
        let silver = partner("silver", "referral", "s");
        let (g, s) = (Audience::Partner(&gold), Audience::Partner(&silver));
        let open = Visibility::default();
        assert!(g.can_see(&open, &c) && s.can_see(&open, &c));
        let internal = vis(|v| v.internal = true);
        assert!(!g.can_see(&internal, &c) && Audience::Internal.can_see(&internal, &c));
        let tiers = vis(|v| v.tiers = Some(vec!["silver".into()]));
        assert!(!g.can_see(&tiers, &c) && s.can_see(&tiers, &c));
        let min = vis(|v| v.min_tier = Some("gold".into()));
        assert!(g.can_see(&min, &c) && !s.can_see(&min, &c));
        let types = vis(|v| v.partner_types = Some(vec!["referral".into()]));
        assert!(!g.can_see(&types, &c) && s.can_see(&types, &c));
        let allow = vis(|v| v.partners = Some(vec!["g".into()]));
        assert!(g.can_see(&allow, &c) && !s.can_see(&allow, &c));
        let both = vis(|v| {
            v.min_tier = Some("silver".into());
            v.partner_types = Some(vec!["reseller".into()]);
        });
        assert!(g.can_see(&both, &c) && !s.can_see(&both, &c));
    }

    #[test]
    fn bad_profile_fields() {
        let text = "name: P\ntier: bronze\ntype: vendor\ncolors: {primary: \"blue\"}\ncontacts: [{name: A}]\n".to_string();
        let errs = parse(Path::new("p.yaml"), "internal", text)
            .and_then(|p| p.check(&config(), None))
            .unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["E0202", "E0203", "E0204", "E0205", "W0201"]);
    }

    #[test]
    fn slug_from_the_file_name_takes_no_dots() {
        let doc = Doc::whole(Path::new("p.yaml"), "name: P\n");
        let mut errors = Vec::new();
        let raw = RawPartner::default();
        assert_eq!(slug_of(&raw, "Acme.io", &doc, &mut errors), "acme-io");
        assert_eq!(slug_of(&raw, "static", &doc, &mut errors), "static");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "E0202");
    }

    #[test]
    fn unquoted_colour_is_a_comment() {
        let text = "colors:\n  primary: #0b5fff\n  accent: \"#ff0000\"\n";
        let doc = Doc::whole(Path::new("p.yaml"), text);
        let raw: RawPartner = doc.parse("partner profile").unwrap();
        let mut errors = Vec::new();
        check_colors(&raw.colors, &doc, &mut errors);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, "`colors.primary` has no value");
        assert_eq!(errors[0].location.as_ref().unwrap().line, 2);
    }

    #[test]
    fn logo_problem_is_an_error_of_the_profile() {
        let text = "name: P\ntier: gold\ntype: reseller\ncontacts: [{name: A}, {name: B}]\n";
        let logo = Diagnostic::error("E0206", "logo file `x.svg` does not exist");
        let errs = parse(Path::new("p.yaml"), "p", text.to_string())
            .and_then(|p| p.check(&config(), Some(Err(Box::new(logo)))))
            .unwrap_err();
        let codes: Vec<_> = errs.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["E0206"]);
    }
}
