//! Objection handlers: what the buyer says, the short answer a seller can
//! give on the call, the talk track, and case studies as proof. Listed by
//! category.

use super::{ELLIPSIS_ITEM, Fields, NewItem, Spec};

const OBJECTION: &str = "What the buyer literally says, in their words";
const SHORT_ANSWER: &str = "The answer in one or two sentences a seller can say on the call.";
const MEANING: &str = "The concern behind the words.";
const TALK_TRACK: &str = "How to answer, step by step.";

pub const SPEC: Spec = Spec {
    name: "objection",
    folder: Some("objections"),
    label: Some("Objection handler"),
    fields: Fields::These(&["objection", "short_answer", "proof", "category"]),
    required: &[
        ("objection", "\"what the buyer says\""),
        ("short_answer", "\"the answer in one or two sentences\""),
    ],
    group_by: Some("category"),
    shows_proof: true,
    new_item,
    guidance: &[OBJECTION, SHORT_ANSWER, MEANING, TALK_TRACK],
};

fn new_item(_today: time::Date) -> NewItem {
    NewItem {
        fields: format!(
            "category: pricing\nobjection: \"{OBJECTION}\"\nshort_answer: \"{SHORT_ANSWER}\"\nproof: []  # case-study slugs, e.g. [acme-logistics]\n"
        ),
        body: format!(
            "## What they really mean\n\n{MEANING}\n\n## Talk track\n\n{TALK_TRACK}\n\n## Questions to ask\n\n{ELLIPSIS_ITEM}"
        ),
    }
}
