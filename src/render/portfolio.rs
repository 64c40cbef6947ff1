//! The staff portfolio page as template data: every partner's latest
//! figures in one table (each cell with a sort key for the little sort
//! script), and the quarterly review's lists: ready for the next tier,
//! below their own, no qualified referral lately, a single contact. Only
//! the internal portal has it.

use serde::Serialize;

use crate::model::kit::Kit;
use crate::model::scorecard::Scorecard;
use crate::model::scorecard::criteria::{Criterion, meets};
use crate::model::scorecard::figures::Figures;
use crate::model::scorecard::format::show;
use crate::render::scorecard::threshold;
use crate::render::words::Speech;

#[derive(Serialize)]
pub struct PortfolioView {
    pub columns: Vec<String>,
    /// Whether the scorecard keeps notes (a last column).
    pub notes: bool,
    pub rows: Vec<PortfolioRow>,
    /// The review's lists: ready for the next tier, below their own, no
    /// activity lately (when the scorecard names the metric), one contact.
    pub lists: Vec<ReviewList>,
    pub tiers: Vec<TierView>,
}

#[derive(Serialize)]
pub struct ReviewList {
    pub id: &'static str,
    pub title: String,
    /// What the list says when no partner is on it.
    pub empty: String,
    pub flags: Vec<Flag>,
}

impl ReviewList {
    fn new(id: &'static str, title: impl Into<String>, empty: impl Into<String>) -> Self {
        ReviewList {
            id,
            title: title.into(),
            empty: empty.into(),
            flags: Vec::new(),
        }
    }
}

#[derive(Serialize)]
pub struct PortfolioRow {
    pub name: String,
    pub url: String,
    pub tier: String,
    pub tier_rank: usize,
    pub period: String,
    pub cells: Vec<Cell>,
    pub note: String,
}

/// A figure and its sort key (empty when there is no figure).
#[derive(Serialize)]
pub struct Cell {
    pub shown: String,
    pub sort: String,
}

#[derive(Serialize)]
pub struct Flag {
    pub name: String,
    pub url: String,
    pub tier: String,
    pub detail: String,
}

#[derive(Serialize)]
pub struct TierView {
    pub tier: String,
    pub criteria: Vec<String>,
}

/// `out`: the way from the portfolio page to the output folder, where
/// every partner's portal is.
pub fn view(
    kit: &Kit,
    (sc, figures): (&Scorecard, &Figures),
    out: &str,
    speech: &Speech,
) -> PortfolioView {
    let mut lists = review_lists(sc, speech);
    let mut rows = Vec::new();
    for (i, p) in kit.partners.iter().enumerate() {
        let (latest, _) = figures.latest(i);
        let now = latest.map_or_else(|| vec![None; sc.metrics.len()], |r| r.values.clone());
        for (list, detail) in lists
            .iter_mut()
            .zip(flags(kit, (sc, figures), (i, &now), speech))
        {
            if let Some(detail) = detail {
                list.flags.push(Flag {
                    name: p.name.clone(),
                    url: format!("{out}partners/{}/", p.slug),
                    tier: p.tier.clone(),
                    detail,
                });
            }
        }
        rows.push(PortfolioRow {
            name: p.name.clone(),
            url: format!("{out}partners/{}/", p.slug),
            tier: p.tier.clone(),
            tier_rank: p.tier_rank,
            period: latest.map_or(String::new(), |r| figures.periods[r.period].clone()),
            note: latest.map_or(String::new(), |r| r.note.clone()),
            cells: sc
                .metrics
                .iter()
                .zip(&now)
                .map(|(m, v)| Cell {
                    shown: show(*v, m.unit, &sc.currency),
                    sort: v.map_or(String::new(), |v| v.to_string()),
                })
                .collect(),
        });
    }
    // Without a metric for activity there is no "gone quiet" list.
    if sc.inactive_metric.is_none() {
        lists.remove(2);
    }
    PortfolioView {
        columns: sc.metrics.iter().map(|m| m.label.clone()).collect(),
        notes: sc.note_column.is_some(),
        rows,
        lists,
        tiers: kit
            .config
            .tiers
            .iter()
            .map(|t| TierView {
                tier: t.clone(),
                criteria: describe(sc, kit.config.tier_criteria(t)),
            })
            .collect(),
    }
}

