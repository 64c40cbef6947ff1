//! libyaml's and serde's error messages in an author's words: where the
//! mistake is (the line to change, not where the parser gave up or the
//! construct began), what the field wants, with an example.
//!
//! libyaml reports syntax errors as "PROBLEM at line L column C, while
//! parsing CONTEXT at line L2 column C2"; serde reports data errors as
//! "path.to.field: invalid type: string \"24h\", expected u32". Both forms
//! are stable across the versions of `yaml_serde` we build with, and a
//! message we do not recognise is shown as it is, located.
//!
//! Text in, an [`Explained`] out: it never runs the YAML parser nor makes
//! diagnostics (the caller does both).

/// A problem found in a YAML document, ready to become a diagnostic.
#[derive(Debug, PartialEq, Eq)]
pub struct Explained {
    pub message: String,
    /// Byte offset in the document's YAML text, and length in characters.
    pub at: usize,
    pub len: usize,
    pub label: String,
    pub hint: String,
}

/// Explain `raw` (the error's text) for the YAML `yaml`; `problem` is the
/// parser's own position (offset into `yaml`) when it gave one.
pub fn explain(yaml: &str, raw: &str, problem: Option<usize>) -> Explained {
    let (text, marks) = strip_marks(raw);
    let marks: Vec<usize> = marks
        .into_iter()
        .map(|(l, c)| offset_of(yaml, l, c))
        .collect();
    let problem = problem.or_else(|| marks.first().copied()).unwrap_or(0);
    let construct = marks.get(1).copied().unwrap_or(problem);
    if text.contains("while parsing") || text.contains("while scanning") || is_scanner(&text) {
        return syntax(yaml, &text, problem, construct);
    }
    data(yaml, &text, problem)
}

fn is_scanner(text: &str) -> bool {
    [
        "mapping values are not allowed",
        "found character that cannot start any token",
        "found a tab character",
        "could not find expected ':'",
    ]
    .iter()
    .any(|p| text.contains(p))
}

