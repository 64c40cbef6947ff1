//! References between kit files, resolved: the link [`Index`] markdown
//! renders against, and the item references written in YAML (an item's
//! `proof`, its `partners`, a partner's `featured`, kit.yaml's
//! `start_here`), each with a "did you mean" when it names nothing. Only
//! kit.yaml is read again here, to point at a bad `start_here` step.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Report};
use crate::load::dimensions;
use crate::load::files::in_kit_yaml;
use crate::markdown::{Resolver, Target};
use crate::model::config::Config;
use crate::model::content::{Draft, Item, Place};
use crate::model::kind::Kind;
use crate::model::partners::{Audience, Partner};
use crate::model::sections::SectionPlace;

/// The kit's published pages and assets, as links and references name them.
pub struct Index<'a> {
    drafts: &'a [Draft],
    by_rel: HashMap<&'a str, usize>,
    urls: Vec<String>,
    assets: &'a BTreeMap<String, PathBuf>,
}

impl<'a> Index<'a> {
    /// Index `drafts` (in kit order: positions are item numbers) and `assets`.
    pub fn new(drafts: &'a [Draft], assets: &'a BTreeMap<String, PathBuf>) -> Self {
        Index {
            drafts,
            by_rel: drafts
                .iter()
                .enumerate()
                .map(|(i, d)| (d.rel.as_str(), i))
                .collect(),
            urls: drafts
                .iter()
                .map(|d| format!("{}/{}/", d.collection, d.slug))
                .collect(),
            assets,
        }
    }

    /// The index of the first `originals` of `drafts`, where each of the
    /// translations after them names its original's item: a link to a
    /// translation is a link to its page, in whichever language it is read.
    pub fn with_translations(
        drafts: &'a [Draft],
        originals: usize,
        assets: &'a BTreeMap<String, PathBuf>,
    ) -> Self {
        let mut index = Index::new(&drafts[..originals], assets);
        for t in &drafts[originals..] {
            if let Some(position) = t
                .translation
                .as_ref()
                .and_then(|o| index.position(&o.original))
            {
                index.by_rel.insert(&t.rel, position);
            }
        }
        index
    }

    /// The item number of the page at `rel` (relative to `content/`).
    pub fn position(&self, rel: &str) -> Option<usize> {
        self.by_rel.get(rel).copied()
    }

    /// How many items (originals) the index numbers.
    pub fn items(&self) -> usize {
        self.urls.len()
    }

    /// Item `index`'s URL from the portal version root.
    pub fn url(&self, index: usize) -> &str {
        &self.urls[index]
    }

    pub fn has_asset(&self, rel: &str) -> bool {
        self.assets.contains_key(rel)
    }

    /// The one item `reference` (`slug` or `collection/slug`) names, among
    /// items of `kind` when given; else every item it matches (none, or
    /// several).
    pub fn find(&self, kind: Option<Kind>, reference: &str) -> Result<usize, Vec<usize>> {
        let (coll, slug) = match reference.split_once('/') {
            Some((c, s)) => (Some(c), s),
            None => (None, reference),
        };
        let hits: Vec<usize> = self
            .drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.slug == slug
                    && coll.is_none_or(|c| c == d.collection)
                    && kind.is_none_or(|k| k == d.kind)
            })
            .map(|(i, _)| i)
            .collect();
        match hits.as_slice() {
            [one] => Ok(*one),
            _ => Err(hits),
        }
    }
}

impl Resolver for Index<'_> {
    fn resolve(&self, target: &str) -> Target {
        if let Some(index) = self.position(target) {
            return Target::Item {
                index,
                url: self.urls[index].clone(),
            };
        }
        if let Some(file) = self.assets.get(target) {
            return Target::Asset {
                path: target.to_string(),
                size: dimensions::of_file(file),
            };
        }
        Target::Missing
    }
}

const SLUG_HINT: &str = "name items by slug, or `collection/slug` when slugs repeat";

