//! A brief as an e-mail marketing can paste into its e-mail tool: the
//! theme's `brief-email.html` (tables for layout, one `<style>` block)
//! with every rule inlined into `style` attributes by `css-inline` (mail
//! clients drop `<style>` and never load stylesheets), every link and image
//! made absolute from `base_url`, and a plain-text part from the same HTML
//! by `html2text`. Nothing here knows which sections a reader may see: it
//! is given the body already assembled for one portal.

use serde::Serialize;

/// What the e-mail template sees beyond `site`.
#[derive(Serialize)]
pub struct EmailView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub date: String,
    pub body_html: String,
    /// The brief's page in the partner's portal.
    pub online_url: String,
    /// The partner portal's home.
    pub portal_url: String,
    pub partner_name: &'a str,
    /// Brand colours as hex: inlined styles cannot use CSS variables.
    pub colours: EmailColours,
}

#[derive(Serialize)]
pub struct EmailColours {
    pub header: String,
    pub on_header: String,
    pub link: String,
    pub accent: String,
}

/// Why an e-mail copy could not be made.
#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    #[error("cannot inline the e-mail's styles: {0}")]
    Inline(String),
    #[error("cannot write the e-mail's plain text: {0}")]
    Text(String),
}

/// The filled template as e-mail HTML: styles inlined, `<style>` and any
/// `<link>` or `<script>` gone, links absolute against `page` (the URL of
/// the brief's own page, which the body's relative links start from).
pub fn html(filled: &str, page: &url::Url) -> Result<String, EmailError> {
    let inlined = css_inline::CSSInliner::options()
        .keep_style_tags(false)
        .keep_link_tags(false)
        .load_remote_stylesheets(false)
        .build()
        .inline(filled)
        .map_err(|e| EmailError::Inline(e.to_string()))?;
    Ok(absolute(&without_scripts(&inlined), page))
}

/// The plain-text part: the same e-mail, read as text, links as numbered
/// footnotes, lines without trailing blanks.
pub fn text(html: &str) -> Result<String, EmailError> {
    // Layout tables read as one column, and a URL is never broken across
    // lines (mail clients would not join it back).
    let text = html2text::config::plain()
        .raw_mode(true)
        .no_link_wrapping()
        .allow_width_overflow()
        .string_from_read(html.as_bytes(), 72)
        .map_err(|e| EmailError::Text(e.to_string()))?;
    Ok(spaced(&text))
}

