//! Search: a compact inverted index per portal, read by the theme's script
//! on any static host.
//!
//! Why our own format: elasticlunr-rs (what mdBook ships) was measured first.
//! Its JSON trie came to ~12 MB per 2,000-page portal and building it took
//! two thirds of a 50-portal build, once per distinct set of visible pages.
//! Here words are tokenised and weighed once per kit ([`Terms::new`]); a
//! portal's index is then a filter over those postings: only pages the
//! portal can see, and words from links to hidden pages only where the
//! target is visible, so nothing gated reaches the index.
//!
//! Words are lowercased, accents folded, a trailing plural `s` dropped,
//! CJK text cut into pairs; the browser applies the same rules to a query
//! and matches word prefixes. How an index is laid out in files: [`files`].

pub mod files;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::markdown::Part;
use crate::model::content::Item;
use crate::model::kit::Kit;

/// Field weights: a word in a title says more than one in the body.
const TITLE: u32 = 10;
const OBJECTION: u32 = 6;
const SUMMARY: u32 = 4;
const TAGS: u32 = 4;
const COLLECTION: u32 = 2;
const BODY: u32 = 1;

/// Words too common to search for (`STOP` in the theme's enablekit.js).
/// A `match`, not a list: the compiler dispatches on length and bytes, and
/// this runs for every word of every page.
fn is_stop(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "for"
            | "from"
            | "has"
            | "have"
            | "in"
            | "is"
            | "it"
            | "its"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "their"
            | "them"
            | "they"
            | "this"
            | "to"
            | "was"
            | "we"
            | "were"
            | "will"
            | "with"
            | "you"
            | "your"
    )
}

/// The words of `text`, normalised as the browser normalises queries
/// (`queryWords` in the theme's enablekit.js, which must stay in step):
/// lowercase, accents folded ("Müller" → `muller`: NFD, combining marks
/// dropped), a plural `s` trimmed, stop words out. Text in scripts written
/// without spaces (Chinese, Japanese, Korean) becomes overlapping pairs of
/// characters, so any word of two or more characters inside it is found.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, |w| out.push(w.to_string()));
    out
}

/// [`words`] without a `String` per word: `f` sees each word in a buffer
/// that is reused, so a page's repeated words allocate nothing.
pub fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let folded = fold(text);
    let mut buf = String::new();
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        if word.is_ascii() {
            buf.clear();
            buf.push_str(word);
            buf.make_ascii_lowercase();
            if buf.len() > 3 && buf.ends_with('s') && !buf.ends_with("ss") {
                buf.pop();
            }
            if buf.len() > 1 && !is_stop(&buf) {
                f(&buf);
            }
            continue;
        }
        for w in script_runs(word) {
            let n = w.chars().count();
            let kept = n > 1 || w.chars().all(is_cjk) && n == 1;
            if kept && !is_stop(&w) {
                f(&w);
            }
        }
    }
}

/// Accents folded and CJK kept composed. Only the non-ASCII runs (with
/// the ASCII letter before each, which a combining mark may belong to)
/// go through normalisation: ASCII never composes with what follows it,
/// so the result is the same as normalising the whole text, at a fraction
/// of the cost for mostly-English pages.
fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| !c.is_ascii()) {
        let start = at.saturating_sub(1);
        out.push_str(&rest[..start]);
        let end = rest[at..]
            .find(|c: char| c.is_ascii())
            .map_or(rest.len(), |e| at + e);
        fold_run(&rest[start..end], &mut out);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.into()
}

/// Folded before splitting, so a decomposed "u" + "¨" does not split a
/// word; composed first, and CJK kept whole: が is not か, and Hangul
/// syllables must not fall apart into jamo.
fn fold_run(run: &str, out: &mut String) {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    for c in run.nfc() {
        match is_cjk(c) {
            true => out.push(c),
            false => out.extend(c.nfd().filter(|m| !is_combining_mark(*m))),
        }
    }
}

