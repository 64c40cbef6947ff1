//! The scorecard `kit.yaml` declares: which data file holds partner
//! results (one row per partner per period), the metrics (label, unit, and
//! a formula when derived), and each tier's criteria. Parsing and checking
//! it against `kit.yaml` is here; reading the rows is `figures`, judging
//! them against tiers is `criteria`, showing numbers is `format`.

pub mod criteria;
pub mod figures;
pub mod format;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::yaml::{Doc, did_you_mean};
pub use criteria::{Criterion, Op};

type Formula = evalexpr::Node<evalexpr::DefaultNumericTypes>;

#[derive(Debug, Clone)]
pub struct Scorecard {
    /// The data file's name as written (`results.csv`), under `data/`.
    pub data: String,
    pub partner_column: String,
    pub period_column: String,
    /// A column of remarks for the row's partner (shown to it and to staff).
    pub note_column: Option<String>,
    pub currency: String,
    pub metrics: Vec<Metric>,
    /// The metric that must be above zero for a partner to count as active,
    /// and over how many latest periods.
    pub inactive_metric: Option<usize>,
    pub inactive_periods: usize,
    /// Per tier (kit.yaml order), its criteria; tiers without any are absent.
    pub criteria: Vec<(String, Vec<Criterion>)>,
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub key: String,
    pub label: String,
    pub unit: Unit,
    /// How a derived metric is computed from the ones before it.
    pub formula: Option<(String, Formula)>,
    pub lower_is_better: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    #[serde(alias = "integer")]
    Count,
    Number,
    #[serde(alias = "percentage", alias = "%", alias = "ratio")]
    Percent,
    #[serde(alias = "money")]
    Currency,
    #[serde(alias = "day")]
    Days,
    #[serde(alias = "hour")]
    Hours,
    Score,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScorecard {
    data: String,
    partner: Option<String>,
    period: Option<String>,
    note: Option<String>,
    currency: Option<String>,
    metrics: Vec<MetricEntry>,
    inactive: Option<RawInactive>,
}

/// A metric as kit.yaml lists it: a column's key alone, or in full.
#[derive(Deserialize)]
#[serde(untagged)]
enum MetricEntry {
    Key(String),
    Full(RawMetric),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetric {
    key: String,
    label: Option<String>,
    unit: Option<Unit>,
    formula: Option<String>,
    better: Option<Better>,
}

#[derive(Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Better {
    Higher,
    Lower,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInactive {
    metric: String,
    periods: Option<usize>,
}

/// `tier_criteria` as written: tier → metric → threshold.
pub type RawCriteria =
    std::collections::BTreeMap<String, std::collections::BTreeMap<String, criteria::RawThreshold>>;

/// Check `scorecard` and `tier_criteria` from kit.yaml. Errors point into
/// `doc`.
pub fn parse(
    raw: RawScorecard,
    raw_criteria: Option<RawCriteria>,
    tiers: &[String],
    doc: &Doc,
) -> Result<Scorecard, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let metrics = metrics_of(raw.metrics, doc, &mut errors);
    let keys: Vec<&str> = metrics.iter().map(|m| m.key.as_str()).collect();
    let (inactive_metric, inactive_periods) = match raw.inactive {
        Some(i) => (
            metric_index(&i.metric, &keys, doc, "scorecard", &mut errors),
            i.periods.unwrap_or(2).max(1),
        ),
        None => (keys.iter().position(|k| *k == "qualified"), 2),
    };
    let criteria = criteria::parse(
        raw_criteria.unwrap_or_default(),
        tiers,
        &keys,
        doc,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Scorecard {
        data: raw.data,
        partner_column: raw.partner.unwrap_or_else(|| "partner".to_string()),
        period_column: raw.period.unwrap_or_else(|| "period".to_string()),
        note_column: raw.note,
        currency: raw.currency.unwrap_or_else(|| "$".to_string()),
        metrics,
        inactive_metric,
        inactive_periods,
        criteria,
    })
}

fn metrics_of(raw: Vec<MetricEntry>, doc: &Doc, errors: &mut Vec<Diagnostic>) -> Vec<Metric> {
    let mut metrics: Vec<Metric> = Vec::new();
    for entry in raw {
        let m = match entry {
            MetricEntry::Full(m) => m,
            MetricEntry::Key(key) => RawMetric {
                key,
                label: None,
                unit: None,
                formula: None,
                better: None,
            },
        };
        if metrics.iter().any(|o| o.key == m.key) {
            errors.push(
                Diagnostic::error("E0910", format!("metric `{}` is declared twice", m.key))
                    .at(doc.value_location("scorecard", &m.key))
                    .hint("give each metric its own `key`"),
            );
            continue;
        }
        let formula = m.formula.and_then(|f| {
            let known: Vec<&str> = metrics.iter().map(|o| o.key.as_str()).collect();
            formula_of(&f, &known, doc, errors).map(|node| (f, node))
        });
        let unit = m.unit.unwrap_or(match formula {
            Some(_) => Unit::Percent,
            None => Unit::Count,
        });
        metrics.push(Metric {
            label: m.label.unwrap_or_else(|| m.key.replace('_', " ")),
            key: m.key,
            unit,
            formula,
            lower_is_better: m.better == Some(Better::Lower),
        });
    }
    if metrics.is_empty() {
        errors.push(
            Diagnostic::error("E0911", "the scorecard lists no metrics")
                .at(doc.key_location("scorecard"))
                .hint("list the data file's columns under `metrics:`, e.g. `- key: referrals`"),
        );
    }
    metrics
}

/// A formula over the metrics declared before it.
fn formula_of(
    text: &str,
    known: &[&str],
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) -> Option<Formula> {
    let node = match evalexpr::build_operator_tree::<evalexpr::DefaultNumericTypes>(text) {
        Ok(node) => node,
        Err(e) => {
            errors.push(
                Diagnostic::error("E0912", format!("formula `{text}` does not parse: {e}"))
                    .at(doc.value_location("scorecard", text))
                    .hint("write arithmetic over metric keys, e.g. `qualified / referrals`"),
            );
            return None;
        }
    };
    let mut ok = true;
    for name in node.iter_variable_identifiers() {
        if !known.contains(&name) {
            ok = false;
            let d = Diagnostic::error(
                "E0913",
                format!("formula `{text}` uses `{name}`, which is not a metric above it"),
            )
            .at(doc.value_location("scorecard", text));
            errors.push(match did_you_mean(name, known) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!(
                    "a formula may use the metrics listed before it: {}",
                    known.join(", ")
                )),
            });
        }
    }
    ok.then_some(node)
}

/// The position of metric `name`, or an error naming the near miss.
pub(crate) fn metric_index(
    name: &str,
    keys: &[&str],
    doc: &Doc,
    section: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let found = keys.iter().position(|k| *k == name);
    if found.is_none() {
        let d = Diagnostic::error("E0914", format!("`{name}` is not a scorecard metric"))
            .at(doc.value_location(section, name));
        errors.push(match did_you_mean(name, keys) {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None => d.hint(format!("the metrics are: {}", keys.join(", "))),
        });
    }
    found
}
