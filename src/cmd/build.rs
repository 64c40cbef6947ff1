//! The `build` command, and the loading it shares with `check`
//! ([`prepare`]): load the kit, render every selected portal into staging,
//! then publish. It writes nothing itself: `publish` does, and nothing
//! reaches `<out>` unless every portal rendered.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::diagnostics::{Diagnostic, Report};
use crate::load;
use crate::load::theme::Theme;
use crate::model::kit::Kit;
use crate::publish::record::Record;
use crate::publish::{History, PublishError, Publisher, Purpose};
use crate::render::portal::{self, Release, RenderError, Shared, Sink};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// `None`: `kit.yaml`'s version.
    pub version: Option<String>,
    pub portals: Vec<String>,
    pub replace: bool,
    /// Draw a progress bar (the CLI decides: a terminal, not CI, not quiet).
    pub progress: bool,
    /// A draft preview: `draft: true` pages included, into a folder that
    /// can never become a release output.
    pub drafts: bool,
}

/// Counts files as they are written, for the progress bar.
struct Counted<'a, S: Sink> {
    inner: S,
    bar: &'a indicatif::ProgressBar,
}

impl<S: Sink> Sink for Counted<'_, S> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.bar.inc(1);
        self.inner.write(rel, bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> std::io::Result<()> {
        self.bar.inc(1);
        self.inner.copy(rel, from)
    }
}

/// Why a command failed, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The kit has errors (exit 1).
    Invalid(Report),
    /// Usage, refusal or I/O (exit 2).
    Usage(Report),
}

#[derive(Debug)]
pub struct Built {
    pub report: Report,
    pub pages: usize,
    pub items: usize,
    pub portals: usize,
    /// Each portal's folder and page count.
    pub per_portal: Vec<(String, usize)>,
    pub version: String,
    pub elapsed: Duration,
    /// Portals whose version was already published with these very bytes:
    /// nothing was written for them.
    pub unchanged: Vec<String>,
    /// Sunset partners' portals, frozen at their last version: no new one.
    pub frozen: Vec<String>,
}

/// The build clock: `SOURCE_DATE_EPOCH` when set (reproducible builds),
/// otherwise now.
pub fn build_time() -> OffsetDateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or_else(OffsetDateTime::now_utc)
}

fn usage(d: Diagnostic, mut report: Report) -> Failure {
    report.push(d);
    Failure::Usage(report)
}

fn publish_failure(e: PublishError, report: Report) -> Failure {
    let hint = e.hint();
    usage(Diagnostic::error("E0501", e.to_string()).hint(hint), report)
}

/// Load the kit and its theme, or say why not.
pub fn prepare(root: &Path, opts: load::Options) -> Result<(Kit, Theme, Report), Failure> {
    load::require_kit(root).map_err(|d| usage(*d, Report::default()))?;
    let loaded = load::load(root, opts);
    // The theme loads even when content failed, so one run reports both.
    let theme_name = match &loaded {
        Ok((kit, _)) => kit.config.theme.clone(),
        Err(_) => crate::model::config::Config::parse(
            &root.join("kit.yaml"),
            &load::read_text(&root.join("kit.yaml")).unwrap_or_default(),
        )
        .map(|(c, _)| c.theme)
        .unwrap_or_else(|_| "default".to_string()),
    };
    let theme = Theme::load(root, &theme_name);
    match (loaded, theme) {
        (Ok((kit, report)), Ok(theme)) => Ok((kit, theme, report)),
        (Ok((_, mut report)), Err(ds)) | (Err(mut report), Err(ds)) => {
            report.extend(ds);
            report.normalize();
            Err(Failure::Invalid(report))
        }
        (Err(mut report), Ok(_)) => {
            report.normalize();
            Err(Failure::Invalid(report))
        }
    }
}

/// Add a render failure to `report`; true when it was I/O (exit 2).
pub fn report_render_error(e: RenderError, report: &mut Report) -> bool {
    match e {
        RenderError::Template(ds) => {
            report.extend(ds);
            false
        }
        RenderError::Io { path, source } => {
            report.push(
                Diagnostic::error("E0502", format!("cannot write `{path}`: {source}"))
                    .hint("check that the output folder is writable and the disk has space"),
            );
            true
        }
    }
}

/// `now` as the RFC 3339 stamp (whole seconds) that versions.json records.
pub fn stamp(now: OffsetDateTime) -> String {
    now.replace_nanosecond(0)
        .unwrap_or(now)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The selected portals with their publishing histories, staged as
/// `version` by `publisher`.
struct Plan<'k> {
    publisher: Publisher,
    portals: Vec<portal::Portal<'k>>,
    histories: Vec<History>,
    version: String,
}

