//! From parsed pages to the kit's items: which pages are published, their
//! order (kit.yaml's collection order, then weight, title, slug), one slug
//! per page in a collection, and the [`Item`] each draft becomes. Nothing
//! here reads files or renders markdown.

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Location, Report};
use crate::load::cache::Parsed;
use crate::load::walk::Page;
use crate::markdown::Rendered;
use crate::model::config::Config;
use crate::model::content::{Draft, Item, Visibility};
use crate::model::values::Filled;

/// Why a content file that exists is not a page, so links to it get their
/// own message, not "does not exist".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublished {
    Draft,
    /// It has errors of its own, already reported.
    Broken,
}

/// The drafts to publish, in walk order, and the pages that are not
/// published (by `rel`); every parse diagnostic goes to `report`.
pub fn published(
    pages: &[Page],
    parsed: Vec<Parsed>,
    opts: super::Options,
    report: &mut Report,
) -> (Vec<Draft>, HashMap<String, Unpublished>) {
    let mut drafts = Vec::new();
    let mut unpublished = HashMap::new();
    for (page, result) in pages.iter().zip(parsed) {
        match result {
            Ok((d, warnings)) => {
                report.extend(warnings);
                if d.front.draft && !opts.drafts {
                    unpublished.insert(page.rel.clone(), Unpublished::Draft);
                } else {
                    drafts.push(d);
                }
            }
            Err(errors) => {
                unpublished.insert(page.rel.clone(), Unpublished::Broken);
                report.extend(errors);
            }
        }
    }
    (drafts, unpublished)
}

/// Kit order: collections as kit.yaml lists them, then weight (unweighted
/// last), the newest date first (briefs), title and slug.
pub fn sort(drafts: &mut [Draft], config: &Config) {
    let order: HashMap<&str, usize> = config
        .collections
        .iter()
        .enumerate()
        .map(|(i, c)| (c.dir.as_str(), i))
        .collect();
    drafts.sort_by(|a, b| {
        (
            order.get(a.collection.as_str()),
            a.front.weight.unwrap_or(i64::MAX),
            std::cmp::Reverse(a.date),
            &a.title,
            &a.slug,
        )
            .cmp(&(
                order.get(b.collection.as_str()),
                b.front.weight.unwrap_or(i64::MAX),
                std::cmp::Reverse(b.date),
                &b.title,
                &b.slug,
            ))
    });
}

/// Briefs get an e-mail copy only with absolute links, which need
/// `base_url`: say so once rather than leave the copies out silently.
pub fn check_briefs(drafts: &[Draft], config: &Config, report: &mut Report) {
    let Some(first) = drafts
        .iter()
        .find(|d| d.kind == crate::model::kind::Kind::Brief)
    else {
        return;
    };
    if config.base_url.is_empty() {
        report.push(
            Diagnostic::warning("W0160", "briefs get no e-mail copy: kit.yaml has no `base_url`")
                .at(Location::at_offset(&first.path, &first.text, 0, 3))
                .label("this brief is published as a page only")
                .hint("e-mail needs absolute links: add `base_url: https://partners.example.com` (where the portals are hosted) to kit.yaml"),
        );
    }
}

/// Two pages of a collection may not share a slug: they would share a URL.
pub fn check_duplicate_slugs(drafts: &[Draft], report: &mut Report) {
    let mut seen: HashMap<(&str, &str), &Draft> = HashMap::new();
    for d in drafts {
        if let Some(first) = seen.insert((&d.collection, &d.slug), d) {
            // Point at whichever file sets the slug explicitly: that is the
            // line to change.
            let (at, other) = if d.front.slug.is_none() && first.front.slug.is_some() {
                (first, d)
            } else {
                (d, first)
            };
            let loc = if at.front.slug.is_some() {
                at.doc().key_location("slug")
            } else {
                Location::at_offset(&at.path, &at.text, 0, 1)
            };
            report.push(
                Diagnostic::error(
                    "E0111",
                    format!(
                        "two items in `{}` have the slug `{}`",
                        at.collection, at.slug
                    ),
                )
                .at(loc)
                .hint(format!(
                    "{} has it too; rename one file or set a different `slug:`",
                    other.path.display()
                )),
            );
        }
    }
}

/// The item `draft` becomes, with its rendered body and resolved proof.
/// `refs`: the resolved `proof` and `study` items; `checked`: its values
/// and its sections' rules; `lang`: the kit's default language, unless the
/// draft is a translation.
pub fn item(
    (draft, lang): (&Draft, &str),
    body: Arc<Rendered>,
    refs: (Vec<usize>, Vec<usize>),
    checked: (Vec<Filled>, Vec<Option<Visibility>>),
) -> Item {
    let (proof, study) = refs;
    let (values, sections) = checked;
    Item {
        collection: draft.collection.clone(),
        kind: draft.kind,
        slug: draft.slug.clone(),
        rel: draft.rel.clone(),
        path: draft.path.clone(),
        title: draft.title.clone(),
        front: draft.front.clone(),
        visibility: draft.visibility.clone(),
        review_by: draft.review_by,
        date: draft.date,
        sections,
        body,
        body_offset: draft.body_offset,
        proof,
        study,
        values,
        lang: draft
            .translation
            .as_ref()
            .map_or(lang, |t| t.lang.as_str())
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn draft(config: &Config, rel: &str, front: &str) -> Draft {
        let text = format!("---\n{front}\n---\n");
        crate::model::content::parse(Path::new(rel), rel, text, config)
            .unwrap()
            .0
    }

    #[test]
    fn kit_order_then_weight_then_title() {
        let text = "name: K\ncollections:\n  - {dir: objections}\n  - {dir: one-pagers}\n";
        let config = Config::parse(Path::new("kit.yaml"), text).unwrap().0;
        let mut drafts = vec![
            draft(&config, "one-pagers/a.md", "title: A"),
            draft(
                &config,
                "objections/z.md",
                "title: Z\nobjection: o\nshort_answer: s",
            ),
            draft(&config, "one-pagers/c.md", "title: C\nweight: 1"),
            draft(&config, "one-pagers/b.md", "title: B"),
        ];
        sort(&mut drafts, &config);
        let slugs: Vec<&str> = drafts.iter().map(|d| d.slug.as_str()).collect();
        assert_eq!(slugs, ["z", "c", "a", "b"]);
    }

    #[test]
    fn duplicate_slug_points_at_the_hand_set_one() {
        let config = Config::parse(Path::new("kit.yaml"), "name: K\n").unwrap().0;
        let drafts = vec![
            draft(&config, "one-pagers/x.md", "title: X\nslug: y"),
            draft(&config, "one-pagers/y.md", "title: Y"),
        ];
        let mut report = Report::default();
        check_duplicate_slugs(&drafts, &mut report);
        let d = &report.diagnostics[0];
        assert_eq!(
            d.location.as_ref().unwrap().file,
            Path::new("one-pagers/x.md")
        );
        assert_eq!(d.location.as_ref().unwrap().line, 3);
        assert!(d.hint.as_ref().unwrap().starts_with("one-pagers/y.md"));
    }
}