/// "did you mean" for a reference to an item: the slug the words would
/// make (`Q3 Pricing FAQ` → `q3-pricing-faq`), else the closest slug.
fn reference_hint(
    reference: &str,
    drafts: &[Draft],
    kind: Option<Kind>,
    otherwise: &str,
) -> String {
    let slug = reference.rsplit('/').next().unwrap_or(reference);
    let slugs: Vec<&str> = drafts
        .iter()
        .filter(|d| kind.is_none_or(|k| k == d.kind))
        .map(|d| d.slug.as_str())
        .collect();
    let made = crate::paths::slugify(slug);
    let by_title = drafts
        .iter()
        .filter(|d| kind.is_none_or(|k| k == d.kind))
        .find(|d| crate::paths::slugify(&d.title) == made)
        .map(|d| d.slug.as_str());
    let guess = slugs
        .iter()
        .find(|s| **s == made)
        .copied()
        .or(by_title)
        .or_else(|| crate::yaml::did_you_mean(slug, &slugs));
    match guess {
        Some(s) => format!("did you mean `{s}`?"),
        None => otherwise.to_string(),
    }
}

/// An item's `proof`: the case studies it names, reporting any it does not.
pub fn proof(draft: &Draft, index: &Index<'_>, report: &mut Report) -> Vec<usize> {
    let mut proof = Vec::new();
    for reference in &draft.front.proof {
        match index.find(Some(Kind::CaseStudy), reference) {
            Ok(i) => proof.push(i),
            Err(_) => report.push(
                Diagnostic::error(
                    "E0121",
                    format!("proof `{reference}` is not a case study of this kit"),
                )
                .at(draft.doc().value_location("proof", reference))
                .hint(reference_hint(
                    reference,
                    index.drafts,
                    Some(Kind::CaseStudy),
                    "`proof` lists case-study slugs",
                )),
            ),
        }
    }
    proof
}

/// A track's `study` items, resolved; each must be an item of the kit that
/// every partner who can see the track can see too.
pub fn study(
    draft: &Draft,
    index: &Index<'_>,
    cx: (&[Partner], &Config),
    report: &mut Report,
) -> Vec<usize> {
    let mut study = Vec::new();
    for reference in &draft.front.study {
        let at = || draft.doc().value_location("study", reference);
        let Ok(i) = index.find(None, reference) else {
            report.push(
                Diagnostic::error(
                    "E0134",
                    format!("`{reference}` in `study` is not an item of this kit"),
                )
                .at(at())
                .hint(reference_hint(
                    reference,
                    index.drafts,
                    None,
                    "`study` lists item slugs (or collection/slug)",
                )),
            );
            continue;
        };
        let (partners, config) = cx;
        let target = &index.drafts[i];
        let blind = partners.iter().find(|p| {
            let a = crate::model::partners::Audience::Partner(p);
            a.can_see(&draft.visibility, config) && !a.can_see(&target.visibility, config)
        });
        match blind {
            Some(p) => report.push(
                Diagnostic::error("E0135", format!("`{reference}` in `study` is hidden from `{}`, who can see this track", p.slug))
                    .at(at())
                    .label("a step this reader could not open")
                    .hint("study only what every reader of the track can see, or narrow the track's own visibility"),
            ),
            None => study.push(i),
        }
    }
    study
}

/// An item's `partners` must each name a partner profile.
pub fn check_partner_names(draft: &Draft, partners: &[Partner], report: &mut Report) {
    let doc = draft.doc();
    let page = draft
        .visibility
        .partners
        .iter()
        .flatten()
        .map(|slug| (slug, doc.value_location("partners", slug)));
    let sections = draft.front.sections.iter().flat_map(|(title, rule)| {
        let place = SectionPlace::of(draft, title);
        rule.partners
            .iter()
            .flatten()
            .map(move |slug| (slug, place.value("partners", slug)))
    });
    for (slug, at) in page.chain(sections) {
        if !partners.iter().any(|p| &p.slug == slug) {
            let names: Vec<&str> = partners.iter().map(|p| p.slug.as_str()).collect();
            let d = Diagnostic::error(
                "E0122",
                format!("`partners` names `{slug}`, which has no profile"),
            )
            .at(at);
            report.push(match crate::yaml::did_you_mean(slug, &names) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint("partner slugs are the file names in partners/ without .yaml"),
            });
        }
    }
}