/// Lowercased words, one per run of non-CJK characters, and the pairs of
/// each CJK run.
fn script_runs(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = word.chars().collect();
    let mut start = 0;
    while start < chars.len() {
        let cjk = is_cjk(chars[start]);
        let end = (start..chars.len())
            .find(|&i| is_cjk(chars[i]) != cjk)
            .unwrap_or(chars.len());
        let run = &chars[start..end];
        if cjk {
            match run.len() {
                1 => out.push(run[0].to_string()),
                _ => out.extend(run.windows(2).map(|p| p.iter().collect())),
            }
        } else {
            let mut w: String = run.iter().collect::<String>().to_lowercase();
            if w.chars().count() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w.pop();
            }
            out.push(w);
        }
        start = end;
    }
    out
}

/// Han, kana and hangul: scripts whose words are not separated by spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F | 0x20000..=0x2FFFF)
}

/// A word's weight in one page, and the page it must be able to link to
/// for the word to count (words inside a link to another page).
#[derive(Debug, Clone, Copy)]
struct Posting {
    item: u32,
    weight: u32,
    needs: Option<u32>,
}

/// Every word of every page, weighed once per build.
#[derive(Debug, Default)]
pub struct Terms {
    /// Sorted by word, so every index lists words in the same order.
    postings: Vec<(String, Vec<Posting>)>,
    /// Per word (by `postings` order), its stem's number in `stems`, when
    /// the language has a stemmer and the stem is not the word itself.
    stem_of: Vec<Option<u32>>,
    /// The stems, sorted, each marked with [`STEM`].
    stems: Vec<String>,
}

/// What a stem's entry starts with: a character no word has (words are
/// letters and digits), so a stem is never taken for a word.
pub const STEM: char = '~';

/// The Snowball stemmer of `lang`'s primary subtag, where `rust-stemmers`
/// has one.
fn stemmer(lang: &str) -> Option<rust_stemmers::Stemmer> {
    use rust_stemmers::Algorithm as A;
    let algorithm = match lang.split('-').next().unwrap_or(lang) {
        "ar" => A::Arabic,
        "da" => A::Danish,
        "de" => A::German,
        "el" => A::Greek,
        "en" => A::English,
        "es" => A::Spanish,
        "fi" => A::Finnish,
        "fr" => A::French,
        "hu" => A::Hungarian,
        "it" => A::Italian,
        "nl" => A::Dutch,
        "no" | "nb" | "nn" => A::Norwegian,
        "pt" => A::Portuguese,
        "ro" => A::Romanian,
        "ru" => A::Russian,
        "sv" => A::Swedish,
        "ta" => A::Tamil,
        "tr" => A::Turkish,
        _ => return None,
    };
    Some(rust_stemmers::Stemmer::create(algorithm))
}

/// Each word's stem (see [`Terms::stems`]): once per distinct word, not per
/// occurrence. Words of two characters or fewer, CJK pairs and stems
/// shorter than three characters are left alone: they would match too much.
fn stems_of(words: &[(String, Vec<Posting>)], lang: &str) -> (Vec<Option<u32>>, Vec<String>) {
    let Some(stemmer) = stemmer(lang) else {
        return (vec![None; words.len()], Vec::new());
    };
    let found: Vec<Option<String>> = words
        .par_iter()
        .map(|(w, _)| {
            if w.chars().count() < 4 || w.chars().any(is_cjk) {
                return None;
            }
            let stem = stemmer.stem(w);
            (stem != w.as_str() && stem.chars().count() >= 3).then(|| format!("{STEM}{stem}"))
        })
        .collect();
    let mut stems: Vec<String> = found.iter().flatten().cloned().collect();
    stems.sort_unstable();
    stems.dedup();
    let number = |s: &String| stems.binary_search(s).ok().map(|n| n as u32);
    let stem_of = found.iter().map(|f| f.as_ref().and_then(number)).collect();
    (stem_of, stems)
}

