//! The example kit and small fixtures build into the documented layout:
//! portals, versions.json, latest/, pages, statics, rewritten links,
//! highlighted code, escaped user text, no drafts.

use std::fs;

use crate::common::{
    EXAMPLE_PORTALS, KitTest, attr_values, check_links, files_under, fixture_dir, repo_root,
    versions,
};

/// `built N pages (M items) into P portals in T ms: …` → (N, M, P).
fn summary(stderr: &str) -> (usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("built "))
        .unwrap_or_else(|| panic!("no summary line in stderr:\n{stderr}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    // built N pages (M items) into P portals in T ms: …
    assert_eq!(words[2], "pages", "{line}");
    assert_eq!(words[4], "items)", "{line}");
    assert_eq!(words[5], "into", "{line}");
    assert!(words[7].starts_with("portal"), "{line}");
    assert_eq!(words[8], "in", "{line}");
    assert!(words[9].parse::<u64>().is_ok(), "duration in {line}");
    assert_eq!(words[10], "ms:", "{line}");
    let num = |s: &str| -> usize {
        s.trim_start_matches('(')
            .parse()
            .unwrap_or_else(|_| panic!("not a number: {s} in {line}"))
    };
    (num(words[1]), num(words[3]), num(words[6]))
}

#[test]
fn example_kit_builds_every_portal_with_the_documented_layout() {
    let kit = KitTest::example();
    assert!(
        !kit.path("themes").exists(),
        "the example copy must not carry a theme"
    );
    let run = kit.build(&[]);
    run.expect_success();

    let (pages, items, portals) = summary(&run.stderr);
    assert_eq!(portals, 7, "{}", run.stderr);
    assert_eq!(items, 23, "the example kit has 23 items: {}", run.stderr);
    assert!(
        run.stderr.contains("version 1.0.0"),
        "summary names the version: {}",
        run.stderr
    );

    let mut html_pages = 0;
    for portal in EXAMPLE_PORTALS {
        assert_eq!(
            versions(&kit, portal),
            vec![("1.0.0".to_string(), true)],
            "{portal}/versions.json"
        );
        let redirect = kit.read_out(&format!("{portal}/index.html"));
        assert!(
            redirect.contains("url=latest/") && redirect.contains("href=\"latest/\""),
            "{portal}/index.html must send readers to latest/: {redirect}"
        );
        for rel in [
            "index.html",
            "404.html",
            "one-pagers/index.html",
            "objections/index.html",
            "case-studies/index.html",
            "one-pagers/lumora-in-one-minute/index.html",
            "static/style.css",
            "static/enablekit.js",
            "static/highlight.css",
            "static/brand.css",
        ] {
            for v in ["1.0.0", "latest"] {
                let p = format!("{portal}/{v}/{rel}");
                assert!(kit.out_exists(&p), "missing {p}");
            }
        }
        // Playbooks are for integration partners and Northwind only: a
        // portal with none has no list page and no menu entry for them.
        let playbooks = [
            "internal",
            "partners/northwind-digital",
            "partners/pipewise-labs",
        ];
        let home = kit.read_out(&format!("{portal}/1.0.0/index.html"));
        assert_eq!(
            kit.out_exists(&format!("{portal}/1.0.0/playbooks/index.html")),
            playbooks.contains(portal),
            "{portal}/playbooks/"
        );
        assert_eq!(
            home.contains("Playbooks"),
            playbooks.contains(portal),
            "{portal} menu"
        );
        let extra = if *portal == "internal" {
            "partners/index.html"
        } else {
            "partnership/index.html"
        };
        assert!(
            kit.out_exists(&format!("{portal}/1.0.0/{extra}")),
            "{portal} lacks {extra}"
        );
        let wrong = if *portal == "internal" {
            "partnership/index.html"
        } else {
            "partners/index.html"
        };
        assert!(
            !kit.out_exists(&format!("{portal}/1.0.0/{wrong}")),
            "{portal} must not have {wrong}"
        );
        html_pages += files_under(&kit.out_path(&format!("{portal}/1.0.0")))
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            // A brief's e-mail copy is a file to paste, not a page.
            .filter(|p| !p.ends_with("email.html"))
            .count();
    }
    assert_eq!(
        pages, html_pages,
        "the summary's page count matches the HTML files written"
    );
    // Partner logos: every partner's in the staff portal, one's own in a partner portal.
    assert!(kit.out_exists("internal/1.0.0/static/partners/atlas-cloud-group.svg"));
    assert!(kit.out_exists("internal/1.0.0/static/partners/sunbeam-advisory.svg"));
    assert!(kit.out_exists("partners/sunbeam-advisory/1.0.0/static/partners/sunbeam-advisory.svg"));
    assert!(
        !kit.out_exists("partners/sunbeam-advisory/1.0.0/static/partners/atlas-cloud-group.svg")
    );
    // Content assets sit at their path relative to content/.
    assert!(kit.out_exists("internal/1.0.0/case-studies/images/acme-incidents.svg"));
    assert_eq!(
        kit.read_out_bytes("internal/1.0.0/case-studies/images/acme-incidents.svg"),
        fs::read(repo_root().join("content/case-studies/images/acme-incidents.svg")).unwrap()
    );
    // Nothing but the portals in <out>: no staging leftovers.
    let top: Vec<String> = fs::read_dir(kit.out())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut top_sorted = top.clone();
    top_sorted.sort();
    assert_eq!(
        top_sorted,
        ["internal", "partners"],
        "unexpected entries in <out>"
    );
}

#[test]
fn objection_page_has_short_answer_and_working_proof_links() {
    let kit = KitTest::example();
    kit.build(&[]).expect_success();
    let page_rel = "internal/1.0.0/objections/too-expensive/index.html";
    let page = kit.read_out(page_rel);
    assert!(
        page.contains("Compared to the tools, maybe."),
        "short answer missing from {page_rel}"
    );
    for slug in ["ledgerline-payments", "acme-logistics"] {
        let href = format!("href=\"../../case-studies/{slug}/\"");
        assert!(page.contains(&href), "{page_rel} lacks proof link {href}");
        assert!(
            kit.out_exists(&format!("internal/1.0.0/case-studies/{slug}/index.html")),
            "proof target {slug} was not built"
        );
    }
    let proof_at = page.find("class=\"proof\"").expect("proof section");
    let proof = &page[proof_at..];
    assert!(
        proof.contains("href=\"../../case-studies/ledgerline-payments/\"")
            && proof.contains("href=\"../../case-studies/acme-logistics/\""),
        "proof section links the case study"
    );
}

#[test]
fn body_links_are_rewritten_and_every_relative_url_resolves() {
    let kit = KitTest::example();
    kit.build(&[]).expect_success();

    let page = kit.read_out("internal/1.0.0/objections/security-wont-approve/index.html");
    assert!(
        page.contains(
            "href=\"../../one-pagers/security-and-compliance/#what-to-send-a-security-team\""
        ),
        "a .md link with #anchor is rewritten to the page URL, anchor kept"
    );
    assert!(page.contains("href=\"../../case-studies/carebridge-health/\""));
    let page =
        kit.read_out("partners/sunbeam-advisory/1.0.0/one-pagers/lumora-in-one-minute/index.html");
    assert!(page.contains("href=\"../../objections/too-expensive/\""));

    // No page anywhere links to a source file.
    for file in files_under(&kit.out()) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(&file).unwrap();
        for href in attr_values(&html, "href") {
            let path = href.split('#').next().unwrap_or(href);
            assert!(
                !path.ends_with(".md"),
                "{}: unrewritten link {href}",
                file.display()
            );
        }
    }

    let report = check_links(&kit.out());
    assert!(
        report.problems.is_empty(),
        "broken relative links:\n{}",
        report.problems.join("\n")
    );
    assert!(
        report.html_files > 200,
        "checked {} pages",
        report.html_files
    );
    assert!(report.checked > 5_000, "checked {} links", report.checked);
    assert!(
        report.with_fragment > 20,
        "checked {} #fragments",
        report.with_fragment
    );
}

