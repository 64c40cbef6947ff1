//! `enablekit check`: everything `build` validates, for every portal,
//! without writing output, plus what only an author needs to hear: content
//! past its review date or without an owner, links that a partner portal
//! shows as plain text because the partner cannot see the target, and
//! (with `--external`) external links that do not answer.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use rayon::prelude::*;
use time::Date;

use crate::cmd::build::{Failure, prepare};
use crate::diagnostics::{Diagnostic, Location, Report};
use crate::model::content::Item;
use crate::model::kit::Kit;
use crate::model::partners::Audience;
use crate::render::portal::{self, Release, Shared, Sink};

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Stale content and placeholder text are errors rather than warnings.
    pub strict: bool,
    /// Request every `http(s)://` link.
    pub external: bool,
}

/// Renders into nothing: templates are exercised, nothing is written.
struct NullSink;

impl Sink for NullSink {
    fn write(&self, _: &str, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
    fn copy(&self, _: &str, from: &Path) -> std::io::Result<()> {
        std::fs::metadata(from).map(|_| ())
    }
}

/// What a check looked at, and what it found.
#[derive(Debug)]
pub struct Checked {
    pub report: Report,
    pub items: usize,
    pub partners: usize,
}

impl Checked {
    /// "checked 20 items and 5 partners: no problems", for a clean run.
    pub fn summary(&self) -> String {
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        format!(
            "checked {} and {}: no problems",
            plural(self.items, "item"),
            plural(self.partners, "partner")
        )
    }
}

pub fn check(root: &Path, today: Date, opts: &CheckOptions) -> Result<Checked, Failure> {
    let (kit, theme, mut report) = prepare(root, crate::load::Options::default())?;
    let shared = Shared::new(&kit, today);
    let built = BTreeMap::new();
    let release = Release {
        previous_trees: &portal::NO_TREES,
        version: &kit.config.version,
        previous: None,
        built: &built,
        now: "",
    };
    for p in portal::select(&kit, &[]).map_err(|d| {
        Failure::Usage(Report {
            diagnostics: vec![*d],
        })
    })? {
        if let Err(e) = portal::render(&kit, &theme, &shared, p, &release, &NullSink) {
            crate::cmd::build::report_render_error(e, &mut report);
        }
    }
    freshness(&kit, today, opts.strict, &mut report);
    report.extend(crate::load::history::stale_translations(&kit));
    placeholders(&kit, opts.strict, &mut report);
    hidden_links(&kit, &mut report);
    access(&kit, &mut report);
    if opts.external {
        external_links(&kit, &mut report);
    }
    report.normalize();
    if report.has_errors() {
        return Err(Failure::Invalid(report));
    }
    Ok(Checked {
        report,
        items: kit.items.len(),
        partners: kit.partners.len(),
    })
}

/// Who a host would let in, checked before anyone hosts: an address,
/// domain or group that would open two portals makes `host-config` refuse
/// (E0809); say so while the author is at it.
fn access(kit: &Kit, report: &mut Report) {
    use crate::cmd::host_config::{Portal, people, rules, sign_ins};
    let errors = match people(&kit.config, &kit.partners, &kit.root.join("kit.yaml")) {
        Ok(named) => {
            let portals: Vec<Portal> = std::iter::once(Portal::internal())
                .chain(kit.partners.iter().map(|p| Portal::partner(&p.slug)))
                .collect();
            let sign_ins = sign_ins(&kit.config, &kit.partners);
            rules(&portals, &named, &sign_ins).err().unwrap_or_default()
        }
        Err(errors) => errors,
    };
    for e in errors {
        report.push(Diagnostic::warning("W0207", e.to_string()).hint(e.hint()));
    }
}

/// Locate a byte range of an item's body; reading the file again is fine
/// here, only for items with something to report.
fn body_location(item: &Item, range: &std::ops::Range<usize>) -> Location {
    match crate::load::read_text(&item.path) {
        Ok(text) => Location::at_offset(
            &item.path,
            &text,
            item.body_offset + range.start,
            range.len(),
        ),
        Err(_) => Location::file(&item.path),
    }
}

/// What `--strict` turns from a warning into an error.
fn severity(strict: bool) -> fn(&'static str, String) -> Diagnostic {
    match strict {
        true => |code, message| Diagnostic::error(code, message),
        false => |code, message| Diagnostic::warning(code, message),
    }
}

fn freshness(kit: &Kit, today: Date, strict: bool, report: &mut Report) {
    for item in &kit.items {
        if let Some(due) = item.review_by.filter(|d| *d < today) {
            let text = crate::load::read_text(&item.path).unwrap_or_default();
            let doc = crate::yaml::Doc::whole(&item.path, &text);
            let make = severity(strict);
            report.push(
                make(
                    "W0110",
                    format!("`{}` was due for review on {due}", item.title),
                )
                .at(doc.key_location("review_by"))
                .label("past this date")
                .hint("review the content, then move `review_by` forward"),
            );
        }
        if item.front.owner.is_none() {
            report.push(
                Diagnostic::warning("W0111", format!("`{}` has no owner", item.title))
                    .at(Location::file(&item.path))
                    .hint("add `owner:` so someone is responsible for keeping it current"),
            );
        }
    }
}

/// Guidance from `init` and `new` that is still in the kit: it would be
/// published as written.
fn placeholders(kit: &Kit, strict: bool, report: &mut Report) {
    let files = std::iter::once(kit.root.join("kit.yaml"))
        .chain(written(kit).map(|i| i.path.clone()))
        .chain(kit.partners.iter().map(|p| p.path.clone()));
    let make = severity(strict);
    for path in files {
        let Ok(text) = crate::load::read_text(&path) else {
            continue;
        };
        for placeholder in crate::cmd::scaffold::placeholders() {
            let shown = placeholder.trim_end();
            for (at, _) in text.match_indices(placeholder) {
                report.push(
                    make("W0150", format!("placeholder text `{shown}` is still here"))
                        .at(Location::at_offset(&path, &text, at, shown.chars().count()))
                        .label("written by `enablekit new` as guidance")
                        .hint("replace it with the real text (or remove it): partners would read it as it is"),
                );
            }
        }
    }
}

/// Every page as written: the originals, then each translation.
fn written(kit: &Kit) -> impl Iterator<Item = &Item> {
    let translations = kit
        .translations
        .iter()
        .flat_map(|(lang, items)| items.iter().filter(move |i| &i.lang == lang));
    kit.items.iter().chain(translations)
}

/// A visible page (or section) linking to an item some partner cannot
/// see: that partner reads plain text where the author wrote a link.
fn hidden_links(kit: &Kit, report: &mut Report) {
    for item in written(kit) {
        for link in &item.body.links {
            let target = &kit.items[link.target];
            let affected: Vec<&str> = kit
                .partners
                .iter()
                .filter(|p| {
                    let who = Audience::Partner(p);
                    who.can_see(&item.visibility, &kit.config)
                        && who.can_see_section(item, link.section, &kit.config)
                        && !who.can_see(&target.visibility, &kit.config)
                })
                .map(|p| p.slug.as_str())
                .collect();
            if affected.is_empty() {
                continue;
            }
            report.push(
                Diagnostic::warning(
                    "W0130",
                    format!("link to `{}` shows as plain text in {} partner portal(s)", target.title, affected.len()),
                )
                .at(body_location(item, &link.range))
                .label(format!("not visible to: {}", affected.join(", ")))
                .hint("link to something every reader of this page can see, or narrow this page's visibility"),
            );
        }
    }
}

/// Ask every external URL once (HEAD, then GET when HEAD is refused).
fn external_links(kit: &Kit, report: &mut Report) {
    let mut uses: BTreeMap<&str, Vec<(&Item, &std::ops::Range<usize>)>> = BTreeMap::new();
    for item in written(kit) {
        for (url, range) in &item.body.external {
            uses.entry(url.as_str()).or_default().push((item, range));
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    let urls: Vec<&str> = uses.keys().copied().collect();
    let results: Vec<(&str, Option<String>)> = urls
        .par_iter()
        .map(|url| {
            let status = match agent.head(*url).call() {
                Ok(r) if matches!(r.status().as_u16(), 405 | 501) => {
                    agent.get(*url).call().map(|r| r.status().as_u16())
                }
                Ok(r) => Ok(r.status().as_u16()),
                Err(e) => Err(e),
            };
            let problem = match status {
                Ok(code) if code < 400 => None,
                Ok(code) => Some(format!("answers HTTP {code}")),
                Err(e) => Some(format!("does not answer ({e})")),
            };
            (*url, problem)
        })
        .collect();
    for (url, problem) in results {
        let Some(problem) = problem else { continue };
        for (item, range) in &uses[url] {
            report.push(
                Diagnostic::warning("W0140", format!("external link `{url}` {problem}"))
                    .at(body_location(item, range))
                    .hint("fix or remove the link; partners will hit the same error"),
            );
        }
    }
}