impl Terms {
    /// The words of those of `items` (the kit's items as a tree in `lang`
    /// shows them) that are written in `lang`.
    pub fn new(kit: &Kit, items: &[Item], lang: &str) -> Terms {
        // Folded into one map per thread as pages are weighed, not
        // collected per page first: a String per word per page, all alive
        // at once, was most of a 20 000-page build's peak memory.
        // Only the pages written in `lang`: an original standing in for a
        // missing translation is searched in its own language's tree.
        let postings = items
            .par_iter()
            .enumerate()
            .filter(|(_, item)| item.lang == lang)
            .fold(
                FxHashMap::default,
                |mut acc: FxHashMap<String, Vec<Posting>>, (i, item)| {
                    for ((word, needs), weight) in page_weights(kit, item) {
                        let posting = Posting {
                            item: i as u32,
                            weight,
                            needs,
                        };
                        match acc.get_mut(word.as_str()) {
                            Some(list) => list.push(posting),
                            None => {
                                acc.insert(word, vec![posting]);
                            }
                        }
                    }
                    acc
                },
            )
            .reduce(FxHashMap::default, |mut acc, other| {
                for (word, mut list) in other {
                    acc.entry(word).or_default().append(&mut list);
                }
                acc
            });
        let mut postings: Vec<(String, Vec<Posting>)> = postings.into_iter().collect();
        postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        postings
            .par_iter_mut()
            .for_each(|(_, list)| list.sort_by_key(|p| (p.item, p.needs)));
        let (stem_of, stems) = stems_of(&postings, lang);
        Terms {
            postings,
            stem_of,
            stems,
        }
    }

    /// The index of a portal that sees the items where `visible` is true:
    /// its files, entry first (see [`files`]).
    pub fn index_files(
        &self,
        kit: &Kit,
        items: &[Item],
        visible: &[bool],
    ) -> Vec<(String, Vec<u8>)> {
        let mut number = vec![u32::MAX; items.len()];
        let mut docs = Vec::new();
        for (i, item) in items.iter().enumerate().filter(|(i, _)| visible[*i]) {
            number[i] = docs.len() as u32;
            docs.push(files::Doc {
                u: item.url(),
                t: &item.title,
                c: &item.collection,
                ct: kit
                    .config
                    .collection(&item.collection)
                    .map_or("", |c| c.title.as_str()),
                s: item.front.summary.as_deref().unwrap_or(""),
            });
        }
        let mut writer = files::Writer::new(docs);
        let mut merged: Vec<(u32, u32)> = Vec::new();
        let mut used = vec![false; self.stems.len()];
        // Words after the stems' mark in code-point order (other scripts)
        // wait until the stems, which sort before them, are written.
        let mut after: Vec<(&str, Vec<(u32, u32)>)> = Vec::new();
        for ((word, list), stem) in self.postings.iter().zip(&self.stem_of) {
            merged.clear();
            for p in list {
                let shown = visible[p.item as usize] && p.needs.is_none_or(|t| visible[t as usize]);
                if !shown {
                    continue;
                }
                let doc = number[p.item as usize];
                match merged.last_mut() {
                    Some((d, w)) if *d == doc => *w += p.weight,
                    _ => merged.push((doc, p.weight)),
                }
            }
            if merged.is_empty() {
                continue;
            }
            if let Some(n) = stem {
                used[*n as usize] = true;
            }
            match word.starts_with(|c: char| c > STEM) {
                true => after.push((word, merged.clone())),
                false => writer.word(word, &merged),
            }
        }
        // A stem is only a mark (the browser searches it as a prefix), and
        // only for words this portal shows.
        for (stem, _) in self.stems.iter().zip(&used).filter(|(_, u)| **u) {
            writer.word(stem, &[]);
        }
        for (word, merged) in &after {
            writer.word(word, merged);
        }
        writer.finish()
    }
}

