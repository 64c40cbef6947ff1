//! Publishing into `<out>`: every portal version is written to a staging
//! folder first and moved into place with a rename only when the whole build
//! succeeded. Versions already in `<out>` are never touched, except the one
//! being replaced with `--replace`, which is swapped by rename.
//!
//! Per portal folder: `<V>/…` (with `.enablekit-files`, the record of its
//! files), `versions.json`, `latest/` (hard links to the newest version's
//! files, copies where links are impossible, and the portal's
//! `offline.zip`) and `index.html` (sends readers to `latest/`).

pub mod offline;
pub mod record;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::model::versions::Manifest;
use crate::paths::{FileError, file_error};
use crate::render::portal::{OFFLINE_ZIP, Sink};
use record::{Digest, Record};

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("version {version} of portal `{portal}` already exists in {path}")]
    Exists {
        portal: String,
        version: String,
        path: PathBuf,
    },
    #[error(
        "version {version} is already published, and this build would change it (first in {portal})"
    )]
    Changed { portal: String, version: String },
    #[error("{path} is not a valid versions file: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error("{path} holds a draft preview, not releases")]
    PreviewFolder { path: PathBuf },
    #[error("{path} holds published releases; a draft preview cannot go there")]
    ReleaseFolder { path: PathBuf },
    #[error(transparent)]
    Io(#[from] FileError),
}

impl PublishError {
    pub fn hint(&self) -> String {
        match self {
            PublishError::Exists { .. } => {
                "released versions are immutable: build a new version with `--version`, or pass `--replace` to swap this one".into()
            }
            PublishError::Changed { version, .. } => format!(
                "a published version never changes: bump `version` in kit.yaml, build another with `--version {}`, or pass `--replace` to swap {version}; to see edits as you make them, use `enablekit serve`",
                next_patch(version)
            ),
            PublishError::Corrupt { .. } => {
                "enablekit never rewrites history it cannot read: restore the file from a backup, or fix its JSON by hand".into()
            }
            PublishError::PreviewFolder { .. } => format!(
                "a release never builds on a preview (its drafts would become history): build into another `--out`, or delete this folder; `{PREVIEW_MARK}` marks it"
            ),
            PublishError::ReleaseFolder { .. } => {
                "build the preview into a folder of its own, e.g. `enablekit build --drafts --out preview`".into()
            }
            PublishError::Io(_) => "check that the output folder is writable and the disk has space".into(),
        }
    }
}

/// A dot name: no version can be called that.
const STAGED_ZIP: &str = ".offline.zip";

fn io_at(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> PublishError {
    file_error(action, path)
}

/// What a portal's output folder says about earlier versions.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The manifest of the newest version older than the one being built.
    pub previous: Option<Manifest>,
    /// That version's manifests of the portal's language trees, by tree
    /// (`fr/`).
    pub previous_trees: std::collections::BTreeMap<String, Manifest>,
    /// Build time of every version, including this build's.
    pub built: std::collections::BTreeMap<String, String>,
    /// The version folder whose identical files are hard-linked, and what
    /// it holds.
    pub reuse: Option<(PathBuf, Record)>,
    /// This version is already published (and not being replaced): the
    /// build is compared with it, never written over it.
    pub published: bool,
    /// The build time this version's files carry: the recorded one when it
    /// is already published, so an unchanged rebuild is byte-identical.
    pub now: String,
    /// No published version is newer: this one becomes `latest/`, with
    /// the portal's offline zip.
    pub newest: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct VersionEntry {
    pub version: String,
    pub built: String,
    pub latest: bool,
    /// Built by `build --drafts`: a preview, which no server may host and
    /// no release may follow (recorded here too, since deploys that skip
    /// dot files lose the folder's marker).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub preview: bool,
}

/// Read `versions.json`; a missing file is an empty history, a broken one
/// an error.
pub fn read_versions(path: &Path) -> Result<Vec<VersionEntry>, PublishError> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| PublishError::Corrupt {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(io_at("cannot read", path)(e)),
    }
}

