//! Knowledge checks: the questions of a certification track (each with
//! its choices, the one right answer and an explanation) and its pass mark,
//! checked where they are written. Grading happens in the reader's browser.

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::model::kind::Kind;
use crate::yaml::Doc;

/// One question of a knowledge check.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub question: String,
    pub choices: Vec<String>,
    /// The right choice, as written among `choices`.
    pub answer: String,
    #[serde(default)]
    pub explanation: String,
}

/// `pass_mark: 80%` or `pass_mark: 80`: the share of right answers a
/// reader needs, in percent.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum PassMark {
    Number(f64),
    Text(String),
}

/// The pass mark without one: every question right but one in five.
pub const DEFAULT_PASS_PERCENT: f64 = 80.0;

impl PassMark {
    /// In percent (0 < p <= 100), if it is one.
    pub fn percent(&self) -> Option<f64> {
        let p = match self {
            PassMark::Number(n) => *n,
            PassMark::Text(t) => t.trim().trim_end_matches('%').trim().parse().ok()?,
        };
        (p > 0.0 && p <= 100.0).then_some(p)
    }
}

/// The index of a question's right choice, when exactly one matches.
pub fn right_choice(q: &Question) -> Option<usize> {
    let mut matches = q
        .choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.trim() == q.answer.trim());
    match (matches.next(), matches.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// Every problem of a track's questions and pass mark, located.
pub fn check(
    questions: &[Question],
    pass_mark: Option<&PassMark>,
    kind: Kind,
    doc: &Doc,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    if kind == Kind::Certification && questions.is_empty() {
        errors.push(
            Diagnostic::error("E0130", "a certification track without `questions`")
                .at(doc.key_location("title"))
                .hint("add a knowledge check: `questions: [{question, choices, answer, explanation}]`"),
        );
    }
    for (n, q) in questions.iter().enumerate() {
        let at = || doc.value_location("questions", q.question.lines().next().unwrap_or(""));
        let number = n + 1;
        if q.choices.len() < 2 {
            errors.push(
                Diagnostic::error(
                    "E0131",
                    format!(
                        "question {number} has {} choice(s); a check needs at least two",
                        q.choices.len()
                    ),
                )
                .at(at())
                .hint("list the right answer and at least one wrong one under `choices`"),
            );
            continue;
        }
        let same = q
            .choices
            .iter()
            .filter(|c| c.trim() == q.answer.trim())
            .count();
        if same != 1 {
            let d = Diagnostic::error(
                "E0132",
                match same {
                    0 => format!(
                        "question {number}: the answer `{}` is not one of its choices",
                        q.answer
                    ),
                    _ => format!(
                        "question {number}: the answer `{}` is among its choices {same} times",
                        q.answer
                    ),
                },
            )
            .at(doc.value_location("questions", &q.answer));
            let names: Vec<&str> = q.choices.iter().map(String::as_str).collect();
            errors.push(match (same, crate::yaml::did_you_mean(&q.answer, &names)) {
                (0, Some(s)) => d.hint(format!(
                    "did you mean `{s}`? The answer is written exactly as its choice"
                )),
                (0, None) => d.hint(format!(
                    "write the answer exactly as one of: {}",
                    names.join(" · ")
                )),
                _ => d.hint("every choice must differ, so exactly one is right"),
            });
        }
    }
    if let Some(mark) = pass_mark
        && mark.percent().is_none()
    {
        errors.push(
            Diagnostic::error("E0133", "`pass_mark` is not a percentage between 1 and 100")
                .at(doc.key_location("pass_mark"))
                .hint("write it as `pass_mark: 80%`"),
        );
    }
    errors
}