/// A page's words with their weights, each with the link target it needs
/// to be visible (words inside a link to another page).
fn page_weights(kit: &Kit, item: &Item) -> FxHashMap<(String, Option<u32>), u32> {
    let mut weights: FxHashMap<(String, Option<u32>), u32> = FxHashMap::default();
    // Looked up by a borrowed key first: most words of a page repeat, and
    // only a new one needs its own String.
    let mut probe = (String::new(), None);
    let mut add = |text: &str, weight: u32, needs: Option<u32>| {
        each_word(text, |w| {
            probe.0.clear();
            probe.0.push_str(w);
            probe.1 = needs;
            match weights.get_mut(&probe) {
                Some(total) => *total += weight,
                None => {
                    weights.insert(probe.clone(), weight);
                }
            }
        });
    };
    let f = &item.front;
    add(&item.title, TITLE, None);
    add(f.objection.as_deref().unwrap_or(""), OBJECTION, None);
    add(f.short_answer.as_deref().unwrap_or(""), OBJECTION, None);
    add(f.summary.as_deref().unwrap_or(""), SUMMARY, None);
    add(&f.tags.join(" "), TAGS, None);
    if let Some(c) = kit.config.collection(&item.collection) {
        add(&c.title, COLLECTION, None);
    }
    // A section with a rule of its own is left out: the words are weighed
    // once for every reader of the page.
    let shared = |n: usize| n == 0 || item.sections.get(n - 1).is_none_or(Option::is_none);
    for (_, part) in crate::markdown::in_sections(&item.body.parts).filter(|(n, _)| shared(*n)) {
        match part {
            Part::Html(html) => add(&html_to_text(html), BODY, None),
            Part::Link {
                target, inner_text, ..
            } => add(inner_text, BODY, Some(*target as u32)),
            // A value differs by reader: one index cannot hold it.
            Part::Value(_) | Part::Section(_) => {}
        }
    }
    weights
}

/// Visible text of an HTML fragment: every tag becomes a space, the
/// entities markdown writes are decoded. Text between tags is copied a run
/// at a time.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            text.push(' ');
            match rest.find('>') {
                Some(end) => rest = &rest[end + 1..],
                None => return text,
            }
            continue;
        }
        let entity = rest.find(';').filter(|&e| e <= 8).map(|e| &rest[..=e]);
        let decoded = match entity {
            Some("&amp;") => Some('&'),
            Some("&lt;") => Some('<'),
            Some("&gt;") => Some('>'),
            Some("&quot;") => Some('"'),
            Some("&#39;" | "&#x27;") => Some('\''),
            _ => None,
        };
        match (decoded, entity) {
            (Some(d), Some(e)) => {
                text.push(d);
                rest = &rest[e.len()..];
            }
            _ => {
                text.push('&');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_html() {
        let t = html_to_text("<p>A &amp; B <a href=\"x\">link</a></p><pre>code &lt;x&gt;</pre>");
        assert_eq!(
            t.split_whitespace().collect::<Vec<_>>().join(" "),
            "A & B link code <x>"
        );
        assert_eq!(
            html_to_text("a > b &nbsp; &c<i>d</i>e<unclosed"),
            "a > b &nbsp; &c d e "
        );
        assert_eq!(html_to_text("&amp"), "&amp");
        assert_eq!(html_to_text("x&#39;s&#x27;"), "x's'");
    }

    #[test]
    fn accents_fold_and_cjk_splits_into_pairs() {
        let w = words("Müller’s Café, ÉTÉ naïve, Mu\u{308}ller");
        assert_eq!(w, ["muller", "cafe", "ete", "naive", "muller"]);
        assert_eq!(words("が 한국어"), ["が", "한국", "국어"]);
        let w = words("価格改定 のお知らせ 東 Lumora価格");
        assert_eq!(
            w,
            [
                "価格", "格改", "改定", "のお", "お知", "知ら", "らせ", "東", "lumora", "価格"
            ]
        );
    }

    /// What `fold` must equal: the whole text normalised at once.
    fn fold_whole(text: &str) -> String {
        let mut out = String::new();
        fold_run(text, &mut out);
        out
    }

    #[test]
    fn folding_runs_equals_folding_the_whole_text() {
        for text in [
            "Mu\u{308}ller and Müller",
            "e\u{301}te\u{301} \u{301}start",
            "\u{1100}\u{1161}\u{11a8} 한국어 kana が か\u{3099}",
            "naïve — “quoted” café’s ÉTÉ",
            "A\u{30a}ngstro\u{308}m x\u{323}\u{302}y",
            "plain ascii only",
            "ü",
            "\u{308}",
        ] {
            assert_eq!(fold(text), fold_whole(text), "{text:?}");
        }
    }

    #[test]
    fn words_are_normalised() {
        let w = words("The Pipelines' velocity, and O'Brien's class; CRMs");
        assert_eq!(w, ["pipeline", "velocity", "brien", "class", "crm"]);
    }
}
