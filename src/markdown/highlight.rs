//! Syntax highlighting of fenced code with syntect, as class-based spans
//! (`hl-` prefixed) plus a generated stylesheet, so no inline styles reach
//! the output and a strict Content-Security-Policy holds.
//!
//! The syntax set loads once per process, lazily: a kit without code never
//! pays for it.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const THEME: &str = "InspiredGitHub";

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Common names authors write that syntect's bundled set knows by another.
fn alias(lang: &str) -> &str {
    match lang {
        "sh" | "shell" | "zsh" | "console" => "bash",
        "yml" => "yaml",
        "py" => "python",
        "js" | "javascript" | "ts" | "typescript" => "js",
        "rs" => "rust",
        "golang" => "go",
        other => other,
    }
}

/// `<pre class="code">` with highlighted spans; unknown languages and plain
/// blocks are escaped text.
pub fn code_block(lang: &str, code: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let mut out = String::with_capacity(code.len() * 2 + 64);
    out.push_str("<pre class=\"code\"");
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        pulldown_cmark_escape::escape_html(&mut out, lang).ok();
        out.push('"');
    }
    out.push_str("><code>");
    let set = (!lang.is_empty()).then(syntaxes);
    let syntax = set.and_then(|s| s.find_syntax_by_token(alias(lang)));
    match (set, syntax) {
        (Some(set), Some(syntax)) => {
            let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
            let mut ok = true;
            for line in LinesWithEndings::from(code) {
                if generator
                    .parse_html_for_line_which_includes_newline(line)
                    .is_err()
                {
                    ok = false;
                    break;
                }
            }
            if ok {
                out.push_str(&generator.finalize());
            } else {
                pulldown_cmark_escape::escape_html_body_text(&mut out, code).ok();
            }
        }
        _ => {
            pulldown_cmark_escape::escape_html_body_text(&mut out, code).ok();
        }
    }
    out.push_str("</code></pre>\n");
    out
}

/// The stylesheet for the classes `code_block` emits (made once per process).
pub fn stylesheet() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let themes = ThemeSet::load_defaults();
        themes
            .themes
            .get(THEME)
            .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_language_with_classes() {
        let html = code_block("rust", "fn main() {}\n");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\"><code>"));
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn unknown_language_is_escaped() {
        let html = code_block("nonsense", "<b>&</b>");
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"));
    }

    #[test]
    fn stylesheet_has_prefixed_classes() {
        assert!(stylesheet().contains(".hl-"));
    }
}
