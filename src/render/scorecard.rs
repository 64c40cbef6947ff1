//! The scorecard's pages as template data: a partner's own scorecard
//! (latest period against the previous one and its tier's targets, a trend
//! chart per metric with a table and a sentence, what the next tier takes)
//! and the staff portfolio (every partner's latest figures and the review
//! lists). A partner's view is built from its own rows and the kit's
//! targets only; nothing here reads another partner's rows for it.

use serde::Serialize;

use crate::model::kit::Kit;
use crate::model::partners::Partner;
use crate::model::scorecard::criteria::{Criterion, meets, shortfall};
use crate::model::scorecard::figures::{Figures, Period};
use crate::model::scorecard::format::{show, show_change};
use crate::model::scorecard::{Metric, Scorecard};
use crate::render::chart;
use crate::render::words::Speech;

#[derive(Serialize)]
pub struct ScorecardView {
    pub latest: String,
    pub previous: String,
    pub tier: String,
    pub next_tier: String,
    pub rows: Vec<MetricRow>,
    /// What the next tier asks that the latest figures do not meet yet.
    pub next: Vec<Requirement>,
    pub meets_next: bool,
    pub meets_tier: bool,
    pub has_tier_targets: bool,
    pub charts: Vec<ChartView>,
    pub periods: Vec<String>,
    /// The latest row's note, if the scorecard keeps notes.
    pub note: String,
}

#[derive(Serialize)]
pub struct MetricRow {
    pub key: String,
    pub label: String,
    pub latest: String,
    pub previous: String,
    pub change: String,
    /// `better`, `worse` or `same` (empty without two figures).
    pub trend: &'static str,
    pub target: String,
    /// `met`, `missed` or empty when the tier sets no target.
    pub status: &'static str,
}

#[derive(Serialize)]
pub struct Requirement {
    pub label: String,
    pub target: String,
    pub have: String,
    pub gap: String,
}

#[derive(Serialize)]
pub struct ChartView {
    pub id: String,
    pub label: String,
    pub svg: String,
    pub summary: String,
    pub points: Vec<PointView>,
}

/// A chart's figure in its table alternative.
#[derive(Serialize)]
pub struct PointView {
    pub period: String,
    pub shown: String,
}

/// The entry's title in What's new and the feed ("Your scorecard: Q3 2026").
pub fn title(kit: &Kit, partner: usize, speech: &Speech) -> String {
    let scorecard = speech.say("scorecard_title", "Your scorecard");
    match latest_period(kit, partner) {
        Some(period) => speech.fill(
            "scorecard_entry_title",
            "{scorecard}: {period}",
            &[("scorecard", &scorecard), ("period", period)],
        ),
        None => scorecard,
    }
}

fn latest_period(kit: &Kit, partner: usize) -> Option<&str> {
    let figures = kit.figures.as_ref()?;
    let (latest, _) = figures.latest(partner);
    latest.map(|p| figures.periods[p.period].as_str())
}

/// What the scorecard's manifest entry hashes: the partner's own figures
/// and the targets it is shown, so it changes when they do and only then.
pub fn facts(kit: &Kit, partner: usize) -> String {
    let (Some(sc), Some(figures)) = (&kit.config.scorecard, &kit.figures) else {
        return String::new();
    };
    let p = &kit.partners[partner];
    let rows: Vec<(&str, &Vec<Option<f64>>, &str)> = figures.partners[partner]
        .iter()
        .map(|r| {
            (
                figures.periods[r.period].as_str(),
                &r.values,
                r.note.as_str(),
            )
        })
        .collect();
    let metrics: Vec<(&str, &str)> = sc
        .metrics
        .iter()
        .map(|m| (m.key.as_str(), m.label.as_str()))
        .collect();
    let targets =
        |tier: Option<&String>| tier.map(|t| format!("{:?}", kit.config.tier_criteria(t)));
    serde_json::json!([
        rows,
        metrics,
        targets(Some(&p.tier)),
        targets(next_tier(kit, p))
    ])
    .to_string()
}

fn next_tier<'k>(kit: &'k Kit, p: &Partner) -> Option<&'k String> {
    kit.config.tiers.get(p.tier_rank + 1)
}

/// A partner's scorecard from its own rows.
pub fn view(
    kit: &Kit,
    (sc, figures): (&Scorecard, &Figures),
    partner: usize,
    speech: &Speech,
) -> ScorecardView {
    let p = &kit.partners[partner];
    let (latest, previous) = figures.latest(partner);
    let name = |r: Option<&Period>| r.map_or(String::new(), |r| figures.periods[r.period].clone());
    let values =
        |r: Option<&Period>| r.map_or_else(|| vec![None; sc.metrics.len()], |r| r.values.clone());
    let (now, before) = (values(latest), values(previous));
    let tier_targets = kit.config.tier_criteria(&p.tier);
    let next = next_tier(kit, p);
    let next_targets = next.map_or(&[][..], |t| kit.config.tier_criteria(t));
    let rows = sc
        .metrics
        .iter()
        .enumerate()
        .map(|(m, metric)| {
            metric_row(
                sc,
                metric,
                now[m],
                before[m],
                tier_targets.iter().find(|c| c.metric == m),
            )
        })
        .collect();
    ScorecardView {
        latest: name(latest),
        previous: name(previous),
        tier: p.tier.clone(),
        next_tier: next.cloned().unwrap_or_default(),
        rows,
        next: requirements(sc, next_targets, &now, speech),
        meets_next: !next_targets.is_empty() && meets(next_targets, &now),
        meets_tier: meets(tier_targets, &now),
        has_tier_targets: !tier_targets.is_empty(),
        charts: charts((sc, figures), partner, speech),
        periods: figures.partners[partner]
            .iter()
            .map(|r| figures.periods[r.period].clone())
            .collect(),
        note: latest.map_or(String::new(), |r| r.note.clone()),
    }
}

