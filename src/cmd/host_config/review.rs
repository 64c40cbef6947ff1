//! `host-config --report`: plan as a run would, without writing, then
//! ask git since when each person is named and put the review together.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::HostOptions;
use super::people::Person;
use super::plan::{Mode, plan};
use super::problems::{HostError, HostWarning};
use super::report::{self, AccessReport};
use crate::load::history::{Since, named_since};

/// Who can open which portal and since when, decided as a run would,
/// writing nothing; with the run's warnings but those the review itself
/// shows (who has no password yet).
pub fn review(
    opts: &HostOptions,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(AccessReport, Vec<HostWarning>), Vec<HostError>> {
    let mut plan = plan(opts, env, Mode::Review)?;
    plan.warnings
        .retain(|w| !matches!(w, HostWarning::NoPassword { .. }));
    let since = since_when(&plan.people);
    let not_named = plan
        .warnings
        .iter()
        .filter_map(|w| match w {
            HostWarning::NotNamed { email } => Some(email.clone()),
            _ => None,
        })
        .collect();
    let report = report::report(&report::Inputs {
        date: crate::cmd::build::build_time().date().to_string(),
        root: &opts.root,
        portals: &plan.portals,
        people: &plan.people,
        access: &plan.access,
        since: &since,
        not_named,
        oidc: plan.rules.as_ref(),
    });
    Ok((report, plan.warnings))
}

/// Since when each file names each person it names, from git.
fn since_when(people: &[Person]) -> HashMap<(PathBuf, String), Since> {
    let mut by_file: BTreeMap<&Path, Vec<&str>> = BTreeMap::new();
    for p in people {
        for f in &p.named_in {
            by_file.entry(f).or_default().push(&p.email);
        }
    }
    by_file
        .into_iter()
        .flat_map(|(file, emails)| {
            named_since(file, &emails)
                .into_iter()
                .map(move |(email, since)| ((file.to_path_buf(), email), since))
        })
        .collect()
}
