//! The offline copy of a portal version: `offline.zip` in the version
//! folder, for partners who read on a plane. Folder links (`objections/x/`)
//! only work through a web server, so HTML files in the zip get links to
//! `…/index.html` instead; everything else is copied as it is.
//!
//! Entries are sorted and carry a fixed timestamp, so the same inputs give
//! the same bytes.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use walkdir::WalkDir;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::paths::to_slash;

pub const FILE_NAME: &str = "offline.zip";

/// Zip the portal version in `dir` into `dir/offline.zip`, every entry under
/// `top/` (e.g. `lumora-kit-acme-1.2.0/`). When `reuse` (the previous or
/// replaced version) holds the same zip, it is hard-linked instead.
pub fn write(dir: &Path, top: &str, reuse: Option<&Path>) -> io::Result<()> {
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = to_slash(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        // The feed is for subscribing online, and carries the build time.
        if rel == FILE_NAME || rel == "feed.xml" {
            continue;
        }
        files.push((rel, entry.path().to_path_buf()));
    }
    let out = fs::File::create(dir.join(FILE_NAME))?;
    let mut zip = ZipWriter::new(io::BufWriter::new(out));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        // Fast: the zip is rebuilt with every release of every portal.
        .compression_level(Some(1))
        .last_modified_time(DateTime::default());
    for (rel, path) in files {
        let bytes = fs::read(&path)?;
        zip.start_file(format!("{top}/{rel}"), options)
            .map_err(io::Error::other)?;
        if rel.ends_with(".html") {
            zip.write_all(file_links(&String::from_utf8_lossy(&bytes)).as_bytes())?;
        } else {
            zip.write_all(&bytes)?;
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

/// Point relative folder links at their `index.html`, so pages work when
/// opened from disk.
pub fn file_links(html: &str) -> String {
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
        if !external && (path.is_empty() && fragment.is_empty() || path.ends_with('/')) {
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

    #[test]
    fn folder_links_get_index_html() {
        let html = r##"<a href="../../objections/price/#talk">x</a><a href="">h</a><a href="#top">t</a><a href="https://x.io/a/">e</a><a href="../static/style.css">c</a>"##;
        assert_eq!(
            file_links(html),
            r##"<a href="../../objections/price/index.html#talk">x</a><a href="index.html">h</a><a href="#top">t</a><a href="https://x.io/a/">e</a><a href="../static/style.css">c</a>"##
        );
    }
}
