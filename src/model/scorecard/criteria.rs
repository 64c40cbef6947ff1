//! Tier criteria (`tier_criteria:` in kit.yaml): thresholds a partner's
//! latest figures must meet to hold a tier, parsed from what authors write
//! (`">= 6"`, `"≥ 25%"`, or a bare number meaning "at least"), and judged.

use serde::Deserialize;

use super::{Metric, Unit, metric_index};
use crate::diagnostics::Diagnostic;
use crate::yaml::Doc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub metric: usize,
    pub op: Op,
    pub value: f64,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum RawThreshold {
    Number(f64),
    Text(String),
}

impl Criterion {
    /// Whether `value` meets it; a missing figure meets nothing.
    pub fn met_by(&self, value: Option<f64>) -> bool {
        let Some(v) = value else {
            return false;
        };
        // Figures come from divisions: compare with a little tolerance.
        let eps = 1e-9;
        match self.op {
            Op::AtLeast => v >= self.value - eps,
            Op::MoreThan => v > self.value + eps,
            Op::AtMost => v <= self.value + eps,
            Op::LessThan => v < self.value - eps,
        }
    }

    pub fn symbol(&self) -> &'static str {
        match self.op {
            Op::AtLeast => "≥",
            Op::MoreThan => ">",
            Op::AtMost => "≤",
            Op::LessThan => "<",
        }
    }
}

/// Whether every criterion is met by `values` (one per metric).
pub fn meets(criteria: &[Criterion], values: &[Option<f64>]) -> bool {
    criteria.iter().all(|c| c.met_by(values[c.metric]))
}

/// Check every tier's thresholds: known tiers, known metrics, numbers.
pub(super) fn parse(
    raw: super::RawCriteria,
    tiers: &[String],
    keys: &[&str],
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<Criterion>)> {
    let mut out = Vec::new();
    for (tier, thresholds) in raw {
        if !tiers.contains(&tier) {
            let names: Vec<&str> = tiers.iter().map(String::as_str).collect();
            let d = Diagnostic::error("E0915", format!("`{tier}` in tier_criteria is not a tier"))
                .at(doc.value_location("tier_criteria", &tier));
            errors.push(match crate::yaml::did_you_mean(&tier, &names) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!("the tiers are: {}", names.join(", "))),
            });
            continue;
        }
        let mut list = Vec::new();
        for (metric, threshold) in thresholds {
            let Some(m) = metric_index(&metric, keys, doc, "tier_criteria", errors) else {
                continue;
            };
            list.push((m, metric, threshold));
        }
        list.sort_by_key(|(m, _, _)| *m);
        let criteria = list
            .into_iter()
            .filter_map(|(m, name, t)| threshold(m, &name, t, doc, errors))
            .collect();
        out.push((tier, criteria));
    }
    out.sort_by_key(|(t, _)| tiers.iter().position(|x| x == t));
    out
}

/// One threshold; percent metrics take `25%` (or a ratio such as `0.25`).
fn threshold(
    metric: usize,
    name: &str,
    raw: RawThreshold,
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) -> Option<Criterion> {
    let text = match raw {
        RawThreshold::Number(value) => {
            return Some(Criterion {
                metric,
                op: Op::AtLeast,
                value,
            });
        }
        RawThreshold::Text(t) => t,
    };
    match parse_threshold(&text) {
        Some((op, value)) => Some(Criterion { metric, op, value }),
        None => {
            errors.push(
                Diagnostic::error("E0916", format!("`{name}: {text}` is not a threshold"))
                    .at(doc.value_location("tier_criteria", &text))
                    .hint("write a comparison and a number, e.g. `\">= 6\"` or `\">= 25%\"`"),
            );
            None
        }
    }
}

/// `>= 6`, `≥25 %`, `< 48`, `6`: the operator (at least, when absent) and
/// the number, a percentage as a ratio.
pub fn parse_threshold(text: &str) -> Option<(Op, f64)> {
    let t = text.trim();
    let (op, rest) = [
        (">=", Op::AtLeast),
        ("≥", Op::AtLeast),
        ("<=", Op::AtMost),
        ("≤", Op::AtMost),
        (">", Op::MoreThan),
        ("<", Op::LessThan),
    ]
    .iter()
    .find_map(|(s, op)| t.strip_prefix(s).map(|r| (*op, r)))
    .unwrap_or((Op::AtLeast, t));
    let number = super::format::parse_number(rest.trim())?;
    Some((op, number))
}

/// How far `value` is from meeting `c`, in the metric's unit (`None` when
/// met or unknown).
pub fn shortfall(c: &Criterion, value: Option<f64>, metric: &Metric) -> Option<f64> {
    let v = value?;
    if c.met_by(value) {
        return None;
    }
    let gap = (c.value - v).abs();
    Some(match (metric.unit, c.op) {
        (Unit::Count, Op::MoreThan) | (Unit::Count, Op::LessThan) => gap.floor() + 1.0,
        (Unit::Count, _) => gap.ceil(),
        _ => gap,
    })
}