pub fn build(opts: &BuildOptions) -> Result<Built, Failure> {
    let started = Instant::now();
    if opts.drafts && same_folder(&opts.out, &opts.root.join("public")) {
        return Err(usage(
            Diagnostic::error(
                "E0504",
                format!(
                    "`--drafts` would put drafts into the release output {}",
                    opts.out.display()
                ),
            )
            .hint("build the preview into a folder of its own, e.g. `enablekit build --drafts --out preview`"),
            Report::default(),
        ));
    }
    let (kit, theme, mut report) = prepare(
        &opts.root,
        load::Options {
            drafts: opts.drafts,
        },
    )?;
    let version = opts
        .version
        .clone()
        .unwrap_or_else(|| kit.config.version.clone());
    if let Err(d) = crate::model::config::check_version(&version) {
        return Err(usage(*d, report));
    }
    let portals = portal::select(&kit, &opts.portals).map_err(|d| usage(*d, report.clone()))?;
    let now = build_time();
    let (plan, frozen) = match plan(opts, portals, version, now) {
        Ok(plan) => freeze(plan),
        Err(e) => return Err(publish_failure(e, report)),
    };
    let shared = Shared::new(&kit, now.date());
    // An estimate (pages plus statics per portal): the bar only needs a scale.
    let estimate = plan.portals.len() * (kit.items.len() + kit.config.collections.len() + 16);
    let bar = progress_bar(opts.progress, estimate);
    let (per_portal, mut records, io_failed) =
        render_all(&kit, &theme, &shared, &plan, &bar, &mut report);
    bar.finish_and_clear();
    if report.has_errors() {
        report.normalize();
        return Err(if io_failed {
            Failure::Usage(report)
        } else {
            Failure::Invalid(report)
        });
    }
    let (unchanged, dirs) = match settle_published(&plan, &records) {
        Ok(split) => split,
        Err(e) => return Err(publish_failure(e, report)),
    };
    if kit.config.offline_zip {
        let failed = offline_zips(&kit, &plan, &dirs, &mut records);
        if !failed.is_empty() {
            report.extend(failed);
            return Err(Failure::Usage(report));
        }
    }
    if let Err(e) = commit(&plan, &dirs, &records) {
        return Err(publish_failure(e, report));
    }
    report.normalize();
    Ok(Built {
        report,
        pages: per_portal.iter().map(|(_, pages)| pages).sum(),
        items: kit.items.len(),
        portals: plan.portals.len(),
        per_portal,
        version: plan.version,
        elapsed: started.elapsed(),
        unchanged,
        frozen,
    })
}

/// True when `a` and `b` name one folder (either may not exist yet).
fn same_folder(a: &Path, b: &Path) -> bool {
    let real = |p: &Path| std::path::absolute(p).map(|p| std::fs::canonicalize(&p).unwrap_or(p));
    matches!((real(a), real(b)), (Ok(x), Ok(y)) if x == y)
}

/// A sunset partner's portal whose last version (`previous`) is published:
/// no build adds to it.
pub fn has_ended(
    p: &portal::Portal<'_>,
    previous: Option<&crate::model::versions::Manifest>,
) -> bool {
    matches!(p.audience, crate::model::partners::Audience::Partner(partner) if partner.is_sunset())
        && previous.is_some_and(|m| m.ended.is_some())
}

/// Take out of the plan every sunset partner whose newest published
/// version is already its last (its manifest says the partnership ended):
/// that version stays its latest, with the notice, and nothing is added.
/// A sunset partner without one gets this version as its last.
fn freeze(mut plan: Plan<'_>) -> (Plan<'_>, Vec<String>) {
    let mut frozen = Vec::new();
    let mut keep = Vec::new();
    let portals = std::mem::take(&mut plan.portals);
    let histories = std::mem::take(&mut plan.histories);
    for (p, history) in portals.into_iter().zip(histories) {
        let ended = has_ended(&p, history.previous.as_ref()) && !history.published;
        match ended {
            true => frozen.push(p.dir()),
            false => keep.push((p, history)),
        }
    }
    (plan.portals, plan.histories) = keep.into_iter().unzip();
    (plan, frozen)
}

