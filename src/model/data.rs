//! Program data: the kit's `data/` files (CSV, YAML, JSON) parsed into one
//! tree that content quotes from (`data.<file>.<key>…`), and CSV files also
//! kept as tables with each cell's place, so the scorecard can say "row 14,
//! column `won`". Parsing is pure: `load` reads the files.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Location};
use crate::yaml::Doc;

/// One file of `data/`.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// How content names it: the file name without its extension, as a slug.
    pub name: String,
    pub path: PathBuf,
    pub text: String,
    /// The whole file as a tree: a CSV is an object keyed by its first
    /// column, each row an object keyed by header (cells as written).
    pub value: Value,
    /// A CSV file's rows, with places for messages.
    pub table: Option<Table>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The file's line the row starts on (the header is line 1).
    pub line: usize,
    pub cells: Vec<String>,
    /// Each cell's byte range in the file's text.
    pub spans: Vec<Range<usize>>,
}

impl DataFile {
    /// Parse `text` by the file's extension (`csv`, `yaml`/`yml`, `json`).
    pub fn parse(path: &Path, name: String, text: String) -> Result<DataFile, Box<Diagnostic>> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let (value, table) = match ext.as_deref() {
            Some("csv") => {
                let table = parse_csv(path, &text)?;
                (table_value(&table), Some(table))
            }
            Some("json") => (parse_json(path, &text)?, None),
            _ => (
                Doc::whole(path, &text).parse::<Value>(&format!("data file `{name}`"))?,
                None,
            ),
        };
        Ok(DataFile {
            name,
            path: path.to_path_buf(),
            text,
            value,
            table,
        })
    }

    /// Where a cell is, for messages about it.
    pub fn cell_location(&self, span: &Range<usize>) -> Location {
        Location::at_offset(&self.path, &self.text, span.start, span.len())
    }

    /// Where the header row names `column`, or the header row itself.
    pub fn header_location(&self, column: Option<&str>) -> Location {
        let header = self.text.lines().next().unwrap_or("");
        let at = column.and_then(|c| header.find(c)).unwrap_or(0);
        let len = column.map_or(header.chars().count(), |c| c.chars().count());
        Location::at_offset(&self.path, &self.text, at, len)
    }
}

/// Is `path` a data file enablekit reads?
pub fn is_data_file(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("csv" | "json" | "yaml" | "yml"))
}

fn parse_json(path: &Path, text: &str) -> Result<Value, Box<Diagnostic>> {
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        Box::new(
            Diagnostic::error("E0901", format!("this JSON file does not parse: {message}"))
                .at(Location::at_line_col(path, text, e.line(), e.column(), 1))
                .hint("check for a missing comma, quote or bracket just before this place"),
        )
    })
}

fn parse_csv(path: &Path, text: &str) -> Result<Table, Box<Diagnostic>> {
    // Spreadsheets in many locales save "CSV" with semicolons and decimal
    // commas; read as commas, `8,5` would become 85 without a word.
    let header = text.lines().next().unwrap_or("");
    if header.contains(';') && !header.contains(',') {
        return Err(Box::new(
            Diagnostic::error("E0905", "this CSV file separates its cells with `;`")
                .at(Location::at_offset(path, text, header.find(';').unwrap_or(0), 1))
                .hint("save it with commas and decimal points (in Excel: \"CSV UTF-8 (Comma delimited)\")"),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(path, text, &e))?
        .iter()
        .map(str::to_string)
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(Box::new(
            Diagnostic::error("E0902", "this CSV file has no header row")
                .at(Location::at_offset(path, text, 0, 1))
                .hint("the first line names the columns, e.g. `partner,quarter,referrals`"),
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, text, &e))?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let line = record.position().map_or(0, |p| p.line() as usize);
        let spans = record
            .iter()
            .enumerate()
            .map(|(i, cell)| cell_span(text, start, i, cell))
            .collect();
        rows.push(Row {
            line,
            cells: record.iter().map(str::to_string).collect(),
            spans,
        });
    }
    Ok(Table { headers, rows })
}

/// Cell `index`'s range in the file: found by counting the unquoted commas
/// of the record from its first byte (the csv crate's ranges are into its
/// unescaped copy, not the source), past leading space and an opening quote.
fn cell_span(text: &str, record_start: usize, index: usize, cell: &str) -> Range<usize> {
    let mut at = record_start;
    let mut field = 0;
    let mut in_quotes = false;
    for (i, b) in text[record_start..].bytes().enumerate() {
        if field == index {
            at = record_start + i;
            break;
        }
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => field += 1,
            b'\n' if !in_quotes => break,
            _ => {}
        }
    }
    let rest = &text[at..];
    let start = at + (rest.len() - rest.trim_start_matches([' ', '\t', '"']).len());
    start..start + cell.len()
}