fn metric_row(
    sc: &Scorecard,
    m: &Metric,
    now: Option<f64>,
    before: Option<f64>,
    target: Option<&Criterion>,
) -> MetricRow {
    let (change, trend) = match (now, before) {
        (Some(a), Some(b)) => {
            let d = a - b;
            let trend = if d.abs() < 1e-9 {
                "same"
            } else if (d > 0.0) != m.lower_is_better {
                "better"
            } else {
                "worse"
            };
            (show_change(d, m.unit, &sc.currency), trend)
        }
        _ => (String::new(), ""),
    };
    MetricRow {
        key: m.key.clone(),
        label: m.label.clone(),
        latest: show(now, m.unit, &sc.currency),
        previous: show(before, m.unit, &sc.currency),
        change,
        trend,
        target: target.map(|c| threshold(sc, m, c)).unwrap_or_default(),
        status: match target {
            Some(c) if c.met_by(now) => "met",
            Some(_) => "missed",
            None => "",
        },
    }
}

/// `≥ 25%`: a criterion in the metric's unit.
pub fn threshold(sc: &Scorecard, m: &Metric, c: &Criterion) -> String {
    format!(
        "{} {}",
        c.symbol(),
        show(Some(c.value), m.unit, &sc.currency)
    )
}

fn requirements(
    sc: &Scorecard,
    criteria: &[Criterion],
    now: &[Option<f64>],
    speech: &Speech,
) -> Vec<Requirement> {
    criteria
        .iter()
        .filter(|c| !c.met_by(now[c.metric]))
        .map(|c| {
            let m = &sc.metrics[c.metric];
            Requirement {
                label: m.label.clone(),
                target: threshold(sc, m, c),
                have: show(now[c.metric], m.unit, &sc.currency),
                gap: shortfall(c, now[c.metric], m)
                    .map(|g| {
                        let amount = show(Some(g), m.unit, &sc.currency);
                        speech.fill("scorecard_to_go", "{amount} to go", &[("amount", &amount)])
                    })
                    .unwrap_or_else(|| speech.say("scorecard_no_figure_yet", "no figure yet")),
            }
        })
        .collect()
}

fn charts(
    (sc, figures): (&Scorecard, &Figures),
    partner: usize,
    speech: &Speech,
) -> Vec<ChartView> {
    let rows = &figures.partners[partner];
    sc.metrics
        .iter()
        .enumerate()
        .map(|(m, metric)| {
            let points: Vec<(String, Option<f64>, String)> = rows
                .iter()
                .map(|r| {
                    let v = r.values[m];
                    (
                        figures.periods[r.period].clone(),
                        v,
                        show(v, metric.unit, &sc.currency),
                    )
                })
                .collect();
            let summary = summary(metric, &points, speech);
            let id = format!("chart-{}", crate::paths::slugify(&metric.key));
            let drawn: Vec<chart::Point> = points
                .iter()
                .map(|(label, value, shown)| chart::Point {
                    label,
                    value: *value,
                    shown,
                })
                .collect();
            ChartView {
                svg: chart::line(&id, &metric.label, &summary, &drawn),
                id,
                label: metric.label.clone(),
                summary,
                points: points
                    .into_iter()
                    .map(|(period, _, shown)| PointView { period, shown })
                    .collect(),
            }
        })
        .collect()
}

/// The chart in one sentence: first to latest, highest and lowest.
fn summary(metric: &Metric, points: &[(String, Option<f64>, String)], speech: &Speech) -> String {
    let known: Vec<&(String, Option<f64>, String)> =
        points.iter().filter(|p| p.1.is_some()).collect();
    let label = ("metric", metric.label.as_str());
    let (Some(first), Some(last)) = (known.first(), known.last()) else {
        return speech.fill("chart_no_figures", "{metric}: no figures yet.", &[label]);
    };
    if known.len() == 1 {
        return speech.fill(
            "chart_only_period",
            "{metric}: {value} in {period}, the only period with a figure so far.",
            &[label, ("value", &last.2), ("period", &last.0)],
        );
    }
    let (a, b) = (first.1.unwrap_or(0.0), last.1.unwrap_or(0.0));
    let by = |f: fn(f64, f64) -> bool| {
        known
            .iter()
            .copied()
            .reduce(|x, y| {
                if f(y.1.unwrap_or(0.0), x.1.unwrap_or(0.0)) {
                    y
                } else {
                    x
                }
            })
            .unwrap_or(last)
    };
    // The last highest and the first lowest, as `max_by` and `min_by` give.
    let (high, low) = (by(|y, x| y >= x), by(|y, x| y < x));
    let moved = if (b - a).abs() < 1e-9 {
        speech.fill(
            "chart_held",
            "{metric} held at {value} from {first} to {last}",
            &[
                label,
                ("value", &last.2),
                ("first", &first.0),
                ("last", &last.0),
            ],
        )
    } else {
        let (key, english) = match b > a {
            true => (
                "chart_rose",
                "{metric} rose from {from} in {first} to {to} in {last}",
            ),
            false => (
                "chart_fell",
                "{metric} fell from {from} in {first} to {to} in {last}",
            ),
        };
        speech.fill(
            key,
            english,
            &[
                label,
                ("from", &first.2),
                ("first", &first.0),
                ("to", &last.2),
                ("last", &last.0),
            ],
        )
    };
    speech.fill(
        "chart_range",
        "{moved}; highest {high} ({high_period}), lowest {low} ({low_period}).",
        &[
            ("moved", &moved),
            ("high", &high.2),
            ("high_period", &high.0),
            ("low", &low.2),
            ("low_period", &low.0),
        ],
    )
}
