//! The offline copy of a portal: `latest/offline.zip`, the newest version
//! for partners who read on a plane. One per portal, not one per version:
//! a zip is a quarter of a version's bytes and differs between any two
//! versions (it carries the manifest and what's new), so keeping one in
//! every archived version would make each release cost a quarter of a
//! full output; the archived versions stay browsable online.
//!
//! Folder links (`objections/x/`) only work through a web server, so HTML
//! files in the zip get links to `…/index.html` instead; everything else is
//! copied as it is.
//!
//! Entries are sorted and carry a fixed timestamp, so the same inputs give
//! the same bytes.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::record::{Digest, Record, ZipNote};
use crate::render::portal::OFFLINE_ZIP;

/// Zip the portal version in `dir`, whose files `record` lists, into
/// `dest`, every entry under `top/` (e.g. `lumora-kit-acme-1.2.0/`).
/// `previous` is the zip the portal's `latest/` holds and the record of the
/// files it was made from: members whose source file is unchanged are
/// copied from it still compressed, and a zip identical to it becomes a hard
/// link to it. Links that leave the copy (to itself, to other portals) go
/// to `online`.
pub fn write(
    dir: &Path,
    dest: &Path,
    top: &str,
    record: &Record,
    previous: Option<(&Path, &Record)>,
    online: &Online,
) -> io::Result<ZipNote> {
    let recipe = recipe(online);
    // 404.html is for servers only (its links are root-relative, so they
    // break from disk), in every language's tree (`fr/404.html`).
    let mut files: Vec<&str> = record
        .files
        .keys()
        .map(String::as_str)
        .filter(|rel| {
            let page = match rel.split_once('/') {
                Some((tree, page)) if crate::model::language::is_tag(tree) => page,
                _ => rel,
            };
            page != "404.html"
        })
        .collect();
    // Folder by folder, as a directory walk lists them.
    files.sort_by(|a, b| a.split('/').cmp(b.split('/')));
    let old_note = previous.and_then(|(_, old)| old.zip);
    let old_zip = previous
        .filter(|_| old_note.is_some_and(|n| n.recipe == recipe))
        .and_then(|(path, _)| fs::read(path).ok())
        // The zip is what the record says it is, or it is not used.
        .filter(|bytes| old_note.map(|n| n.digest) == Some(Digest::of(bytes)));
    let old = match (&old_zip, previous) {
        (Some(bytes), Some((_, old_record))) => OldZip::open(bytes, old_record),
        _ => None,
    };
    let source = Source {
        dir,
        top,
        online,
        record,
        old: old.as_ref(),
    };
    assemble(&source, &files, dest)?;
    let digest = Digest::of_file(dest)?;
    if let Some((old_path, _)) = previous
        && old_note.map(|n| n.digest) == Some(digest)
    {
        fs::remove_file(dest)?;
        if fs::hard_link(old_path, dest).is_err() {
            fs::copy(old_path, dest)?;
        }
    }
    Ok(ZipNote { recipe, digest })
}

/// What decides a member's bytes besides its source file: the code that
/// writes it (this build of enablekit) and where links out of the copy go.
fn recipe(online: &Online) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    for part in [
        "enablekit offline zip",
        env!("CARGO_PKG_VERSION"),
        &online.base,
        &online.portal,
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize()
}

/// The previous version's zip, parsed once and shared by every task.
#[derive(Clone)]
struct OldZip<'a> {
    archive: ZipArchive<io::Cursor<&'a [u8]>>,
    /// Its top folder, with the trailing `/`.
    top: String,
    record: &'a Record,
}

impl<'a> OldZip<'a> {
    fn open(bytes: &'a [u8], record: &'a Record) -> Option<Self> {
        let archive = ZipArchive::new(io::Cursor::new(bytes)).ok()?;
        let first = archive.name_for_index(0)?.ok()?;
        let top = first[..=first.find('/')?].to_string();
        Some(OldZip {
            archive,
            top,
            record,
        })
    }
}

/// Everything a compression task reads.
struct Source<'a> {
    dir: &'a Path,
    top: &'a str,
    online: &'a Online,
    record: &'a Record,
    old: Option<&'a OldZip<'a>>,
}

/// Members are made on every core, a run of files per task, then copied
/// into the one zip in order: the same bytes as writing them one by one, in
/// a fraction of the time. A window of runs at a time keeps memory flat
/// however big the portal.
fn assemble(source: &Source, files: &[&str], path: &Path) -> io::Result<()> {
    let out = fs::File::create(path)?;
    let mut zip = ZipWriter::new(io::BufWriter::new(out));
    let window = FILES_PER_TASK * 2 * rayon::current_num_threads();
    for files in files.chunks(window) {
        let parts = files
            .par_chunks(FILES_PER_TASK)
            .map(|run| compress(source, run))
            .collect::<io::Result<Vec<_>>>()?;
        for part in parts {
            let part = ZipArchive::new(io::Cursor::new(part)).map_err(io::Error::other)?;
            zip.merge_archive(part).map_err(io::Error::other)?;
        }
    }
    zip.finish().map_err(io::Error::other)?.flush()
}

/// How many files one compression task takes: enough that copying its
/// members into the final zip is cheap next to compressing them.
const FILES_PER_TASK: usize = 32;

