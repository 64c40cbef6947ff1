//! The staff portfolio page as template data: every partner's latest
//! figures in one table (each cell with a sort key for the little sort
//! script), and the quarterly review's lists: ready for the next tier,
//! below their own, no qualified referral lately, a single contact. Only
//! the internal portal has it.

use serde::Serialize;

use crate::model::kit::Kit;
use crate::model::scorecard::criteria::{Criterion, meets};
use crate::model::scorecard::figures::Figures;
use crate::model::scorecard::format::show;
use crate::model::scorecard::Scorecard;
use crate::render::scorecard::threshold;

#[derive(Serialize)]
pub struct PortfolioView {
    pub columns: Vec<String>,
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

pub fn view(kit: &Kit, sc: &Scorecard, figures: &Figures) -> PortfolioView {
    let quiet = sc.inactive_metric.map(|m| sc.metrics[m].label.to_lowercase());
    let n = sc.inactive_periods;
    let mut ready = ReviewList::new("ready", "Ready for the next tier", "No partner meets the next tier's criteria in its latest period.");
    let mut below = ReviewList::new("below", "Below their tier", "Every partner meets its tier's criteria.");
    let mut quiet_list = ReviewList::new(
        "inactive",
        format!("No {} for {n} periods", quiet.as_deref().unwrap_or("activity")),
        format!("Every partner had some in the last {n} periods."),
    );
    let mut single = ReviewList::new("single-contact", "Single point of contact", "Every partner has at least two contacts.");
    let mut view = PortfolioView {
        columns: sc.metrics.iter().map(|m| m.label.clone()).collect(),
        rows: Vec::new(),
        lists: Vec::new(),
        tiers: kit
            .config
            .tiers
            .iter()
            .map(|t| TierView {
                tier: t.clone(),
                criteria: describe(sc, kit.config.tier_criteria(t)),
            })
            .collect(),
    };
    for (i, p) in kit.partners.iter().enumerate() {
        let (latest, _) = figures.latest(i);
        let now = latest.map_or_else(|| vec![None; sc.metrics.len()], |r| r.values.clone());
        let flag = |detail: String| Flag {
            name: p.name.clone(),
            url: format!("../../../partners/{}/", p.slug),
            tier: p.tier.clone(),
            detail,
        };
        let next = kit.config.tiers.get(p.tier_rank + 1);
        if let Some(next) = next {
            let c = kit.config.tier_criteria(next);
            if !c.is_empty() && meets(c, &now) {
                ready.flags.push(flag(format!("meets every {next} criterion")));
            }
        }
        let own = kit.config.tier_criteria(&p.tier);
        if latest.is_some() && !own.is_empty() && !meets(own, &now) {
            let missed: Vec<String> = describe(sc, &own.iter().filter(|c| !c.met_by(now[c.metric])).cloned().collect::<Vec<_>>());
            below.flags.push(flag(format!("misses {}", missed.join(", "))));
        }
        if let Some(m) = sc.inactive_metric
            && inactive(figures, i, m, sc.inactive_periods)
        {
            quiet_list.flags.push(flag(format!("no {} in the last {} periods", sc.metrics[m].label.to_lowercase(), sc.inactive_periods)));
        }
        if p.contacts.len() <= 1 {
            let who = p.contacts.first().map_or("no contact".to_string(), |c| format!("only {}", c.name));
            single.flags.push(flag(who));
        }
        view.rows.push(PortfolioRow {
            name: p.name.clone(),
            url: format!("../../../partners/{}/", p.slug),
            tier: p.tier.clone(),
            tier_rank: p.tier_rank,
            period: latest.map_or(String::new(), |r| figures.periods[r.period].clone()),
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
    view.lists = vec![ready, below];
    if quiet.is_some() {
        view.lists.push(quiet_list);
    }
    view.lists.push(single);
    view
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
