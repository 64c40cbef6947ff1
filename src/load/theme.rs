//! Themes: the Tera environment and static files. The default theme is
//! embedded in the binary; a kit's `themes/<name>/` overrides it file by file
//! (or, for another theme name, replaces what it provides). Template errors
//! become diagnostics pointing at the template's own file and line. It
//! reads the theme folder and fills templates; it never writes files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::{Context, ErrorKind, Tera};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Location};
use crate::load::files::read_text;
use crate::paths::to_slash;

pub static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates every theme must provide (after merging with the default).
pub const REQUIRED: &[&str] = &[
    "home.html",
    "list.html",
    "item.html",
    "partners.html",
    "partnership.html",
    "404.html",
];

/// A language's words of the theme: key → text (`nav_home: Home`).
pub type Words = std::collections::BTreeMap<String, String>;

pub struct Theme {
    tera: Tera,
    /// The theme's words per language (`i18n/<lang>.yaml`), the kit's own
    /// files merged over the built-in ones key by key.
    words: HashMap<String, Words>,
    /// Every template's source, for diagnostics.
    sources: Sources,
    /// Static files: path relative to `static/`, bytes.
    pub statics: Vec<(String, Vec<u8>)>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.sources.len())
            .finish()
    }
}

/// Where embedded files claim to live in diagnostics.
fn builtin_path(rel: &str) -> PathBuf {
    PathBuf::from("<built-in theme>").join(rel)
}

/// Template name → (where it came from, its source).
type Sources = HashMap<String, (PathBuf, String)>;
/// Static file path relative to `static/` → its bytes.
type Statics = HashMap<String, Vec<u8>>;

impl Theme {
    /// Load the theme `name` for the kit at `root`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let (mut templates, mut statics, mut words) = built_in();
        let dir = root.join("themes").join(name);
        if !dir.is_dir() && name != "default" {
            return Err(vec![
                Diagnostic::error("E0301", format!("theme `{name}` not found"))
                    .at(Location::file(root.join("kit.yaml")))
                    .hint(format!(
                        "create {} or set `theme: default` in kit.yaml",
                        dir.display()
                    )),
            ]);
        }
        let mut errors = Vec::new();
        if dir.is_dir() {
            overlay(
                &dir,
                (&mut templates, &mut statics, &mut words),
                &mut errors,
            );
        }
        let tera = compile(&templates, &mut errors);
        for required in REQUIRED {
            if !templates.contains_key(*required) {
                errors.push(
                    Diagnostic::error(
                        "E0302",
                        format!("theme `{name}` has no `{required}` template"),
                    )
                    .at(Location::file(&dir))
                    .hint(format!(
                        "add templates/{required} (copy it from the default theme)"
                    )),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut statics: Vec<(String, Vec<u8>)> = statics.into_iter().collect();
        statics.sort();
        Ok(Theme {
            tera,
            words,
            sources: templates,
            statics,
        })
    }

    /// The theme's words in `lang`: English first, then the language's
    /// primary subtag (`pt` for `pt-BR`), then the tag itself, each over
    /// the one before, so a missing word is English rather than a gap.
    pub fn words(&self, lang: &str) -> Words {
        let primary = lang.split('-').next().unwrap_or(lang);
        let mut out = Words::new();
        for tag in [crate::model::language::DEFAULT, primary, lang] {
            if let Some(w) = self.words.get(tag) {
                out.extend(w.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        out
    }

    pub fn render(&self, template: &str, context: &Context) -> Result<String, Box<Diagnostic>> {
        self.tera
            .render(template, context)
            .map_err(|e| Box::new(template_error(&e, &self.sources, None)))
    }
}

/// The default theme's templates, static files and words, from the binary.
fn built_in() -> (Sources, Statics, HashMap<String, Words>) {
    let mut templates = Sources::new();
    let mut statics = Statics::new();
    let mut words = HashMap::new();
    for file in embedded_files(&DEFAULT_THEME) {
        let rel = to_slash(file.path());
        let text = || String::from_utf8_lossy(file.contents()).into_owned();
        if let Some(t) = rel.strip_prefix("templates/") {
            templates.insert(t.to_string(), (builtin_path(&rel), text()));
        } else if let Some(s) = rel.strip_prefix("static/") {
            statics.insert(s.to_string(), file.contents().to_vec());
        } else if let Some(lang) = words_file(&rel) {
            // Tested to parse (the unit test below); a broken file is empty.
            let parsed = parse_words(&builtin_path(&rel), &text()).unwrap_or_default();
            words.insert(lang.to_string(), parsed);
        }
    }
    (templates, statics, words)
}

/// `i18n/<lang>.yaml` → `lang`.
fn words_file(rel: &str) -> Option<&str> {
    rel.strip_prefix("i18n/")?.strip_suffix(".yaml")
}

fn parse_words(path: &Path, text: &str) -> Result<Words, Box<Diagnostic>> {
    crate::yaml::Doc::whole(path, text).parse("theme words")
}

/// The kit's own theme folder, file by file over what is there already
/// (words key by key).
fn overlay(
    dir: &Path,
    (templates, statics, words): (&mut Sources, &mut Statics, &mut HashMap<String, Words>),
    errors: &mut Vec<Diagnostic>,
) {
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let rel = to_slash(entry.path().strip_prefix(dir).unwrap_or(entry.path()));
        if let Some(t) = rel.strip_prefix("templates/") {
            match read_text(entry.path()) {
                Ok(text) => {
                    templates.insert(t.to_string(), (entry.path().to_path_buf(), text));
                }
                Err(d) => errors.push(*d),
            }
        } else if let Some(lang) = words_file(&rel) {
            match read_text(entry.path()).and_then(|t| parse_words(entry.path(), &t)) {
                Ok(own) => words.entry(lang.to_string()).or_default().extend(own),
                Err(d) => errors.push(*d),
            }
        } else if let Some(s) = rel.strip_prefix("static/") {
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    statics.insert(s.to_string(), bytes);
                }
                Err(e) => errors.push(
                    Diagnostic::error("E0010", format!("cannot read file: {e}"))
                        .at(Location::file(entry.path())),
                ),
            }
        }
    }
}

/// Compile every template. Each is first tried alone, so every broken
/// template is reported, not just the first; all are then added together
/// when none is broken and nothing else failed before.
fn compile(templates: &Sources, errors: &mut Vec<Diagnostic>) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let mut names: Vec<&String> = templates.keys().collect();
    names.sort();
    let mut good = Vec::new();
    for name in names {
        let (path, text) = &templates[name];
        let mut probe = Tera::new();
        match probe.add_raw_template(name, text) {
            Ok(()) => good.push((name.clone(), text.clone())),
            // Alone, a child template misses its parent; that is checked
            // when all templates are added together below.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::MissingParent { .. } | ErrorKind::TemplateNotFound(_)
                ) =>
            {
                good.push((name.clone(), text.clone()))
            }
            Err(e) => errors.push(template_error(&e, templates, Some(path))),
        }
    }
    if errors.is_empty()
        && let Err(e) = tera.add_raw_templates(good)
    {
        errors.push(template_error(&e, templates, None));
    }
    tera
}

