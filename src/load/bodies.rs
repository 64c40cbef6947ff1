//! The checks of rendered bodies that need the whole kit: `#anchors` that
//! name no heading, links to pages that are missing, broken or drafts, raw
//! HTML naming kit files, images without alt text. Rendering itself is
//! markdown's (through the cache); this only reports.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Location, Report};
use crate::load::items::Unpublished;
use crate::markdown::Rendered;
use crate::model::content::Draft;
use crate::paths::{percent_decode, resolve_relative, to_slash};

/// A byte range of `draft`'s body, located in its file.
pub(super) fn body_location(draft: &Draft, range: &Range<usize>) -> Location {
    Location::at_offset(
        &draft.path,
        &draft.text,
        draft.body_offset + range.start,
        range.len(),
    )
}

/// Every `#fragment`, on another page or this one, must be a heading there.
pub fn check_anchors(
    drafts: &[Draft],
    bodies: &[Arc<Rendered>],
    landings: &super::translations::Landings,
    report: &mut Report,
) {
    for (draft, body) in drafts.iter().zip(bodies) {
        let targets = body
            .links
            .iter()
            .filter_map(|l| Some((l.fragment.as_ref()?, l.target, &l.range)))
            .flat_map(|(f, t, r)| landings.of(draft, t).into_iter().map(move |t| (f, t, r)))
            .chain(
                body.local_anchors
                    .iter()
                    .map(|(a, r, _)| (a, usize::MAX, r)),
            );
        for (fragment, target, range) in targets {
            let (anchors, page) = match target {
                usize::MAX => (&body.anchors, "this page"),
                t => (&bodies[t].anchors, drafts[t].title.as_str()),
            };
            if !anchors.contains(fragment) {
                let translated = drafts.get(target).and_then(|d| d.translation.as_ref());
                report.push(
                    missing_anchor(fragment, anchors, page, translated)
                        .at(body_location(draft, range)),
                );
            }
        }
    }
}

fn missing_anchor(
    fragment: &str,
    anchors: &[String],
    page: &str,
    translated: Option<&crate::model::content::Translation>,
) -> Diagnostic {
    let names: Vec<&str> = anchors.iter().map(String::as_str).collect();
    let d = Diagnostic::error("E0123", format!("`#{fragment}` is not a heading of {page}"))
        .label("no heading with this id");
    if let Some(t) = translated {
        return d.hint(format!(
            "readers in `{}` land on the translation of {}, whose headings are translated: keep the id there: `## <the translated heading> {{#{fragment}}}`",
            t.lang, t.original
        ));
    }
    match crate::yaml::did_you_mean(fragment, &names) {
        Some(s) => d.hint(format!("did you mean `#{s}`?")),
        None if names.is_empty() => {
            d.hint("the page has no headings to link to; drop the `#…` part")
        }
        None => d.hint(format!(
            "headings there: {}",
            names
                .iter()
                .map(|n| format!("#{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// A `#fragment` may not name a heading in a gated section from outside
/// that section: every reader of the link would read the heading's words
/// in its id, and some may not see the section.
pub fn check_gated_anchors(drafts: &[Draft], bodies: &[Arc<Rendered>], report: &mut Report) {
    let gated = |t: usize, fragment: &str| -> Option<usize> {
        let (_, n) = bodies[t]
            .heading_sections
            .iter()
            .find(|(id, _)| id == fragment)?;
        let title = &bodies[t].sections.get(n.checked_sub(1)?)?.title;
        drafts[t].front.sections.contains_key(title).then_some(*n)
    };
    for (i, (draft, body)) in drafts.iter().zip(bodies).enumerate() {
        let links = body
            .links
            .iter()
            .filter_map(|l| Some((l.fragment.as_deref()?, l.target, &l.range, l.section)))
            .chain(
                body.local_anchors
                    .iter()
                    .map(|(a, r, s)| (a.as_str(), i, r, *s)),
            );
        for (fragment, target, range, from) in links {
            match gated(target, fragment) {
                Some(n) if !(target == i && n == from) => report.push(
                    Diagnostic::error(
                        "E0139",
                        format!(
                            "`#{fragment}` is a heading in a gated section of {}",
                            drafts[target].title
                        ),
                    )
                    .at(body_location(draft, range))
                    .label("readers who may not see that section would still read its id")
                    .hint(
                        "link to the page without `#…`, or to a heading outside the gated section",
                    ),
                ),
                _ => {}
            }
        }
    }
}

/// One body's own problems: raw HTML naming kit files, links and images
/// that lead nowhere, images without alt text.
pub fn check_body(
    draft: &Draft,
    body: &Rendered,
    unpublished: &HashMap<String, Unpublished>,
    report: &mut Report,
) {
    for r in &body.raw_refs {
        let (what, instead) = match r.is_image {
            true => ("an image", format!("![what it shows]({})", r.target)),
            false => ("a page or file", format!("[link text]({})", r.target)),
        };
        report.push(
            Diagnostic::error("E0125", format!("raw HTML names {what} of the kit: `{}`", r.target))
                .at(body_location(draft, &r.range))
                .label("not checked, gated or copied")
                .hint(format!(
                    "write it in markdown, `{instead}`, so each portal links it only when it may show it"
                )),
        );
    }
    check_broken(draft, body, unpublished, report);
    for m in &body.missing_alt {
        report.push(
            Diagnostic::warning("W0120", "image without alt text")
                .at(body_location(draft, &m.range))
                .hint("describe the image: `![Chart of incidents before and after](chart.svg)`"),
        );
    }
}

/// Links and images markdown could not resolve: a draft, a missing file,
/// or a page whose own errors are already reported (then nothing is said).
fn check_broken(
    draft: &Draft,
    body: &Rendered,
    unpublished: &HashMap<String, Unpublished>,
    report: &mut Report,
) {
    for b in &body.broken {
        let target = b.target.split(['#', '?']).next().unwrap_or(&b.target);
        let resolved =
            resolve_relative(Path::new(&draft.rel), &percent_decode(target)).map(|p| to_slash(&p));
        let at = body_location(draft, &b.range);
        let d = match resolved.as_deref().and_then(|r| unpublished.get(r)) {
            // Its own error is reported; this link is fine once it is fixed.
            Some(Unpublished::Broken) => continue,
            Some(Unpublished::Draft) => Diagnostic::error("E0124", format!("link target `{}` is a draft", b.target))
                .at(at)
                .label("drafts are not published")
                .hint("publish it (remove `draft: true`) or remove the link until it is"),
            None if b.is_image => Diagnostic::error("E0120", format!("image `{}` does not exist", b.target))
                .at(at)
                .label("no such file under content/")
                .hint("image paths are relative to the page's file, e.g. `images/chart.svg` next to it"),
            None => Diagnostic::error("E0120", format!("link target `{}` does not exist", b.target))
                .at(at)
                .label("no such file under content/")
                .hint("links between pages are relative paths to .md files, e.g. `../case-studies/acme.md`"),
        };
        report.push(d);
    }
}
