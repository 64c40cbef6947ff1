//! Case studies: a named customer, its industry, the metrics that improved
//! and an approved quote. Listed by industry; objection handlers cite them
//! as proof.

use super::{Fields, NewItem, Spec};

const CUSTOMER: &str = "Customer name";
const METRIC: &str = "What improved";
const QUOTE: &str = "A sentence the customer said, approved for use.";
const QUOTE_AUTHOR: &str = "Name, role";

pub const SPEC: Spec = Spec {
    name: "case-study",
    folder: Some("case-studies"),
    label: Some("Case study"),
    fields: Fields::These(&["customer", "industry", "metrics", "quote", "quote_author"]),
    required: &[("customer", "\"Customer name\"")],
    group_by: Some("industry"),
    shows_proof: false,
    new_item,
    guidance: &[CUSTOMER, METRIC, QUOTE, QUOTE_AUTHOR],
};

fn new_item(_today: time::Date) -> NewItem {
    NewItem {
        fields: format!(
            "customer: \"{CUSTOMER}\"\nindustry: \"Industry\"\nmetrics:\n  - {{label: \"{METRIC}\", value: \"\u{2212}40%\"}}\nquote: \"{QUOTE}\"\nquote_author: \"{QUOTE_AUTHOR}\"\n"
        ),
        body: "## The customer\n\n## The challenge\n\n## The solution\n\n## Results\n".into(),
    }
}