/// Remove every " at line L column C" mark; the message and the marks
/// (1-based line and column) in order.
fn strip_marks(raw: &str) -> (String, Vec<(usize, usize)>) {
    let mut marks = Vec::new();
    let mut out = String::new();
    let mut rest = raw;
    while let Some(at) = rest.find(" at line ") {
        let tail = &rest[at + " at line ".len()..];
        let line: String = tail.chars().take_while(char::is_ascii_digit).collect();
        let col: String = tail[line.len()..]
            .strip_prefix(" column ")
            .map(|t| t.chars().take_while(char::is_ascii_digit).collect())
            .unwrap_or_default();
        match (line.parse(), col.parse()) {
            (Ok(l), Ok(c)) => {
                marks.push((l, c));
                out.push_str(&rest[..at]);
                rest = &tail[line.len() + " column ".len() + col.len()..];
            }
            _ => {
                out.push_str(&rest[..at + 1]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    (out, marks)
}

/// Byte offset of a 1-based line and column in `yaml`.
pub fn offset_of(yaml: &str, line: usize, col: usize) -> usize {
    let start: usize = yaml
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    // libyaml counts columns in characters.
    let line = &yaml[start..start + yaml[start..].find('\n').unwrap_or(yaml.len() - start)];
    start
        + line
            .chars()
            .take(col.saturating_sub(1))
            .map(char::len_utf8)
            .sum::<usize>()
}

fn line_at(yaml: &str, at: usize) -> (usize, &str) {
    let start = yaml[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = yaml[at..].find('\n').map_or(yaml.len(), |i| at + i);
    (start, &yaml[start..end])
}

fn line_number(yaml: &str, at: usize) -> usize {
    yaml[..at].matches('\n').count() + 1
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The length in characters of the value that starts at `at`: a quoted
/// string to its closing quote, a flow list or mapping to its bracket on
/// the same line, anything else to a ` #` comment or the end of the line.
pub fn value_len(yaml: &str, at: usize) -> usize {
    let (start, line) = line_at(yaml, at);
    let rest = &line[at - start..];
    let end = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |i| i + 2),
        Some(open @ ('[' | '{')) => {
            let close = if open == '[' { ']' } else { '}' };
            rest.rfind(close).map_or(rest.len(), |i| i + 1)
        }
        _ => rest
            .find(" #")
            .unwrap_or(rest.len())
            .min(rest.trim_end().len()),
    };
    rest[..end].trim_end().chars().count().max(1)
}

fn syntax(yaml: &str, text: &str, problem: usize, construct: usize) -> Explained {
    let opened = |what: &str, close: char, example: &str| Explained {
        message: format!("{what} is not closed"),
        at: construct,
        len: 1,
        label: "opened here".into(),
        hint: format!("close it with `{close}` (on the same line), e.g. `{example}`"),
    };
    if text.contains("while parsing a flow sequence") {
        return opened(
            "the list opened with `[`",
            ']',
            "tags: [pricing, onboarding]",
        );
    }
    if text.contains("while parsing a flow mapping") {
        return opened("the `{` here", '}', "colors: {primary: \"#1b2a4a\"}");
    }
    if text.contains("while scanning a quoted scalar") {
        return Explained {
            message: "the quoted text that starts here is not closed".into(),
            at: construct,
            len: 1,
            label: "opened here".into(),
            hint: "end the value with the same quote mark, on the same line".into(),
        };
    }
    let (start, line) = line_at(yaml, problem);
    if text.contains("did not find expected '-' indicator")
        || text.contains("did not find expected key")
    {
        return misaligned(yaml, start, line);
    }
    if text.contains("mapping values are not allowed") {
        return colon(yaml, problem);
    }
    let leading = &line[..line.len() - line.trim_start().len()];
    if text.contains("tab character") || leading.contains('\t') {
        return Explained {
            message: "a tab in the indentation".into(),
            at: start + line.find('\t').unwrap_or(problem - start),
            len: 1,
            label: "tab".into(),
            hint: "YAML indents with spaces only: replace the tab with spaces".into(),
        };
    }
    if text.contains("found character that cannot start any token") {
        let c = yaml[problem..].chars().next().unwrap_or(' ');
        return Explained {
            message: format!("a value cannot start with `{c}`"),
            at: problem,
            len: 1,
            label: "reserved in YAML".into(),
            hint: "put the value in quotes, e.g. `key: \"@handle\"`".into(),
        };
    }
    if text.contains("could not find expected ':'") {
        let at = construct;
        return Explained {
            message: "a line that is not `key: value`".into(),
            at,
            len: value_len(yaml, at),
            label: "no `:` after this".into(),
            hint: "write `key: value`; a value that goes on over several lines needs quotes or `>`"
                .into(),
        };
    }
    Explained {
        message: text.split(", while").next().unwrap_or(text).to_string(),
        at: problem,
        len: 1,
        label: String::new(),
        hint: "check the YAML syntax near this position".into(),
    }
}

/// The previous line that holds YAML (not blank, not a comment), with its
/// 1-based number.
fn previous_line(yaml: &str, start: usize) -> Option<(usize, &str)> {
    let mut end = start.checked_sub(1)?;
    loop {
        let (line_start, line) = line_at(yaml, end);
        if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            return Some((line_number(yaml, line_start), line));
        }
        end = line_start.checked_sub(1)?;
    }
}

/// A line whose indentation fits neither the block it follows nor the one
/// around that: libyaml stops at it, which is the line to fix.
fn misaligned(yaml: &str, start: usize, line: &str) -> Explained {
    let body = line.trim_start_matches(' ');
    let token = match body.strip_prefix('-') {
        Some(_) => 1,
        None => body
            .split(':')
            .next()
            .unwrap_or(body)
            .trim_end()
            .chars()
            .count(),
    };
    let reference = match previous_line(yaml, start) {
        Some((n, prev)) => format!(
            "line {n} (`{}`) starts in column {}: ",
            prev.trim(),
            indent(prev) + 1
        ),
        None => String::new(),
    };
    Explained {
        message: "this line does not line up with the lines above it".into(),
        at: start + indent(line),
        len: token.max(1),
        label: format!("starts in column {}", indent(line) + 1),
        hint: format!(
            "{reference}the items of one list start with `- ` in the same column, and the fields of one item line up under each other"
        ),
    }
}

/// "mapping values are not allowed": a second `: ` in a plain value, or a
/// key indented under the previous key's value.
fn colon(yaml: &str, at: usize) -> Explained {
    let (start, line) = line_at(yaml, at);
    let previous = previous_line(yaml, start).map(|(_, l)| l);
    let key = line.trim_start().split(':').next().unwrap_or("").trim();
    if let Some(prev) = previous
        && indent(line) > indent(prev)
        && prev
            .split_once(':')
            .is_some_and(|(_, v)| !v.trim().is_empty())
    {
        let prev_key = prev.trim_start().split(':').next().unwrap_or("").trim();
        let at = start + indent(line);
        return Explained {
            message: format!(
                "`{key}` is indented, so YAML reads it as part of `{prev_key}`'s value"
            ),
            at,
            len: key.chars().count().max(1),
            label: "indented further than the line above".into(),
            hint: format!(
                "start `{key}:` in the same column as `{prev_key}:` (column {})",
                indent(prev) + 1
            ),
        };
    }
    let value_at = line.find(": ").map_or(at, |i| start + i + 2);
    Explained {
        message: "a `: ` inside a value that is not in quotes".into(),
        at,
        len: 1,
        label: "YAML reads this as a second key".into(),
        hint: format!(
            "put the whole value in quotes: `{key}: \"{}\"`",
            yaml[value_at..start + line.len()]
                .trim()
                .replace('"', "\\\"")
        ),
    }
}

/// What a field wants, in words, and an example value.
fn wants(field: &str, expected: &str) -> (String, String) {
    let known = match field {
        "lead_sla_hours" => Some(("a whole number of hours", "24")),
        "review_interval_days" => Some(("a whole number of days", "180")),
        "weight" => Some(("a whole number (lower comes first)", "10")),
        "draft" | "internal" | "offline_zip" | "review_notes_for_partners" => {
            Some(("`true` or `false`", "true"))
        }
        "tags" => Some(("a list of words", "[pricing, onboarding]")),
        "tiers" => Some(("a list of tiers", "[gold, platinum]")),
        "partner_types" => Some(("a list of partner types", "[reseller, integration]")),
        "partners" => Some(("a list of partner slugs", "[northwind-digital]")),
        "proof" => Some(("a list of case-study slugs", "[acme-logistics]")),
        "featured" => Some(("a list of item slugs", "[pricing, acme-logistics]")),
        "partner_metadata" => Some(("a list of staff fields", "[owner, review_by]")),
        "colors" => Some((
            "the brand colours, `primary` and `accent`",
            "{primary: \"#1b2a4a\", accent: \"#ffd23f\"}",
        )),
        "contacts" => Some((
            "a list of people",
            "[{name: \"Ada Lane\", role: \"Partner manager\", email: \"ada@example.com\"}]",
        )),
        "metrics" => Some((
            "a list of `{label, value}`",
            "[{label: \"Time saved\", value: \"40%\"}]",
        )),
        _ => None,
    };
    if let Some((want, example)) = known {
        return (want.to_string(), example.to_string());
    }
    let (want, example) = match expected {
        e if e.starts_with('u') || e.starts_with('i') && e[1..].parse::<u32>().is_ok() => {
            ("a whole number", "10")
        }
        e if e.starts_with('f') && e[1..].parse::<u32>().is_ok() => ("a number", "1.5"),
        "a boolean" => ("`true` or `false`", "true"),
        "a sequence" => ("a list", "[a, b]"),
        "a string" | "a borrowed string" => ("text", "\"…\""),
        e if e.starts_with("struct") || e.starts_with("a map") => {
            ("a set of `key: value` fields", "{…}")
        }
        e => (e, "…"),
    };
    (want.to_string(), example.to_string())
}

/// serde's "found" part ("string \"24h\"", "integer `5`", "sequence") as
/// an author sees it.
fn found(what: &str) -> String {
    if let Some(s) = what.strip_prefix("string ") {
        return format!("`{}`", s.trim_matches('"'));
    }
    for p in ["integer ", "floating point ", "boolean ", "character "] {
        if let Some(v) = what.strip_prefix(p) {
            return v.to_string();
        }
    }
    match what {
        "sequence" => "a list".into(),
        "map" => "a set of fields".into(),
        "unit value" => "nothing".into(),
        other => other.into(),
    }
}

/// The field path serde puts before its message (`contacts[0].email: …`).
fn split_path(text: &str) -> (&str, &str) {
    match text.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && path
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.[]".contains(&b)) =>
        {
            (path, rest)
        }
        _ => ("", text),
    }
}

fn leaf(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    text.split_once(open)?.1.split(close).next()
}

/// The word `text` starts with after `prefix`, up to the next backtick.
fn word_after<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    text.strip_prefix(prefix)?.split('`').next()
}

/// The `a`, `b` of "expected `a` or `b`" / "expected one of `a`, `b`".
fn choices(text: &str) -> Vec<&str> {
    text.split_once("expected")
        .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default()
}

/// A serde data error taken apart: the field path it names and the rest
/// of its message, with the span to underline.
struct DataError<'t> {
    path: &'t str,
    /// The last field of `path`, without its index.
    field: &'t str,
    /// `` `path` ``, or "this value" when serde named no field.
    named: String,
    rest: &'t str,
    at: usize,
    len: usize,
}

