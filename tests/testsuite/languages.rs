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
fn start_here_steps_say_what_a_reader_learns_in_each_language() {
    let kit = bilingual();
    kit.edit("kit.yaml", |s| {
        format!("{s}start_here:\n  - item: overview\n    learn:\n      en: \"What it does.\"\n      fr: \"Ce qu'il fait.\"\n")
    });
    kit.build(&[]).expect_success();
    let fr = kit.read_out("partners/northstar/latest/start-here/index.html");
    assert!(fr.contains("Ce qu&#39;il fait."), "{fr}");
    let en = kit.read_out("internal/latest/start-here/index.html");
    assert!(en.contains("What it does."), "{en}");
    kit.edit("kit.yaml", |s| {
        s.replace(
            "      en: \"What it does.\"\n",
            "      de: \"Was es tut.\"\n",
        )
    });
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("E0015")
        .expect_stderr(
            "`learn` of step `overview` is given in `de`, which is not a language of this kit",
        )
        .expect_stderr(
            "`learn` of step `overview` has no text in `en`, the kit's default language",
        );
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
        page.contains("<h1 class=\"item__title\" lang=\"en\" dir=\"ltr\">"),
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

/// The small kit in English, French, Japanese and Arabic: the overview
/// translated into French and Japanese, the price objection into Arabic;
/// Northstar reads French then English, Southwind Japanese then Arabic.
fn translated() -> KitTest {
    let kit = KitTest::fixture("small");
    kit.edit("kit.yaml", |s| format!("{s}languages: [en, fr, ja, ar]\n"));
    kit.edit("partners/northstar.yaml", |s| {
        format!("{s}languages: [fr, en]\n")
    });
    kit.edit("partners/southwind.yaml", |s| {
        format!("{s}languages: [ja, ar]\n")
    });
    kit.write(
        "content/one-pagers/overview.fr.md",
        "---\ntitle: \"Présentation du produit\"\nsummary: \"Ce que fait le produit, en une page.\"\n---\n\n\
         ## Trois choses qu'il fait\n\nIl déplace les données, surveille les données et prévient quand quelque chose casse.\n\n\
         Quand le prix arrive, utilisez [l'objection prix](../objections/price.md#what-they-mean).\n",
    );
    kit.write(
        "content/one-pagers/overview.ja.md",
        "---\ntitle: \"製品概要\"\n---\n\n## 三つの機能\n\nデータを移動し、監視し、障害を知らせます。\n",
    );
    kit.write(
        "content/objections/price.ar.md",
        "---\ntitle: \"أنتم مكلفون جدا\"\nobjection: \"تكلفتكم أعلى مما ندفعه اليوم.\"\nshort_answer: \"مقارنة بساعات الهندسة التي تنفقونها، نسترد تكلفتنا خلال ربعين.\"\n---\n\n## ما يقصدونه {#what-they-mean}\n\nلم يتم قياس القيمة بعد.\n",
    );
    kit
}

#[test]
fn a_portal_is_built_in_each_of_its_languages_with_fallbacks() {
    let kit = translated();
    kit.build(&[]).expect_success();
    let root = "partners/northstar/latest";
    // The first language at the root, the others in their own folder.
    let fr = kit.read_out(&format!("{root}/one-pagers/overview/index.html"));
    assert!(fr.contains("<html lang=\"fr\" dir=\"ltr\">"), "{fr}");
    assert!(fr.contains("<h1 class=\"item__title\">Présentation du produit</h1>"));
    assert!(
        !fr.contains("notice--untranslated"),
        "a translated page says nothing"
    );
    let en = kit.read_out(&format!("{root}/en/one-pagers/overview/index.html"));
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"), "{en}");
    assert!(en.contains(">Product overview</h1>"));
    // The switcher goes to the same page in the other language, both ways.
    assert!(
        fr.contains(
            "<a href=\"../../en/one-pagers/overview/\" hreflang=\"en\" lang=\"en\">English</a>"
        ),
        "{fr}"
    );
    assert!(
        en.contains(
            "<a href=\"../../../one-pagers/overview/\" hreflang=\"fr\" lang=\"fr\">Français</a>"
        ),
        "{en}"
    );
    // The translation's link goes to the page in its own tree.
    assert!(
        fr.contains("href=\"../../objections/price/#what-they-mean\""),
        "{fr}"
    );
    // An untranslated page: the original, marked and announced.
    let price = kit.read_out(&format!("{root}/objections/price/index.html"));
    assert!(price.contains("<html lang=\"fr\""));
    assert!(price.contains("notice--untranslated"), "{price}");
    assert!(price.contains("n’est pas encore traduite"));
    // Its own text is marked English; the theme's words around it stay French.
    assert!(
        price.contains(
            "<h1 class=\"item__title\" lang=\"en\" dir=\"ltr\">You&#39;re too expensive</h1>"
        ),
        "{price}"
    );
    assert!(price.contains("<div class=\"item__body prose\" lang=\"en\" dir=\"ltr\">"));
    assert!(
        !price.contains("<article class=\"item item--objection\" lang"),
        "{price}"
    );
    assert!(price.contains(">Réponse courte</h2>"), "{price}");
    // Right to left: Southwind's Arabic tree, with an English page inside.
    let ar = kit.read_out("partners/southwind/latest/ar/objections/price/index.html");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
    assert!(ar.contains("أنتم مكلفون جدا"));
    assert!(!ar.contains("notice--untranslated"));
    let ar_overview = kit.read_out("partners/southwind/latest/ar/one-pagers/overview/index.html");
    assert!(ar_overview.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        ar_overview.contains(" lang=\"en\" dir=\"ltr\">"),
        "{ar_overview}"
    );
    // Staff read every language; a partner only its own.
    for lang in ["fr", "ja", "ar"] {
        assert!(
            kit.out_exists(&format!("internal/latest/{lang}/index.html")),
            "{lang}"
        );
    }
    assert!(!kit.out_exists(&format!("{root}/ja/index.html")));
    assert!(!kit.out_exists("partners/southwind/latest/fr/index.html"));
    // Each tree has its own manifest, feed and what's new.
    for file in [
        "manifest.json",
        "feed.xml",
        "whats-new/index.html",
        "search-index.js",
    ] {
        assert!(kit.out_exists(&format!("{root}/{file}")), "{file}");
        assert!(kit.out_exists(&format!("{root}/en/{file}")), "en/{file}");
    }
    // A tree's copies of the theme's files and the kit's images are links
    // to the root's: an extra language costs its pages.
    use std::os::unix::fs::MetadataExt;
    for file in [
        "static/style.css",
        "static/enablekit.js",
        "case-studies/images/incidents.svg",
    ] {
        let inode = |rel: &str| std::fs::metadata(kit.out_path(rel)).map(|m| m.ino()).ok();
        let (a, b) = (
            inode(&format!("{root}/{file}")),
            inode(&format!("{root}/en/{file}")),
        );
        assert!(a.is_some() && a == b, "{file}: {a:?} {b:?}");
    }
    let feed = kit.read_out(&format!("{root}/feed.xml"));
    assert!(feed.contains("Présentation du produit"), "{feed}");
    assert!(feed.contains("Publié dans la version 1.0.0"), "{feed}");
    assert!(
        feed.contains(
            "href=\"https://kit.example/partners/northstar/latest/one-pagers/overview/\""
        ),
        "{feed}"
    );
    let en_feed = kit.read_out(&format!("{root}/en/feed.xml"));
    assert!(en_feed.contains("Published in version 1.0.0"), "{en_feed}");
    assert!(
        en_feed.contains(
            "href=\"https://kit.example/partners/northstar/latest/en/one-pagers/overview/\""
        ),
        "{en_feed}"
    );
}

#[test]
fn the_example_kit_reads_in_french_down_to_the_sentences_the_build_writes() {
    let kit = KitTest::example();
    kit.build(&[]).expect_success();
    let root = "partners/atelier-rhone/latest";
    let start = kit.read_out(&format!("{root}/start-here/index.html"));
    assert!(start.contains("<html lang=\"fr\""));
    assert!(
        start.contains("Le pitch en une minute : ce que fait Lumora"),
        "{start}"
    );
    assert!(start.contains("Lumora en une minute"), "the French title");
    let en_start = kit.read_out(&format!("{root}/en/start-here/index.html"));
    assert!(en_start.contains("The one-minute pitch: what Lumora does"));
    let scorecard = kit.read_out(&format!("{root}/scorecard/index.html"));
    assert!(
        scorecard.contains("est passé de 2 en Q2 2026 à 4 en Q3 2026"),
        "{scorecard}"
    );
    let staff = kit.read_out("internal/latest/fr/portfolio/index.html");
    assert!(staff.contains("Un seul contact"), "{staff}");
    assert!(staff.contains("seulement Jonas Lindqvist"), "{staff}");
    let staff_en = kit.read_out("internal/latest/portfolio/index.html");
    assert!(staff_en.contains("Single point of contact"));
}

#[test]
fn a_languages_search_holds_only_the_pages_written_in_it() {
    let kit = translated();
    kit.build(&[]).expect_success();
    let fr = kit.read_search_index("partners/northstar/latest");
    assert!(fr.contains("Présentation du produit"), "{fr}");
    // Folded as queries are: no accents, a plural `s` trimmed.
    assert!(fr.contains("\"deplace\""), "{fr}");
    assert!(
        !fr.contains("You're too expensive"),
        "English pages stay out"
    );
    assert!(!fr.contains("\"moves\""), "English words stay out");
    // Each word's Snowball stem is marked ("~" and the stem, no pages), in
    // the language's own stemmer: French "surveille" → "surveil".
    assert!(fr.contains("\"~surveil\":[]"), "{fr}");
    let en = kit.read_search_index("partners/northstar/latest/en");
    assert!(en.contains("You're too expensive") && en.contains("Product overview"));
    assert!(en.contains("\"~quantifi\":[]"), "English stems: {en}");
    assert!(!en.contains("\"~surveil\""), "no French stems in English");
    assert!(!en.contains("Présentation"));
    // Japanese text in pairs of characters, so a two-character word is found.
    let ja = kit.read_search_index("partners/southwind/latest");
    assert!(ja.contains("製品概要"), "{ja}");
    // Text the translation leaves out is not filled in another language.
    assert!(!ja.contains("What the product does"), "{ja}");
    for pair in ["\"製品\"", "\"概要\"", "\"監視\""] {
        assert!(ja.contains(pair), "{pair}: {ja}");
    }
}

#[test]
fn a_second_version_compares_each_language_with_its_own_tree() {
    let kit = translated();
    kit.build(&[]).expect_success();
    kit.edit("content/one-pagers/overview.fr.md", |s| {
        s.replace("en une page.", "en une seule page.")
    });
    kit.build(&["--version", "1.1.0"]).expect_success();
    let root = "partners/northstar/1.1.0";
    let fr = kit.read_out(&format!("{root}/whats-new/index.html"));
    assert!(
        fr.contains("Présentation du produit"),
        "the French page changed: {fr}"
    );
    let en = kit.read_out(&format!("{root}/en/whats-new/index.html"));
    assert!(
        !en.contains("Product overview"),
        "the English one did not: {en}"
    );
    // An unchanged English tree is byte-identical to the last version's.
    assert_eq!(
        kit.read_out(&format!("{root}/en/one-pagers/overview/index.html")),
        kit.read_out("partners/northstar/1.0.0/en/one-pagers/overview/index.html")
    );
}

#[test]
fn translations_are_checked_against_their_originals() {
    let kit = translated();
    // Gating is the original's: a translation cannot set it.
    kit.write(
        "content/one-pagers/overview.ja.md",
        "---\ntitle: \"製品概要\"\nmin_tier: platinum\n---\n\n## 三つの機能\n\nデータ。\n",
    );
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("E0141")
        .expect_stderr("a translation cannot set `min_tier`")
        .expect_stderr("content/one-pagers/overview.ja.md:3:1")
        .expect_stderr("change it in content/one-pagers/overview.md");
    kit.write(
        "content/one-pagers/overview.ja.md",
        "---\ntitle: \"製品概要\"\n---\n\n## 三つの機能\n\nデータ。\n",
    );
    // A translated heading loses the original's id: a link into it is
    // refused where readers of that language would land.
    kit.edit("content/objections/price.ar.md", |s| {
        s.replace(" {#what-they-mean}", "")
    });
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("`#what-they-mean` is not a heading of أنتم مكلفون جدا")
        .expect_stderr("content/one-pagers/overview.md:")
        .expect_stderr("readers in `ar` land on the translation");
    kit.edit("content/objections/price.ar.md", |s| {
        s.replace("## ما يقصدونه", "## ما يقصدونه {#what-they-mean}")
    });
    // A translation is a whole page in its language: an objection's
    // translation says the objection and its answer itself.
    kit.write(
        "content/objections/price.fr.md",
        "---\ntitle: \"Vous êtes trop cher\"\n---\nTexte.\n",
    );
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("objection item without `objection`")
        .expect_stderr("content/objections/price.fr.md:1:1");
    kit.remove("content/objections/price.fr.md");
    // A translation of nothing is not published, and said so.
    kit.write(
        "content/one-pagers/gone.fr.md",
        "---\ntitle: \"Disparu\"\n---\nTexte.\n",
    );
    kit.build(&[])
        .expect_success()
        .expect_stderr("W0170")
        .expect_stderr("this translates content/one-pagers/gone.md, which does not exist");
    assert!(!kit.out_exists("partners/northstar/latest/one-pagers/gone/index.html"));
    // A translation into a language kit.yaml does not list (or into the
    // default) is not published as a page of its own.
    for (file, lang) in [("overview.de.md", "de"), ("overview.en.md", "en")] {
        kit.write(
            &format!("content/one-pagers/{file}"),
            "---\ntitle: \"Produktübersicht\"\n---\nText.\n",
        );
        kit.build(&["--replace"])
            .expect_success()
            .expect_stderr("W0172")
            .expect_stderr(&format!(
                "a translation of content/one-pagers/overview.md into `{lang}`"
            ));
        kit.remove(&format!("content/one-pagers/{file}"));
    }
    assert!(!kit.out_exists("internal/latest/one-pagers/overview-de/index.html"));
    assert!(!kit.out_exists("partners/northstar/latest/one-pagers/gone-fr/index.html"));
}

#[test]
fn gated_sections_are_gated_by_position_in_every_language() {
    let kit = translated();
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace(
            "owner: \"Marketing\"\n",
            "owner: \"Marketing\"\nsections:\n  Partner margins: {partners: [northstar]}\n",
        ) + "\n## Partner margins\n\nThe margin is zqmarginsecret.\n"
    });
    // The French translation has one section fewer: refused.
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("E0142")
        .expect_stderr("this translation has 1 top-level sections (`##`), content/one-pagers/overview.md has 2");
    for (file, extra) in [
        (
            "overview.fr.md",
            "\n## Marges partenaires\n\nLa marge est zqmarginsecretfr.\n",
        ),
        ("overview.ja.md", "\n## マージン\n\nzqmarginsecretja\n"),
    ] {
        kit.edit(&format!("content/one-pagers/{file}"), |s| {
            format!("{s}{extra}")
        });
    }
    kit.build(&[]).expect_success();
    let fr = kit.read_out("partners/northstar/latest/one-pagers/overview/index.html");
    assert!(
        fr.contains("zqmarginsecretfr"),
        "Northstar sees its section"
    );
    for dir in ["partners/southwind", "partners/southwind/latest/ar"] {
        let files = crate::common::files_under(&kit.out_path(dir));
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("zqmarginsecret"), "LEAK in {}", f.display());
        }
    }
}

