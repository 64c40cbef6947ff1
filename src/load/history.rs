//! What git remembers of a kit's files. When content files last changed,
//! to tell which translations are older than their original ("stale"): a
//! file's last commit where the kit is in a git work tree and the file is
//! committed as it is, else its modification time (a copy without git
//! keeps only that). Whole seconds, so files written in one go are never
//! stale by a fraction. And since when a profile names a person, for the
//! access review ([`named_since`]).

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

/// Since when a file has named someone, as far as git can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// The date (`YYYY-MM-DD`) of the commit that last added them.
    Committed(String),
    /// Named in the work tree, not in the last commit.
    Uncommitted,
    /// No git, or history that does not reach the addition.
    Unknown,
}

/// For each of `needles` (lower-case e-mail addresses) named in `file`:
/// the newest commit whose change adds a line naming it without removing
/// one (a changed role removes and adds: not an addition), following
/// renames, merges seen from their first parent. One `git log` and one
/// `git show` per file.
pub fn named_since(file: &Path, needles: &[&str]) -> HashMap<String, Since> {
    let unknown = || {
        needles
            .iter()
            .map(|n| (n.to_string(), Since::Unknown))
            .collect()
    };
    let (Some(dir), Some(name)) = (file.parent(), file.file_name().and_then(|n| n.to_str())) else {
        return unknown();
    };
    let args = [
        "log",
        "--follow",
        "-p",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--diff-merges=first-parent",
        "--format=%x01%cs",
        "--",
        name,
    ];
    let Some(log) = git(dir, &args) else {
        return unknown();
    };
    let head = git(dir, &["show", &format!("HEAD:./{name}")])
        .unwrap_or_default()
        .to_lowercase();
    let additions = additions(&log, needles);
    needles
        .iter()
        .map(|&n| {
            let since = match additions.get(n) {
                Some(date) if names(&head, n) => Since::Committed(date.clone()),
                _ if !names(&head, n) => Since::Uncommitted,
                _ => Since::Unknown,
            };
            (n.to_string(), since)
        })
        .collect()
}

/// The newest adding commit's date of each needle in a `git log -p`
/// (newest first, each commit after a `\u{1}<date>` line). Only lines
/// inside hunks count: headers (`+++ b/…`) are not content, and content may
/// start with `++` or `--`.
fn additions(log: &str, needles: &[&str]) -> HashMap<String, String> {
    let mut found = HashMap::new();
    let mut flush = |date: &str, added: &HashSet<&str>, removed: &HashSet<&str>| {
        for n in added.difference(removed) {
            found
                .entry(n.to_string())
                .or_insert_with(|| date.to_string());
        }
    };
    let (mut date, mut added, mut removed) = (String::new(), HashSet::new(), HashSet::new());
    let mut in_hunk = false;
    for line in log.lines() {
        if let Some(d) = line.strip_prefix('\u{1}') {
            flush(&date, &added, &removed);
            (date, added, removed) = (d.to_string(), HashSet::new(), HashSet::new());
            in_hunk = false;
            continue;
        }
        if line.starts_with("diff --git ") {
            in_hunk = false;
            continue;
        }
        if line.starts_with("@@") {
            in_hunk = true;
            continue;
        }
        let (set, text) = match line.as_bytes().first() {
            Some(b'+') if in_hunk => (&mut added, &line[1..]),
            Some(b'-') if in_hunk => (&mut removed, &line[1..]),
            _ => continue,
        };
        let text = text.to_lowercase();
        set.extend(needles.iter().filter(|n| names(&text, n)));
    }
    flush(&date, &added, &removed);
    found
}

/// `text` names the address `needle` as a whole (`ann@x.example` is not
/// named by `joann@x.example`).
fn names(text: &str, needle: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    text.match_indices(needle).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(part)
            && !text[at + needle.len()..].chars().next().is_some_and(part)
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_named_since_the_commit_that_last_added_it() {
        let log = "\u{1}2026-05-01\ndiff --git a/p.yaml b/p.yaml\n--- a/p.yaml\n+++ b/p.yaml\n\
            @@ -3 +3 @@\n-  - {name: Ann, role: A, email: ann@x.example}\n+  - {name: Ann, role: B, email: Ann@X.example}\n\
            \u{1}2026-03-01\ndiff --git a/p.yaml b/p.yaml\n@@ -2,0 +3 @@\n+  - {email: ann@x.example}\n+-- bob@x.example\n\
            \u{1}2026-01-01\ndiff --git a/p.yaml b/p.yaml\nnew file mode 100644\n--- /dev/null\n+++ b/p.yaml\n@@ -0,0 +1,2 @@\n+people:\n+  - {email: joann@x.example}\n";
        let found = additions(log, &["ann@x.example", "bob@x.example", "joann@x.example"]);
        // The role change is no addition; the commit before it is.
        assert_eq!(found["ann@x.example"], "2026-03-01");
        // A content line starting with `--` still counts as an addition.
        assert_eq!(found["bob@x.example"], "2026-03-01");
        // `joann@…` does not name `ann@…`.
        assert_eq!(found["joann@x.example"], "2026-01-01");
        assert!(!names("+++ b/ann@x.example.yaml", "ann@x.example"));
    }
}
