//! Intrinsic sizes of images, so every `<img>` carries `width` and
//! `height` and the page does not shift as images load. Raster formats
//! through `imagesize` (it reads only the header); SVG by reading the root
//! element's `width`/`height` or `viewBox`, which no maintained crate does
//! without parsing the whole document.

use std::io::Read;
use std::path::Path;

/// Width and height in CSS pixels, when the file says.
pub fn of_file(path: &Path) -> Option<(u32, u32)> {
    let is_svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let mut head = Vec::with_capacity(8192);
        std::fs::File::open(path)
            .ok()?
            .take(8192)
            .read_to_end(&mut head)
            .ok()?;
        return svg_size(&String::from_utf8_lossy(&head));
    }
    let size = imagesize::size(path).ok()?;
    let w = u32::try_from(size.width).ok()?;
    let h = u32::try_from(size.height).ok()?;
    (w > 0 && h > 0).then_some((w, h))
}

/// The size an SVG's root element declares: `width`/`height` in px (or
/// unitless), else its `viewBox`.
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..end];
    let attr = |name: &str| -> Option<&str> {
        let mut rest = tag;
        loop {
            let at = rest.find(name)?;
            let before = rest[..at].chars().last();
            let after = rest[at + name.len()..].trim_start();
            rest = &rest[at + name.len()..];
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let Some(value) = after.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start();
            let quote = value.chars().next()?;
            if quote != '"' && quote != '\'' {
                return None;
            }
            let body = &value[1..];
            return body.find(quote).map(|e| &body[..e]);
        }
    };
    let px = |v: &str| -> Option<f64> {
        let v = v.trim();
        let number = v.strip_suffix("px").unwrap_or(v);
        number.parse::<f64>().ok().filter(|n| *n > 0.0)
    };
    let round = |n: f64| (n.round() as u32).max(1);
    if let (Some(w), Some(h)) = (attr("width").and_then(px), attr("height").and_then(px)) {
        return Some((round(w), round(h)));
    }
    let view: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match view[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((round(w), round(h))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes() {
        let s = |t: &str| svg_size(t);
        assert_eq!(
            s(r#"<svg xmlns="x" width="120" height="40">"#),
            Some((120, 40))
        );
        assert_eq!(
            s(r#"<?xml?><svg viewBox="0 0 300 150.4" xmlns="x">"#),
            Some((300, 150))
        );
        assert_eq!(
            s(r#"<svg width="100%" height="100%" viewBox="0,0,64,32">"#),
            Some((64, 32))
        );
        assert_eq!(
            s(r#"<svg stroke-width="2" width='10px' height='5px'>"#),
            Some((10, 5))
        );
        assert_eq!(s(r#"<svg xmlns="x">"#), None);
    }
}
