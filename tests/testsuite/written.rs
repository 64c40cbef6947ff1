//! What an author writes is what a partner reads: inline code, footnotes,
//! GitHub-style heading anchors, file names as people type them, and staff
//! metadata kept off partner pages. Each through the real binary.

use crate::authoring::small;

const OVERVIEW: &str = "content/one-pagers/overview.md";

fn page(collection: &str, slug: &str) -> String {
    format!("partners/northstar/latest/{collection}/{slug}/index.html")
}

#[test]
fn inline_code_is_code_in_content_and_in_profiles() {
    let kit = small();
    kit.edit(OVERVIEW, |s| {
        format!("{s}\nPrefix test keys with `lmr_test_` and run `lumora <init>`.\n")
    });
    kit.edit("partners/northstar.yaml", |s| {
        s.replace(
            "deal_registration: \"Register deals at the partner desk.\"",
            "deal_registration: \"Register with `POST /deals` and the tag `nsp_`.\"",
        )
    });
    kit.build(&[]).expect_success();
    let html = kit.read_out(&page("one-pagers", "overview"));
    assert!(html.contains("<code>lmr_test_</code>"), "{html}");
    assert!(html.contains("<code>lumora &lt;init&gt;</code>"), "{html}");
    let partnership = kit.read_out("partners/northstar/latest/partnership/index.html");
    assert!(
        partnership.contains("<code>POST /deals</code>"),
        "{partnership}"
    );
    assert!(partnership.contains("<code>nsp_</code>"));
}