fn data(yaml: &str, text: &str, at: usize) -> Explained {
    let (path, rest) = split_path(text);
    let e = DataError {
        path,
        field: leaf(path),
        named: if path.is_empty() {
            "this value".to_string()
        } else {
            format!("`{path}`")
        },
        rest,
        at,
        len: value_len(yaml, at),
    };
    wrong_type(&e)
        .or_else(|| unknown_variant(&e))
        .or_else(|| unknown_field(&e))
        .or_else(|| missing_field(&e))
        .unwrap_or_else(|| Explained {
            message: text.to_string(),
            at,
            len: e.len,
            label: String::new(),
            hint: "check the YAML syntax and field types near this position".into(),
        })
}

/// "invalid type: string \"24h\", expected u32" (or "invalid value: …").
fn wrong_type(e: &DataError) -> Option<Explained> {
    let body = e
        .rest
        .strip_prefix("invalid type: ")
        .or_else(|| e.rest.strip_prefix("invalid value: "))?;
    let (got, expected) = body.split_once(", expected ")?;
    let (want, example) = wants(e.field, expected);
    let (short, _) = wants("", expected);
    let key = if e.field.is_empty() { "key" } else { e.field };
    Some(Explained {
        message: format!("{} wants {want}, not {}", e.named, found(got)),
        at: e.at,
        len: e.len,
        label: format!("not {short}"),
        hint: format!("write {want}, e.g. `{key}: {example}`"),
    })
}

