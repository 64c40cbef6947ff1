//! The monthly partner brief: one file per issue, dated, whose `##`
//! sections (product news, campaigns, a success story, dates) may each be
//! gated further than the brief (`sections:` in front matter). Listed
//! newest first; every partner portal also gets an e-mail-ready copy.

use super::{Fields, NewItem, Spec};

const NEWS: &str = "What shipped this month and what it means for a partner's customers.";
const CAMPAIGN: &str = "A campaign partners can join, with its dates and what we provide.";
const STORY: &str = "One customer win, told in three sentences, with a link to the case study.";

pub const SPEC: Spec = Spec {
    name: "brief",
    folder: Some("briefs"),
    label: Some("Partner brief"),
    fields: Fields::These(&["date"]),
    required: &[("date", "2026-11-30")],
    group_by: None,
    shows_proof: false,
    new_item,
    guidance: &[NEWS, CAMPAIGN, STORY],
};

fn new_item(today: time::Date) -> NewItem {
    let date = today
        .format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default();
    NewItem {
        fields: format!(
            "date: {date}\n# Gate a section further than the brief, by its heading:\n# sections:\n#   Roadmap preview: {{min_tier: platinum}}\n"
        ),
        body: format!(
            "## Product news\n\n{NEWS}\n\n## Campaigns\n\n{CAMPAIGN}\n\n## Success story\n\n{STORY}\n\n## Dates\n\n- \u{2026}\n"
        ),
    }
}
