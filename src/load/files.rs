//! The file-level checks of a kit: reading a file as text, "is there a kit
//! here", places in `kit.yaml`, its `favicon`, and symlinks met under
//! `content/`. Each takes a path and answers with a value or a located
//! diagnostic; nothing here walks folders or parses content.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location, Report};
use crate::model::config::Config;
use crate::paths::Outside;
use crate::yaml::Doc;

/// Read a file as UTF-8, or explain where it is not.
pub fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(
            Diagnostic::error("E0010", format!("cannot read file: {e}"))
                .at(Location::file(path))
                .hint("check that the file exists and is readable"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Box::new(
            Diagnostic::error("E0011", "file is not valid UTF-8")
                .at(Location::at_line_col(path, &prefix, line, column, 1))
                .label("invalid byte here")
                .hint("save the file as UTF-8 (most editors: \"Save with encoding\")"),
        )
    })?;
    // Editors on Windows start UTF-8 files with a byte-order mark.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// The one message for "there is no kit here", whichever command meets it.
pub fn require_kit(root: &Path) -> Result<(), Box<Diagnostic>> {
    if root.join("kit.yaml").is_file() {
        return Ok(());
    }
    let shown = match root.as_os_str().is_empty() || root == Path::new(".") {
        true => "this folder".to_string(),
        false => format!("`{}`", root.display()),
    };
    Err(Box::new(
        Diagnostic::error("E0000", format!("no kit here: {shown} has no kit.yaml"))
            .hint("run enablekit in a kit folder, pass `--root DIR`, or create a kit with `enablekit init DIR`"),
    ))
}

/// A place in `kit.yaml`, read again: only problems need it, and by then
/// the parsed config has let go of the text.
pub fn in_kit_yaml(root: &Path, locate: impl FnOnce(&Doc) -> Location) -> Location {
    let path = root.join("kit.yaml");
    let text = read_text(&path).unwrap_or_default();
    locate(&Doc::whole(&path, &text))
}

/// kit.yaml's `favicon`: a file inside the kit, of a type browsers take.
pub fn favicon(root: &Path, config: &Config, report: &mut Report) -> Option<PathBuf> {
    let rel = config.favicon.as_deref()?;
    let located = || in_kit_yaml(root, |doc| doc.key_location("favicon"));
    let kind = Path::new(rel)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !matches!(kind.as_deref(), Some("svg" | "png" | "ico")) {
        report.push(
            Diagnostic::error(
                "E0009",
                format!("favicon `{rel}` is not an .svg, .png or .ico file"),
            )
            .at(located())
            .hint("browsers take SVG, PNG and ICO icons; a 32×32 PNG or an SVG is safest"),
        );
        return None;
    }
    match crate::paths::inside_kit(root, root, rel) {
        Ok(path) => Some(path),
        Err(why) => {
            report.push(
                Diagnostic::error("E0009", format!("favicon `{rel}` {}", why.describe()))
                    .at(located())
                    .hint("the path is relative to the kit folder, and the file must be inside it"),
            );
            None
        }
    }
}

/// A symlink under `content/` is followed when it leads to a file inside
/// the kit; anything else is reported, never skipped without a word.
pub fn followed_link(root: &Path, link: &Path) -> Result<(), Box<Diagnostic>> {
    let base = link.parent().unwrap_or(root);
    let name = link
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match crate::paths::inside_kit(root, base, &name) {
        Ok(_) => Ok(()),
        Err(why) if link.is_dir() => Err(Box::new(
            Diagnostic::error("E0012", "a symlinked folder is not read")
                .at(Location::file(link))
                .hint(format!(
                    "it {}; move or copy the folder into the kit instead of linking it",
                    match why {
                        Outside::Escapes => "leads outside the kit",
                        _ => "is a link",
                    }
                )),
        )),
        Err(why) => Err(Box::new(
            Diagnostic::error("E0012", format!("symlink `{name}` {}", why.describe()))
                .at(Location::file(link))
                .hint("a kit publishes only files inside its own folder: copy the file here instead of linking to it"),
        )),
    }
}