/// "unknown variant `x`, expected one of `a`, `b`": a value not among the
/// field's choices.
fn unknown_variant(e: &DataError) -> Option<Explained> {
    let word = word_after(e.rest, "unknown variant `")?;
    let options = choices(e.rest);
    let list = options
        .iter()
        .map(|o| format!("`{o}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let named = format!("`{}`", e.field);
    let hint = match super::did_you_mean(word, &options) {
        Some(s) => format!("did you mean `{s}`? ({named} takes {list})"),
        None => format!("{named} takes {list}"),
    };
    let message = format!("{named} cannot be `{word}`");
    Some(on_word(e, word, message, "not one of the choices", hint))
}

/// "unknown field `x`, expected one of `a`, `b`": a key the struct lacks.
fn unknown_field(e: &DataError) -> Option<Explained> {
    let word = word_after(e.rest, "unknown field `")?;
    let options = choices(e.rest);
    let hint = match super::did_you_mean(word, &options) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("the fields here are {}", options.join(", ")),
    };
    let where_ = if e.path.is_empty() {
        String::new()
    } else {
        format!(" in {}", e.named)
    };
    let message = format!("unknown field `{word}`{where_}");
    Some(on_word(e, word, message, "not a field here", hint))
}

/// An explanation that underlines `word`, the misspelt name.
fn on_word(e: &DataError, word: &str, message: String, label: &str, hint: String) -> Explained {
    Explained {
        message,
        at: e.at,
        len: word.chars().count().max(1),
        label: label.into(),
        hint,
    }
}

fn missing_field(e: &DataError) -> Option<Explained> {
    let word = between(e.rest, "missing field `", "`")?;
    let whose = if e.path.is_empty() {
        String::new()
    } else {
        format!("{} ", e.named)
    };
    Some(Explained {
        message: format!("{whose}has no `{word}`"),
        at: e.at,
        len: e.len,
        label: format!("`{word}` is required here"),
        hint: format!("add `{word}: …`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Explained {
        let err = yaml_serde::from_str::<yaml_serde::Value>(yaml)
            .err()
            .or_else(|| {
                #[derive(serde::Deserialize, Debug)]
                #[allow(dead_code)]
                struct P {
                    lead_sla_hours: Option<u32>,
                    tags: Option<Vec<String>>,
                }
                yaml_serde::from_str::<P>(yaml).err()
            })
            .expect("an error");
        explain(yaml, &err.to_string(), err.location().map(|l| l.index()))
    }

    fn line_of(yaml: &str, e: &Explained) -> usize {
        line_number(yaml, e.at)
    }

    #[test]
    fn wrong_types_say_what_the_field_wants_at_the_value() {
        let yaml = "tags: [a]\nlead_sla_hours: 24h  # a day\n";
        let e = parse(yaml);
        assert_eq!(
            e.message,
            "`lead_sla_hours` wants a whole number of hours, not `24h`"
        );
        assert_eq!(&yaml[e.at..e.at + e.len], "24h");
        assert_eq!(
            e.hint,
            "write a whole number of hours, e.g. `lead_sla_hours: 24`"
        );
        let e = parse("tags: pricing\n");
        assert_eq!(e.message, "`tags` wants a list of words, not `pricing`");
    }

    #[test]
    fn bad_indentation_points_at_the_line_to_fix() {
        let yaml = "name: P\ncontacts:\n  - name: A\n    role: B\n  - name: C\n   role: D\n";
        let e = parse(yaml);
        assert_eq!(line_of(yaml, &e), 6, "{e:?}");
        assert!(
            !e.message.contains(char::is_numeric),
            "one line number only: {e:?}"
        );
        assert!(
            e.hint
                .starts_with("line 5 (`- name: C`) starts in column 3"),
            "{e:?}"
        );
        let yaml = "a: 1\ncontacts:\n  - {name: A}\n - {name: B}\n";
        let e = parse(yaml);
        assert_eq!((line_of(yaml, &e), e.len), (4, 1), "{e:?}");

        let yaml = "name: P\ntier: silver\n  type: referral\n";
        let e = parse(yaml);
        assert_eq!(line_of(yaml, &e), 3);
        assert_eq!(
            e.message,
            "`type` is indented, so YAML reads it as part of `tier`'s value"
        );
    }

    #[test]
    fn unclosed_things_point_where_they_open() {
        let yaml = "title: x\ntags: [a, b\nsummary: y\n";
        let e = parse(yaml);
        assert_eq!(line_of(yaml, &e), 2);
        assert_eq!(&yaml[e.at..e.at + 1], "[");
        let yaml = "title: \"x\nsummary: y\n";
        let e = parse(yaml);
        assert_eq!(line_of(yaml, &e), 1);
        assert!(e.message.contains("quoted"), "{e:?}");
    }

    #[test]
    fn colons_and_reserved_characters() {
        let yaml = "summary: what: it does\n";
        let e = parse(yaml);
        assert_eq!(
            e.hint,
            "put the whole value in quotes: `summary: \"what: it does\"`"
        );
        let e = parse("title: @handle\n");
        assert_eq!(e.message, "a value cannot start with `@`");
    }

    #[test]
    fn columns_count_characters_and_blank_lines_count_as_lines() {
        let yaml = "tags: [Größe, \"Preis]\n";
        let e = parse(yaml);
        assert_eq!(&yaml[e.at..e.at + 1], "\"", "{e:?}");
        let yaml = "contacts:\n  - name: A\n\n   - name: B\n";
        let e = parse(yaml);
        assert!(e.hint.starts_with("line 2 "), "{e:?}");
    }

    #[test]
    fn serde_choices_fields_and_missing_keys_in_an_authors_words() {
        let e = data(
            "tier: silvr\n",
            "tier: unknown variant `silvr`, expected one of `gold`, `silver`",
            6,
        );
        assert_eq!(e.message, "`tier` cannot be `silvr`");
        assert_eq!(
            e.hint,
            "did you mean `silver`? (`tier` takes `gold`, `silver`)"
        );
        let e = data(
            "contacts: [{nam: A}]\n",
            "contacts[0]: unknown field `nam`, expected `name` or `role`",
            12,
        );
        assert_eq!(e.message, "unknown field `nam` in `contacts[0]`");
        assert_eq!((e.hint.as_str(), e.len), ("did you mean `name`?", 3));
        let e = data("x: 1\n", "missing field `name`", 0);
        assert_eq!(e.message, "has no `name`");
        let e = data("x: 1\n", "something else", 0);
        assert_eq!(e.message, "something else");
    }

    #[test]
    fn value_lengths_stop_at_comments() {
        let yaml = "tier: Gold  # our best\nname: \"A # B\"  # c\n";
        assert_eq!(value_len(yaml, 6), 4);
        assert_eq!(value_len(yaml, yaml.find('"').unwrap()), 7);
    }
}
