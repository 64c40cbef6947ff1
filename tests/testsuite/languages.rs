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
