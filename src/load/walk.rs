//! Finding the kit's content: the markdown pages and the asset files under
//! `content/`, in file-name order. The walk only lists and stamps files; it
//! reads none of them (that is the parse step's, through the cache).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use walkdir::{DirEntry, WalkDir};

use crate::diagnostics::{Diagnostic, Location, Report};
use crate::load::files::followed_link;
use crate::paths::to_slash;

/// A file's size and modification time as the walk saw them: the dev
/// server's cache takes an unchanged stamp for an unchanged file.
pub type Stamp = (u64, Option<SystemTime>);

/// A markdown file under a collection folder.
pub struct Page {
    pub path: PathBuf,
    /// Path relative to `content/`, forward slashes.
    pub rel: String,
    pub stamp: Stamp,
}

/// What `content/` holds.
#[derive(Default)]
pub struct Content {
    pub pages: Vec<Page>,
    /// Every other file, by path relative to `content/`.
    pub assets: BTreeMap<String, PathBuf>,
}

/// Walk `content/`, reporting what cannot be published; `None` when the
/// folder itself is refused.
pub fn content(root: &Path, report: &mut Report) -> Option<Content> {
    let content_dir = root.join("content");
    let mut found = Content::default();
    // A symlinked content/ folder would let the walk publish anything.
    if content_dir.is_symlink() {
        report.push(
            Diagnostic::error("E0012", "content/ is a symlink")
                .at(Location::file(&content_dir))
                .hint(
                    "a kit publishes only files inside its own folder: make content/ a real folder",
                ),
        );
        return None;
    }
    if !content_dir.is_dir() {
        return Some(found);
    }
    let walk = WalkDir::new(&content_dir)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        // Hidden folders (.git, editor state) are not content.
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        match entry {
            Ok(entry) => take(root, &content_dir, &entry, &mut found, report),
            Err(e) => report.push(
                Diagnostic::error("E0010", format!("cannot read content folder: {e}"))
                    .at(Location::file(e.path().unwrap_or(&content_dir))),
            ),
        }
    }
    Some(found)
}

/// File one walked entry as a page or an asset, or say why it is neither.
fn take(
    root: &Path,
    content_dir: &Path,
    entry: &DirEntry,
    found: &mut Content,
    report: &mut Report,
) {
    let name = entry.file_name().to_string_lossy();
    if name.starts_with('.') {
        return;
    }
    if entry.file_type().is_symlink()
        && let Err(d) = followed_link(root, entry.path())
    {
        report.push(*d);
        return;
    }
    if !entry.path().is_file() {
        return;
    }
    let rel = to_slash(
        entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path()),
    );
    if !rel.contains('/') {
        report.push(
            Diagnostic::warning("W0101", "file outside any collection is ignored")
                .at(Location::file(entry.path()))
                .hint("move it into a collection folder such as `content/one-pagers/`"),
        );
    } else if name.ends_with(".md") {
        found.pages.push(Page {
            path: entry.path().to_path_buf(),
            rel,
            stamp: stamp_of(entry.metadata().ok()),
        });
    } else {
        found.assets.insert(rel, entry.path().to_path_buf());
    }
}

fn stamp_of(meta: Option<std::fs::Metadata>) -> Stamp {
    meta.map_or((u64::MAX, None), |m| (m.len(), m.modified().ok()))
}
