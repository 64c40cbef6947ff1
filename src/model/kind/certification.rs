//! Certification tracks: an ordered list of items to study (`study`) and a
//! knowledge check in front matter (`questions`, each with its choices, the
//! right answer and an explanation shown after answering) with a pass mark.
//! The check runs in the reader's browser; `load` validates it.

use super::{Fields, NewItem, Spec};

const QUESTION: &str = "What does the buyer need to hear first?";
const RIGHT: &str = "The right answer, word for word as in choices";
const EXPLANATION: &str = "Why this is the right answer, shown after answering.";

pub const SPEC: Spec = Spec {
    name: "certification",
    folder: Some("certifications"),
    label: Some("Certification track"),
    fields: Fields::These(&["study", "questions", "pass_mark"]),
    required: &[],
    group_by: None,
    shows_proof: false,
    new_item,
    guidance: &[QUESTION, RIGHT, EXPLANATION],
};

fn new_item(_today: time::Date) -> NewItem {
    NewItem {
        fields: format!(
            "study: []\npass_mark: 80%\nquestions:\n  - question: \"{QUESTION}\"\n    choices: [\"{RIGHT}\", \"A wrong answer\", \"Another wrong answer\"]\n    answer: \"{RIGHT}\"\n    explanation: \"{EXPLANATION}\"\n"
        ),
        body: "## What you will learn\n\n## Before you start\n".into(),
    }
}