/// Each partner's `featured` items (same order as `partners`), reporting
/// references that name nothing and items the partner cannot see.
pub fn featured(
    partners: &[Partner],
    items: &[Item],
    index: &Index<'_>,
    config: &Config,
    report: &mut Report,
) -> Vec<Vec<usize>> {
    let mut featured = Vec::new();
    for p in partners {
        let mut list = Vec::new();
        for reference in &p.featured {
            match index.find(None, reference) {
                Ok(i) => list.push(i),
                Err(hits) => {
                    let (why, hint) = match hits.is_empty() {
                        true => (
                            "is not an item of this kit",
                            reference_hint(reference, index.drafts, None, SLUG_HINT),
                        ),
                        false => ("matches several items", SLUG_HINT.to_string()),
                    };
                    report.push(
                        Diagnostic::error("E0209", format!("featured item `{reference}` {why}"))
                            .at(p.doc().value_location("featured", reference))
                            .hint(hint),
                    )
                }
            }
        }
        hidden_featured(p, &list, items, config, report);
        featured.push(list);
    }
    featured
}

/// A featured item its partner cannot see would vanish from the home page
/// without a word: say so, and why.
fn hidden_featured(
    partner: &Partner,
    featured: &[usize],
    items: &[Item],
    config: &Config,
    report: &mut Report,
) {
    let who = Audience::Partner(partner);
    for &i in featured {
        let item = &items[i];
        if let Some(why) = who.hidden_by(&item.visibility, config) {
            report.push(
                Diagnostic::warning(
                    "W0202",
                    format!(
                        "`{}` features `{}`, which its portal does not show",
                        partner.slug, item.slug
                    ),
                )
                .at(partner.doc().value_location("featured", &item.slug))
                .label(why.explain(&item.visibility, partner))
                .hint("remove it from `featured`, or widen the item's visibility"),
            );
        }
    }
}

/// kit.yaml's `start_here` path: (item, what the reader learns) for each
/// step that names an item.
pub fn start_here(
    root: &Path,
    config: &Config,
    index: &Index<'_>,
    report: &mut Report,
) -> Vec<(usize, crate::model::config::Said)> {
    let mut start_here = Vec::new();
    for step in &config.start_here {
        match index.find(None, &step.item) {
            Ok(i) => start_here.push((i, step.learn.clone())),
            Err(_) => report.push(
                Diagnostic::error(
                    "E0008",
                    format!(
                        "start_here names `{}`, which is not an item of this kit",
                        step.item
                    ),
                )
                .at(in_kit_yaml(root, |doc| {
                    doc.value_location("start_here", &step.item)
                }))
                .hint(reference_hint(&step.item, index.drafts, None, SLUG_HINT)),
            ),
        }
    }
    start_here
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drafts() -> Vec<Draft> {
        let config = Config::parse(Path::new("kit.yaml"), "name: K\n").unwrap().0;
        [
            ("one-pagers/pricing.md", "title: Q3 Pricing FAQ"),
            ("one-pagers/acme.md", "title: Acme"),
            ("case-studies/acme.md", "title: Acme\ncustomer: Acme"),
            ("case-studies/globex.md", "title: Globex\ncustomer: Globex"),
        ]
        .iter()
        .map(|(rel, front)| {
            let text = format!("---\n{front}\n---\n");
            content_parse(rel, text, &config)
        })
        .collect()
    }

    fn content_parse(rel: &str, text: String, config: &Config) -> Draft {
        crate::model::content::parse(Path::new(rel), rel, text, config)
            .unwrap()
            .0
    }

    #[test]
    fn find_needs_one_match() {
        let (drafts, assets) = (drafts(), BTreeMap::new());
        let index = Index::new(&drafts, &assets);
        assert_eq!(index.find(None, "acme"), Err(vec![1, 2]));
        assert_eq!(index.find(None, "case-studies/acme"), Ok(2));
        assert_eq!(index.find(Some(Kind::CaseStudy), "acme"), Ok(2));
        assert_eq!(index.find(Some(Kind::CaseStudy), "pricing"), Err(vec![]));
        assert_eq!(index.url(2), "case-studies/acme/");
    }

    #[test]
    fn hint_from_words_then_title_then_spelling() {
        let drafts = drafts();
        let hint = |r, kind| reference_hint(r, &drafts, kind, "otherwise");
        // The words make a slug that exists.
        assert_eq!(hint("Globex", None), "did you mean `globex`?");
        // The words are an item's title.
        assert_eq!(hint("Q3 Pricing FAQ", None), "did you mean `pricing`?");
        // A typo of a slug, under the collection as written.
        assert_eq!(hint("case-studies/glbex", None), "did you mean `globex`?");
        // Only slugs of the kind asked for count.
        assert_eq!(hint("pricing", Some(Kind::CaseStudy)), "otherwise");
    }
}
