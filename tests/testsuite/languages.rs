//! Portals in the partner's language (issue 20): kit.yaml's `languages`, a
//! profile's `languages`, and the theme's own words in the portal's
//! language (`t` in templates, `static/strings.js` for the browser script),
//! a kit overriding any of them.

use crate::common::KitTest;

fn bilingual() -> KitTest {
    let kit = KitTest::fixture("small");
    kit.edit("kit.yaml", |s| format!("{s}languages: [en, fr]\n"));
    kit.edit("partners/northstar.yaml", |s| {
        format!("{s}languages: [fr]\n")
    });
    kit
}

#[test]
fn languages_are_checked_where_they_are_written() {
    let kit = KitTest::fixture("small");
    kit.edit("kit.yaml", |s| format!("{s}languages: [en, french, en]\n"));
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("language `french` is not a language tag")
        .expect_stderr("kit.yaml:15:")
        .expect_stderr("language `en` is not a language tag, or is listed twice");
    let kit = bilingual();
    kit.edit("partners/southwind.yaml", |s| {
        format!("{s}languages: [fe]\n")
    });
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("E0212")
        .expect_stderr("`fe`")
        .expect_stderr("languages in kit.yaml: en, fr")
        .expect_stderr("partners/southwind.yaml:");
}

#[test]
fn a_portal_speaks_its_partners_first_language_and_a_kit_overrides_words() {
    let kit = bilingual();
    kit.write(
        "themes/default/i18n/fr.yaml",
        "js_kit_override_probe: \"Bonjour de la part du kit\"\n",
    );
    kit.build(&[]).expect_success();
    let fr = kit.read_out("partners/northstar/latest/static/strings.js");
    assert!(fr.starts_with("window.enablekitStrings = {"), "{fr}");
    assert!(
        fr.contains("\"js_kit_override_probe\":\"Bonjour de la part du kit\""),
        "{fr}"
    );
    // Southwind reads the kit's default language: no French override.
    let en = kit.read_out("partners/southwind/latest/static/strings.js");
    assert!(!en.contains("Bonjour"), "{en}");
    // A broken words file is an error at its place.
    kit.write("themes/default/i18n/fr.yaml", "nav_home: [unclosed\n");
    kit.build(&["--version", "1.0.1"])
        .expect_code(1)
        .expect_stderr("themes/default/i18n/fr.yaml:1:");
}

#[test]
fn a_french_partner_reads_the_theme_in_french_around_english_content() {
    let kit = bilingual();
    kit.edit("kit.yaml", |s| {
        s.replace(
            "languages: [en, fr]\n",
            "  - {dir: briefs, title: \"Briefs\", kind: brief}\nlanguages: [en, fr, ja, ar]\n",
        )
    });
    kit.edit("partners/southwind.yaml", |s| {
        format!("{s}languages: [ja]\n")
    });
    kit.write(
        "content/briefs/nov.md",
        "---\ntitle: \"November\"\ndate: 2026-11-30\n---\n\n## News\n\nNews.\n",
    );
    kit.build(&[]).expect_success();
    let home = kit.read_out("partners/northstar/latest/index.html");
    assert!(home.contains("<html lang=\"fr\" dir=\"ltr\">"), "{home}");
    assert!(home.contains(">Pour commencer</a>"), "French nav: {home}");
    assert!(home.contains("Quoi de neuf"), "French nav");
    assert!(home.contains("<script src=\"static/strings.js\" defer></script>"));
    let feed = kit.read_out("partners/northstar/latest/feed.xml");
    assert!(
        feed.contains("<title>Small Kit pour Northstar Partners\u{a0}: ce qui a changé</title>"),
        "{feed}"
    );
    // The pages themselves are in the kit's language, and say so.
    let page = kit.read_out("partners/northstar/latest/one-pagers/overview/index.html");
    assert!(
        page.contains(" lang=\"en\" dir=\"ltr\">"),
        "content marked English: {page}"
    );
    let strings = kit.read_out("partners/northstar/latest/static/strings.js");
    assert!(strings.contains("\"js_"), "{strings}");
    // Japanese: its own words and dates.
    let brief = kit.read_out("partners/southwind/latest/briefs/nov/index.html");
    assert!(brief.contains("<html lang=\"ja\""), "{brief}");
    assert!(brief.contains("2026年11月30日"), "{brief}");
    // The staff portal speaks the kit's default, with no extra lang marks.
    let staff = kit.read_out("internal/latest/one-pagers/overview/index.html");
    assert!(staff.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(staff.contains(">Start here</a>"));
    assert!(
        staff.matches(" lang=\"en\" dir=").count() == 1,
        "no lang mark but <html>'s where content and portal agree"
    );
    // Right to left: a partner reading Arabic gets `dir="rtl"` (the theme
    // ships no Arabic words, so they are English).
    kit.edit("partners/northstar.yaml", |s| {
        s.replace("languages: [fr]", "languages: [ar]")
    });
    kit.build(&["--version", "1.0.1"]).expect_success();
    let ar = kit.read_out("partners/northstar/1.0.1/index.html");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
}