/// Files are written under `root`, creating folders as needed, and
/// recorded. A file whose digest equals the same path's in the reused
/// version's record becomes a hard link to it: unchanged pages share
/// storage across versions, and the old files are never read. A file with
/// the bytes of one already written in this version (a language tree's
/// copy of the theme's files and the kit's images) is a hard link too.
pub struct DirSink<'h> {
    root: PathBuf,
    reuse: Option<(&'h Path, &'h Record)>,
    written: Mutex<Record>,
    /// The first file written with each digest, once it is complete.
    first: Mutex<std::collections::HashMap<Digest, String>>,
}

impl<'h> DirSink<'h> {
    pub fn new(root: PathBuf, reuse: Option<(&'h Path, &'h Record)>) -> Self {
        DirSink {
            root,
            reuse,
            written: Mutex::new(Record::default()),
            first: Mutex::new(std::collections::HashMap::new()),
        }
    }

    /// Link `target` to a file of this version with `digest`, if one is
    /// written already.
    fn link_same(&self, digest: Digest, target: &Path) -> bool {
        let first = self.first.lock().ok().and_then(|m| m.get(&digest).cloned());
        first.is_some_and(|rel| fs::hard_link(self.root.join(rel), target).is_ok())
    }

    /// What was written, file by file.
    pub fn into_record(self) -> Record {
        self.written.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn target(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        Ok(path)
    }
}

impl Sink for DirSink<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.target(rel)?;
        let digest = Digest::of(bytes);
        let linked = self.reuse.is_some_and(|(dir, old)| {
            old.get(rel) == Some(digest) && fs::hard_link(dir.join(rel), &target).is_ok()
        }) || self.link_same(digest, &target);
        if !linked {
            fs::write(target, bytes)?;
        }
        if let Ok(mut written) = self.written.lock() {
            written.files.insert(rel.to_string(), digest);
        }
        if let Ok(mut first) = self.first.lock() {
            first.entry(digest).or_insert_with(|| rel.to_string());
        }
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.write(rel, &fs::read(from)?)
    }
}

/// The file that marks `<out>` as a draft preview (`build --drafts`).
pub const PREVIEW_MARK: &str = ".enablekit-preview";

/// What an output folder is for: a preview and a release never share one,
/// so no draft reaches a published version and no release history is mixed
/// with drafts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Release,
    Preview,
}

