//! What a value in prose means: `partner.<field>` is the reader's own
//! profile, `data.<file>.<key>…` a value of a data file, and a key may be
//! the reader's own field in brackets (`data.price-book[partner.tier].discount`).
//! Parsing and looking up are pure; `load` checks every value for every
//! partner that can see the page, `render` fills them per portal.

use serde_json::Value;

use crate::model::data::DataFile;
use crate::yaml::did_you_mean;

/// The profile fields a value may name.
pub const FIELDS: &[&str] = &["name", "slug", "tier", "type", "lead_sla_hours"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// One of [`FIELDS`].
    Partner(&'static str),
    Data {
        file: String,
        path: Vec<Key>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Name(String),
    /// `[partner.tier]`: the reader's own field as the key.
    Partner(&'static str),
}

/// Whoever reads the page: its profile's [`FIELDS`] (a partner profile).
pub trait Reader {
    fn field(&self, name: &str) -> String;
}

/// A checked value of a page: the same text for every reader, or filled
/// per partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filled {
    Text(String),
    PerPartner(Expr),
}

/// Why a value cannot be filled, in the author's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub hint: String,
}

fn problem(message: impl Into<String>, hint: impl Into<String>) -> Problem {
    Problem {
        message: message.into(),
        hint: hint.into(),
    }
}

impl Expr {
    /// Parse the text between the braces.
    pub fn parse(text: &str) -> Result<Expr, Problem> {
        let syntax = || {
            problem(
                format!("`{{{{ {text} }}}}` is not a value"),
                "write `{{ partner.name }}` or `{{ data.<file>.<key> }}`; to show the braces themselves, write `\\{{`",
            )
        };
        let (root, mut rest) = split_segment(text.trim()).ok_or_else(syntax)?;
        match root {
            "partner" => {
                let field = rest.strip_prefix('.').ok_or_else(syntax)?;
                Ok(Expr::Partner(field_named(field)?))
            }
            "data" => {
                rest = rest.strip_prefix('.').ok_or_else(syntax)?;
                let (file, mut rest) = split_segment(rest).ok_or_else(syntax)?;
                let mut path = Vec::new();
                while !rest.is_empty() {
                    let (key, after) = next_key(rest).ok_or_else(syntax)?;
                    path.push(key?);
                    rest = after;
                }
                Ok(Expr::Data {
                    file: file.to_string(),
                    path,
                })
            }
            _ => Err(problem(
                format!("`{root}` is not something a value can name"),
                "a value starts with `partner.` (the reader's own profile) or `data.` (a file in data/)",
            )),
        }
    }

    /// Whether the value differs by reader.
    pub fn per_partner(&self) -> bool {
        match self {
            Expr::Partner(_) => true,
            Expr::Data { path, .. } => path.iter().any(|k| matches!(k, Key::Partner(_))),
        }
    }

    /// The value as text, for `partner` (required when [`Expr::per_partner`]).
    pub fn eval(&self, data: &[DataFile], partner: Option<&dyn Reader>) -> Result<String, Problem> {
        match self {
            Expr::Partner(field) => Ok(field_of(partner, field)),
            Expr::Data { file, path } => {
                let names: Vec<&str> = data.iter().map(|f| f.name.as_str()).collect();
                let Some(f) = data.iter().find(|f| &f.name == file) else {
                    return Err(problem(
                        format!("there is no data file `{file}`"),
                        match did_you_mean(file, &names) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None if names.is_empty() => {
                                "put the file in data/ (CSV, YAML or JSON)".to_string()
                            }
                            None => format!("the data files are: {}", names.join(", ")),
                        },
                    ));
                };
                lookup(&f.value, file, path, partner)
            }
        }
    }
}

/// The first name of `text` (letters, digits, `_`, `-`) and what follows.
fn split_segment(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(text.len());
    (end > 0).then(|| text.split_at(end))
}

/// `.key` or `[partner.field]` or `[key]`, and what follows.
fn next_key(text: &str) -> Option<(Result<Key, Problem>, &str)> {
    if let Some(rest) = text.strip_prefix('.') {
        let (name, after) = split_segment(rest)?;
        return Some((Ok(Key::Name(name.to_string())), after));
    }
    let rest = text.strip_prefix('[')?;
    let end = rest.find(']')?;
    let inner = rest[..end].trim().trim_matches(['"', '\'']);
    let key = match inner.strip_prefix("partner.") {
        Some(field) => field_named(field).map(Key::Partner),
        None => Ok(Key::Name(inner.to_string())),
    };
    Some((key, &rest[end + 1..]))
}

