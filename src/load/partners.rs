//! Loading `partners/*.yaml`: each profile read, its logo file found and
//! sized, and one profile per slug. The checks of a profile's fields are
//! the model's ([`crate::model::partners`]); this adds only what needs the
//! disk.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Location, Report};
use crate::load::dimensions;
use crate::load::files::read_text;
use crate::model::config::Config;
use crate::model::partners::{self, Partner, Profile};
use crate::paths::Outside;

/// Every partner profile that loads, sorted by slug; every problem goes to
/// `report`.
pub fn load(root: &Path, config: &Config, report: &mut Report) -> Vec<Partner> {
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
        match profile(path, config) {
            Ok((p, warnings)) => {
                report.extend(warnings);
                match partners.iter().find(|o| o.slug == p.slug) {
                    Some(first) => report.push(duplicate_slug(&p, first)),
                    None => partners.push(p),
                }
            }
            Err(ds) => report.extend(ds),
        }
    }
    for p in &partners {
        handoff_warnings(p, config, report);
    }
    partners.sort_by(|a, b| a.slug.cmp(&b.slug));
    partners
}

/// Read, parse and check one profile, with its logo found and sized.
fn profile(path: &Path, config: &Config) -> Result<(Partner, Vec<Diagnostic>), Vec<Diagnostic>> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = read_text(path).map_err(|d| vec![*d])?;
    let profile = partners::parse(path, &stem, text)?;
    let logo = profile.logo().map(|written| logo_file(&profile, written));
    let (mut p, warnings) = profile.check(config, logo)?;
    p.logo_size = p.logo.as_deref().and_then(dimensions::of_file);
    Ok((p, warnings))
}

/// The profile's `logo`, a path relative to the profile, as a file inside
/// the kit.
fn logo_file(profile: &Profile, written: &str) -> Result<PathBuf, Box<Diagnostic>> {
    // Profiles sit in `<kit>/partners/`: the kit is two levels up.
    let dir = profile.path.parent().unwrap_or(Path::new("."));
    let kit = dir.parent().unwrap_or(dir);
    crate::paths::inside_kit(kit, dir, written).map_err(|why| {
        let hint = match why {
            Outside::Missing => format!(
                "the path is relative to the profile; expected a file at {}",
                dir.join(written).display()
            ),
            _ => "a kit publishes only files inside its own folder: put the logo under partners/ (e.g. `logo: logos/acme.svg`)".to_string(),
        };
        Box::new(
            Diagnostic::error("E0206", format!("logo file `{written}` {}", why.describe()))
                .at(profile.doc().key_location("logo"))
                .hint(hint),
        )
    })
}

/// Two profiles with one slug would share a portal: the second is refused.
fn duplicate_slug(second: &Partner, first: &Partner) -> Diagnostic {
    let doc = second.doc();
    let loc = if doc.top_level_keys().iter().any(|(k, _)| *k == "slug") {
        doc.key_location("slug")
    } else {
        Location::at_offset(&second.path, &second.text, 0, 1)
    };
    Diagnostic::error(
        "E0210",
        format!("two partner profiles have the slug `{}`", second.slug),
    )
    .at(loc)
    .hint(format!(
        "the other is {}; give each partner its own slug",
        first.path.display()
    ))
}

/// A declared handoff (kit.yaml's or the profile's) without an owner or a
/// response SLA, and profile prose that says another figure than it.
fn handoff_warnings(p: &Partner, config: &Config, report: &mut Report) {
    if config.handoff == Default::default() && p.handoff == Default::default() {
        return;
    }
    let h = p.handoff(config);
    let at = || Location::file(&p.path);
    let fix = "set it under `handoff:` in kit.yaml, or in this profile for this partner alone";
    if h.owner.is_none() {
        report.push(
            Diagnostic::warning(
                "W0203",
                format!("nobody on our side owns referrals from `{}`", p.name),
            )
            .at(at())
            .hint(format!("name the owner: {fix}")),
        );
    }
    if h.sla_hours.is_none() {
        report.push(
            Diagnostic::warning(
                "W0204",
                format!("referrals from `{}` have no response SLA", p.name),
            )
            .at(at())
            .hint(format!(
                "`sla_hours:` (or the profile's `lead_sla_hours`): {fix}"
            )),
        );
    }
    for (field, text) in [
        ("rules_of_engagement", &p.rules_of_engagement),
        ("deal_registration", &p.deal_registration),
    ] {
        for c in crate::model::handoff::contradictions(&h, text) {
            let offset = p.text.find(&c.said).unwrap_or(0);
            report.push(
                Diagnostic::warning(
                    "W0205",
                    format!(
                        "`{field}` says {}, the handoff's {} is {}",
                        c.said, c.what, c.structured
                    ),
                )
                .at(Location::at_offset(
                    &p.path,
                    &p.text,
                    offset,
                    c.said.chars().count(),
                ))
                .label("not what the handoff says")
                .hint("partners read both on their portal: make the text and `handoff:` agree"),
            );
        }
    }
}