/// Refuse `out` when it, or a folder it is in, holds the other purpose's
/// output: a preview inside a release tree would be hosted with it.
fn check_purpose(out: &Path, purpose: Purpose) -> Result<(), PublishError> {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let preview = out.ancestors().find(|dir| is_preview(dir));
    let release = out
        .ancestors()
        .find(|dir| !is_preview(dir) && (has_releases(dir) || dir.join("versions.json").is_file()));
    match (purpose, preview, release) {
        (Purpose::Release, Some(dir), _) => Err(PublishError::PreviewFolder {
            path: dir.to_path_buf(),
        }),
        (Purpose::Preview, _, Some(dir)) => Err(PublishError::ReleaseFolder {
            path: dir.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// A folder `build --drafts` wrote: its marker, or a portal whose
/// `versions.json` records a preview.
pub fn is_preview(dir: &Path) -> bool {
    dir.join(PREVIEW_MARK).exists()
        || portal_dirs(dir).iter().any(|p| {
            read_versions(&dir.join(p).join("versions.json"))
                .is_ok_and(|versions| versions.iter().any(|v| v.preview))
        })
}

/// True when some portal under `out` has a `versions.json`.
fn has_releases(out: &Path) -> bool {
    !portal_dirs(out).is_empty()
}

/// The portal folders under `out` with a `versions.json` (`internal`,
/// `partners/<slug>`), sorted.
pub fn portal_dirs(out: &Path) -> Vec<String> {
    let mut partners: Vec<String> = fs::read_dir(out.join("partners"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(|n| format!("partners/{n}")))
        .collect();
    partners.sort();
    std::iter::once("internal".to_string())
        .chain(partners)
        .filter(|dir| out.join(dir).join("versions.json").is_file())
        .collect()
}

/// The manifest of `version` of the portal in `out/dir`.
pub fn read_manifest(out: &Path, dir: &str, version: &str) -> Result<Manifest, PublishError> {
    let path = out.join(dir).join(version).join("manifest.json");
    let bytes = fs::read(&path).map_err(|e| PublishError::Corrupt {
        path: path.clone(),
        reason: format!("version {version} is listed but its manifest cannot be read ({e})"),
    })?;
    Manifest::parse(&bytes).map_err(|reason| PublishError::Corrupt { path, reason })
}

/// The manifests of a version's language trees (`fr/manifest.json`), by
/// tree; one that cannot be read is left out, and its tree compared with
/// the version's root as a tree new in this version would be.
fn read_tree_manifests(version: &Path) -> std::collections::BTreeMap<String, Manifest> {
    let Ok(entries) = fs::read_dir(version) else {
        return Default::default();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            if !crate::model::language::is_tag(&name) {
                return None;
            }
            let bytes = fs::read(e.path().join("manifest.json")).ok()?;
            Some((format!("{name}/"), Manifest::parse(&bytes).ok()?))
        })
        .collect()
}

/// One build's publication into `<out>`.
pub struct Publisher {
    purpose: Purpose,
    out: PathBuf,
    staging: PathBuf,
    version: String,
    replace: bool,
    built: String,
}

impl Publisher {
    pub fn new(
        out: &Path,
        version: &str,
        replace: bool,
        built: String,
        purpose: Purpose,
    ) -> Result<Self, PublishError> {
        check_purpose(out, purpose)?;
        fs::create_dir_all(out).map_err(io_at("cannot create", out))?;
        if purpose == Purpose::Preview {
            let mark = out.join(PREVIEW_MARK);
            fs::write(
                &mark,
                "A draft preview: enablekit refuses to publish a release here.\n",
            )
            .map_err(io_at("cannot write", &mark))?;
        }
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let staging = out.join(format!(".enablekit-staging-{}-{stamp}", std::process::id()));
        fs::create_dir_all(&staging).map_err(io_at("cannot create", &staging))?;
        Ok(Publisher {
            purpose,
            out: out.to_path_buf(),
            staging,
            version: version.to_string(),
            replace,
            built,
        })
    }

    /// Refuse before any work when the version exists (without `--replace`)
    /// or the portal's history is unreadable; otherwise return what the
    /// render needs to know of that history.
    pub fn preflight(&self, portal_dir: &str) -> Result<History, PublishError> {
        let dir = self.out.join(portal_dir);
        let versions = read_versions(&dir.join("versions.json"))?;
        let target = dir.join(&self.version);
        let recorded = versions.iter().find(|v| v.version == self.version);
        let published = target.exists() && !self.replace;
        let now = match (published, recorded) {
            (true, Some(v)) => v.built.clone(),
            // A folder versions.json does not list is not a release to compare with.
            (true, None) => {
                return Err(PublishError::Exists {
                    portal: portal_dir.to_string(),
                    version: self.version.clone(),
                    path: target,
                });
            }
            (false, _) => self.built.clone(),
        };
        let previous = versions
            .iter()
            .filter(|v| crate::model::versions::compare_versions(&v.version, &self.version).is_lt())
            .max_by(|a, b| crate::model::versions::compare_versions(&a.version, &b.version));
        let manifest = previous
            .map(|v| read_manifest(&self.out, portal_dir, &v.version))
            .transpose()?;
        let previous_trees = previous
            .map(|v| read_tree_manifests(&self.out.join(portal_dir).join(&v.version)))
            .unwrap_or_default();
        let newest = versions
            .iter()
            .all(|v| crate::model::versions::compare_versions(&v.version, &self.version).is_le());
        let mut built: std::collections::BTreeMap<String, String> = versions
            .iter()
            .map(|v| (v.version.clone(), v.built.clone()))
            .collect();
        built.insert(self.version.clone(), now.clone());
        // Reuse bytes of the version being replaced, else of the previous one.
        let reuse = if target.is_dir() {
            Some(target)
        } else {
            manifest.as_ref().map(|m| dir.join(&m.version))
        };
        let reuse = match reuse {
            Some(folder) => {
                let record = Record::read(&folder).map_err(io_at("cannot read", &folder))?;
                Some((folder, record))
            }
            None => None,
        };
        Ok(History {
            previous: manifest,
            previous_trees,
            built,
            reuse,
            published,
            now,
            newest,
        })
    }

    pub fn sink<'h>(&self, portal_dir: &str, history: &'h History) -> DirSink<'h> {
        DirSink::new(
            self.staging.join(portal_dir).join(&self.version),
            history
                .reuse
                .as_ref()
                .map(|(dir, record)| (dir.as_path(), record)),
        )
    }

    /// Whether a portal's staged version, as `staged` records it, is file
    /// for file the published one.
    pub fn unchanged(history: &History, staged: &Record) -> bool {
        history
            .reuse
            .as_ref()
            .is_some_and(|(_, published)| published.files == staged.files)
    }

    /// Write the record of a portal's staged files beside them (a hard
    /// link to the reused version's when it is the same).
    pub fn seal(
        &self,
        portal_dir: &str,
        history: &History,
        record: &Record,
    ) -> Result<(), PublishError> {
        let path = self.staged(portal_dir).join(record::FILE_NAME);
        if let Some((dir, old)) = &history.reuse
            && old == record
            && fs::hard_link(dir.join(record::FILE_NAME), &path).is_ok()
        {
            return Ok(());
        }
        fs::write(&path, record.to_text()).map_err(io_at("cannot write", &path))
    }

    /// Where a portal's new offline zip is made, to go into `latest/`.
    pub fn staged_zip(&self, portal_dir: &str) -> PathBuf {
        self.staging.join(portal_dir).join(STAGED_ZIP)
    }

    /// The offline zip a portal's `latest/` holds now.
    pub fn published_zip(&self, portal_dir: &str) -> PathBuf {
        self.out.join(portal_dir).join("latest").join(OFFLINE_ZIP)
    }

    /// Where a portal's version is staged before commit.
    pub fn staged(&self, portal_dir: &str) -> PathBuf {
        self.staging.join(portal_dir).join(&self.version)
    }

    pub fn built(&self) -> &str {
        &self.built
    }

    /// Publish every staged portal, all or nothing: version folders are
    /// swapped in first; if any swap fails, the ones done are undone.
    pub fn commit_all(&self, portal_dirs: &[String]) -> Result<(), PublishError> {
        let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
        for (i, portal_dir) in portal_dirs.iter().enumerate() {
            let dir = self.out.join(portal_dir);
            let staged = self.staging.join(portal_dir).join(&self.version);
            let target = dir.join(&self.version);
            let aside = self.staging.join(format!(".replaced-{i}"));
            let result = fs::create_dir_all(&dir)
                .map_err(io_at("cannot create", &dir))
                .and_then(|()| swap_keep(&staged, &target, &aside));
            match result {
                Ok(kept) => done.push((target, kept)),
                Err(e) => {
                    for (target, kept) in done.into_iter().rev() {
                        let _ = fs::remove_dir_all(&target);
                        if let Some(old) = kept {
                            let _ = fs::rename(old, &target);
                        }
                    }
                    return Err(e);
                }
            }
        }
        for portal_dir in portal_dirs {
            self.update_pointers(portal_dir)?;
        }
        Ok(())
    }

    /// Update a portal's `versions.json`, `latest/` and `index.html` after
    /// its version folder is in place.
    fn update_pointers(&self, portal_dir: &str) -> Result<(), PublishError> {
        let dir = self.out.join(portal_dir);
        let target = dir.join(&self.version);
        let versions_path = dir.join("versions.json");
        let mut versions = read_versions(&versions_path)?;
        versions.retain(|v| v.version != self.version);
        versions.push(VersionEntry {
            version: self.version.clone(),
            built: self.built.clone(),
            latest: false,
            preview: self.purpose == Purpose::Preview,
        });
        versions.sort_by(|a, b| crate::model::versions::compare_versions(&b.version, &a.version));
        for (i, v) in versions.iter_mut().enumerate() {
            v.latest = i == 0;
        }
        let newest = versions[0].version.clone();
        if newest == self.version {
            let fresh = self.staging.join(portal_dir).join(".latest");
            link_tree(&target, &fresh)?;
            let zip = self.staged_zip(portal_dir);
            if zip.exists() {
                let into = fresh.join(OFFLINE_ZIP);
                fs::rename(&zip, &into).map_err(io_at("cannot move into place", &into))?;
            }
            swap_in(&fresh, &dir.join("latest"), &self.staging)?;
        }
        let json = serde_json::to_vec_pretty(&versions).unwrap_or_default();
        write_atomic(&versions_path, &json, &self.staging)?;
        write_atomic(
            &dir.join("index.html"),
            redirect_page("latest/").as_bytes(),
            &self.staging,
        )?;
        Ok(())
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Put `from` at `to` by rename, moving an existing `to` to `aside` first
/// (returned, so the caller can undo).
fn swap_keep(from: &Path, to: &Path, aside: &Path) -> Result<Option<PathBuf>, PublishError> {
    let kept = if to.exists() {
        fs::rename(to, aside).map_err(io_at("cannot move aside", to))?;
        Some(aside.to_path_buf())
    } else {
        None
    };
    if let Err(e) = fs::rename(from, to) {
        if let Some(old) = &kept {
            let _ = fs::rename(old, to);
        }
        return Err(io_at("cannot move into place", to)(e));
    }
    Ok(kept)
}

/// Put `from` at `to` by rename; an existing `to` is moved aside first and
/// deleted after, so readers see the old or the new folder, never a mix.
fn swap_in(from: &Path, to: &Path, scratch: &Path) -> Result<(), PublishError> {
    if to.exists() {
        let aside = scratch.join(format!(
            ".old-{}",
            to.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        fs::rename(to, &aside).map_err(io_at("cannot move aside", to))?;
        fs::rename(from, to).map_err(io_at("cannot move into place", to))?;
        let _ = fs::remove_dir_all(&aside);
    } else {
        fs::rename(from, to).map_err(io_at("cannot move into place", to))?;
    }
    Ok(())
}

fn write_atomic(path: &Path, bytes: &[u8], scratch: &Path) -> Result<(), PublishError> {
    let tmp = scratch.join(format!(
        ".tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    fs::write(&tmp, bytes).map_err(io_at("cannot write", &tmp))?;
    fs::rename(&tmp, path).map_err(io_at("cannot move into place", path))
}

/// Mirror `src` at `dst` with hard links (copies where linking fails).
fn link_tree(src: &Path, dst: &Path) -> Result<(), PublishError> {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(src).to_path_buf();
            file_error::<PublishError>("cannot read", &path)(e.into())
        })?;
        let rel = entry.path().strip_prefix(src).unwrap_or(entry.path());
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).map_err(io_at("cannot create", &target))?;
        } else if fs::hard_link(entry.path(), &target).is_err() {
            fs::copy(entry.path(), &target).map_err(io_at("cannot copy to", &target))?;
        }
    }
    Ok(())
}

/// The next patch release after `version`, for hints: `1.2.3` → `1.2.4`,
/// `2.0.0-rc.1` → `2.0.0`.
fn next_patch(version: &str) -> String {
    match semver::Version::parse(version) {
        Ok(mut v) if v.pre.is_empty() => match v.patch.checked_add(1) {
            Some(p) => {
                v.patch = p;
                v.to_string()
            }
            None => format!("{}.{}.0", v.major, v.minor.saturating_add(1)),
        },
        Ok(v) => format!("{}.{}.{}", v.major, v.minor, v.patch),
        Err(_) => format!("{version}-1"),
    }
}

/// A page that sends the reader on, with a plain link for when
/// refreshes are blocked.
pub fn redirect_page(to: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n<link rel=\"canonical\" href=\"{to}\">\n</head>\n<body>\n<p><a href=\"{to}\">Go to the latest version</a></p>\n</body>\n</html>\n"
    )
}
