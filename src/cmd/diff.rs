//! The `diff` command: what a release changes for every portal's readers,
//! between two published versions or between the latest one and the kit as
//! it is now (`--working`, nothing written). Manifests carry everything it
//! compares; `model::release` decides what changed and why, and
//! [`human`] is the text `main` prints.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cmd::build::{Failure, has_ended, prepare};
use crate::diagnostics::{Diagnostic, Report};
use crate::load;
use crate::model::release::{self, Access, Page, Pair, PortalChanges};
use crate::model::versions::{Manifest, compare_versions};
use crate::publish;
use crate::render::portal::{self, Release, Shared};

#[derive(Debug, Clone)]
pub struct DiffOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// The older side [default: the version before `to`; with `working`, the latest].
    pub from: Option<String>,
    /// The newer side [default: the latest published version].
    pub to: Option<String>,
    /// Compare with the kit as it is now instead of a published version.
    pub working: bool,
}

/// The changes of a release, portal by portal (staff portal first).
#[derive(Debug, Serialize)]
pub struct ReleaseDiff {
    pub from: String,
    /// A version, or `working` for the kit as it is now.
    pub to: String,
    pub portals: Vec<PortalChanges>,
    /// Problems found while loading the working kit (warnings only).
    #[serde(skip)]
    pub report: Report,
}

fn usage(code: &'static str, message: String, hint: &str) -> Failure {
    Failure::Usage(Report {
        diagnostics: vec![Diagnostic::error(code, message).hint(hint)],
    })
}

fn io(e: publish::PublishError) -> Failure {
    let hint = e.hint();
    usage("E0505", e.to_string(), &hint)
}

pub fn diff(opts: &DiffOptions) -> Result<ReleaseDiff, Failure> {
    let dirs = publish::portal_dirs(&opts.out);
    let history = histories(&opts.out, &dirs)?;
    let all: BTreeSet<&str> = history.values().flatten().map(String::as_str).collect();
    let mut all: Vec<&str> = all.into_iter().collect();
    all.sort_by(|a, b| compare_versions(a, b));
    let (from, to) = sides(opts, &all)?;
    let published = |version: &str| -> Result<BTreeMap<String, Manifest>, Failure> {
        dirs.iter()
            .filter_map(|d| at_or_before(&history[d], version).map(|v| (d, v)))
            .map(|(d, v)| {
                Ok((
                    d.clone(),
                    publish::read_manifest(&opts.out, d, v).map_err(io)?,
                ))
            })
            .collect()
    };
    let old = published(from)?;
    let (new, report) = match to {
        Some(v) => (published(v)?, Report::default()),
        None => working(opts, &old)?,
    };
    let staff = |m: &BTreeMap<String, Manifest>| m.get("internal").cloned();
    let (staff_from, staff_to) = (staff(&old), staff(&new));
    let staff_pair = Pair {
        from: staff_from.as_ref(),
        to: staff_to.as_ref(),
    };
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let portals = names
        .into_iter()
        .map(|dir| {
            let pair = Pair {
                from: old.get(dir),
                to: new.get(dir),
            };
            let staff = (dir != "internal").then_some(staff_pair);
            release::compare(dir, pair, staff)
        })
        .collect();
    Ok(ReleaseDiff {
        from: from.to_string(),
        to: to.unwrap_or("working").to_string(),
        portals,
        report,
    })
}

/// Each portal's published versions, from its `versions.json`.
fn histories(out: &Path, dirs: &[String]) -> Result<BTreeMap<String, Vec<String>>, Failure> {
    dirs.iter()
        .map(|d| {
            let versions =
                publish::read_versions(&out.join(d).join("versions.json")).map_err(io)?;
            Ok((d.clone(), versions.into_iter().map(|v| v.version).collect()))
        })
        .collect()
}

/// The portal's newest version at or before `version`: a portal that was
/// not rebuilt in a release (`--portal`, a partnership that ended) still
/// shows what its readers had then.
fn at_or_before<'v>(versions: &'v [String], version: &str) -> Option<&'v str> {
    versions
        .iter()
        .filter(|v| compare_versions(v, version).is_le())
        .max_by(|a, b| compare_versions(a, b))
        .map(String::as_str)
}

/// `from` and `to` (`None`: the working kit), checked against the
/// published versions (oldest first).
fn sides<'a>(
    opts: &'a DiffOptions,
    all: &[&'a str],
) -> Result<(&'a str, Option<&'a str>), Failure> {
    let known = |v: &'a str| -> Result<&'a str, Failure> {
        match all.contains(&v) {
            true => Ok(v),
            false => Err(usage(
                "E0506",
                format!("version {v} is not published in {}", opts.out.display()),
                &published_hint(all),
            )),
        }
    };
    let Some(&latest) = all.last() else {
        return Err(usage(
            "E0506",
            format!("no published versions in {}", opts.out.display()),
            "build a release first (`enablekit build`), or pass the output folder with `--out DIR`",
        ));
    };
    let to = match (&opts.to, opts.working) {
        (_, true) => None,
        (Some(v), false) => Some(known(v)?),
        (None, false) => Some(latest),
    };
    let from = match (&opts.from, to) {
        (Some(v), _) => known(v)?,
        (None, None) => latest,
        (None, Some(to)) => {
            let before = all.iter().rev().find(|v| compare_versions(v, to).is_lt());
            *before.ok_or_else(|| {
                usage(
                    "E0506",
                    format!("no version before {to} to compare it with"),
                    "compare the kit as it is now with `enablekit diff --working`, or name versions with `--from` and `--to`",
                )
            })?
        }
    };
    match to {
        Some(to) if compare_versions(from, to).is_ge() => Err(usage(
            "E0506",
            format!("`--from {from}` is not older than `--to {to}`"),
            "name the older version with `--from` and the newer with `--to`",
        )),
        _ => Ok((from, to)),
    }
}