/// Every file of the built-in theme, nested folders included.
pub fn embedded_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(embedded_files(sub));
    }
    out
}

/// A Tera error as a diagnostic at the template's file and line.
fn template_error(e: &tera::Error, sources: &Sources, fallback: Option<&Path>) -> Diagnostic {
    let (report, code, what) = match e.kind() {
        ErrorKind::SyntaxError(r) => (Some(r), "E0303", "template syntax error"),
        ErrorKind::RenderingError(r) => (Some(r), "E0304", "template error"),
        _ => (None, "E0305", "template error"),
    };
    let message = match report {
        Some(r) => format!("{what}: {}", r.message()),
        None => format!("{what}: {e}"),
    };
    let mut d = Diagnostic::error(code, message);
    let located = report.and_then(|r| {
        let (path, text) = sources.get(r.filename())?;
        let span = r.span();
        let len = if span.end_line == span.start_line {
            span.end_col.saturating_sub(span.start_col).max(1)
        } else {
            1
        };
        Some(Location::at_line_col(
            path,
            text,
            span.start_line,
            span.start_col + 1,
            len,
        ))
    });
    if let Some(loc) = located {
        d = d.at(loc);
    } else if let Some(p) = fallback {
        d = d.at(Location::file(p));
    }
    let hint = if code == "E0304" {
        "templates get the variables listed in docs/THEMES.md; test optional ones with `{% if x %}`"
    } else {
        "check the tag and expression syntax (Tera 2, Jinja-like)"
    };
    d.hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(templates: &[(&str, &str)]) -> Sources {
        templates
            .iter()
            .map(|(name, text)| (name.to_string(), (PathBuf::from(name), text.to_string())))
            .collect()
    }

    #[test]
    fn every_broken_template_is_reported() {
        let templates = sources(&[("a.html", "{% if %}"), ("b.html", "{{ x"), ("c.html", "ok")]);
        let mut errors = Vec::new();
        compile(&templates, &mut errors);
        let files: Vec<_> = errors
            .iter()
            .map(|e| e.location.as_ref().unwrap().file.clone())
            .collect();
        assert_eq!(files, [PathBuf::from("a.html"), PathBuf::from("b.html")]);
    }

    #[test]
    fn a_child_compiles_with_its_parent() {
        let templates = sources(&[
            ("base.html", "<{% block b %}{% endblock %}>"),
            (
                "child.html",
                "{% extends \"base.html\" %}{% block b %}x{% endblock %}",
            ),
        ]);
        let mut errors = Vec::new();
        let tera = compile(&templates, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(tera.render("child.html", &Context::new()).unwrap(), "<x>");
    }

    #[test]
    fn a_child_without_its_parent_is_reported_once_all_are_added() {
        let templates = sources(&[("child.html", "{% extends \"base.html\" %}")]);
        let mut errors = Vec::new();
        compile(&templates, &mut errors);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "E0305");
    }
}
