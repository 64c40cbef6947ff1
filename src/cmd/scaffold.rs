//! `enablekit init` and `enablekit new`: files an author starts from, with
//! every field filled with guidance. Pure text generation plus a careful
//! writer that never overwrites.

use std::path::{Path, PathBuf};

use time::Date;

use crate::load::theme;
use crate::model::config::Config;
use crate::model::kind::{ELLIPSIS_ITEM, Kind};
use crate::paths::slugify;

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0} already exists")]
    Exists(PathBuf),
    #[error("{0} is already a kit")]
    KitExists(PathBuf),
    #[error("`{kind}` is not something `new` can create")]
    UnknownKind { kind: String, known: Vec<String> },
    #[error("cannot derive a file name from the title `{0}`")]
    EmptySlug(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ScaffoldError {
    pub fn hint(&self) -> String {
        match self {
            ScaffoldError::Exists(_) => {
                "enablekit never overwrites: pick another title, or edit the existing file".into()
            }
            ScaffoldError::KitExists(_) => {
                "enablekit never overwrites: pick another folder for `init`, or add to this kit with `enablekit new`".into()
            }
            ScaffoldError::UnknownKind { known, .. } => format!("use one of: {}", known.join(", ")),
            ScaffoldError::EmptySlug(_) => "use a title with letters or digits".into(),
            ScaffoldError::Io { .. } => "check that the folder is writable".into(),
        }
    }
}

/// Write `text` to `path`, creating folders, refusing to overwrite.
pub fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    write_new_bytes(path, text.as_bytes())
}

pub fn write_new_bytes(path: &Path, bytes: &[u8]) -> Result<(), ScaffoldError> {
    use std::io::Write;
    let io = |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                ScaffoldError::Exists(path.to_path_buf())
            } else {
                ScaffoldError::Io {
                    path: path.to_path_buf(),
                    source: e,
                }
            }
        })?;
    file.write_all(bytes).map_err(io)
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

// The guidance `init` and `new` write. `check` looks for each of these in
// a kit: one left in place would be published as it is.
const SUMMARY: &str = "One sentence a partner reads in the list: what this is and when to use it.";
const OWNER: &str = "Your name or team";
const WELCOME: &str = "A short welcome shown on the partner's home page.";
const MANAGER_EMAIL: &str = "manager@example.com";
const SE_EMAIL: &str = "se@example.com";
const RULES: &str = "Who owns which accounts, and how conflicts are resolved.";
const REGISTER: &str = "Where to register a deal.";
const PAYOUT: &str = "Margin or referral fee, and when it is paid.";
const BASE_URL: &str = "https://partners.example.com";

/// Text `init` and `new` write for the author to replace, in the order
/// `check` reports what is left of it: the common fields, each kind's
/// guidance, then the kit and partner files'.
pub fn placeholders() -> impl Iterator<Item = &'static str> {
    [SUMMARY, OWNER]
        .into_iter()
        .chain(
            Kind::ALL
                .into_iter()
                .flat_map(|k| k.spec().guidance.iter().copied()),
        )
        .chain([
            WELCOME,
            MANAGER_EMAIL,
            SE_EMAIL,
            RULES,
            REGISTER,
            PAYOUT,
            BASE_URL,
            ELLIPSIS_ITEM,
        ])
}

/// Front matter and a body outline for a new item of `kind`, written
/// `today` and due for review on `review_by`.
pub fn item_text(kind: Kind, title: &str, today: Date, review_by: Date) -> String {
    let title = yaml_string(title);
    let common = format!(
        "title: {title}\nsummary: \"{SUMMARY}\"\ntags: []\nowner: \"{OWNER}\"\nreview_by: {review_by}\n# Visibility (remove to show to every partner): min_tier: silver | tiers: [gold] | partner_types: [reseller] | partners: [slug] | stages: [onboarding] | internal: true\n"
    );
    let new = (kind.spec().new_item)(today);
    format!("---\n{common}{}---\n\n{}", new.fields, new.body)
}

/// A new partner profile.
pub fn partner_text(name: &str, config: &Config) -> String {
    let tier = config.tiers.first().map_or("registered", String::as_str);
    let kind = config
        .partner_types
        .first()
        .map_or("referral", String::as_str);
    format!(
        "name: {name}\ntier: {tier}            # one of: {tiers}\ntype: {kind}            # one of: {types}\n# logo: logos/{slug}.svg   # path relative to this file\ncolors: {{primary: \"#0b5fff\", accent: \"#00b894\"}}\nwelcome: |\n  {WELCOME}\ncontacts:   # at least two, so the relationship survives turnover\n  - {{name: \"Partner manager\", role: \"Partner manager (us)\", email: \"{MANAGER_EMAIL}\"}}\n  - {{name: \"Channel engineer\", role: \"Solutions engineer (us)\", email: \"{SE_EMAIL}\"}}\nrules_of_engagement: |\n  {RULES}\ndeal_registration: |\n  1. {REGISTER}\n  2. What to provide.\n  3. When you hear back.\nlead_sla_hours: 24\npayout: |\n  {PAYOUT}\nfeatured: []\n",
        name = yaml_string(name),
        tiers = config.tiers.join(", "),
        types = config.partner_types.join(", "),
        slug = slugify(name),
    )
}

