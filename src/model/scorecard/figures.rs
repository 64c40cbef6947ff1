//! A scorecard's figures: the results file's rows checked cell by cell
//! (known partner, a period, numbers where metrics are), derived metrics
//! computed, and every partner's periods in order.

use evalexpr::{ContextWithMutableVariables, DefaultNumericTypes, HashMapContext, Value};

use super::format::parse_number;
use super::{Scorecard, Unit};
use crate::diagnostics::Diagnostic;
use crate::model::data::{DataFile, Row, Table};
use crate::yaml::did_you_mean;

/// Every partner's figures, period by period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Periods in the order the file first names them (oldest first).
    pub periods: Vec<String>,
    /// Per partner (kit order): its rows, oldest period first.
    pub partners: Vec<Vec<Period>>,
}

/// One partner's figures for one period, a value per metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub period: usize,
    pub values: Vec<Option<f64>>,
    /// The row's note (empty without a note column).
    pub note: String,
}

impl Figures {
    /// A partner's latest two periods: (latest, previous).
    pub fn latest(&self, partner: usize) -> (Option<&Period>, Option<&Period>) {
        let rows = &self.partners[partner];
        let n = rows.len();
        (rows.last(), n.checked_sub(2).map(|i| &rows[i]))
    }
}

/// The columns of the results file the scorecard reads.
struct Columns {
    partner: usize,
    period: usize,
    note: Option<usize>,
    /// Per metric, its column (derived metrics have none).
    metrics: Vec<Option<usize>>,
}