#[test]
fn check_reports_translations_older_than_their_original() {
    let kit = translated();
    let git = |args: &[&str], when: &str| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(kit.root())
            .env("GIT_AUTHOR_DATE", when)
            .env("GIT_COMMITTER_DATE", when)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"], "2026-01-01T00:00:00Z");
    git(&["add", "-A"], "2026-01-01T00:00:00Z");
    git(&["commit", "-qm", "kit"], "2026-01-01T00:00:00Z");
    kit.check(&[]).expect_success().expect_no_stderr("W0171");
    // The original changes after its translations.
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace("one page", "a single page")
    });
    git(&["commit", "-qam", "overview"], "2026-03-02T10:00:00Z");
    let run = kit.check(&[]);
    run.expect_success().expect_stderr("W0171").expect_stderr(
        "stale translation: content/one-pagers/overview.md changed after it (on 2026-03-02)",
    );
    assert_eq!(
        run.diagnostics("W0171").len(),
        2,
        "fr and ja: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/one-pagers/overview.fr.md:1:1"),
        "{}",
        run.stderr
    );
    // The French one is brought up to date (even before it is committed).
    kit.edit("content/one-pagers/overview.fr.md", |s| {
        s.replace("une page", "une seule page")
    });
    let run = kit.check(&[]);
    assert_eq!(run.diagnostics("W0171").len(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("overview.ja.md"), "{}", run.stderr);
    // Without git, the files' modification times tell.
    std::fs::remove_dir_all(kit.path(".git")).unwrap();
    let set = |rel: &str, secs: u64| {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
        std::fs::File::options()
            .write(true)
            .open(kit.path(rel))
            .unwrap()
            .set_modified(t)
            .unwrap();
    };
    set("content/one-pagers/overview.md", 1_800_000_000);
    set("content/one-pagers/overview.fr.md", 1_800_000_100);
    set("content/one-pagers/overview.ja.md", 1_700_000_000);
    let run = kit.check(&[]);
    assert_eq!(run.diagnostics("W0171").len(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("overview.ja.md"), "{}", run.stderr);
}
