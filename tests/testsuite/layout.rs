//! The shape of `src/`, kept as ARCHITECTURE.md draws it: imports point
//! down the pipeline (ground → markdown → model → load → render → publish
//! → commands) and never in a circle between sibling modules, every module
//! opens with a `//!` saying what it owns, and no function is longer than a
//! screen. These read the source as text: comments and string literals are
//! blanked first, so a doc comment or a message naming `crate::x` is not
//! an import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules, lowest first: a module may use its own folder and
/// the folders listed before it.
const LAYERS: &[&str] = &[
    "diagnostics",
    "paths",
    "yaml",
    "markdown",
    "model",
    "load",
    "render",
    "publish",
    "cmd",
];

/// The longest a function in `src/` may be, in lines (tests aside).
const SCREEN: usize = 80;

struct Source {
    file: PathBuf,
    /// The module path (`["model", "kit"]`; empty for `lib.rs`).
    module: Vec<String>,
    text: String,
    /// `text` with comments and `#[cfg(test)]` items removed and string
    /// and char literals emptied, line breaks kept so line numbers hold.
    code: String,
}

fn sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut module: Vec<String> = rel
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
            module.pop();
        }
        let text = std::fs::read_to_string(path).unwrap();
        out.push(Source {
            file: rel,
            module,
            code: without_tests(&blank_literals(&text)),
            text,
        });
    }
    out
}

/// Remove comments and empty every string and char literal.
fn blank_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let (len, stand_in) = if rest.starts_with(&['/', '/']) {
            (
                rest.iter().position(|&c| c == '\n').unwrap_or(rest.len()),
                "",
            )
        } else if rest.starts_with(&['/', '*']) {
            (
                find(&rest[2..], &['*', '/']).map_or(rest.len(), |p| p + 4),
                "",
            )
        } else if let Some(len) = raw_string(rest) {
            (len, "\"\"")
        } else if rest[0] == '"' {
            (1 + quoted(&rest[1..], '"'), "\"\"")
        } else if rest[0] == '\'' && is_char_literal(rest) {
            (1 + quoted(&rest[1..], '\''), "' '")
        } else {
            out.push(rest[0]);
            i += 1;
            continue;
        };
        let len = len.min(rest.len());
        out.push_str(stand_in);
        // Line breaks inside a literal or comment stay, so lines still count.
        out.extend(rest[..len].iter().filter(|&&c| c == '\n'));
        i += len;
    }
    out
}

fn find(haystack: &[char], needle: &[char]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Length up to and including the closing `quote`, escapes skipped.
fn quoted(rest: &[char], quote: char) -> usize {
    let mut j = 0;
    while j < rest.len() {
        match rest[j] {
            '\\' => j += 2,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    rest.len()
}

/// `r"…"`, `r#"…"#`, `br"…"`: the literal's length, if one starts here.
fn raw_string(rest: &[char]) -> Option<usize> {
    let start = match rest {
        ['b', 'r', ..] => 2,
        ['r', ..] => 1,
        _ => return None,
    };
    let hashes = rest[start..].iter().take_while(|&&c| c == '#').count();
    if rest.get(start + hashes) != Some(&'"') {
        return None;
    }
    let mut close = vec!['"'];
    close.extend(std::iter::repeat_n('#', hashes));
    let body = start + hashes + 1;
    find(&rest[body..], &close).map(|p| body + p + close.len())
}

/// A char literal (`'a'`, `'\n'`, `'\u{2026}'`), not a lifetime (`'a`).
fn is_char_literal(rest: &[char]) -> bool {
    match rest.get(1) {
        Some('\\') => true,
        Some(_) => rest.get(2) == Some(&'\''),
        None => false,
    }
}

/// Every module path a source names through `crate::` or `super::`,
/// brace groups expanded, with the line it is on.
fn imports(source: &Source) -> Vec<(Vec<String>, usize)> {
    let code = &source.code;
    let mut out = Vec::new();
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", parent_of(&source.module, &source.file)),
    ] {
        for (at, _) in code.match_indices(prefix) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let line = code[..at].matches('\n').count() + 1;
            for path in expand(&code[at + prefix.len()..]) {
                let mut full = base.clone();
                full.extend(path);
                out.push((full, line));
            }
        }
    }
    out
}

/// The module `super` names from `module` (a `mod.rs` is its folder).
fn parent_of(module: &[String], file: &Path) -> Vec<String> {
    let mut parent = module.to_vec();
    let is_folder = file.file_name().is_some_and(|n| n == "mod");
    if !is_folder || !parent.is_empty() {
        parent.pop();
    }
    parent
}

/// `a::b::{c, d::e}` → `[a, b, c]`, `[a, b, d, e]`.
fn expand(text: &str) -> Vec<Vec<String>> {
    let mut path = Vec::new();
    let mut rest = text;
    loop {
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            break;
        }
        rest = &rest[ident.len()..];
        path.push(ident);
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => return vec![path],
        }
    }
    let Some(group) = rest.strip_prefix('{') else {
        return vec![path];
    };
    split_group(group)
        .into_iter()
        .flat_map(|item| {
            expand(item.trim()).into_iter().map(|tail| {
                let mut full = path.clone();
                full.extend(tail);
                full
            })
        })
        .collect()
}

