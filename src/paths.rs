//! Path and slug rules: what may become a folder name in the output, how
//! relative links between source files are resolved, and how file names
//! become slugs.

use std::path::{Component, Path, PathBuf};

/// A failed file operation: what was tried, on which path, and why. The
/// modules that write (`publish`, `hosting`) wrap it in their own errors.
#[derive(Debug, thiserror::Error)]
#[error("{action} {path}: {source}")]
pub struct FileError {
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// `map_err` adapter: `fs::write(p, b).map_err(file_error("cannot write", p))`.
pub fn file_error<E: From<FileError>>(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(std::io::Error) -> E + use<E> {
    let path = path.to_path_buf();
    move |source| {
        E::from(FileError {
            action,
            path,
            source,
        })
    }
}

/// A string that is safe as one path segment in the output and in URLs:
/// ASCII letters, digits, `.`, `-`, `_`; not starting with a dot.
pub fn is_safe_segment(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && !s.starts_with('.')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

/// A slug from free text: lowercase ASCII words joined by hyphens. Letters
/// of any script are transliterated (`deunicode`: "préparer" → `preparer`,
/// "価格" → `jia-ge`) because slugs become folder names, URLs and nginx
/// locations, where plain ASCII is the one form every host, shell and zip
/// tool agrees on. Apostrophes join ("can't" → `cant`); any other symbol
/// separates words.
pub fn slugify(text: &str) -> String {
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\'' | '\u{2019}' | '\u{02bc}' => {}
            c if c.is_ascii() => ascii.push(c),
            c if c.is_alphanumeric() => {
                ascii.push_str(deunicode::deunicode_char(c).unwrap_or(" "));
            }
            _ => ascii.push(' '),
        }
    }
    let mut out = String::with_capacity(ascii.len());
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// The slug a file name gives when front matter sets none: the name itself
/// when it is already a safe folder name, even with capitals (so URLs and
/// portal folders published before stay put), else [`slugify`]d.
pub fn file_slug(stem: &str) -> String {
    let clean = is_safe_segment(stem) && !stem.contains("..");
    match clean {
        true => stem.to_string(),
        false => slugify(stem),
    }
}

/// Why a path a kit names cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    Absolute,
    Missing,
    /// It resolves (`..`, a symlink) to somewhere outside the kit.
    Escapes,
}

impl Outside {
    pub fn describe(self) -> &'static str {
        match self {
            Outside::Absolute => "is an absolute path",
            Outside::Missing => "does not exist",
            Outside::Escapes => "leads outside the kit",
        }
    }
}

/// `rel` (as written in a kit file, relative to `base`) resolved to a file
/// that is inside `root` once `..` and symlinks are followed: a kit can
/// never make a build publish a file from elsewhere on the machine.
pub fn inside_kit(root: &Path, base: &Path, rel: &str) -> Result<PathBuf, Outside> {
    let given = Path::new(rel);
    if given.is_absolute() || rel.starts_with('/') || rel.starts_with('\\') {
        return Err(Outside::Absolute);
    }
    let real = base
        .join(given)
        .canonicalize()
        .map_err(|_| Outside::Missing)?;
    let root = root.canonicalize().map_err(|_| Outside::Missing)?;
    match real.starts_with(&root) && real.is_file() {
        true => Ok(real),
        false if !real.starts_with(&root) => Err(Outside::Escapes),
        false => Err(Outside::Missing),
    }
}

/// Join a relative link target onto the folder of `from` (both relative to
/// the same root) and normalise `.` and `..`. `None` when the target climbs
/// out of the root or is absolute.
pub fn resolve_relative(from: &Path, target: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = from
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if target.starts_with('/') {
        return None;
    }
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.iter().collect())
}

/// `path` with forward slashes, for URLs and map keys.
pub fn to_slash(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Decode `%XX` escapes in a link target; invalid escapes stay as they are.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_segments() {
        assert!(is_safe_segment("1.2.0"));
        assert!(is_safe_segment("acme-co"));
        for bad in ["", "..", "../x", "a/b", ".hidden", "a b", "ü"] {
            assert!(!is_safe_segment(bad), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("You're too expensive!"), "youre-too-expensive");
        assert_eq!(slugify("We can\u{2019}t afford it"), "we-cant-afford-it");
        assert_eq!(slugify("  Tiers & add-ons "), "tiers-add-ons");
        assert_eq!(slugify("préparer l'appel ✓"), "preparer-lappel");
        assert_eq!(slugify("Q3 Pricing FAQ"), "q3-pricing-faq");
        assert_eq!(slugify("価格"), "jia-ge");
        assert_eq!(slugify("Straße — Überblick"), "strasse-uberblick");
        assert_eq!(slugify("✓ ✓"), "");
    }

    #[test]
    fn file_slugs_keep_clean_names() {
        for kept in ["pricing", "v1.2-notes", "api_guide"] {
            assert_eq!(file_slug(kept), kept);
        }
        assert_eq!(file_slug("Q3 Pricing FAQ"), "q3-pricing-faq");
        assert_eq!(file_slug("Pricing"), "Pricing");
        assert_eq!(file_slug(".hidden"), "hidden");
    }

    #[test]
    fn relative_resolution() {
        let from = Path::new("objections/price.md");
        assert_eq!(
            resolve_relative(from, "../case-studies/acme.md").unwrap(),
            PathBuf::from("case-studies/acme.md")
        );
        assert_eq!(
            resolve_relative(from, "./other.md").unwrap(),
            PathBuf::from("objections/other.md")
        );
        assert!(resolve_relative(from, "../../../etc/passwd").is_none());
        assert!(resolve_relative(from, "/etc/passwd").is_none());
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%20b%2e%zz%"), "a b.%zz%");
    }
}