fn field_named(name: &str) -> Result<&'static str, Problem> {
    FIELDS.iter().find(|f| **f == name).copied().ok_or_else(|| {
        problem(
            format!("a partner profile has no field `{name}` for values"),
            match did_you_mean(name, FIELDS) {
                Some(s) => format!("did you mean `partner.{s}`?"),
                None => format!(
                    "values can use: {}",
                    FIELDS
                        .iter()
                        .map(|f| format!("partner.{f}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        )
    })
}

fn field_of(reader: Option<&dyn Reader>, field: &str) -> String {
    reader.map_or(String::new(), |r| r.field(field))
}

/// Walk `path` into a data file's tree down to one value.
fn lookup(
    root: &Value,
    file: &str,
    path: &[Key],
    partner: Option<&dyn Reader>,
) -> Result<String, Problem> {
    let mut at = root;
    let mut walked = format!("data.{file}");
    for key in path {
        let name = match key {
            Key::Name(n) => n.clone(),
            Key::Partner(field) => field_of(partner, field),
        };
        let next = match at {
            Value::Object(map) => map.get(&name).or_else(|| by_slug(map, &name)),
            Value::Array(list) => name.parse::<usize>().ok().and_then(|i| list.get(i)),
            _ => None,
        };
        let Some(next) = next else {
            return Err(missing(at, &walked, &name, key));
        };
        walked.push('.');
        walked.push_str(&name);
        at = next;
    }
    match at {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        Value::Object(map) => Err(problem(
            format!("`{walked}` is a group of values, not one value"),
            format!("add one of its keys: {}", keys_of(map)),
        )),
        Value::Array(list) => Err(problem(
            format!("`{walked}` is a list, not one value"),
            format!("add a position from 0 to {}", list.len().saturating_sub(1)),
        )),
    }
}

/// A key as a reader's field or an author writes it (`Gold` for the tier
/// `gold`, `Growth plan` for `growth-plan`): the one key with the same slug.
fn by_slug<'v>(map: &'v serde_json::Map<String, Value>, name: &str) -> Option<&'v Value> {
    let wanted = crate::paths::slugify(name);
    let mut found = map
        .iter()
        .filter(|(k, _)| crate::paths::slugify(k) == wanted);
    match (found.next(), found.next()) {
        (Some((_, v)), None) => Some(v),
        _ => None,
    }
}

fn missing(at: &Value, walked: &str, name: &str, key: &Key) -> Problem {
    let whose = match key {
        Key::Partner(field) => format!(" (the reader's {field})"),
        Key::Name(_) => String::new(),
    };
    let message = format!("`{walked}` has no `{name}`{whose}");
    match at {
        Value::Object(map) => {
            let keys: Vec<&str> = map.keys().map(String::as_str).collect();
            let hint = match did_you_mean(name, &keys) {
                Some(s) if matches!(key, Key::Name(_)) => format!("did you mean `{s}`?"),
                _ => format!("its keys are: {}", keys_of(map)),
            };
            problem(message, hint)
        }
        Value::Array(list) => problem(
            message,
            format!(
                "it is a list: use a position from 0 to {}",
                list.len().saturating_sub(1)
            ),
        ),
        _ => problem(
            message,
            format!("`{walked}` is already one value: drop what follows it"),
        ),
    }
}

fn keys_of(map: &serde_json::Map<String, Value>) -> String {
    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
    keys.truncate(12);
    keys.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn data() -> Vec<DataFile> {
        let csv = "tier,discount,mdf\nsilver,10%,$5k\ngold,20%,$15k\n";
        let yaml = "support:\n  hours: 24\n  channels: [email, phone]\n";
        vec![
            DataFile::parse(
                Path::new("data/price-book.csv"),
                "price-book".into(),
                csv.into(),
            )
            .unwrap(),
            DataFile::parse(
                Path::new("data/program.yaml"),
                "program".into(),
                yaml.into(),
            )
            .unwrap(),
        ]
    }

    #[test]
    fn values_parse_and_look_up() {
        let d = data();
        let e = Expr::parse("data.price-book.gold.discount").unwrap();
        assert!(!e.per_partner());
        assert_eq!(e.eval(&d, None).unwrap(), "20%");
        assert_eq!(
            Expr::parse(" data.program.support.hours ")
                .unwrap()
                .eval(&d, None)
                .unwrap(),
            "24"
        );
        assert_eq!(
            Expr::parse("data.program.support.channels[1]")
                .unwrap()
                .eval(&d, None)
                .unwrap(),
            "phone"
        );
        let e = Expr::parse("data.price-book[partner.tier].mdf").unwrap();
        assert!(e.per_partner());
        // Quoted keys, and keys as written in another case.
        let gold = Expr::parse("data.price-book[\"Gold\"].discount").unwrap();
        assert_eq!(gold.eval(&d, None).unwrap(), "20%");
        assert_eq!(
            Expr::parse("partner.lead_sla_hours").unwrap(),
            Expr::Partner("lead_sla_hours")
        );
    }

    #[test]
    fn problems_say_what_is_there() {
        let d = data();
        let p = Expr::parse("data.price-book.gold.discunt")
            .unwrap()
            .eval(&d, None)
            .unwrap_err();
        assert_eq!(p.message, "`data.price-book.gold` has no `discunt`");
        assert_eq!(p.hint, "did you mean `discount`?");
        let p = Expr::parse("data.price-bok.gold")
            .unwrap()
            .eval(&d, None)
            .unwrap_err();
        assert_eq!(p.hint, "did you mean `price-book`?");
        let p = Expr::parse("data.price-book.gold")
            .unwrap()
            .eval(&d, None)
            .unwrap_err();
        assert_eq!(
            p.message,
            "`data.price-book.gold` is a group of values, not one value"
        );
        assert_eq!(
            Expr::parse("partner.nmae").unwrap_err().hint,
            "did you mean `partner.name`?"
        );
        assert!(Expr::parse("x | upper").is_err());
        assert!(Expr::parse("data.").is_err());
        assert!(Expr::parse("partner").is_err());
    }
}