/// Every `id="…"` of a page.
fn ids(html: &str) -> Vec<&str> {
    html.match_indices(" id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn footnotes_do_not_share_ids_with_headings_and_link_back() {
    let kit = small();
    kit.edit(OVERVIEW, |s| {
        format!(
            "{s}\n## Pitch\n\nLead with time saved[^pitch], then cost[^cost]. Again[^pitch].\n\n\
             [^pitch]: Measured at Acme, see [the story](../case-studies/acme.md).\n\
             [^cost]: List price.\n\nA link to [the note](#fn:pitch).\n"
        )
    });
    kit.check(&[]).expect_success();
    kit.build(&[]).expect_success();
    let html = kit.read_out(&page("one-pagers", "overview"));
    let all = ids(&html);
    let mut unique = all.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(all.len(), unique.len(), "duplicate ids: {all:?}");
    assert!(html.contains("<h2 id=\"pitch\">"));
    assert!(html.contains("href=\"#fn:pitch\" id=\"fnref:pitch\">1</a>"));
    assert!(html.contains("href=\"#fn:cost\" id=\"fnref:cost\">2</a>"));
    assert!(html.contains("id=\"fnref:pitch:2\""));
    assert!(html.contains("<li id=\"fn:pitch\">"));
    assert!(html.contains("href=\"#fnref:pitch\" class=\"footnote-backref\""));
    assert!(html.contains("href=\"#fnref:pitch:2\" class=\"footnote-backref\""));
    // The note's link is a page link like any other.
    assert!(html.contains("href=\"../../case-studies/acme/\""));
}

#[test]
fn github_anchors_work_beside_ours() {
    let kit = small();
    kit.edit("content/objections/price.md", |s| {
        format!("{s}\n## Days 41–60: review\n\nThen review.\n")
    });
    kit.edit(OVERVIEW, |s| {
        format!(
            "{s}\nCopied from GitHub: [review](../objections/price.md#days-4160-review), \
             ours: [review](../objections/price.md#days-41-60-review).\n"
        )
    });
    kit.check(&[]).expect_success();
    kit.build(&[]).expect_success();
    let target = kit.read_out(&page("objections", "price"));
    assert!(target.contains("id=\"days-41-60-review\""), "{target}");
    assert!(target.contains("id=\"days-4160-review\""), "{target}");
    let html = kit.read_out(&page("one-pagers", "overview"));
    assert!(html.contains("href=\"../../objections/price/#days-4160-review\""));

    // A fragment in neither form still fails, naming the forms that exist.
    kit.edit(OVERVIEW, |s| {
        s.replace("#days-4160-review", "#days-41-review")
    });
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("days-41-review");
}

#[test]
fn file_names_as_people_type_them_become_clean_slugs_and_links_keep_working() {
    let kit = small();
    kit.write(
        "content/one-pagers/Q3 Pricing FAQ.md",
        "---\ntitle: \"Q3 pricing FAQ\"\n---\n\nSee [how to prepare](<préparer l'appel ✓.md>) \
         and ![the chart](<Chart Q3 (final).svg>).\n",
    );
    kit.write(
        "content/one-pagers/préparer l'appel ✓.md",
        "---\ntitle: \"Préparer l'appel\"\n---\n\nBack to [the FAQ](Q3%20Pricing%20FAQ.md).\n",
    );
    kit.write(
        "content/one-pagers/Chart Q3 (final).svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    );
    kit.write(
        "partners/Acme Reseller.yaml",
        kit.read("partners/southwind.yaml")
            .replace("Southwind Referrals", "Acme Reseller"),
    );
    kit.check(&[]).expect_success();
    kit.build(&[]).expect_success();
    let faq = kit.read_out(&page("one-pagers", "q3-pricing-faq"));
    assert!(
        faq.contains("href=\"../../one-pagers/preparer-lappel/\""),
        "{faq}"
    );
    let prep = kit.read_out(&page("one-pagers", "preparer-lappel"));
    assert!(
        prep.contains("href=\"../../one-pagers/q3-pricing-faq/\""),
        "{prep}"
    );
    assert!(kit.out_exists("partners/acme-reseller/latest/index.html"));
    // The image is published under its own name and the page finds it.
    let src = faq
        .split("<img src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("an <img> on the FAQ page")
        .to_string();
    let decoded = src
        .replace("%20", " ")
        .replace("%28", "(")
        .replace("%29", ")");
    let on_disk = decoded.trim_start_matches("../../");
    assert!(
        kit.out_exists(&format!("partners/northstar/latest/{on_disk}")),
        "{src} is not in the portal"
    );
}

#[test]
fn only_a_hand_set_slug_can_be_refused() {
    let kit = small();
    kit.write(
        "content/one-pagers/✓ ✓.md",
        "---\ntitle: Ticks\n---\nBody\n",
    );
    let run = kit.check(&[]);
    run.expect_code(1)
        .expect_stderr("the file name `✓ ✓.md` gives no slug")
        .expect_stderr("set `slug: a-short-name`");
    kit.write(
        "content/one-pagers/✓ ✓.md",
        "---\ntitle: Ticks\nslug: Ticks Page\n---\nBody\n",
    );
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("slug `Ticks Page` cannot be a page folder")
        .expect_stderr("write `slug: ticks-page`");
    kit.write(
        "content/one-pagers/✓ ✓.md",
        "---\ntitle: Ticks\nslug: ticks\n---\nBody\n",
    );
    kit.check(&[]).expect_success();
}

#[test]
fn new_keeps_apostrophes_inside_words() {
    let kit = small();
    let run = kit.run(&["new", "objection", "We can't afford it"]);
    run.expect_success();
    assert!(
        kit.path("content/objections/we-cant-afford-it.md")
            .is_file(),
        "{}",
        run.stdout
    );
}

#[test]
fn owners_and_review_dates_are_for_staff_unless_the_kit_opts_in() {
    let kit = small();
    kit.edit(OVERVIEW, |s| {
        s.replace(
            "owner: \"Marketing\"",
            "owner: \"Partner Marketing — Dana Whitfield\"\nreview_by: 2025-06-30",
        )
    });
    kit.edit("kit.yaml", |s| {
        format!("{s}review_notes_for_partners: true\n")
    });
    kit.build(&[]).expect_success();
    let staff = kit.read_out("internal/latest/one-pagers/overview/index.html");
    assert!(staff.contains("Dana Whitfield"));
    assert!(staff.contains("2025-06-30"));
    for portal in ["northstar", "southwind"] {
        for rel in [
            "one-pagers/overview/index.html",
            "one-pagers/index.html",
            "index.html",
        ] {
            let html = kit.read_out(&format!("partners/{portal}/latest/{rel}"));
            assert!(
                !html.contains("Dana Whitfield"),
                "{portal}/{rel} names the owner"
            );
            assert!(
                !html.contains("2025-06-30"),
                "{portal}/{rel} shows the review date"
            );
        }
        let page = kit.read_out(&format!(
            "partners/{portal}/latest/one-pagers/overview/index.html"
        ));
        assert!(
            page.contains("Under review"),
            "the note itself stays: {portal}"
        );
    }
    for file in crate::common::files_under(&kit.out_path("partners")) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Whitfield"),
            "{} names the owner",
            file.display()
        );
    }

    // A new owner changes nothing a partner sees: no "updated" page for them.
    kit.edit(OVERVIEW, |s| s.replace("Dana Whitfield", "Sam Ortiz"));
    kit.build(&["--version", "1.1.0"]).expect_success();
    let news = kit.read_out("partners/northstar/1.1.0/whats-new/index.html");
    assert!(!news.contains("Product overview"), "{news}");
    let staff_news = kit.read_out("internal/1.1.0/whats-new/index.html");
    assert!(staff_news.contains("Product overview"));

    // Opted in, per field.
    kit.edit("kit.yaml", |s| format!("{s}partner_metadata: [owner]\n"));
    kit.build(&["--version", "1.2.0"]).expect_success();
    let page = kit.read_out("partners/northstar/1.2.0/one-pagers/overview/index.html");
    assert!(page.contains("Sam Ortiz"));
    assert!(!page.contains("2025-06-30"));
    kit.edit("kit.yaml", |s| s.replace("[owner]", "[owners]"));
    kit.check(&[]).expect_code(1).expect_stderr("owners");
}

#[test]
fn a_byte_order_mark_is_not_missing_front_matter() {
    let kit = small();
    let text = kit.read(OVERVIEW);
    kit.write(OVERVIEW, format!("\u{feff}{text}"));
    kit.write(
        "partners/northstar.yaml",
        format!("\u{feff}{}", kit.read("partners/northstar.yaml")),
    );
    kit.write("kit.yaml", format!("\u{feff}{}", kit.read("kit.yaml")));
    kit.check(&[]).expect_success();
    kit.build(&[]).expect_success();
    assert!(
        kit.read_out(&page("one-pagers", "overview"))
            .contains("Three things it does")
    );
    // Locations stay right after the mark: a bad tier on line 2.
    kit.edit("partners/northstar.yaml", |s| {
        s.replace("tier: gold", "tier: bronze")
    });
    kit.check(&[])
        .expect_code(1)
        .expect_stderr(" --> partners/northstar.yaml:2:7");
}

#[test]
fn a_version_in_kit_yaml_must_be_a_version() {
    let kit = small();
    kit.edit("kit.yaml", |s| {
        s.replace("version: 1.0.0", "version: latest")
    });
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("error[E0003]: `latest` is not a version")
        .expect_stderr(" --> kit.yaml:3:10");
    kit.build(&[]).expect_code(1);
    assert!(!kit.out().exists(), "nothing written");
}

#[test]
fn raw_html_naming_kit_pages_or_files_is_refused_with_the_markdown_to_write() {
    let kit = small();
    kit.edit(OVERVIEW, |s| {
        format!(
            "{s}\n<p>See <a href=\"../case-studies/acme.md\">the Acme story</a>.</p>\n\n\
             Inline <img src=\"../case-studies/images/incidents.svg\" alt=\"chart\"> too, \
             and <a href=\"https://example.org/\">outside</a> is fine.\n"
        )
    });
    let run = kit.check(&[]);
    run.expect_code(1)
        .expect_stderr("error[E0125]: raw HTML names a page or file of the kit: `../case-studies/acme.md`")
        .expect_stderr("`[link text](../case-studies/acme.md)`")
        .expect_stderr("error[E0125]: raw HTML names an image of the kit: `../case-studies/images/incidents.svg`");
    assert_eq!(run.diagnostics("E0125").len(), 2, "{}", run.stderr);
}
