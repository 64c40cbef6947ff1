//! A kit's own collections (playbooks, battlecards, ...): named by the
//! collection's title, free to use any kind's typed field.

use super::{ELLIPSIS_ITEM, Fields, NewItem, Spec};

pub const SPEC: Spec = Spec {
    name: "generic",
    folder: None,
    label: None,
    fields: Fields::Every,
    required: &[],
    group_by: None,
    shows_proof: false,
    new_item,
    guidance: &[],
};

fn new_item(_today: time::Date) -> NewItem {
    NewItem {
        fields: String::new(),
        body: format!("## Overview\n\n## Steps\n\n{ELLIPSIS_ITEM}"),
    }
}
