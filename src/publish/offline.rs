//! The offline copy of a portal version: `offline.zip` in the version
//! folder, for partners who read on a plane. Folder links (`objections/x/`)
//! only work through a web server, so HTML files in the zip get links to
//! `…/index.html` instead; everything else is copied as it is.
//!
//! Entries are sorted and carry a fixed timestamp, so the same inputs give
//! the same bytes.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::paths::to_slash;

pub const FILE_NAME: &str = "offline.zip";

/// Zip the portal version in `dir` into `dir/offline.zip`, every entry under
/// `top/` (e.g. `lumora-kit-acme-1.2.0/`). When `reuse` (the previous or
/// replaced version) holds the same zip, it is hard-linked instead.
/// Links that leave the copy (to itself, to other portals) go to `online`.
pub fn write(dir: &Path, top: &str, reuse: Option<&Path>, online: &Online) -> io::Result<()> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = to_slash(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        // The zip cannot hold itself; 404.html is for servers only (its
        // links are root-relative, so they break from disk).
        if rel == FILE_NAME || rel == "404.html" {
            continue;
        }
        files.push((rel, entry.path().to_path_buf()));
    }
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        // Fast: the zip is rebuilt with every release of every portal.
        .compression_level(Some(1))
        .last_modified_time(DateTime::default());
    // Members are compressed on every core, a run of files per task, then
    // their compressed bytes are copied into the one zip in order: the
    // same bytes as writing them one by one, in a fraction of the time. A
    // window of runs at a time keeps memory flat however big the portal.
    let out = fs::File::create(dir.join(FILE_NAME))?;
    let mut zip = ZipWriter::new(io::BufWriter::new(out));
    let window = FILES_PER_TASK * 2 * rayon::current_num_threads();
    for files in files.chunks(window) {
        let parts = files
            .par_chunks(FILES_PER_TASK)
            .map(|run| compress(run, top, online, options))
            .collect::<io::Result<Vec<_>>>()?;
        for part in parts {
            let part = ZipArchive::new(io::Cursor::new(part)).map_err(io::Error::other)?;
            zip.merge_archive(part).map_err(io::Error::other)?;
        }
    }
    zip.finish().map_err(io::Error::other)?.flush()?;
    if let Some(old) = reuse.map(|r| r.join(FILE_NAME)) {
        let new = dir.join(FILE_NAME);
        if fs::read(&old).ok() == Some(fs::read(&new)?) {
            fs::remove_file(&new)?;
            if fs::hard_link(&old, &new).is_err() {
                fs::copy(&old, &new)?;
            }
        }
    }
    Ok(())
}

/// How many files one compression task takes: enough that copying its
/// members into the final zip is cheap next to compressing them.
const FILES_PER_TASK: usize = 32;

/// A run of files as a zip of their own, in memory, each under `top/`.
fn compress(
    run: &[(String, PathBuf)],
    top: &str,
    online: &Online,
    options: SimpleFileOptions,
) -> io::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(io::Cursor::new(Vec::new()));
    for (rel, path) in run {
        let bytes = fs::read(path)?;
        zip.start_file(format!("{top}/{rel}"), options)
            .map_err(io::Error::other)?;
        if rel.ends_with(".html") {
            // `from_utf8` first: its check is several times faster than the
            // lossy decoder's on the valid UTF-8 every page is.
            let html = match std::str::from_utf8(&bytes) {
                Ok(html) => std::borrow::Cow::Borrowed(html),
                Err(_) => String::from_utf8_lossy(&bytes),
            };
            zip.write_all(file_links(&html, rel, online).as_bytes())?;
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
        if !external && path.rsplit('/').next() == Some(FILE_NAME) {
            out.push_str(&online.url(&format!("{}/latest/{FILE_NAME}", online.portal)));
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
