//! Languages a kit is written and read in: kit.yaml's `languages` (the
//! first is the default), a profile's `languages` (the first is the one its
//! portal speaks), BCP 47 tags as authors write them (`fr`, `pt-BR`), and
//! which of them are written right to left.

use crate::diagnostics::Diagnostic;
use crate::yaml::Doc;

/// The kit's languages when kit.yaml names none.
pub const DEFAULT: &str = "en";

/// Scripts written right to left, by the language's primary subtag.
const RIGHT_TO_LEFT: &[&str] = &[
    "ar", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi",
];

/// `ltr` or `rtl`, for `dir` on a page in `tag`'s language.
pub fn direction(tag: &str) -> &'static str {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    match RIGHT_TO_LEFT.contains(&primary.as_str()) {
        true => "rtl",
        false => "ltr",
    }
}

/// A language tag of the shape BCP 47 gives the common ones: a primary
/// language of 2–3 letters, then subtags of 2–8 letters or digits.
pub fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// kit.yaml's `languages`, else the default; each a tag, listed once.
pub fn of_kit(
    written: Option<Vec<String>>,
    doc: &Doc,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let languages = written.unwrap_or_else(|| vec![DEFAULT.to_string()]);
    if languages.is_empty() {
        errors.push(
            Diagnostic::error("E0014", "`languages` is empty")
                .at(doc.key_location("languages"))
                .hint("list the languages the kit is written in, the default first: `languages: [en, fr]`"),
        );
    }
    for (i, tag) in languages.iter().enumerate() {
        if !is_tag(tag) || languages[..i].contains(tag) {
            errors.push(
                Diagnostic::error(
                    "E0014",
                    format!("language `{tag}` is not a language tag, or is listed twice"),
                )
                .at(doc.value_location("languages", tag))
                .hint("use BCP 47 tags, each once, the default first: `languages: [en, fr, ja]`"),
            );
        }
    }
    languages
}

/// Whether `rel` (a content file, `objections/pricing.fr.md`) is the
/// translation of another into one of the kit's languages other than its
/// default: that language as kit.yaml spells it, and the original's path
/// (`objections/pricing.md`). The convention Zola and Hugo use.
pub fn translation_of(rel: &str, languages: &[String]) -> Option<(String, String)> {
    let stem = rel.strip_suffix(".md")?;
    let (original, suffix) = stem.rsplit_once('.')?;
    if original.ends_with('/') || original.is_empty() {
        return None;
    }
    let lang = languages
        .iter()
        .skip(1)
        .find(|l| l.eq_ignore_ascii_case(suffix))?;
    Some((lang.clone(), format!("{original}.md")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_directions() {
        for ok in ["en", "fr", "pt-BR", "zh-Hant", "ja", "ar", "es-419"] {
            assert!(is_tag(ok), "{ok}");
        }
        for bad in ["", "e", "english", "fr_FR", "fr-", "1a"] {
            assert!(!is_tag(bad), "{bad}");
        }
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("he-IL"), "rtl");
        assert_eq!(direction("fr"), "ltr");
    }

    #[test]
    fn translations_by_file_name() {
        let langs: Vec<String> = ["en", "fr", "pt-BR"].map(String::from).into();
        let t = |rel| translation_of(rel, &langs);
        assert_eq!(
            t("objections/Q3 Pricing FAQ.fr.md"),
            Some(("fr".into(), "objections/Q3 Pricing FAQ.md".into()))
        );
        assert_eq!(t("a/b.PT-br.md"), Some(("pt-BR".into(), "a/b.md".into())));
        // The default language, another suffix, a bare `.fr.md`: originals.
        for rel in ["a/b.en.md", "a/v1.2.md", "a/.fr.md", "a/b.md", "a/b.de.md"] {
            assert_eq!(t(rel), None, "{rel}");
        }
    }
}
