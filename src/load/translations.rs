//! Translations (`pricing.fr.md` beside `pricing.md`): set apart from the
//! originals, each matched to its original and completed from it, the
//! ones with nothing to translate reported, and each language's items in
//! kit order with the originals standing in where no translation exists.
//! Nothing here reads files.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Location, Report};
use crate::load::items::Unpublished;
use crate::model::config::Config;
use crate::model::content::{Draft, Item};

/// The drafts that are translations, taken out of `drafts`, each completed
/// from its original (see [`Draft::translate`]). A translation whose
/// original is not published is left out with it; one of a page that does
/// not exist, or a second one into the same language, is reported.
pub fn split(
    drafts: &mut Vec<Draft>,
    unpublished: &HashMap<String, Unpublished>,
    report: &mut Report,
) -> Vec<Draft> {
    let (mut translations, originals): (Vec<Draft>, Vec<Draft>) = std::mem::take(drafts)
        .into_iter()
        .partition(|d| d.translation.is_some());
    *drafts = not_translations(originals, unpublished, report);
    let by_rel: HashMap<&str, &Draft> = drafts.iter().map(|d| (d.rel.as_str(), d)).collect();
    let mut seen = HashSet::new();
    translations.retain_mut(|t| {
        let Some(of) = t.translation.clone() else {
            return false;
        };
        match by_rel.get(of.original.as_str()) {
            Some(original) if seen.insert((of.original.clone(), of.lang.clone())) => {
                t.translate(original);
                true
            }
            Some(_) => {
                report.push(twice(t, &of.original));
                false
            }
            None if unpublished.contains_key(&of.original) => false,
            None => {
                report.push(orphan(t, &of.original));
                false
            }
        }
    });
    translations.sort_by(|a, b| a.rel.cmp(&b.rel));
    translations
}

/// `pricing.de.md` beside `pricing.md` when kit.yaml does not list `de`
/// (or `pricing.en.md`, `en` being the default): meant as a translation,
/// it would be published as a page of its own. It is left out, and said so.
fn not_translations(
    drafts: Vec<Draft>,
    unpublished: &HashMap<String, Unpublished>,
    report: &mut Report,
) -> Vec<Draft> {
    let rels: HashSet<String> = drafts
        .iter()
        .map(|d| d.rel.clone())
        .chain(unpublished.keys().cloned())
        .collect();
    let (kept, strays): (Vec<Draft>, Vec<Draft>) = drafts.into_iter().partition(|d| {
        let Some((stem, suffix)) = d.rel.strip_suffix(".md").and_then(|s| s.rsplit_once('.'))
        else {
            return true;
        };
        let two_letters = suffix.split('-').next().is_some_and(|p| p.len() == 2);
        !(two_letters
            && crate::model::language::is_tag(suffix)
            && rels.contains(&format!("{stem}.md")))
    });
    for d in strays {
        let (stem, suffix) = d
            .rel
            .trim_end_matches(".md")
            .rsplit_once('.')
            .unwrap_or_default();
        report.push(
            Diagnostic::warning(
                "W0172",
                format!("this looks like a translation of content/{stem}.md into `{suffix}`, which is not one of the kit's other languages"),
            )
            .at(Location::at_offset(&d.path, &d.text, 0, 3))
            .label("not published")
            .hint(format!("add `{suffix}` to `languages` in kit.yaml (after the default), or rename the file if it is a page of its own")),
        );
    }
    kept
}

fn orphan(t: &Draft, original: &str) -> Diagnostic {
    Diagnostic::warning(
        "W0170",
        format!("this translates content/{original}, which does not exist"),
    )
    .at(Location::at_offset(&t.path, &t.text, 0, 3))
    .label("not published")
    .hint("a translation is named after the page it translates, in the same folder (`pricing.fr.md` beside `pricing.md`): rename it, or remove it if the page is gone")
}

fn twice(t: &Draft, original: &str) -> Diagnostic {
    Diagnostic::error(
        "E0143",
        format!("content/{original} has two translations into this file's language"),
    )
    .at(Location::at_offset(&t.path, &t.text, 0, 3))
    .hint("keep one: file names differing only in the case of the language (`.fr.md`, `.FR.md`) name the same translation")
}

/// Per language other than the default, every item in kit order: its
/// translation (by the original's item number) where there is one, else
/// the original.
pub fn by_language(
    config: &Config,
    items: &[Item],
    translated: Vec<(usize, Item)>,
) -> BTreeMap<String, Vec<Item>> {
    let mut out: BTreeMap<String, Vec<Item>> = config
        .languages
        .iter()
        .skip(1)
        .map(|l| (l.clone(), items.to_vec()))
        .collect();
    for (original, item) in translated {
        if let Some(list) = out.get_mut(&item.lang) {
            list[original] = item;
        }
    }
    out
}

/// Which pages a link leads to, language by language: where it points
/// (item numbers are the originals'), and the translations of it that
/// readers of the linking page land on instead.
pub struct Landings {
    /// Original item → its translations' positions among the drafts, with
    /// their language.
    translations: HashMap<usize, Vec<(String, usize)>>,
}

impl Landings {
    /// `translations`: the drafts after the originals (so the `n`th is
    /// draft `index.items() + n`); `index` finds their originals.
    pub fn new(translations: &[Draft], index: &super::resolve::Index<'_>) -> Self {
        let originals = index.items();
        let mut by_original: HashMap<usize, Vec<(String, usize)>> = HashMap::new();
        for (n, d) in translations.iter().enumerate() {
            if let Some(t) = &d.translation
                && let Some(i) = index.position(&t.original)
            {
                by_original
                    .entry(i)
                    .or_default()
                    .push((t.lang.clone(), originals + n));
            }
        }
        Landings {
            translations: by_original,
        }
    }

    /// The drafts a link from `from` to item `target` shows, in every
    /// language `from` is read in: an original is read in every language
    /// without a translation of it, so it lands on the target and each of
    /// its translations; a translation lands on the target's translation
    /// into its language, else on the target.
    pub fn of(&self, from: &Draft, target: usize) -> Vec<usize> {
        let theirs = self
            .translations
            .get(&target)
            .map_or(&[][..], Vec::as_slice);
        match &from.translation {
            None => std::iter::once(target)
                .chain(theirs.iter().map(|(_, k)| *k))
                .collect(),
            Some(t) => vec![
                theirs
                    .iter()
                    .find(|(lang, _)| *lang == t.lang)
                    .map_or(target, |(_, k)| *k),
            ],
        }
    }
}
