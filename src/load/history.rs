//! When content files last changed, to tell which translations are older
//! than their original ("stale"): a file's last commit where the kit is in
//! a git work tree and the file is committed as it is, else its
//! modification time (a copy without git keeps only that). Whole seconds,
//! so files written in one go are never stale by a fraction.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use time::OffsetDateTime;

use crate::diagnostics::{Diagnostic, Location};
use crate::model::kit::Kit;

/// Each translation whose original changed after it: a warning at the
/// translation, saying when the original changed.
pub fn stale_translations(kit: &Kit) -> Vec<Diagnostic> {
    let pairs: Vec<(&Path, &Path)> = kit
        .translations
        .iter()
        .flat_map(|(lang, items)| {
            items
                .iter()
                .zip(&kit.items)
                .filter(move |(t, _)| &t.lang == lang)
                .map(|(t, o)| (t.path.as_path(), o.path.as_path()))
        })
        .collect();
    if pairs.is_empty() {
        return Vec::new();
    }
    let files: Vec<&Path> = pairs.iter().flat_map(|(t, o)| [*t, *o]).collect();
    let times = last_changed(&kit.root, &files);
    pairs
        .into_iter()
        .filter_map(|(t, o)| {
            let (Some(&tt), Some(&ot)) = (times.get(t), times.get(o)) else {
                return None;
            };
            (ot > tt).then(|| stale(t, o, ot, &kit.root))
        })
        .collect()
}

fn stale(translation: &Path, original: &Path, when: i64, root: &Path) -> Diagnostic {
    let date = OffsetDateTime::from_unix_timestamp(when)
        .map(|d| d.date().to_string())
        .unwrap_or_default();
    let shown = original.strip_prefix(root).unwrap_or(original);
    let text = crate::load::read_text(translation).unwrap_or_default();
    Diagnostic::warning(
        "W0171",
        format!(
            "stale translation: {} changed after it (on {date})",
            shown.display()
        ),
    )
    .at(Location::at_offset(translation, &text, 0, 3))
    .label("older than its original")
    .hint("bring the translation up to date; if the change needs none, save (or commit) it again so it counts as current")
}

/// The last change of each of `files` in whole seconds since the epoch.
fn last_changed<'f>(root: &Path, files: &[&'f Path]) -> HashMap<&'f Path, i64> {
    let committed = git_times(root, files).unwrap_or_default();
    files
        .iter()
        .filter_map(|&f| {
            let time = match committed.get(f) {
                Some(&t) => t,
                None => modified(f)?,
            };
            Some((f, time))
        })
        .collect()
}

fn modified(file: &Path) -> Option<i64> {
    let time = std::fs::metadata(file).ok()?.modified().ok()?;
    let secs = time.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok()
}

/// The last commit time of every file in `files` that git has committed
/// and the work tree has not changed since; `None` outside a work tree or
/// without git.
fn git_times<'f>(root: &Path, files: &[&'f Path]) -> Option<HashMap<&'f Path, i64>> {
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    let top = std::fs::canonicalize(top.trim()).ok()?;
    let relative: HashMap<PathBuf, &'f Path> = files
        .iter()
        .filter_map(|&f| {
            Some((
                std::fs::canonicalize(f)
                    .ok()?
                    .strip_prefix(&top)
                    .ok()?
                    .to_path_buf(),
                f,
            ))
        })
        .collect();
    let paths: Vec<&str> = relative.keys().filter_map(|p| p.to_str()).collect();
    let mut args = vec!["status", "--porcelain", "-z", "--no-renames", "--"];
    args.extend(&paths);
    let dirty: HashSet<PathBuf> = git(&top, &args)?
        .split('\0')
        .filter_map(|l| l.get(3..))
        .map(PathBuf::from)
        .collect();
    let mut args = vec!["log", "--format=@%ct", "--name-only", "--no-renames", "--"];
    args.extend(&paths);
    let mut times = HashMap::new();
    let mut when = None;
    for line in git(&top, &args)?.lines() {
        if let Some(t) = line.strip_prefix('@') {
            when = t.parse::<i64>().ok();
        } else if let (Some(t), Some(&f)) = (when, relative.get(Path::new(line)))
            && !dirty.contains(Path::new(line))
        {
            times.entry(f).or_insert(t);
        }
    }
    Some(times)
}

/// Run git in `dir` with paths printed as they are (not octal-quoted).
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
