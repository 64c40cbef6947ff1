//! Trend charts drawn at build time as inline SVG: a line over a metric's
//! periods, labelled as an image with a title and a description so a
//! screen reader hears the summary, and coloured by the portal's brand
//! through CSS classes. Written by hand rather than with a chart crate:
//! the one that draws SVG (plotters) writes inline styles and fonts, has no
//! hook for `role`/`aria-*`/`<title>`, and a line of a few points is a
//! dozen lines of code with bytes that never change between builds.

use std::fmt::Write;

use pulldown_cmark_escape::{FmtWriter, escape_html};

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 140.0;
const LEFT: f64 = 8.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 26.0;

/// One point of a chart: the period's name, its value (none: a gap), and
/// the value as readers see it.
pub struct Point<'a> {
    pub label: &'a str,
    pub value: Option<f64>,
    pub shown: &'a str,
}

/// An SVG line chart of `points`, `id` unique on the page; `title` and
/// `summary` are the accessible name and description.
pub fn line(id: &str, title: &str, summary: &str, points: &[Point]) -> String {
    let mut svg = String::with_capacity(1024);
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" focusable=\"false\"><title id=\"{id}-title\">"
    );
    escape(&mut svg, title);
    let _ = write!(svg, "</title><desc id=\"{id}-desc\">");
    escape(&mut svg, summary);
    svg.push_str("</desc>");
    let max = points
        .iter()
        .filter_map(|p| p.value)
        .fold(0.0_f64, f64::max);
    let min = points
        .iter()
        .filter_map(|p| p.value)
        .fold(0.0_f64, f64::min);
    let span = if max - min > 0.0 { max - min } else { 1.0 };
    let x = |i: usize| {
        if points.len() < 2 {
            WIDTH / 2.0
        } else {
            LEFT + (WIDTH - LEFT - RIGHT) * i as f64 / (points.len() - 1) as f64
        }
    };
    let y = |v: f64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (v - min) / span);
    let _ = write!(
        svg,
        "<line class=\"chart__axis\" x1=\"{LEFT}\" y1=\"{b:.1}\" x2=\"{r:.1}\" y2=\"{b:.1}\"/>",
        b = HEIGHT - BOTTOM,
        r = WIDTH - RIGHT
    );
    svg.push_str(&segments(points, &x, &y));
    for (i, p) in points.iter().enumerate() {
        if let Some(v) = p.value {
            let _ = write!(
                svg,
                "<circle class=\"chart__point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\"/>",
                x(i),
                y(v)
            );
        }
    }
    labels(&mut svg, points, &x, &y);
    svg.push_str("</svg>");
    svg
}

/// The line, broken where a period has no figure.
fn segments(points: &[Point], x: &dyn Fn(usize) -> f64, y: &dyn Fn(f64) -> f64) -> String {
    let mut out = String::new();
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, out: &mut String| {
        if run.len() > 1 {
            let _ = write!(
                out,
                "<polyline class=\"chart__line\" points=\"{}\"/>",
                run.join(" ")
            );
        }
        run.clear();
    };
    for (i, p) in points.iter().enumerate() {
        match p.value {
            Some(v) => run.push(format!("{:.1},{:.1}", x(i), y(v))),
            None => flush(&mut run, &mut out),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The first and last periods under the axis, the latest value above its
/// point (the rest is in the table beside the chart).
fn labels(svg: &mut String, points: &[Point], x: &dyn Fn(usize) -> f64, y: &dyn Fn(f64) -> f64) {
    let Some(last) = points.len().checked_sub(1) else {
        return;
    };
    let base = HEIGHT - 8.0;
    let text = |svg: &mut String, cls: &str, at: f64, yy: f64, anchor: &str, s: &str| {
        let _ = write!(
            svg,
            "<text class=\"{cls}\" x=\"{at:.1}\" y=\"{yy:.1}\" text-anchor=\"{anchor}\" aria-hidden=\"true\">"
        );
        escape(svg, s);
        svg.push_str("</text>");
    };
    if last > 0 {
        text(svg, "chart__label", x(0), base, "start", points[0].label);
    }
    text(
        svg,
        "chart__label",
        x(last),
        base,
        if last > 0 { "end" } else { "middle" },
        points[last].label,
    );
    if let Some(v) = points[last].value {
        let anchor = if last > 0 { "end" } else { "middle" };
        text(
            svg,
            "chart__value",
            x(last),
            (y(v) - 8.0).max(12.0),
            anchor,
            points[last].shown,
        );
    }
}

fn escape(out: &mut String, s: &str) {
    let _ = escape_html(FmtWriter(out), s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_a_labelled_image_with_gaps_and_escaped_text() {
        let points = [
            Point {
                label: "Q1",
                value: Some(2.0),
                shown: "2",
            },
            Point {
                label: "Q2",
                value: None,
                shown: "—",
            },
            Point {
                label: "Q3 <b>",
                value: Some(4.0),
                shown: "4",
            },
            Point {
                label: "Q4",
                value: Some(7.0),
                shown: "7",
            },
        ];
        let svg = line("c-q", "Qualified & won", "Rose from 2 to 7.", &points);
        assert!(svg.starts_with("<svg class=\"chart\""));
        assert!(
            svg.contains(
                "role=\"img\" aria-labelledby=\"c-q-title\" aria-describedby=\"c-q-desc\""
            )
        );
        assert!(svg.contains("<title id=\"c-q-title\">Qualified &amp; won</title>"));
        assert!(svg.contains("<desc id=\"c-q-desc\">Rose from 2 to 7.</desc>"));
        // Q1 stands alone (Q2 is a gap): one polyline, Q3 to Q4.
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(!svg.contains("<b>"));
        assert_eq!(
            svg,
            line("c-q", "Qualified & won", "Rose from 2 to 7.", &points)
        );
    }
}