/// Open the output for `version` and check every portal can take it,
/// before anything is rendered.
fn plan<'k>(
    opts: &BuildOptions,
    portals: Vec<portal::Portal<'k>>,
    version: String,
    now: OffsetDateTime,
) -> Result<Plan<'k>, PublishError> {
    let purpose = match opts.drafts {
        true => Purpose::Preview,
        false => Purpose::Release,
    };
    let publisher = Publisher::new(&opts.out, &version, opts.replace, stamp(now), purpose)?;
    let histories = portals
        .iter()
        .map(|p| publisher.preflight(&p.dir()))
        .collect::<Result<_, _>>()?;
    Ok(Plan {
        publisher,
        portals,
        histories,
        version,
    })
}

fn progress_bar(show: bool, estimate: usize) -> indicatif::ProgressBar {
    let bar = if show {
        indicatif::ProgressBar::new(estimate as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/~{len} files, {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Render every portal of `plan` into staging, adding failures to
/// `report`. Returns each rendered portal's folder and page count, the
/// record of each portal's staged files, and whether a failure was I/O.
fn render_all(
    kit: &Kit,
    theme: &Theme,
    shared: &Shared,
    plan: &Plan,
    bar: &indicatif::ProgressBar,
    report: &mut Report,
) -> (Vec<(String, usize)>, Vec<Record>, bool) {
    let mut per_portal = Vec::new();
    let mut records = Vec::new();
    let mut io_failed = false;
    for (p, history) in plan.portals.iter().zip(&plan.histories) {
        let release = Release {
            version: &plan.version,
            previous: history.previous.as_ref(),
            previous_trees: &history.previous_trees,
            built: &history.built,
            now: &history.now,
        };
        let sink = Counted {
            inner: plan.publisher.sink(&p.dir(), history),
            bar,
        };
        match portal::render(kit, theme, shared, *p, &release, &sink) {
            Ok(stats) => per_portal.push((p.dir(), stats.pages)),
            Err(e) => io_failed |= report_render_error(e, report),
        }
        records.push(sink.inner.into_record());
    }
    (per_portal, records, io_failed)
}

/// Zip, for offline reading, every staged portal in `dirs` whose version
/// becomes its `latest/`, in parallel; one error per zip that could not be
/// written.
fn offline_zips(
    kit: &Kit,
    plan: &Plan,
    dirs: &[String],
    records: &mut [Record],
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let name = crate::paths::slugify(&kit.config.name);
    let base = match kit.config.base_url.trim_end_matches('/') {
        "" => String::new(),
        base => format!("{base}/"),
    };
    plan.portals
        .par_iter()
        .zip(&plan.histories)
        .zip(records)
        .filter(|((p, history), _)| history.newest && dirs.contains(&p.dir()))
        .filter_map(|((p, history), record)| {
            let top = format!("{name}-{}-{}", p.slug(), plan.version);
            let online = crate::publish::offline::Online {
                base: base.clone(),
                portal: p.dir(),
                version: plan.version.clone(),
            };
            let published = plan.publisher.published_zip(&p.dir());
            let previous = history
                .reuse
                .as_ref()
                .map(|(_, old)| (published.as_path(), old));
            let written = crate::publish::offline::write(
                &plan.publisher.staged(&p.dir()),
                &plan.publisher.staged_zip(&p.dir()),
                &top,
                record,
                previous,
                &online,
            );
            match written {
                Ok(note) => {
                    record.zip = Some(note);
                    None
                }
                Err(e) => Some(
                    Diagnostic::error(
                        "E0503",
                        format!("cannot write the offline zip of `{}`: {e}", p.slug()),
                    )
                    .hint("check that the output folder is writable and the disk has space"),
                ),
            }
        })
        .collect()
}

/// Publish the staged portals in `dirs`, each with the record of its files.
fn commit(plan: &Plan, dirs: &[String], records: &[Record]) -> Result<(), PublishError> {
    for ((p, history), record) in plan.portals.iter().zip(&plan.histories).zip(records) {
        if dirs.contains(&p.dir()) {
            plan.publisher.seal(&p.dir(), history, record)?;
        }
    }
    plan.publisher.commit_all(dirs)
}

/// Split the portals into those whose version is already published with
/// the same bytes (nothing to do) and those to commit; a published version
/// this build would change is refused.
fn settle_published(
    plan: &Plan,
    records: &[Record],
) -> Result<(Vec<String>, Vec<String>), PublishError> {
    let (mut unchanged, mut commit) = (Vec::new(), Vec::new());
    for ((p, history), record) in plan.portals.iter().zip(&plan.histories).zip(records) {
        let dir = p.dir();
        if !history.published {
            commit.push(dir);
        } else if Publisher::unchanged(history, record) {
            unchanged.push(dir);
        } else {
            return Err(PublishError::Changed {
                portal: dir,
                version: plan.version.clone(),
            });
        }
    }
    Ok((unchanged, commit))
}
