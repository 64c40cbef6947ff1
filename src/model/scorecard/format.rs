//! Numbers as authors write them in data files and thresholds (`1,200`,
//! `$4,500`, `25%`) and as readers see them, by unit.

use super::Unit;

/// A number as written: thousands separators, a leading currency sign and
/// a trailing `%` (read as a ratio: `25%` is 0.25) are allowed.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = t.trim_start_matches(['$', '€', '£', '¥']).trim_start();
    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (t, false),
    };
    if t.is_empty() || !t.bytes().any(|b| b.is_ascii_digit()) || !grouped_by_thousands(t) {
        return None;
    }
    let digits: String = t.chars().filter(|c| *c != ',').collect();
    let value: f64 = digits.parse().ok()?;
    if !value.is_finite() {
        return None;
    }
    Some(if percent { value / 100.0 } else { value })
}

/// Commas only between groups of three digits before the decimal point:
/// `1.200,50` (a European spreadsheet) must not read as 1.2005.
fn grouped_by_thousands(t: &str) -> bool {
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if frac.contains(',') {
        return false;
    }
    let int = int.trim_start_matches(['-', '+']);
    if !int.contains(',') {
        return true;
    }
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// A figure for readers; `—` when there is none.
pub fn show(value: Option<f64>, unit: Unit, currency: &str) -> String {
    let Some(v) = value.filter(|v| v.is_finite()) else {
        return "—".to_string();
    };
    match unit {
        Unit::Count => grouped(v, 0),
        Unit::Number => grouped(v, 2),
        Unit::Score => grouped(v, 1),
        Unit::Percent => format!("{}%", grouped(v * 100.0, 1)),
        Unit::Currency => {
            let (sign, v) = if v < 0.0 { ("-", -v) } else { ("", v) };
            format!("{sign}{currency}{}", grouped(v, 2))
        }
        Unit::Days => format!(
            "{} {}",
            grouped(v, 1),
            if v == 1.0 { "day" } else { "days" }
        ),
        Unit::Hours => format!(
            "{} {}",
            grouped(v, 1),
            if v == 1.0 { "hour" } else { "hours" }
        ),
    }
}

/// A difference between two figures, signed (`+3`); between two
/// percentages, in points (`−2.5 pts`).
pub fn show_change(delta: f64, unit: Unit, currency: &str) -> String {
    let body = match unit {
        Unit::Percent => format!("{} pts", grouped(delta.abs() * 100.0, 1)),
        _ => show(Some(delta.abs()), unit, currency),
    };
    if delta.abs() < 1e-9 {
        "no change".to_string()
    } else if delta > 0.0 {
        format!("+{body}")
    } else {
        format!("\u{2212}{body}")
    }
}

/// `v` with at most `decimals` decimals (trailing zeros dropped) and
/// thousands separated by commas.
fn grouped(v: f64, decimals: usize) -> String {
    // Half away from zero, as readers round (format! rounds half to even).
    let scale = 10f64.powi(decimals as i32);
    let text = format!("{:.*}", decimals, (v * scale).round() / scale);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if out == "0" && frac.is_empty() {
        ""
    } else {
        sign
    };
    match frac {
        "" => format!("{sign}{out}"),
        f => format!("{sign}{out}.{f}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_authors_write_them() {
        assert_eq!(parse_number("1,200"), Some(1200.0));
        assert_eq!(parse_number("$4,500.50"), Some(4500.5));
        assert_eq!(parse_number("25%"), Some(0.25));
        assert_eq!(parse_number(" 12.5 % "), Some(0.125));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("12,345,678.5"), Some(12345678.5));
        for bad in [
            "n/a", "", "%", "$", "1.2.3", "inf", "NaN", "twelve", "1.200,50", "8,5", "12,34",
        ] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn figures_shown_by_unit() {
        assert_eq!(show(Some(1234.0), Unit::Count, "$"), "1,234");
        assert_eq!(show(Some(0.2857), Unit::Percent, "$"), "28.6%");
        assert_eq!(show(Some(0.25), Unit::Percent, "$"), "25%");
        assert_eq!(show(Some(0.3125), Unit::Percent, "$"), "31.3%");
        assert_eq!(show(Some(48.0), Unit::Hours, "$"), "48 hours");
        assert_eq!(show(Some(125000.0), Unit::Currency, "€"), "€125,000");
        assert_eq!(show(None, Unit::Count, "$"), "—");
        assert_eq!(show(Some(f64::INFINITY), Unit::Percent, "$"), "—");
        assert_eq!(show_change(-2.0, Unit::Count, "$"), "\u{2212}2");
        assert_eq!(show_change(0.05, Unit::Percent, "$"), "+5 pts");
        assert_eq!(show_change(0.0, Unit::Count, "$"), "no change");
    }
}