/// The items of a `{…}` group up to its closing brace, nested groups kept.
fn split_group(group: &str) -> Vec<&str> {
    let (mut depth, mut start, mut items) = (0, 0, Vec::new());
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&group[start..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

fn layer(top: &str) -> Option<usize> {
    LAYERS.iter().position(|&l| l == top)
}

#[test]
fn imports_point_down_the_pipeline() {
    let mut wrong = Vec::new();
    for source in sources() {
        let Some(from) = source.module.first() else {
            continue;
        };
        let Some(from_layer) = layer(from) else {
            if from != "main" {
                wrong.push(format!("src/{}: not in LAYERS", source.file.display()));
            }
            continue;
        };
        for (path, line) in imports(&source) {
            let Some(to) = path.first() else { continue };
            match layer(to) {
                _ if to == from => {}
                Some(to_layer) if to_layer < from_layer => {}
                _ => wrong.push(format!(
                    "src/{}.rs:{line}: `{from}` uses `{}`",
                    source.file.display(),
                    path.join("::")
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports must point down {LAYERS:?}:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn sibling_modules_never_import_each_other_in_a_circle() {
    let sources = sources();
    let known: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for source in &sources {
        for (path, _) in imports(source) {
            let Some(to) = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| known.contains(p))
            else {
                continue;
            };
            let from = &source.module;
            let nested = to.starts_with(from) || from.starts_with(&to);
            if !nested {
                let depth = common_prefix(from, &to) + 1;
                edges
                    .entry(from[..depth.min(from.len())].to_vec())
                    .or_default()
                    .insert(to[..depth.min(to.len())].to_vec());
            }
        }
    }
    let cycle = find_cycle(&edges);
    assert!(
        cycle.is_none(),
        "import cycle: {}",
        cycle
            .unwrap_or_default()
            .iter()
            .map(|m| m.join("::"))
            .collect::<Vec<_>>()
            .join(" → ")
    );
}

fn common_prefix(a: &[String], b: &[String]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

type Graph = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

/// A cycle in `graph`, as the path that closes it, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<Vec<String>>> {
    fn visit(
        node: &Vec<String>,
        graph: &Graph,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.clone());
            return Some(cycle);
        }
        if !done.insert(node.clone()) {
            return None;
        }
        path.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn every_module_opens_with_what_it_owns() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|s| !s.text.starts_with("//!"))
        .map(|s| format!("src/{}.rs", s.file.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "these modules do not open with a `//!` doc saying what they own and must not do:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_function_is_longer_than_a_screen() {
    let mut long = Vec::new();
    for source in sources() {
        for (name, line, lines) in functions(&source.code) {
            if lines > SCREEN {
                long.push(format!(
                    "src/{}.rs:{line}: `{name}` is {lines} lines",
                    source.file.display()
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these into named steps of at most {SCREEN} lines:\n{}",
        long.join("\n")
    );
}

/// (name, first line, length in lines) of every function with a body.
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("fn ") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let name: String = code[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let Some(open) = code[at..].find(['{', ';']).map(|p| at + p) else {
            continue;
        };
        if name.is_empty() || code.as_bytes()[open] == b';' {
            continue;
        }
        let Some(close) = closing_brace(code, open) else {
            continue;
        };
        let first = code[..at].matches('\n').count() + 1;
        let last = code[..close].matches('\n').count() + 1;
        out.push((name, first, last - first + 1));
    }
    out
}

/// `code` with every `#[cfg(test)]` item blanked (line breaks kept):
/// tests may be long and may reach anywhere.
fn without_tests(code: &str) -> String {
    let mut out = code.to_string();
    for (at, _) in code.match_indices("#[cfg(test)]") {
        let Some(open) = code[at..].find('{').map(|p| at + p) else {
            continue;
        };
        let end = closing_brace(code, open).map_or(code.len(), |c| c + 1);
        let blank: String = code[at..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(at..end, &blank);
    }
    out
}

fn closing_brace(code: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

#[test]
fn the_reader_blanks_literals_and_expands_groups() {
    let code = blank_literals(
        "let s = \"crate::x {\"; // crate::y\nlet c = '{'; let r = r#\"}\"#; fn f<'a>() {}\n",
    );
    assert_eq!(
        code,
        "let s = \"\"; \nlet c = ' '; let r = \"\"; fn f<'a>() {}\n"
    );
    assert_eq!(
        expand("model::{kit::Kit, config::{Config, Step}};"),
        [
            vec!["model", "kit", "Kit"],
            vec!["model", "config", "Config"],
            vec!["model", "config", "Step"]
        ]
    );
    assert_eq!(
        functions(&without_tests(
            "fn a() {\n{\n}\n}\nfn b();\n#[cfg(test)]\nmod t {\nfn c() {}\n}\n"
        )),
        [("a".to_string(), 1, 4)]
    );
}
