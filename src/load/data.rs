//! Reading `data/`: every CSV, YAML and JSON file at its top level, once
//! per build, and the scorecard's figures from the results file kit.yaml
//! names. Files are parsed by `model::data`; this is the disk side.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Location, Report};
use crate::load::files::{followed_link, read_text};
use crate::model::config::Config;
use crate::model::data::{DataFile, is_data_file};
use crate::model::partners::Partner;
use crate::model::scorecard::figures::{self, Figures};

/// The kit's data files, by name; problems in `report`.
pub fn files(root: &Path, report: &mut Report) -> Vec<DataFile> {
    let dir = root.join("data");
    if dir.is_symlink() {
        report.push(
            Diagnostic::error("E0012", "data/ is a symlink")
                .at(Location::file(&dir))
                .hint("a kit reads only files inside its own folder: make data/ a real folder"),
        );
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut files: Vec<DataFile> = Vec::new();
    for path in paths {
        if let Some(file) = file(root, &path, &files, report) {
            files.push(file);
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// One entry of `data/`: read when it is a data file, explained when not.
fn file(root: &Path, path: &Path, seen: &[DataFile], report: &mut Report) -> Option<DataFile> {
    let file_name = path.file_name()?.to_string_lossy().into_owned();
    if file_name.starts_with('.') {
        return None;
    }
    if path.is_symlink()
        && let Err(d) = followed_link(root, path)
    {
        report.push(*d);
        return None;
    }
    if path.is_dir() || !is_data_file(path) {
        report.push(
            Diagnostic::warning("W0901", format!("`data/{file_name}` is not read"))
                .at(Location::file(path))
                .hint("data/ holds .csv, .yaml and .json files at its top level"),
        );
        return None;
    }
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let name = crate::paths::slugify(&stem);
    if let Some(other) = seen.iter().find(|f| f.name == name) {
        report.push(
            Diagnostic::error("E0904", format!("two data files are both called `{name}`"))
                .at(Location::file(path))
                .hint(format!(
                    "content names a data file by its name without extension; rename this one or `{}`",
                    other.path.file_name().unwrap_or_default().to_string_lossy()
                )),
        );
        return None;
    }
    let text = match read_text(path) {
        Ok(t) => t,
        Err(d) => {
            report.push(*d);
            return None;
        }
    };
    DataFile::parse(path, name, text)
        .map_err(|d| report.push(*d))
        .ok()
}

/// The scorecard's figures, when kit.yaml declares a scorecard.
pub fn figures(
    root: &Path,
    config: &Config,
    data: &[DataFile],
    partners: &[Partner],
    report: &mut Report,
) -> Option<Figures> {
    let sc = config.scorecard.as_ref()?;
    let wanted = root.join("data").join(&sc.data);
    let Some(file) = data.iter().find(|f| f.path == wanted) else {
        let names: Vec<String> = data
            .iter()
            .filter_map(|f| f.path.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let at =
            crate::load::files::in_kit_yaml(root, |doc| doc.value_location("scorecard", &sc.data));
        let d = Diagnostic::error(
            "E0927",
            format!("the scorecard's data `data/{}` is not in the kit", sc.data),
        )
        .at(at);
        report.push(match crate::yaml::did_you_mean(&sc.data, &refs) {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None => d.hint(
                "put the partner results in data/ as a CSV file: one row per partner per period",
            ),
        });
        return None;
    };
    let slugs: Vec<&str> = partners.iter().map(|p| p.slug.as_str()).collect();
    let figures = figures::read(sc, file, &slugs)
        .map_err(|e| report.extend(e))
        .ok()?;
    for (p, rows) in partners.iter().zip(&figures.partners) {
        if rows.is_empty() {
            report.push(
                Diagnostic::warning("W0902", format!("`{}` has no rows in the scorecard", p.name))
                    .at(Location::file(&p.path))
                    .hint(format!(
                        "add its rows to data/{} (partner `{}`); until then its scorecard says there are no figures yet",
                        sc.data, p.slug
                    )),
            );
        }
    }
    Some(figures)
}