#[test]
fn link_checker_notices_a_broken_link() {
    // The checker itself must be able to fail.
    let kit = KitTest::fixture("small");
    kit.build(&[]).expect_success();
    let page = "internal/1.0.0/one-pagers/overview/index.html";
    assert!(check_links(&kit.out()).problems.is_empty());
    let html = kit.read_out(page);
    let broken = html.replace("../../case-studies/acme/", "../../case-studies/nope/");
    let broken = broken.replace("#what-they-mean", "#not-an-anchor");
    assert_ne!(html, broken);
    fs::write(kit.out_path(page), broken).unwrap();
    let problems = check_links(&kit.out()).problems;
    // latest/ hard-links the same file, so each problem shows up twice.
    assert!(
        problems.iter().any(|p| p.contains("case-studies/nope/")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("not-an-anchor")),
        "{problems:?}"
    );
}

#[test]
fn fenced_code_is_highlighted_with_classes() {
    let kit = KitTest::example();
    kit.build(&["--portal", "internal"]).expect_success();
    let page = kit.read_out("internal/1.0.0/playbooks/connect-api-integration-guide/index.html");
    assert!(page.contains("<pre class=\"code\" data-lang=\"bash\">"));
    assert!(page.contains("class=\"hl-"), "no highlighted spans");
    assert!(
        !page.contains(" style=\""),
        "highlighting must not use inline styles"
    );
    let css = kit.read_out("internal/1.0.0/static/highlight.css");
    assert!(css.contains(".hl-"), "highlight.css has no .hl- rules");
}

