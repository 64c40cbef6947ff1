//! The `build` and `check` commands: load the kit, render every selected
//! portal into staging, then publish. Nothing reaches `<out>` unless every
//! portal rendered.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

use crate::diagnostics::{Diagnostic, Report};
use crate::load;
use crate::load::theme::Theme;
use crate::model::kit::Kit;
use crate::publish::{PublishError, Publisher};
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
pub fn prepare(root: &Path) -> Result<(Kit, Theme, Report), Failure> {
    load::require_kit(root).map_err(|d| usage(*d, Report::default()))?;
    let loaded = load::load(root);
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

pub fn build(opts: &BuildOptions) -> Result<Built, Failure> {
    let started = Instant::now();
    let (kit, theme, mut report) = prepare(&opts.root)?;
    let version = opts
        .version
        .clone()
        .unwrap_or_else(|| kit.config.version.clone());
    if let Err(d) = crate::model::config::check_version(&version) {
        return Err(usage(*d, report));
    }
    let portals = portal::select(&kit, &opts.portals).map_err(|d| usage(*d, report.clone()))?;
    let now = build_time();
    let built = now
        .replace_nanosecond(0)
        .unwrap_or(now)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let publisher = match Publisher::new(&opts.out, &version, opts.replace, built) {
        Ok(p) => p,
        Err(e) => return Err(publish_failure(e, report)),
    };
    let mut histories = Vec::with_capacity(portals.len());
    for p in &portals {
        match publisher.preflight(&p.dir()) {
            Ok(h) => histories.push(h),
            Err(e) => return Err(publish_failure(e, report)),
        }
    }
    let shared = Shared::new(&kit, now.date());
    let mut pages = 0;
    let mut per_portal = Vec::new();
    let mut io_failed = false;
    // An estimate (pages plus statics per portal): the bar only needs a scale.
    let estimate = portals.len() * (kit.items.len() + kit.config.collections.len() + 16);
    let bar = if opts.progress {
        indicatif::ProgressBar::new(estimate as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/~{len} files, {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    for (p, history) in portals.iter().zip(&histories) {
        let release = Release {
            version: &version,
            previous: history.previous.as_ref(),
            built: &history.built,
            now: &history.now,
        };
        match portal::render(
            &kit,
            &theme,
            &shared,
            *p,
            &release,
            &Counted {
                inner: publisher.sink(&p.dir(), history),
                bar: &bar,
            },
        ) {
            Ok(stats) => {
                pages += stats.pages;
                per_portal.push((p.dir(), stats.pages));
            }
            Err(e) => io_failed |= report_render_error(e, &mut report),
        }
    }
    bar.finish_and_clear();
    if report.has_errors() {
        report.normalize();
        return Err(if io_failed {
            Failure::Usage(report)
        } else {
            Failure::Invalid(report)
        });
    }
    if kit.config.offline_zip {
        use rayon::prelude::*;
        let name = crate::paths::slugify(&kit.config.name);
        let failed: Vec<Diagnostic> = portals
            .par_iter()
            .zip(&histories)
            .filter_map(|(p, history)| {
                let top = format!("{name}-{}-{version}", p.slug());
                let reuse = history.reuse.as_deref();
                let online = crate::publish::offline::Online {
                    base: match kit.config.base_url.trim_end_matches('/') {
                        "" => String::new(),
                        base => format!("{base}/"),
                    },
                    portal: p.dir(),
                    version: version.clone(),
                };
                crate::publish::offline::write(&publisher.staged(&p.dir()), &top, reuse, &online)
                    .err()
                    .map(|e| {
                        Diagnostic::error(
                            "E0503",
                            format!("cannot write the offline zip of `{}`: {e}", p.slug()),
                        )
                        .hint("check that the output folder is writable and the disk has space")
                    })
            })
            .collect();
        if !failed.is_empty() {
            report.extend(failed);
            return Err(Failure::Usage(report));
        }
    }
    let (unchanged, dirs) = match settle_published(&publisher, &portals, &histories, &version) {
        Ok(split) => split,
        Err(e) => return Err(publish_failure(e, report)),
    };
    if let Err(e) = publisher.commit_all(&dirs) {
        return Err(publish_failure(e, report));
    }
    report.normalize();
    Ok(Built {
        report,
        pages,
        items: kit.items.len(),
        portals: portals.len(),
        per_portal,
        version,
        elapsed: started.elapsed(),
        unchanged,
    })
}

/// Split the portals into those whose version is already published with
/// the same bytes (nothing to do) and those to commit; a published version
/// this build would change is refused.
fn settle_published(
    publisher: &Publisher,
    portals: &[portal::Portal],
    histories: &[crate::publish::History],
    version: &str,
) -> Result<(Vec<String>, Vec<String>), PublishError> {
    let (mut unchanged, mut commit) = (Vec::new(), Vec::new());
    for (p, history) in portals.iter().zip(histories) {
        let dir = p.dir();
        if !history.published {
            commit.push(dir);
        } else if publisher.unchanged(&dir)? {
            unchanged.push(dir);
        } else {
            return Err(PublishError::Changed {
                portal: dir,
                version: version.to_string(),
            });
        }
    }
    Ok((unchanged, commit))
}