fn csv_error(path: &Path, text: &str, e: &csv::Error) -> Box<Diagnostic> {
    let line = e.position().map_or(1, |p| p.line() as usize);
    let source = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} cells, but the header names {expected_len} columns"),
        csv::ErrorKind::Utf8 { .. } => "this row is not valid UTF-8".to_string(),
        _ => format!("this CSV file does not parse: {e}"),
    };
    // A quote after a space is not a quote to CSV: `, "1,200"` splits.
    let hint = match source.find(", \"") {
        Some(_) => {
            "a quoted cell starts right after its comma: write `,\"1,200\"`, not `, \"1,200\"`"
        }
        None => "every row needs one cell per column; quote a cell that holds a comma (\"1,200\")",
    };
    let column = source
        .find(", \"")
        .map_or(1, |i| source[..i].chars().count() + 2);
    Box::new(
        Diagnostic::error("E0903", message)
            .at(Location::at_line_col(path, text, line, column, 1))
            .hint(hint),
    )
}

/// A table as a tree: rows keyed by their first cell.
fn table_value(table: &Table) -> Value {
    let mut rows = Map::new();
    for row in &table.rows {
        let Some(key) = row.cells.first() else {
            continue;
        };
        let cells: Map<String, Value> = table
            .headers
            .iter()
            .zip(&row.cells)
            .map(|(h, c)| (h.clone(), Value::String(c.clone())))
            .collect();
        rows.insert(key.clone(), Value::Object(cells));
    }
    Value::Object(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_keep_their_place_in_the_file() {
        let text = "partner,pipeline,note\nalpha,\"$1,200\", first\nbeta,n/a,\"a, b\"\n";
        let f = DataFile::parse(Path::new("data/r.csv"), "r".into(), text.into()).unwrap();
        let t = f.table.as_ref().unwrap();
        assert_eq!(t.headers, ["partner", "pipeline", "note"]);
        assert_eq!(t.rows[0].cells, ["alpha", "$1,200", "first"]);
        assert_eq!(&text[t.rows[0].spans[1].clone()], "$1,200");
        assert_eq!(&text[t.rows[0].spans[2].clone()], "first");
        assert_eq!(&text[t.rows[1].spans[1].clone()], "n/a");
        assert_eq!(&text[t.rows[1].spans[2].clone()], "a, b");
        let at = f.cell_location(&t.rows[1].spans[1]);
        assert_eq!((at.line, at.column, at.len), (3, 6, 3));
        assert_eq!(f.value["beta"]["note"], "a, b");
    }

    #[test]
    fn broken_files_are_located() {
        let e = DataFile::parse(Path::new("d/x.json"), "x".into(), "{\n  \"a\": ,\n}".into())
            .unwrap_err();
        let at = e.location.unwrap();
        assert_eq!((at.line, at.column), (2, 8));
        let e =
            DataFile::parse(Path::new("d/x.csv"), "x".into(), "a,b\n1,2\n3\n".into()).unwrap_err();
        assert_eq!(e.location.unwrap().line, 3);
        let e = DataFile::parse(Path::new("d/x.csv"), "x".into(), "a,b\n1, \"2,5\"\n".into())
            .unwrap_err();
        assert!(
            e.hint
                .unwrap()
                .starts_with("a quoted cell starts right after its comma")
        );
        assert_eq!(e.location.unwrap().column, 3);
        let e = DataFile::parse(Path::new("d/x.yaml"), "x".into(), "a: [1,\n".into()).unwrap_err();
        assert!(e.message.starts_with("data file `x`:"), "{}", e.message);
        let e =
            DataFile::parse(Path::new("d/x.csv"), "x".into(), "a;b\n1;8,5\n".into()).unwrap_err();
        assert_eq!(e.code, "E0905");
    }
}