/// Lines without trailing blanks, and a blank line wherever a list starts
/// or ends against other text (raw mode drops the spacing between table
/// cells, which is where the e-mail's blocks sit).
fn spaced(text: &str) -> String {
    let is_item = |l: &str| {
        l.starts_with("* ")
            || l.starts_with("  ")
            || l.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
    };
    let mut out = String::with_capacity(text.len() + 64);
    let mut previous: Option<&str> = None;
    for line in text.lines().map(str::trim_end) {
        if let Some(p) = previous
            && !p.is_empty()
            && !line.is_empty()
            && is_item(line) != is_item(p)
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// The body for an e-mail: heading `#` anchors dropped (they mean nothing
/// outside the page).
pub fn body(assembled: &str) -> String {
    let mut out = String::with_capacity(assembled.len());
    let mut rest = assembled;
    while let Some(at) = rest.find(" <a class=\"anchor\"") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match rest.find("</a>") {
            Some(end) => rest = &rest[end + "</a>".len()..],
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// `html` without `<script>` elements (nor `iframe`, `object`, `embed`,
/// which mail clients refuse): neither a theme nor raw HTML in a brief may
/// ship one into mail.
fn without_scripts(html: &str) -> String {
    let mut out = html.to_string();
    for tag in ["script", "iframe", "object", "embed"] {
        out = without_element(&out, tag);
    }
    out
}

fn without_element(html: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        rest = match (after.find(&close), after.find('>')) {
            (Some(end), _) => &after[end + close.len()..],
            (None, Some(end)) => &after[end + 1..],
            (None, None) => "",
        };
    }
    out.push_str(rest);
    out
}

/// Every `href` and `src` resolved against `page` (a pasted e-mail has no
/// location of its own to resolve a relative link from), any URL that is
/// not http(s), `mailto:` or `tel:` dropped (`javascript:`, `data:`), and
/// event-handler attributes removed. Only tags are read: text is left as it
/// is, so a code sample that shows `href="…"` keeps it.
pub fn absolute(html: &str, page: &url::Url) -> String {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        let end = match tag.starts_with("<!--") {
            true => tag.find("-->").map_or(tag.len(), |e| e + 3),
            false => tag_end(tag),
        };
        match tag.starts_with("<!") || tag.starts_with("</") {
            true => out.push_str(&tag[..end]),
            false => rewrite_tag(&tag[..end], page, &mut out),
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}

/// Where the tag `tag` starts with ends: its first `>` outside quotes
/// (html5ever leaves `>` unescaped in attribute values).
fn tag_end(tag: &str) -> usize {
    let mut quoted = false;
    for (i, b) in tag.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'>' if !quoted => return i + 1,
            _ => {}
        }
    }
    tag.len()
}

/// One start tag as html5ever writes it (`<name a="v" b="w">`, values
/// with `&amp;` and `&quot;`), its URL and event attributes rewritten.
fn rewrite_tag(tag: &str, page: &url::Url, out: &mut String) {
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let name_start = rest[..eq].rfind(' ').map_or(0, |s| s + 1);
        let value_end = rest[eq + 2..].find('"').map_or(rest.len(), |e| eq + 2 + e);
        let after = (value_end + 1).min(rest.len());
        let name = rest[name_start..eq].to_ascii_lowercase();
        out.push_str(&rest[..name_start]);
        match name.as_str() {
            n if n.starts_with("on") => {}
            "href" | "src" => {
                if let Some(url) = safe_url(&rest[eq + 2..value_end.min(rest.len())], page) {
                    out.push_str(&format!("{name}=\"{url}\""));
                }
            }
            _ => out.push_str(&rest[name_start..after]),
        }
        rest = &rest[after..];
    }
    out.push_str(rest);
}

/// `value` (attribute-escaped) resolved against `page`, escaped again, or
/// `None` for a scheme mail must not carry.
fn safe_url(value: &str, page: &url::Url) -> Option<String> {
    let raw = value
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    let url = page.join(raw.trim()).ok()?;
    matches!(url.scheme(), "http" | "https" | "mailto" | "tel")
        .then(|| url.as_str().replace('&', "&amp;").replace('"', "&quot;"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_images_become_absolute_and_anchors_go() {
        let page = url::Url::parse("https://p.example/partners/a/latest/briefs/nov/").unwrap();
        let html = absolute(
            r##"<a href="../../objections/x/#why">x</a> <img src="../../briefs/chart.png" alt=""> <a href="#dates">d</a> <a href="https://o.example/?a=1&amp;b=2">o</a> <a href="mailto:a@b.example">m</a>"##,
            &page,
        );
        assert!(
            html.contains(r#"href="https://p.example/partners/a/latest/objections/x/#why""#),
            "{html}"
        );
        assert!(html.contains(r#"src="https://p.example/partners/a/latest/briefs/chart.png""#));
        assert!(html.contains(r#"href="https://p.example/partners/a/latest/briefs/nov/#dates""#));
        assert!(
            html.contains(r#"href="https://o.example/?a=1&amp;b=2""#),
            "{html}"
        );
        assert!(html.contains(r#"href="mailto:a@b.example""#));
        assert_eq!(
            body(
                r##"<h2 id="a">A <a class="anchor" href="#a" aria-hidden="true" tabindex="-1">#</a></h2>"##
            ),
            r#"<h2 id="a">A</h2>"#
        );
        assert_eq!(
            without_scripts("a<script>x()</script>b<script src=x></script>"),
            "ab"
        );
    }

    #[test]
    fn styles_are_inlined_and_text_keeps_links() {
        let page = url::Url::parse("https://p.example/b/").unwrap();
        let out = html(
            r#"<!DOCTYPE html><html><head><style>p { color: #123456 }</style><link rel="stylesheet" href="x.css"></head><body><p>Hi <a href="../c/">c</a></p></body></html>"#,
            &page,
        )
        .unwrap();
        assert!(!out.contains("<style"), "{out}");
        assert!(!out.contains("<link"), "{out}");
        assert!(out.contains(r#"<p style="color: #123456;">"#), "{out}");
        let plain = text(&out).unwrap();
        assert!(plain.contains("Hi [c][1]"), "{plain}");
        assert!(plain.contains("[1]: https://p.example/c/"), "{plain}");
        assert_eq!(
            spaced("## Dates\n* a\n  more\n* b\n[Read][1]   \n\nEnd"),
            "## Dates\n\n* a\n  more\n* b\n\n[Read][1]\n\nEnd\n"
        );
    }
}
