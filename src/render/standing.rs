//! Where a partnership stands, for its partnership page: the lifecycle
//! stages with the current one marked, the signing date, whether the first
//! joint win has happened (and until then what the program does for it),
//! and the next review. Nothing here depends on the build clock: a page
//! that said "90 days ago" would change every day, and a published version
//! never changes. The reader's browser counts days from the dates.

use serde::Serialize;

use crate::model::config::Config;
use crate::model::data::DataFile;
use crate::model::partners::Partner;
use crate::render::views::iso;

/// Reviews fall every quarter from the signing date unless a profile
/// names the next one (the page's script finds the next from today).
const REVIEW_EVERY_DAYS: i64 = 91;

#[derive(Serialize)]
pub struct StandingView {
    pub stage: String,
    pub stages: Vec<StageStep>,
    /// `YYYY-MM-DD`, `""` when the profile does not say.
    pub signed: String,
    pub first_win: String,
    pub days_to_first_win: Option<i64>,
    /// kit.yaml's `first_win_plan`, shown until the first win.
    pub first_win_plan_html: String,
    /// The profile's `next_review`, `""` when reviews follow the quarterly
    /// cadence from `signed` (`review_every_days`).
    pub next_review: String,
    pub review_every_days: i64,
}

#[derive(Serialize)]
pub struct StageStep {
    pub name: String,
    /// `done`, `current` or `ahead`.
    pub state: &'static str,
}

impl StandingView {
    pub fn new(p: &Partner, config: &Config, data: &[DataFile]) -> Self {
        let at = config.stages.iter().position(|s| *s == p.stage);
        let stages = config
            .stages
            .iter()
            .enumerate()
            .map(|(i, name)| StageStep {
                name: name.clone(),
                state: match at {
                    Some(at) if i < at => "done",
                    Some(at) if i == at => "current",
                    _ => "ahead",
                },
            })
            .collect();
        let plan = match p.first_win {
            Some(_) => String::new(),
            None => crate::render::views::profile_markdown(&config.first_win_plan, p, data),
        };
        StandingView {
            stage: p.stage.clone(),
            stages,
            signed: p.signed.map(iso).unwrap_or_default(),
            first_win: p.first_win.map(iso).unwrap_or_default(),
            days_to_first_win: p.signed.zip(p.first_win).map(|(s, w)| (w - s).whole_days()),
            first_win_plan_html: plan,
            next_review: p.next_review.map(iso).unwrap_or_default(),
            review_every_days: REVIEW_EVERY_DAYS,
        }
    }
}
