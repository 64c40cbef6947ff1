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
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Ok(out)
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

/// `html` without `<script>` elements: a theme may not ship one into mail.
fn without_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<script") {
        out.push_str(&rest[..at]);
        rest = match rest[at..].find("</script>") {
            Some(end) => &rest[at + end + "</script>".len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Every `href` and `src` resolved against `page`: a pasted e-mail has no
/// location of its own to resolve a relative link from.
pub fn absolute(html: &str, page: &url::Url) -> String {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some((at, attr)) = next_url_attr(rest) {
        let value_start = at + attr.len();
        out.push_str(&rest[..value_start]);
        let after = &rest[value_start..];
        let end = after.find('"').unwrap_or(after.len());
        let value = &after[..end];
        // The value is attribute-escaped HTML: `&amp;` stays as written.
        match value.starts_with("mailto:") || value.starts_with("tel:") {
            true => out.push_str(value),
            false => match page.join(&value.replace("&amp;", "&")) {
                Ok(url) => out.push_str(&url.as_str().replace('&', "&amp;")),
                Err(_) => out.push_str(value),
            },
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn next_url_attr(html: &str) -> Option<(usize, &'static str)> {
    [" href=\"", " src=\""]
        .into_iter()
        .filter_map(|attr| html.find(attr).map(|at| (at, attr)))
        .min_by_key(|(at, _)| *at)
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
    }
}
