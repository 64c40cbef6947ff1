//! Sections of a page shown to fewer readers than the page: front matter's
//! `sections:` names top-level `##` headings and gives each a rule of the
//! same fields as the page's own (`min_tier`, `tiers`, `partner_types`,
//! `partners`, `stages`, `internal`). A reader sees a section when it sees
//! the page and the section's rule admits it (`Audience::can_see_section`).
//!
//! Pure: the headings come from the rendered body.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, Location};
use crate::markdown::SectionHead;
use crate::model::config::Config;
use crate::model::content::{Draft, Place, Visibility, check_visibility};

/// Per section of the body (section `n` at `n - 1`), the rule `sections:`
/// gives it; every problem located in the front matter.
pub fn rules(
    draft: &Draft,
    heads: &[SectionHead],
    has_footnotes: bool,
    config: &Config,
) -> Result<Vec<Option<Visibility>>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let titles: Vec<&str> = heads.iter().map(|h| h.title.as_str()).collect();
    for (title, rule) in &draft.front.sections {
        let place = SectionPlace::of(draft, title);
        if !titles.contains(&title.as_str()) {
            errors.push(unknown(title, &titles, place.key("")));
        }
        check_visibility(rule, config, &place, &mut errors);
    }
    if has_footnotes && !draft.front.sections.is_empty() {
        errors.push(footnotes(draft.doc().key_location("sections")));
    }
    match errors.is_empty() {
        true => Ok(heads
            .iter()
            .map(|h| draft.front.sections.get(&h.title).cloned())
            .collect()),
        false => Err(errors),
    }
}

/// A translation's sections take their original's rules by position (its
/// headings are in another language), so it must have as many top-level
/// sections as the original whenever the original gates one.
pub fn translated_rules(
    translation: &Draft,
    heads: &[SectionHead],
    has_footnotes: bool,
    original: (&str, &[Option<Visibility>]),
) -> Result<Vec<Option<Visibility>>, Vec<Diagnostic>> {
    let (original_rel, rules) = original;
    if rules.iter().all(Option::is_none) {
        return Ok(vec![None; heads.len()]);
    }
    let at = Location::at_offset(&translation.path, &translation.text, 0, 3);
    let mut errors = Vec::new();
    if heads.len() != rules.len() {
        errors.push(
            Diagnostic::error(
                "E0142",
                format!(
                    "this translation has {} top-level sections (`##`), content/{original_rel} has {}",
                    heads.len(),
                    rules.len()
                ),
            )
            .at(at.clone())
            .hint("the original gates some of its sections, and a translation's sections follow its original's by position: translate every `##` section, in the same order"),
        );
    }
    if has_footnotes {
        errors.push(footnotes(at));
    }
    match errors.is_empty() {
        true => Ok(rules.to_vec()),
        false => Err(errors),
    }
}

fn footnotes(at: Location) -> Diagnostic {
    Diagnostic::error("E0138", "a page with gated sections cannot have footnotes")
        .at(at)
        .hint("footnotes are gathered at the end of the page, where a gated section's notes would reach every reader: write the note into its sentence instead")
}

fn unknown(title: &str, titles: &[&str], at: Location) -> Diagnostic {
    let d = Diagnostic::error(
        "E0137",
        format!("`sections` names `{title}`, which is not a `##` heading of this page"),
    )
    .at(at)
    .label("no such section");
    match crate::yaml::did_you_mean(title, titles) {
        Some(s) => d.hint(format!(
            "did you mean `{s}`? Names match the heading's text exactly"
        )),
        None if titles.is_empty() => {
            d.hint("a section starts at a top-level `## Heading`; this page has none")
        }
        None => d.hint(format!(
            "name a section by its heading's text: {}",
            titles
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Where a section's entry stands under `sections:`: its name, and values
/// written after it.
pub struct SectionPlace<'d> {
    draft: &'d Draft,
    /// The section name's range in the file, or the `sections` key's.
    name: Range<usize>,
}

impl<'d> SectionPlace<'d> {
    pub fn of(draft: &'d Draft, title: &str) -> Self {
        let yaml = draft.yaml.clone();
        let front = &draft.text[yaml.clone()];
        let after = front.find("sections:").unwrap_or(0);
        let mut at = yaml.start + after;
        let mut name = at..at + "sections".len();
        // The entry's own line: the name first (maybe quoted), then `:`.
        for line in front[after..].split_inclusive('\n') {
            let indent = line.len() - line.trim_start().len();
            let key = line.trim_start().trim_start_matches(['"', '\'']);
            let quote = line.len() - indent - key.len();
            let rest = key
                .strip_prefix(title)
                .map(|r| r.trim_start_matches(['"', '\'']));
            if rest.is_some_and(|r| r.starts_with(':')) {
                let start = at + indent + quote;
                name = start..start + title.len();
                break;
            }
            at += line.len();
        }
        SectionPlace { draft, name }
    }

    fn at(&self, range: Range<usize>) -> Location {
        Location::at_offset(&self.draft.path, &self.draft.text, range.start, range.len())
    }
}

impl Place for SectionPlace<'_> {
    fn key(&self, _: &str) -> Location {
        self.at(self.name.clone())
    }

    fn value(&self, _: &str, value: &str) -> Location {
        // From the name to the end of the front matter: a rule written as
        // a block spans the lines after its name.
        match self.draft.text[self.name.end..self.draft.yaml.end.max(self.name.end)].find(value) {
            Some(i) => {
                let start = self.name.end + i;
                self.at(start..start + value.len())
            }
            None => self.at(self.name.clone()),
        }
    }
}