/// A run of files as a zip of their own, in memory, each under `top/`.
fn compress(source: &Source, run: &[&str]) -> io::Result<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        // Fast: the zip is rebuilt with every release of every portal.
        .compression_level(Some(1))
        .last_modified_time(DateTime::default());
    let mut old = source.old.cloned();
    let mut zip = ZipWriter::new(io::Cursor::new(Vec::new()));
    for rel in run {
        let name = format!("{}/{rel}", source.top);
        if let Some(old) = old
            .as_mut()
            .filter(|o| o.record.get(rel) == source.record.get(rel))
            && let Ok(member) = old
                .archive
                .by_name_raw(format!("{}{rel}", old.top).as_bytes())
        {
            zip.raw_copy_file_rename(member, name)
                .map_err(io::Error::other)?;
            continue;
        }
        let bytes = fs::read(source.dir.join(rel))?;
        zip.start_file(name, options).map_err(io::Error::other)?;
        if rel.ends_with(".html") {
            // `from_utf8` first: its check is several times faster than the
            // lossy decoder's on the valid UTF-8 every page is.
            let html = match std::str::from_utf8(&bytes) {
                Ok(html) => std::borrow::Cow::Borrowed(html),
                Err(_) => String::from_utf8_lossy(&bytes),
            };
            zip.write_all(file_links(&html, rel, source.online).as_bytes())?;
        } else {
            zip.write_all(&bytes)?;
        }
    }
    Ok(zip.finish().map_err(io::Error::other)?.into_inner())
}

/// Where the copy lives online, for links that lead out of it.
pub struct Online {
    /// The kit's base URL with a trailing `/`, or empty when it has none.
    pub base: String,
    /// The portal folder under the output (`partners/acme`).
    pub portal: String,
    /// The version folder's name.
    pub version: String,
}

impl Online {
    /// The online URL of `target` (relative to the output root), or `#`
    /// (this page) when the kit has no base URL.
    fn url(&self, target: &str) -> String {
        match self.base.as_str() {
            "" => "#".to_string(),
            base => format!("{base}{target}"),
        }
    }
}

/// Point relative folder links at their `index.html`, so pages work when
/// opened from disk; links to what the copy does not hold (`offline.zip`
/// itself, other portals) go online. `file` is the page's path in the copy.
pub fn file_links(html: &str, file: &str, online: &Online) -> String {
    let here: Vec<&str> = [online.portal.as_str(), online.version.as_str()]
        .into_iter()
        .chain(
            file.split('/')
                .rev()
                .skip(1)
                .collect::<Vec<_>>()
                .into_iter()
                .rev(),
        )
        .flat_map(|s| s.split('/'))
        .filter(|s| !s.is_empty())
        .collect();
    // Folders between the page and the copy's root.
    let depth = file.matches('/').count();
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(at) = rest.find("href=\"") {
        let start = at + "href=\"".len();
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('"') else {
            rest = &rest[start..];
            break;
        };
        let url = &rest[start..start + end];
        let (path, fragment) = match url.find('#') {
            Some(h) => (&url[..h], &url[h..]),
            None => (url, ""),
        };
        let external = path.contains(':') || path.starts_with('/');
        let climbs = path.split('/').take_while(|s| *s == "..").count();
        if !external && path.rsplit('/').next() == Some(OFFLINE_ZIP) {
            out.push_str(&online.url(&format!("{}/latest/{OFFLINE_ZIP}", online.portal)));
        } else if !external && climbs > depth && climbs <= here.len() {
            // Above the version folder: another portal, or versions.json.
            let mut target: Vec<&str> = here[..here.len() - climbs].to_vec();
            target.extend(path.split('/').skip(climbs));
            out.push_str(&online.url(&target.join("/")));
            out.push_str(fragment);
        } else if !external && (path.is_empty() && fragment.is_empty() || path.ends_with('/')) {
            out.push_str(path);
            out.push_str("index.html");
            out.push_str(fragment);
        } else if !external && (path == "." || path == "..") {
            out.push_str(path);
            out.push_str("/index.html");
            out.push_str(fragment);
        } else {
            out.push_str(url);
        }
        rest = &rest[start + end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn online(base: &str) -> Online {
        Online {
            base: base.into(),
            portal: "internal".into(),
            version: "1.0.0".into(),
        }
    }

    #[test]
    fn links_out_of_the_copy_go_online() {
        let html =
            r#"<a href="../offline.zip" download>z</a><a href="../../../partners/acme/">a</a>"#;
        assert_eq!(
            file_links(html, "partners/index.html", &online("https://k/")),
            r#"<a href="https://k/internal/latest/offline.zip" download>z</a><a href="https://k/partners/acme/">a</a>"#
        );
        assert_eq!(
            file_links(html, "partners/index.html", &online("")),
            r##"<a href="#" download>z</a><a href="#">a</a>"##
        );
    }

    #[test]
    fn folder_links_get_index_html() {
        let html = r##"<a href="../../objections/price/#talk">x</a><a href="">h</a><a href="#top">t</a><a href="https://x.io/a/">e</a><a href="../static/style.css">c</a>"##;
        assert_eq!(
            file_links(html, "objections/x/index.html", &online("")),
            r##"<a href="../../objections/price/index.html#talk">x</a><a href="index.html">h</a><a href="#top">t</a><a href="https://x.io/a/">e</a><a href="../static/style.css">c</a>"##
        );
    }
}