#[test]
fn kit_without_themes_folder_uses_the_embedded_theme() {
    let kit = KitTest::fixture("small");
    assert!(!kit.path("themes").exists());
    assert!(!fixture_dir("small").join("themes").exists());
    kit.build(&[]).expect_success();
    for portal in ["internal", "partners/northstar", "partners/southwind"] {
        for (rel, src) in [
            ("static/style.css", "themes/default/static/style.css"),
            ("static/enablekit.js", "themes/default/static/enablekit.js"),
        ] {
            assert_eq!(
                kit.read_out_bytes(&format!("{portal}/1.0.0/{rel}")),
                fs::read(repo_root().join(src)).unwrap(),
                "{portal}/1.0.0/{rel} is the embedded theme's file"
            );
        }
        let home = kit.read_out(&format!("{portal}/1.0.0/index.html"));
        assert!(home.contains("<link rel=\"stylesheet\" href=\"static/style.css\">"));
    }
}

#[test]
fn user_text_is_html_escaped() {
    let kit = KitTest::fixture("small");
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace(
            "title: \"Product overview\"",
            "title: \"Overview <script>alert('title')</script> page\"",
        )
        .replace(
            "summary: \"What the product does, in one page.\"",
            "summary: \"Summary <script>alert('summary')</script> text\"",
        )
    });
    kit.edit("partners/northstar.yaml", |s| {
        s.replace(
            "name: \"Northstar Partners\"",
            "name: \"Northstar <b>Bold</b> Partners\"",
        )
    });
    kit.build(&[]).expect_success();

    let item = kit.read_out("internal/1.0.0/one-pagers/overview/index.html");
    assert!(item.contains("Overview &lt;script&gt;"), "title is escaped");
    assert!(
        item.contains("Summary &lt;script&gt;"),
        "summary is escaped"
    );
    let home = kit.read_out("partners/northstar/1.0.0/index.html");
    assert!(
        home.contains("Overview &lt;script&gt;"),
        "card title escaped"
    );
    assert!(
        home.contains("Northstar &lt;b&gt;Bold"),
        "partner name escaped"
    );
    let partnership = kit.read_out("partners/northstar/1.0.0/partnership/index.html");
    assert!(partnership.contains("Northstar &lt;b&gt;Bold"));
    let directory = kit.read_out("internal/1.0.0/partners/index.html");
    assert!(directory.contains("Northstar &lt;b&gt;Bold"));

    for file in files_under(&kit.out()) {
        let text = String::from_utf8_lossy(&fs::read(&file).unwrap()).into_owned();
        assert!(
            !text.contains("<script>alert"),
            "{}: unescaped <script>",
            file.display()
        );
        assert!(
            !text.contains("<b>Bold</b>"),
            "{}: unescaped <b>",
            file.display()
        );
    }
}

#[test]
fn drafts_are_not_built() {
    let kit = KitTest::fixture("small");
    kit.write(
        "content/one-pagers/next-year.md",
        "---\ntitle: \"Zqdraftmarker plan\"\nsummary: \"zqdraftmarker\"\ntags: [pricing]\ndraft: true\n---\n\nNot ready: zqdraftmarker.\n",
    );
    kit.write(
        "content/one-pagers/published.md",
        "---\ntitle: \"Published plan\"\ndraft: false\n---\n\nReady.\n",
    );
    let run = kit.build(&[]);
    run.expect_success();
    let (_, items, _) = summary(&run.stderr);
    assert_eq!(
        items, 4,
        "3 fixture items + 1 published, the draft is not counted"
    );
    for portal in ["internal", "partners/northstar", "partners/southwind"] {
        assert!(kit.out_exists(&format!("{portal}/1.0.0/one-pagers/published/index.html")));
        assert!(!kit.out_exists(&format!("{portal}/1.0.0/one-pagers/next-year")));
    }
    for file in files_under(&kit.out()) {
        let text = String::from_utf8_lossy(&fs::read(&file).unwrap()).to_lowercase();
        assert!(
            !text.contains("zqdraftmarker"),
            "{}: draft content was published",
            file.display()
        );
    }
}

#[test]
fn quiet_build_prints_no_summary() {
    let kit = KitTest::example();
    let run = kit.build(&["--quiet"]);
    run.expect_success();
    assert!(
        !run.stderr.contains("built "),
        "--quiet must not print the summary: {}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("W0201"),
        "--quiet prints only errors: {}",
        run.stderr
    );
}