/// Where `new <kind> <title>` writes, and what.
pub fn new_file(
    root: &Path,
    config: &Config,
    kind: &str,
    title: &str,
    today: Date,
    review_days: i64,
) -> Result<(PathBuf, String), ScaffoldError> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptySlug(title.to_string()));
    }
    if kind == "partner" {
        return Ok((
            root.join("partners").join(format!("{slug}.yaml")),
            partner_text(title, config),
        ));
    }
    let collection = config
        .collections
        .iter()
        .find(|c| c.dir == kind || c.kind.as_str() == kind)
        .ok_or_else(|| {
            let mut known: Vec<String> = config.collections.iter().map(|c| c.dir.clone()).collect();
            for c in &config.collections {
                if c.kind != Kind::Generic && !known.contains(&c.kind.as_str().to_string()) {
                    known.push(c.kind.as_str().to_string());
                }
            }
            known.push("partner".into());
            ScaffoldError::UnknownKind {
                kind: kind.to_string(),
                known,
            }
        })?;
    let review_by = today.saturating_add(time::Duration::days(review_days));
    Ok((
        root.join("content")
            .join(&collection.dir)
            .join(format!("{slug}.md")),
        item_text(collection.kind, title, today, review_by),
    ))
}

fn kit_yaml() -> String {
    format!(
        "name: \"Acme Partner Kit\"\ntagline: \"Everything our partners need to sell, defend and prove Acme.\"\nversion: 1.0.0\nbase_url: {BASE_URL}\ntheme: default\ntiers: [registered, silver, gold, platinum]      # lowest first\npartner_types: [referral, reseller, integration, strategic]\ncollections:\n  - {{dir: one-pagers, title: \"One-pagers\", kind: one-pager}}\n  - {{dir: objections, title: \"Objection handling\", kind: objection}}\n  - {{dir: case-studies, title: \"Case studies\", kind: case-study}}\n  - {{dir: playbooks, title: \"Playbooks\"}}\n"
    )
}

/// A new kit in `dir` that builds at once: kit.yaml, one item of each kind,
/// two partners. Refuses when `dir` already holds a kit.yaml.
pub fn init(dir: &Path, today: Date, with_theme: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    let kit_path = dir.join("kit.yaml");
    if kit_path.exists() {
        return Err(ScaffoldError::KitExists(dir.to_path_buf()));
    }
    let kit_yaml = kit_yaml();
    write_new(&kit_path, &kit_yaml)?;
    let config = Config::parse(&kit_path, &kit_yaml)
        .map(|(c, _)| c)
        .expect("the built-in kit.yaml is valid (tested)");
    let mut written = vec![kit_path];
    for (kind, title) in [
        ("one-pager", "Acme in one minute"),
        ("objection", "You're too expensive"),
        ("case-study", "How Globex cut onboarding time in half"),
        ("playbooks", "Registering your first deal"),
        ("partner", "Initech Consulting"),
        ("partner", "Umbrella Systems"),
    ] {
        let (path, text) = new_file(
            dir,
            &config,
            kind,
            title,
            today,
            config.review_interval_days,
        )?;
        write_new(&path, &text)?;
        written.push(path);
    }
    if with_theme {
        written.extend(write_default(&dir.join("themes").join("default"))?);
    }
    Ok(written)
}

/// Copy the built-in theme to `dir` (for `init --theme`), never overwriting.
pub fn write_default(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let mut written = Vec::new();
    for file in theme::embedded_files(&theme::DEFAULT_THEME) {
        let path = dir.join(file.path());
        write_new_bytes(&path, file.contents())?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(Path::new("kit.yaml"), "name: K\n").unwrap().0
    }

    #[test]
    fn new_objection_has_guided_fields_and_parses() {
        let today = time::macros::date!(2026 - 11 - 24);
        let (path, text) = new_file(
            Path::new("/k"),
            &config(),
            "objection",
            "You're too expensive",
            today,
            90,
        )
        .unwrap();
        assert_eq!(
            path,
            Path::new("/k/content/objections/youre-too-expensive.md")
        );
        assert!(text.contains("review_by: 2027-02-22"));
        let (draft, warnings) = crate::model::content::parse(
            &path,
            "objections/you-re-too-expensive.md",
            text,
            &config(),
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(draft.title, "You're too expensive");
    }

    #[test]
    fn new_partner_parses() {
        let (_, text) = new_file(
            Path::new("/k"),
            &config(),
            "partner",
            "Acme \"Co\"",
            time::macros::date!(2026 - 1 - 1),
            1,
        )
        .unwrap();
        let logos = tempfile_free_parse(&text);
        assert_eq!(logos, "Acme \"Co\"");
    }

    fn tempfile_free_parse(text: &str) -> String {
        let (p, w) = crate::model::partners::parse(
            Path::new("/k/partners/acme-co.yaml"),
            "acme-co",
            text.to_string(),
        )
        .and_then(|p| p.check(&config(), None))
        .unwrap();
        assert!(w.is_empty(), "{w:?}");
        p.name
    }

    #[test]
    fn unknown_kind_lists_choices() {
        let e = new_file(
            Path::new("/k"),
            &config(),
            "battlecard",
            "X",
            time::macros::date!(2026 - 1 - 1),
            1,
        )
        .unwrap_err();
        assert!(e.hint().contains("objections") && e.hint().contains("partner"));
    }
}