/// Read the results file against the scorecard and the partners' slugs.
pub fn read(sc: &Scorecard, file: &DataFile, slugs: &[&str]) -> Result<Figures, Vec<Diagnostic>> {
    let Some(table) = &file.table else {
        return Err(vec![
            Diagnostic::error(
                "E0920",
                format!("the scorecard's data `{}` is not a CSV file", sc.data),
            )
            .at(crate::diagnostics::Location::file(&file.path))
            .hint("keep partner results as CSV: one row per partner per period"),
        ]);
    };
    let columns = columns(sc, file, table)?;
    let mut errors = Vec::new();
    let mut figures = Figures {
        periods: Vec::new(),
        partners: vec![Vec::new(); slugs.len()],
    };
    for row in &table.rows {
        if row.cells.iter().all(String::is_empty) {
            continue;
        }
        if let Some((partner, period)) =
            row_place(sc, file, row, &columns, slugs, &mut figures, &mut errors)
        {
            let values = row_values(sc, file, row, &columns, &mut errors);
            let note = columns.note.map_or(String::new(), |c| row.cells[c].clone());
            figures.partners[partner].push(Period {
                period,
                values,
                note,
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for rows in &mut figures.partners {
        rows.sort_by_key(|p| p.period);
    }
    Ok(figures)
}

fn columns(sc: &Scorecard, file: &DataFile, table: &Table) -> Result<Columns, Vec<Diagnostic>> {
    let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    let mut errors = Vec::new();
    let mut find = |name: &str, why: &str| {
        let found = headers
            .iter()
            .position(|h| *h == name)
            .or_else(|| same_column(&headers, name));
        if found.is_none() {
            errors.push(missing_column(file, &headers, name, why));
        }
        found
    };
    let partner = find(&sc.partner_column, "the partner of each row");
    let period = find(&sc.period_column, "the period of each row");
    let note = sc
        .note_column
        .as_deref()
        .and_then(|n| find(n, "the scorecard's notes"));
    let metrics: Vec<Option<usize>> = sc
        .metrics
        .iter()
        .map(|m| match m.formula {
            Some(_) => None,
            None => find(&m.key, "a metric kit.yaml lists"),
        })
        .collect();
    match (partner, period) {
        (Some(partner), Some(period)) if errors.is_empty() => Ok(Columns {
            partner,
            period,
            note,
            metrics,
        }),
        _ => Err(errors),
    }
}

/// The one header that names `name` as people write it (`Qualified
/// referrals` for `qualified_referrals`, `Partner` for `partner`).
fn same_column(headers: &[&str], name: &str) -> Option<usize> {
    let key = |s: &str| crate::paths::slugify(&s.replace('_', " "));
    let wanted = key(name);
    let mut found = headers.iter().enumerate().filter(|(_, h)| key(h) == wanted);
    match (found.next(), found.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// "No column `qualified`", pointing at the near miss in the header when
/// there is one.
fn missing_column(file: &DataFile, headers: &[&str], name: &str, why: &str) -> Diagnostic {
    let d = Diagnostic::error(
        "E0921",
        format!("the scorecard's data has no column `{name}`"),
    );
    match did_you_mean(name, headers) {
        Some(near) => d
            .at(file.header_location(Some(near)))
            .label(format!("did you mean `{name}`?"))
            .hint(format!(
                "rename the column `{near}` to `{name}` ({why}), or change the `key` in kit.yaml"
            )),
        None => d
            .at(file.header_location(None))
            .label(format!("no `{name}` here ({why})"))
            .hint(format!(
                "add a `{name}` column, or change kit.yaml's scorecard; the columns are: {}",
                headers.join(", ")
            )),
    }
}

/// The row's partner and period, checked: a known partner, a period, and
/// no second row for the same pair.
fn row_place(
    sc: &Scorecard,
    file: &DataFile,
    row: &Row,
    columns: &Columns,
    slugs: &[&str],
    figures: &mut Figures,
    errors: &mut Vec<Diagnostic>,
) -> Option<(usize, usize)> {
    let slug = row.cells[columns.partner].as_str();
    // `Pipewise Labs` names `pipewise-labs` as well as its slug does.
    let Some(partner) = slugs
        .iter()
        .position(|s| *s == slug || crate::paths::slugify(slug) == *s)
    else {
        let d = Diagnostic::error(
            "E0922",
            format!(
                "row {}, column `{}`: no partner is called `{slug}`",
                row.line, sc.partner_column
            ),
        )
        .at(file.cell_location(&row.spans[columns.partner]))
        .label("unknown partner");
        errors.push(match did_you_mean(slug, slugs) {
            Some(s) => d.hint(format!(
                "did you mean `{s}`? Rows name partners by their profile's file name"
            )),
            None => {
                d.hint("rows name partners by their profile's file name (partners/<name>.yaml)")
            }
        });
        return None;
    };
    let name = row.cells[columns.period].as_str();
    if name.is_empty() {
        errors.push(
            Diagnostic::error(
                "E0923",
                format!(
                    "row {}, column `{}`: the period is empty",
                    row.line, sc.period_column
                ),
            )
            .at(file.cell_location(&row.spans[columns.period]))
            .hint("name the period of every row, e.g. `Q3 2026`"),
        );
        return None;
    }
    let period = match figures.periods.iter().position(|p| p == name) {
        Some(i) => i,
        None => {
            figures.periods.push(name.to_string());
            figures.periods.len() - 1
        }
    };
    if figures.partners[partner].iter().any(|p| p.period == period) {
        errors.push(
            Diagnostic::error(
                "E0924",
                format!("row {}: `{slug}` already has a row for `{name}`", row.line),
            )
            .at(file.cell_location(&row.spans[columns.period]))
            .hint("keep one row per partner per period"),
        );
        return None;
    }
    Some((partner, period))
}

/// The row's value for every metric: cells read as numbers, then the
/// derived metrics computed from them.
fn row_values(
    sc: &Scorecard,
    file: &DataFile,
    row: &Row,
    columns: &Columns,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Option<f64>> {
    let mut values: Vec<Option<f64>> = Vec::with_capacity(sc.metrics.len());
    for (metric, column) in sc.metrics.iter().zip(&columns.metrics) {
        let value = match (column, &metric.formula) {
            (Some(c), _) => cell_number(file, row, *c, &metric.key, metric.unit, errors),
            (None, Some((_, node))) => derive(sc, node, &values),
            (None, None) => None,
        };
        values.push(value);
    }
    values
}

fn cell_number(
    file: &DataFile,
    row: &Row,
    column: usize,
    key: &str,
    unit: Unit,
    errors: &mut Vec<Diagnostic>,
) -> Option<f64> {
    let cell = row.cells[column].as_str();
    if cell.is_empty() {
        return None;
    }
    let at = || file.cell_location(&row.spans[column]);
    match parse_number(cell) {
        Some(v) if unit == Unit::Percent && !cell.ends_with('%') && v.abs() > 1.0 => {
            errors.push(
                Diagnostic::error(
                    "E0925",
                    format!(
                        "row {}, column `{key}`: `{cell}` is a percentage without `%`",
                        row.line
                    ),
                )
                .at(at())
                .hint(format!("write `{cell}%`, or the ratio ({})", v / 100.0)),
            );
            None
        }
        Some(v) => Some(v),
        None => {
            errors.push(
                Diagnostic::error("E0926", format!("row {}, column `{key}`: expected a number, found `{cell}`", row.line))
                    .at(at())
                    .label("not a number")
                    .hint("write a number (1,200 · 25% · $4,500), or leave the cell empty when there is no figure"),
            );
            None
        }
    }
}

/// A derived metric from the values before it: none when a figure it
/// needs is missing or the result is not a number (a division by zero).
fn derive(sc: &Scorecard, node: &super::Formula, values: &[Option<f64>]) -> Option<f64> {
    let mut ctx = HashMapContext::<DefaultNumericTypes>::new();
    for (metric, value) in sc.metrics.iter().zip(values) {
        if let Some(v) = value {
            ctx.set_value(metric.key.clone(), Value::Float(*v)).ok()?;
        }
    }
    node.eval_number_with_context(&ctx)
        .ok()
        .filter(|v| v.is_finite())
}
