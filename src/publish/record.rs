//! What a published version holds, file by file: path, length and BLAKE3
//! digest, kept beside its files as `.enablekit-files`. The next build
//! compares its bytes with these digests instead of reading the old files
//! back, so its cost does not grow with what is already published:
//! identical files become hard links, unchanged members of the offline zip
//! are copied still compressed, and rebuilding a published version is a
//! comparison of two records.
//!
//! A version published before records existed, or one whose record does
//! not parse, is hashed from its files once: the files are the truth, the
//! record only saves reading them.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use walkdir::WalkDir;

use crate::paths::to_slash;

pub const FILE_NAME: &str = ".enablekit-files";

/// The first line of a record; a new format gets a new number, and an old
/// reader then hashes the files instead of misreading it.
const HEADER: &str = "enablekit-files 1";

/// One file's length and content hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digest {
    pub len: u64,
    pub hash: blake3::Hash,
}

impl Digest {
    pub fn of(bytes: &[u8]) -> Self {
        Digest {
            len: bytes.len() as u64,
            hash: blake3::hash(bytes),
        }
    }

    /// The digest of a file, read in blocks (a zip can be large).
    pub fn of_file(path: &Path) -> io::Result<Self> {
        let mut hasher = blake3::Hasher::new();
        hasher.update_reader(fs::File::open(path)?)?;
        Ok(Digest {
            len: hasher.count(),
            hash: hasher.finalize(),
        })
    }
}

/// Every file of a portal version (paths relative to it, `/`-separated),
/// and the offline zip made of them, if one was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub files: BTreeMap<String, Digest>,
    pub zip: Option<ZipNote>,
}

/// The offline zip of a version: its digest, and its recipe. The members
/// of two zips with the same recipe are the same bytes when their source
/// files are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipNote {
    pub recipe: blake3::Hash,
    pub digest: Digest,
}

impl Record {
    pub fn get(&self, rel: &str) -> Option<Digest> {
        self.files.get(rel).copied()
    }

    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(HEADER.len() + self.files.len() * 100);
        out.push_str(HEADER);
        out.push('\n');
        if let Some(zip) = &self.zip {
            out.push_str(&format!(
                "zip {} {} {}\n",
                zip.recipe.to_hex(),
                zip.digest.hash.to_hex(),
                zip.digest.len
            ));
        }
        for (rel, d) in &self.files {
            out.push_str(&format!("{} {} {rel}\n", d.hash.to_hex(), d.len));
        }
        out
    }

    /// Parse a record; `None` when it is not one this build can trust.
    pub fn parse(text: &str) -> Option<Record> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut record = Record::default();
        for line in lines {
            if let Some(zip) = line.strip_prefix("zip ") {
                let (recipe, digest) = zip.split_once(' ')?;
                record.zip = Some(ZipNote {
                    recipe: blake3::Hash::from_hex(recipe).ok()?,
                    digest: parse_digest(digest)?.0,
                });
                continue;
            }
            let (digest, rel) = parse_digest(line)?;
            if rel.is_empty() {
                return None;
            }
            record.files.insert(rel.to_string(), digest);
        }
        Some(record)
    }

    /// The record of the version in `dir`: its file when that parses,
    /// otherwise the digest of every file in it.
    pub fn read(dir: &Path) -> io::Result<Record> {
        if let Some(record) = fs::read_to_string(dir.join(FILE_NAME))
            .ok()
            .and_then(|text| Record::parse(&text))
        {
            return Ok(record);
        }
        let mut record = Record::default();
        for entry in WalkDir::new(dir) {
            let entry = entry.map_err(io::Error::other)?;
            let rel = to_slash(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
            if entry.file_type().is_file() && rel != FILE_NAME {
                record.files.insert(rel, Digest::of_file(entry.path())?);
            }
        }
        Ok(record)
    }
}

/// `<hash> <len>` and what follows the next space.
fn parse_digest(text: &str) -> Option<(Digest, &str)> {
    let (hash, rest) = text.split_once(' ')?;
    let (len, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let digest = Digest {
        len: len.parse().ok()?,
        hash: blake3::Hash::from_hex(hash).ok()?,
    };
    Some((digest, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        let mut r = Record::default();
        r.files
            .insert("index.html".into(), Digest::of(b"<p>home</p>"));
        r.files
            .insert("assets/Q3 Pricing FAQ.pdf".into(), Digest::of(b"%PDF"));
        r
    }

    #[test]
    fn a_record_reads_back_as_written_spaces_in_names_and_all() {
        let mut r = sample();
        assert_eq!(Record::parse(&r.to_text()), Some(r.clone()));
        r.zip = Some(ZipNote {
            recipe: blake3::hash(b"recipe"),
            digest: Digest::of(b"PK"),
        });
        assert_eq!(Record::parse(&r.to_text()), Some(r));
    }

    #[test]
    fn anything_else_is_not_trusted() {
        let text = sample().to_text();
        for broken in [
            String::new(),
            text.replacen("enablekit-files 1", "enablekit-files 2", 1),
            text.replacen(" 11 ", " eleven ", 1),
            text.replacen("index.html", "", 1),
            format!("{text}zip nothex\n"),
            format!("{text}zip {} 2\n", blake3::hash(b"r").to_hex()),
            format!("{text}deadbeef 3 short-hash\n"),
        ] {
            assert_eq!(Record::parse(&broken), None, "{broken}");
        }
    }

    #[test]
    fn without_a_record_the_files_are_hashed() {
        let dir = tempfile::TempDir::new().unwrap();
        fs::create_dir_all(dir.path().join("assets")).unwrap();
        fs::write(dir.path().join("index.html"), "<p>home</p>").unwrap();
        fs::write(dir.path().join("assets/Q3 Pricing FAQ.pdf"), "%PDF").unwrap();
        assert_eq!(Record::read(dir.path()).unwrap(), sample());
        fs::write(dir.path().join(FILE_NAME), "garbage").unwrap();
        assert_eq!(Record::read(dir.path()).unwrap(), sample());
        let mut written = sample();
        written.zip = Some(ZipNote {
            recipe: blake3::hash(b"r"),
            digest: Digest::of(b"PK"),
        });
        fs::write(dir.path().join(FILE_NAME), written.to_text()).unwrap();
        assert_eq!(Record::read(dir.path()).unwrap(), written);
    }
}
