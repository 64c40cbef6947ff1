//! One-pagers: the product on a page. No fields beyond the common ones.

use super::{Fields, NewItem, Spec};

pub const SPEC: Spec = Spec {
    name: "one-pager",
    folder: Some("one-pagers"),
    label: Some("One-pager"),
    fields: Fields::These(&[]),
    required: &[],
    group_by: None,
    shows_proof: false,
    new_item,
    guidance: &[],
};

fn new_item(_today: time::Date) -> NewItem {
    NewItem {
        fields: String::new(),
        body: "## The problem\n\n## What we do\n\n## Why it matters\n\n## Next step\n".into(),
    }
}