/// The review's four lists, empty: ready, below, quiet, single contact.
fn review_lists(sc: &Scorecard, speech: &Speech) -> Vec<ReviewList> {
    let quiet = sc.inactive_metric.map_or_else(
        || speech.say("portfolio_activity", "activity"),
        |m| sc.metrics[m].label.to_lowercase(),
    );
    let n = sc.inactive_periods.to_string();
    let n = ("n", n.as_str());
    vec![
        ReviewList::new(
            "ready",
            speech.say("portfolio_ready", "Ready for the next tier"),
            speech.say(
                "portfolio_ready_none",
                "No partner meets the next tier's criteria in its latest period.",
            ),
        ),
        ReviewList::new(
            "below",
            speech.say("portfolio_below", "Below their tier"),
            speech.say(
                "portfolio_below_none",
                "Every partner meets its tier's criteria.",
            ),
        ),
        ReviewList::new(
            "inactive",
            speech.fill(
                "portfolio_quiet",
                "No {metric} for {n} periods",
                &[("metric", &quiet), n],
            ),
            speech.fill(
                "portfolio_quiet_none",
                "Every partner had some in the last {n} periods.",
                &[n],
            ),
        ),
        ReviewList::new(
            "single-contact",
            speech.say("portfolio_single", "Single point of contact"),
            speech.say(
                "portfolio_single_none",
                "Every partner has at least two contacts.",
            ),
        ),
    ]
}

/// Why partner `i` is on each of the four lists (in [`review_lists`]
/// order), given its latest figures `now`.
fn flags(
    kit: &Kit,
    (sc, figures): (&Scorecard, &Figures),
    (i, now): (usize, &[Option<f64>]),
    speech: &Speech,
) -> [Option<String>; 4] {
    let p = &kit.partners[i];
    let ready = kit.config.tiers.get(p.tier_rank + 1).and_then(|next| {
        let c = kit.config.tier_criteria(next);
        (!c.is_empty() && meets(c, now)).then(|| {
            speech.fill(
                "portfolio_flag_ready",
                "meets every {tier} criterion",
                &[("tier", next)],
            )
        })
    });
    let own = kit.config.tier_criteria(&p.tier);
    let below =
        (!figures.partners[i].is_empty() && !own.is_empty() && !meets(own, now)).then(|| {
            let missed: Vec<Criterion> = own
                .iter()
                .filter(|c| !c.met_by(now[c.metric]))
                .cloned()
                .collect();
            let missed = describe(sc, &missed).join(", ");
            speech.fill(
                "portfolio_flag_below",
                "misses {criteria}",
                &[("criteria", &missed)],
            )
        });
    let quiet = sc
        .inactive_metric
        .filter(|&m| inactive(figures, i, m, sc.inactive_periods))
        .map(|m| {
            let metric = sc.metrics[m].label.to_lowercase();
            let n = sc.inactive_periods.to_string();
            speech.fill(
                "portfolio_flag_quiet",
                "no {metric} in the last {n} periods",
                &[("metric", &metric), ("n", &n)],
            )
        });
    let only = |name: &str| speech.fill("portfolio_flag_only", "only {name}", &[("name", name)]);
    let single = match (p.contacts.len(), p.people.len()) {
        (0, _) => Some(speech.say("portfolio_flag_no_contact", "no contact")),
        (1, _) => Some(only(&p.contacts[0].name)),
        (_, 1) => Some(speech.fill(
            "portfolio_flag_only_theirs",
            "only {name} at {partner}",
            &[("name", &p.people[0].name), ("partner", &p.name)],
        )),
        _ => None,
    };
    [ready, below, quiet, single]
}

/// `Qualified referrals ≥ 6` for each criterion.
fn describe(sc: &Scorecard, criteria: &[Criterion]) -> Vec<String> {
    criteria
        .iter()
        .map(|c| {
            let m = &sc.metrics[c.metric];
            format!("{} {}", m.label.to_lowercase(), threshold(sc, m, c))
        })
        .collect()
}

/// No figure above zero for `metric` in the partner's latest `periods`
/// periods of the file (a period without a row counts as none).
fn inactive(figures: &Figures, partner: usize, metric: usize, periods: usize) -> bool {
    let last = figures.periods.len();
    if last < periods {
        return false;
    }
    (last - periods..last).all(|period| {
        figures.partners[partner]
            .iter()
            .find(|r| r.period == period)
            .and_then(|r| r.values[metric])
            .is_none_or(|v| v <= 0.0)
    })
}
