//! One diagnostic type for every command: severity, code, message, where
//! (file, line, column, span length), the source line, and a hint.
//!
//! Modules report their failures as their own `thiserror` types; those types
//! turn into [`Diagnostic`]s here at the edge, and this module prints them the
//! way rustc does (or as JSON lines). It never panics: a diagnostic without a
//! location or excerpt still prints.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file. Lines and columns are 1-based; `len` is the
/// number of characters to underline (at least one is shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub len: usize,
    /// The text of `line`, for the excerpt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
}

impl Location {
    /// A location for a whole file, when nothing more precise is known.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            line: 0,
            column: 0,
            len: 0,
            source_line: None,
        }
    }

    /// Locate byte `offset` of `text` (the file's whole contents).
    pub fn at_offset(file: impl Into<PathBuf>, text: &str, offset: usize, len: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = text[..offset].matches('\n').count() + 1;
        let column = text[line_start..offset].chars().count() + 1;
        let span_end = floor_char_boundary(text, (offset + len).min(line_end));
        Location {
            file: file.into(),
            line,
            column,
            len: text[offset..span_end].chars().count().max(1),
            source_line: Some(
                text[line_start..line_end]
                    .trim_end_matches('\r')
                    .to_string(),
            ),
        }
    }

    /// Locate a 1-based line and column of `text`.
    pub fn at_line_col(
        file: impl Into<PathBuf>,
        text: &str,
        line: usize,
        column: usize,
        len: usize,
    ) -> Self {
        let source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_string);
        Location {
            file: file.into(),
            line,
            column: column.max(1),
            len: len.max(1),
            source_line,
        }
    }
}

/// `file` as the user would type it from `base` (the current directory).
fn relative(file: &Path, base: &Path) -> String {
    file.strip_prefix(base)
        .or_else(|_| file.strip_prefix("."))
        .unwrap_or(file)
        .display()
        .to_string()
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Short text under the caret, e.g. "unknown tier".
    pub label: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            label: None,
            hint: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (Option<&Path>, usize, usize, Severity) {
        match &self.location {
            Some(l) => (Some(l.file.as_path()), l.line, l.column, self.severity),
            None => (None, 0, 0, self.severity),
        }
    }

    /// Render like rustc: `error[E0102]: message`, `--> file:line:col`, the
    /// excerpt with the span underlined, then `= help: …`.
    pub fn render_human(&self, color: bool, base: &Path) -> String {
        let paint = |code: &str, s: &str| {
            if color {
                format!("\x1b[{code}m{s}\x1b[0m")
            } else {
                s.to_string()
            }
        };
        let (word, tint) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = String::new();
        let head = format!("{word}[{}]", self.code);
        let _ = writeln!(
            out,
            "{}{}",
            paint(tint, &head),
            paint("1", &format!(": {}", self.message))
        );
        let Some(loc) = &self.location else {
            if let Some(hint) = &self.hint {
                let _ = writeln!(out, "  {} {hint}", paint("1;36", "= help:"));
            }
            return out;
        };
        let shown = relative(&loc.file, base);
        let gutter = if loc.line > 0 {
            loc.line.to_string().len()
        } else {
            1
        };
        let pad = " ".repeat(gutter);
        let arrow = paint("1;34", "-->");
        if loc.line > 0 {
            let _ = writeln!(out, "{pad}{arrow} {shown}:{}:{}", loc.line, loc.column);
        } else {
            let _ = writeln!(out, "{pad}{arrow} {shown}");
        }
        if let (Some(src), true) = (&loc.source_line, loc.line > 0) {
            let bar = paint("1;34", "|");
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(
                out,
                "{} {bar} {}",
                paint("1;34", &loc.line.to_string()),
                src.replace('\t', "    ")
            );
            let lead: String = src
                .chars()
                .take(loc.column.saturating_sub(1))
                .map(|c| if c == '\t' { "    " } else { " " })
                .collect();
            let carets = "^".repeat(loc.len.max(1));
            let label = self
                .label
                .as_deref()
                .map(|l| format!(" {l}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{pad} {bar} {lead}{}",
                paint(tint, &format!("{carets}{label}"))
            );
            let _ = writeln!(out, "{pad} {bar}");
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "{pad} {} {hint}", paint("1;36", "= help:"));
        }
        out
    }

    /// One JSON object; `file` relative to `base` like the human output.
    pub fn render_json(&self, base: &Path) -> String {
        let mut d = self.clone();
        if let Some(loc) = d.location.as_mut() {
            loc.file = relative(&loc.file, base).into();
        }
        serde_json::to_string(&d).unwrap_or_else(|_| format!("{{\"message\":{:?}}}", self.message))
    }
}

/// The outcome of a command: every problem found, errors and warnings.
/// Commands return it; `main` prints it and picks the exit code. No global
/// flags: a long-running `serve` gets a fresh report per rebuild.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Sort by file and line, and drop exact repeats (a template error hits
    /// every page that uses the template).
    pub fn normalize(&mut self) {
        self.diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.diagnostics.dedup();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Print all diagnostics to stderr, then a count line (human format).
/// Print `report`: human messages on stderr, with a count line; JSON (one
/// object per line) on stdout, as `cargo --message-format json` does, so
/// `enablekit check --format json | jq` sees every diagnostic.
pub fn print(report: &Report, format: Format, base: &Path) {
    use std::io::Write;
    if format == Format::Json {
        let mut out = std::io::stdout().lock();
        for d in &report.diagnostics {
            let _ = writeln!(out, "{}", d.render_json(base));
        }
        return;
    }
    let mut err = std::io::stderr().lock();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in &report.diagnostics {
        let _ = writeln!(err, "{}", d.render_human(color, base));
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(format!(
            "{errors} error{}",
            if errors == 1 { "" } else { "s" }
        ));
    }
    if warnings > 0 {
        parts.push(format!(
            "{warnings} warning{}",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    if !parts.is_empty() {
        let _ = writeln!(err, "{}", parts.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_maps_to_line_and_column() {
        let text = "---\ntitle: x\ntier: bronze\n";
        let at = text.find("bronze").unwrap();
        let loc = Location::at_offset("p.yaml", text, at, 6);
        assert_eq!((loc.line, loc.column, loc.len), (3, 7, 6));
        assert_eq!(loc.source_line.as_deref(), Some("tier: bronze"));
    }

    #[test]
    fn human_rendering_has_rustc_shape() {
        let text = "tier: bronze\n";
        let d = Diagnostic::error("E0301", "unknown tier `bronze`")
            .at(Location::at_offset("/kit/partners/a.yaml", text, 6, 6))
            .label("not in kit.yaml's tiers")
            .hint("use one of: registered, silver");
        let out = d.render_human(false, Path::new("/kit"));
        assert_eq!(
            out,
            "error[E0301]: unknown tier `bronze`\n --> partners/a.yaml:1:7\n  |\n1 | tier: bronze\n  |       ^^^^^^ not in kit.yaml's tiers\n  |\n  = help: use one of: registered, silver\n"
        );
    }

    #[test]
    fn report_sorts_and_dedups() {
        let mut r = Report::default();
        let a = Diagnostic::error("E1", "b").at(Location::file("b.md"));
        let b = Diagnostic::error("E1", "a").at(Location::file("a.md"));
        r.extend([a.clone(), b.clone(), a.clone()]);
        r.normalize();
        assert_eq!(r.diagnostics, vec![b, a]);
    }
}