fn published_hint(all: &[&str]) -> String {
    format!(
        "published versions: {}; or use `--working` for the kit as it is now",
        all.join(", ")
    )
}

/// Every portal's manifest as the kit would build it now, against its
/// manifest at `from`; a portal whose partnership has ended keeps its last.
fn working(
    opts: &DiffOptions,
    old: &BTreeMap<String, Manifest>,
) -> Result<(BTreeMap<String, Manifest>, Report), Failure> {
    let (kit, theme, report) = prepare(&opts.root, load::Options::default())?;
    let shared = Shared::new(&kit, crate::cmd::build::build_time().date());
    let built = BTreeMap::new();
    let portals = portal::select(&kit, &[]).map_err(|d| {
        Failure::Usage(Report {
            diagnostics: vec![*d],
        })
    })?;
    let manifests = portals
        .into_iter()
        .map(|p| {
            let dir = p.dir();
            let previous = old.get(&dir);
            let manifest = match previous.filter(|m| has_ended(&p, Some(m))) {
                Some(last) => last.clone(),
                None => portal::manifest(
                    &kit,
                    &theme,
                    &shared,
                    p,
                    &Release {
                        version: &kit.config.version,
                        previous,
                        previous_trees: &portal::NO_TREES,
                        built: &built,
                        now: "",
                    },
                ),
            };
            (dir, manifest)
        })
        .collect();
    Ok((manifests, report))
}

/// The diff as people read it: portal by portal, what each partner's
/// readers gain, lose and see change, each gain and loss with its reason.
pub fn human(d: &ReleaseDiff) -> String {
    let to = match d.to.as_str() {
        "working" => "the kit as it is now".to_string(),
        v => v.to_string(),
    };
    let mut out = format!("Changes from {} to {to}\n", d.from);
    let (same, changed): (Vec<&PortalChanges>, Vec<&PortalChanges>) = d
        .portals
        .iter()
        .partition(|p| p.is_empty() && p.status == "kept");
    for p in &changed {
        portal_text(&mut out, p);
    }
    if !same.is_empty() {
        let names: Vec<&str> = same.iter().map(|p| p.portal.as_str()).collect();
        let _ = writeln!(out, "\nno changes: {}", names.join(", "));
    }
    let count = |f: fn(&PortalChanges) -> usize| d.portals.iter().map(f).sum::<usize>();
    let _ = writeln!(
        out,
        "\n{} of {} portals change: {} added, {} updated, {} removed, {} gained, {} lost",
        changed.len(),
        d.portals.len(),
        count(|p| p.added.len()),
        count(|p| p.updated.len()),
        count(|p| p.removed.len()),
        count(|p| p.gained.len()),
        count(|p| p.lost.len()),
    );
    out
}

fn portal_text(out: &mut String, p: &PortalChanges) {
    let status = match p.status {
        "new" => " (new portal)",
        "gone" => " (no longer built: its partner left the kit)",
        _ => "",
    };
    let staff = if p.portal == "internal" {
        " (staff)"
    } else {
        ""
    };
    let _ = writeln!(out, "\n{}{staff}{status}", p.portal);
    let pages = |out: &mut String, mark: &str, verb: &str, list: &[Page]| {
        for page in list {
            let _ = writeln!(out, "  {mark} {verb:<8} {} ({})", page.title, page.key);
        }
    };
    let access = |out: &mut String, mark: &str, verb: &str, list: &[Access]| {
        for a in list {
            let _ = writeln!(out, "  {mark} {verb:<8} {} ({})", a.page.title, a.page.key);
            for r in &a.reasons {
                let _ = writeln!(out, "             {}", reason_text(r));
            }
        }
    };
    access(out, "+", "gains", &p.gained);
    access(out, "-", "loses", &p.lost);
    pages(out, "+", "added", &p.added);
    pages(out, "~", "updated", &p.updated);
    pages(out, "-", "removed", &p.removed);
}

fn reason_text(r: &release::Reason) -> String {
    let value = |v: &str| match v {
        "" => "(none)".to_string(),
        v => format!("`{v}`"),
    };
    match r.rule {
        "unrecorded" => format!("why: not known ({})", r.after),
        "tier-order" => format!("why: {}", r.after),
        rule => format!(
            "{rule}: the {}'s `{}` changed from {} to {}",
            r.of,
            r.field,
            value(&r.before),
            value(&r.after)
        ),
    }
}
