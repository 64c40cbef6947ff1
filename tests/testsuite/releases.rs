//! Releases that communicate (issue 19): draft previews that never reach a
//! release, `enablekit diff` between versions (and the working kit) with
//! the reason for every gained or lost page, and the monthly brief.

use std::fs;

use crate::common::{KitTest, files_under};

const DRAFT: &str = "---\ntitle: \"Next year's plan zqdraftpreview\"\nsummary: \"Coming soon zqdraftpreview\"\nmin_tier: gold\ndraft: true\n---\n\nNot ready: zqdraftpreview.\n";

fn has_marker(kit: &KitTest, dir: &str, marker: &str) -> bool {
    files_under(&kit.path(dir))
        .iter()
        .any(|f| String::from_utf8_lossy(&fs::read(f).unwrap()).contains(marker))
}

#[test]
fn a_preview_shows_drafts_with_a_banner_and_keeps_their_gating() {
    let kit = KitTest::fixture("small");
    kit.write("content/one-pagers/next-year.md", DRAFT);
    kit.build_into("preview", &["--drafts"]).expect_success();
    let page = kit.read("preview/partners/northstar/latest/one-pagers/next-year/index.html");
    assert!(page.contains("notice--draft"), "the draft banner: {page}");
    assert!(page.contains("<strong>Draft.</strong>"));
    let list = kit.read("preview/partners/northstar/latest/one-pagers/index.html");
    assert!(list.contains("badge badge--draft\">Draft</span>"), "{list}");
    // Gating holds in a preview: southwind is silver, the draft is gold.
    assert!(!has_marker(
        &kit,
        "preview/partners/southwind",
        "zqdraftpreview"
    ));
    assert!(has_marker(&kit, "preview/internal", "zqdraftpreview"));
    // A published page carries no draft banner.
    let overview = kit.read("preview/partners/northstar/latest/one-pagers/overview/index.html");
    assert!(!overview.contains("notice--draft"));
    assert!(kit.path("preview/.enablekit-preview").is_file());

    kit.build(&[]).expect_success();
    assert!(
        !has_marker(&kit, "public", "zqdraftpreview"),
        "a release has no drafts"
    );
    assert!(!kit.out_exists("public/.enablekit-preview"));
}

#[test]
fn drafts_never_go_into_a_release_output() {
    let kit = KitTest::fixture("small");
    kit.write("content/one-pagers/next-year.md", DRAFT);
    let root = kit.root().to_str().unwrap().to_string();
    // Without --out a preview would land in the release output.
    let run = kit.run(&["build", "--root", &root, "--drafts"]);
    run.expect_code(2).expect_stderr("--out");
    // The kit's own release folder, named explicitly.
    let run = kit.build(&["--drafts"]);
    run.expect_code(2)
        .expect_stderr("E0504")
        .expect_stderr("release output");
    assert!(!kit.path("public").exists(), "nothing written");
    // Any folder that already holds releases.
    kit.build_into("site", &[]).expect_success();
    let before = crate::common::snapshot(&kit.path("site"));
    let run = kit.build_into("site", &["--drafts", "--version", "1.0.1"]);
    run.expect_code(2).expect_stderr("holds published releases");
    crate::common::assert_same_snapshot(
        &before,
        &crate::common::snapshot(&kit.path("site")),
        "a refused preview",
    );
    // A release never builds on a preview either.
    kit.build_into("preview", &["--drafts"]).expect_success();
    let run = kit.build_into("preview", &["--version", "1.0.1"]);
    run.expect_code(2)
        .expect_stderr("draft preview")
        .expect_stderr(".enablekit-preview");
    assert!(!kit.path("preview/internal/1.0.1").exists());
}

#[test]
fn a_preview_never_sits_inside_a_release_or_a_release_inside_a_preview() {
    let kit = KitTest::fixture("small");
    kit.write("content/one-pagers/next-year.md", DRAFT);
    kit.build(&[]).expect_success();
    // Inside a portal's folder it would be served behind that partner's login.
    kit.build_into("public/partners/northstar/preview", &["--drafts"])
        .expect_code(2)
        .expect_stderr("holds published releases");
    kit.build_into("public/nested/deeper", &["--drafts"])
        .expect_code(2);
    assert!(!kit.path("public/partners/northstar/preview").exists());
    // versions.json records a preview, so losing the dot file changes nothing.
    kit.build_into("preview", &["--drafts"]).expect_success();
    let versions = kit.read("preview/internal/versions.json");
    assert!(versions.contains("\"preview\": true"), "{versions}");
    assert!(!kit.read_out("internal/versions.json").contains("preview"));
    fs::remove_file(kit.path("preview/.enablekit-preview")).unwrap();
    kit.build_into("preview", &["--version", "1.0.1"])
        .expect_code(2)
        .expect_stderr("draft preview");
    kit.build_into("preview/sub", &[])
        .expect_code(2)
        .expect_stderr("draft preview");
    // host-config finds a preview wherever it is below the output.
    let nested = kit.path("public/partners/northstar/notes");
    crate::common::copy_tree(&kit.path("preview"), &nested);
    let run = crate::hosting::host_config_for(&kit, &kit.out(), &[]);
    run.expect_code(2)
        .expect_stderr("partners/northstar/notes is a draft preview");
}

#[test]
fn host_config_refuses_a_preview() {
    let kit = KitTest::fixture("small");
    kit.write("content/one-pagers/next-year.md", DRAFT);
    kit.build_into("public", &["--drafts"]).expect_code(2);
    kit.build_into("preview", &["--drafts"]).expect_success();
    let run = crate::hosting::host_config_for(&kit, &kit.path("preview"), &[]);
    run.expect_code(2)
        .expect_stderr("draft preview")
        .expect_stderr("without `--drafts`");
}

fn page(title: &str, gate: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nsummary: \"About {title}.\"\n{gate}---\n\nThe {title} page.\n"
    )
}

/// 1.0.0: a gold-only page and an open one. 1.1.0: the gold page opens to
/// silver (southwind gains it), the open page narrows to resellers
/// (southwind loses it), one page is new and one is gone.
fn two_releases() -> KitTest {
    let kit = KitTest::fixture("small");
    kit.write(
        "content/one-pagers/gold-plan.md",
        page("Gold plan", "min_tier: gold\n"),
    );
    kit.write("content/one-pagers/open-faq.md", page("Open FAQ", ""));
    kit.write("content/one-pagers/old-news.md", page("Old news", ""));
    kit.build(&[]).expect_success();
    kit.write(
        "content/one-pagers/gold-plan.md",
        page("Gold plan", "min_tier: silver\n"),
    );
    kit.write(
        "content/one-pagers/open-faq.md",
        page("Open FAQ", "partner_types: [reseller]\n"),
    );
    kit.remove("content/one-pagers/old-news.md");
    kit.write("content/one-pagers/fresh.md", page("Fresh launch", ""));
    kit.build(&["--version", "1.1.0"]).expect_success();
    kit
}

fn diff_json(kit: &KitTest, args: &[&str]) -> serde_json::Value {
    let root = kit.root().to_str().unwrap().to_string();
    let mut all = vec!["diff", "--root", &root, "--format", "json"];
    all.extend_from_slice(args);
    let run = kit.run(&all);
    run.expect_success();
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn portal<'a>(diff: &'a serde_json::Value, dir: &str) -> &'a serde_json::Value {
    diff["portals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["portal"] == dir)
        .unwrap_or_else(|| panic!("no {dir} in {diff:#}"))
}

fn keys(list: &serde_json::Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect()
}

#[test]
fn diff_between_releases_names_gains_and_losses_with_their_reason() {
    let kit = two_releases();
    let d = diff_json(&kit, &[]);
    assert_eq!(
        (d["from"].as_str(), d["to"].as_str()),
        (Some("1.0.0"), Some("1.1.0"))
    );
    let south = portal(&d, "partners/southwind");
    assert_eq!(south["status"], "kept");
    assert_eq!(keys(&south["gained"]), ["one-pagers/gold-plan"]);
    assert_eq!(
        south["gained"][0]["reasons"],
        serde_json::json!([{"rule": "tier", "of": "page", "field": "min_tier", "before": "gold", "after": "silver"}])
    );
    assert_eq!(south["gained"][0]["title"], "Gold plan");
    assert_eq!(south["gained"][0]["url"], "one-pagers/gold-plan/");
    assert_eq!(keys(&south["lost"]), ["one-pagers/open-faq"]);
    assert_eq!(
        south["lost"][0]["reasons"],
        serde_json::json!([{"rule": "type", "of": "page", "field": "partner_types", "before": "", "after": "reseller"}])
    );
    // New to the kit and gone from it: added and removed, not gained or lost.
    assert_eq!(keys(&south["added"]), ["one-pagers/fresh"]);
    assert_eq!(keys(&south["removed"]), ["one-pagers/old-news"]);
    // Northstar (gold reseller) saw both pages before and after.
    let north = portal(&d, "partners/northstar");
    assert_eq!(keys(&north["gained"]), Vec::<&str>::new());
    assert_eq!(keys(&north["lost"]), Vec::<&str>::new());
    assert_eq!(keys(&north["added"]), ["one-pagers/fresh"]);
    // Staff see everything: only additions and removals.
    let staff = portal(&d, "internal");
    assert_eq!(keys(&staff["added"]), ["one-pagers/fresh"]);
    assert_eq!(keys(&staff["removed"]), ["one-pagers/old-news"]);
    assert!(staff["gained"].as_array().unwrap().is_empty());
    // No partner manifest carries the rules (an allow-list names partners).
    for p in ["northstar", "southwind"] {
        let m = kit.read_out(&format!("partners/{p}/1.1.0/manifest.json"));
        assert!(!m.contains("\"gate\""), "{p}: {m}");
    }
    // The same, for people.
    let root = kit.root().to_str().unwrap().to_string();
    let run = kit.run(&["diff", "--root", &root]);
    run.expect_success();
    let text = &run.stdout;
    let south_at = text.find("partners/southwind").expect(text);
    assert!(text[south_at..].contains(
        "+ gains    Gold plan (one-pagers/gold-plan)\n             tier: the page's `min_tier` changed from `gold` to `silver`"
    ), "{text}");
    assert!(
        text[south_at..].contains("- loses    Open FAQ (one-pagers/open-faq)"),
        "{text}"
    );
    assert!(text.contains("from (none) to `reseller`"), "{text}");
}

#[test]
fn diff_working_compares_the_kit_now_without_writing() {
    let kit = two_releases();
    // Southwind moves up to gold: the gold plan it has, and a gold page.
    kit.write(
        "content/one-pagers/gold-deals.md",
        page("Gold deals", "min_tier: gold\n"),
    );
    kit.edit("content/one-pagers/gold-plan.md", |s| {
        s.replace("min_tier: silver", "min_tier: gold")
    });
    kit.edit("partners/southwind.yaml", |s| {
        s.replace("tier: silver", "tier: gold")
    });
    let before = kit.snapshot();
    let d = diff_json(&kit, &["--working"]);
    crate::common::assert_same_snapshot(&before, &kit.snapshot(), "diff --working");
    assert_eq!(
        (d["from"].as_str(), d["to"].as_str()),
        (Some("1.1.0"), Some("working"))
    );
    let south = portal(&d, "partners/southwind");
    // The gold plan moved to gold, and so did southwind: still visible.
    assert!(keys(&south["lost"]).is_empty(), "{south:#}");
    assert_eq!(keys(&south["added"]), ["one-pagers/gold-deals"]);
    // Comparing 1.0.0 with now: the open FAQ lost by type, the partner's tier changed.
    let d = diff_json(&kit, &["--working", "--from", "1.0.0"]);
    let south = portal(&d, "partners/southwind");
    assert_eq!(keys(&south["gained"]), ["one-pagers/gold-plan"]);
    assert_eq!(
        south["gained"][0]["reasons"],
        serde_json::json!([{"rule": "tier", "of": "partner", "field": "tier", "before": "silver", "after": "gold"}])
    );
}

#[test]
fn diff_refuses_versions_that_are_not_published() {
    let kit = KitTest::fixture("small");
    let root = kit.root().to_str().unwrap().to_string();
    kit.run(&["diff", "--root", &root])
        .expect_code(2)
        .expect_stderr("no published versions")
        .expect_stderr("enablekit build");
    kit.build(&[]).expect_success();
    kit.run(&["diff", "--root", &root])
        .expect_code(2)
        .expect_stderr("no version before 1.0.0")
        .expect_stderr("--working");
    kit.run(&["diff", "--root", &root, "--from", "0.9.0", "--working"])
        .expect_code(2)
        .expect_stderr("version 0.9.0 is not published")
        .expect_stderr("published versions: 1.0.0");
    kit.build(&["--version", "1.1.0"]).expect_success();
    kit.run(&["diff", "--root", &root, "--from", "1.1.0", "--to", "1.0.0"])
        .expect_code(2)
        .expect_stderr("`--from 1.1.0` is not older than `--to 1.0.0`");
    // A partner new in a release has its pages added, not gained.
    kit.write("partners/eastgate.yaml", "name: \"Eastgate\"\ntier: gold\ntype: reseller\ncontacts:\n  - {name: \"Eve\", role: \"PM\", email: \"eve@kit.example\"}\n  - {name: \"Fay\", role: \"SE\", email: \"fay@kit.example\"}\n");
    let d = diff_json(&kit, &["--working"]);
    let east = portal(&d, "partners/eastgate");
    assert_eq!(east["status"], "new");
    assert!(east["gained"].as_array().unwrap().is_empty(), "{east:#}");
    assert!(
        keys(&east["added"]).contains(&"one-pagers/overview"),
        "{east:#}"
    );
    kit.remove("partners/eastgate.yaml");
    // Nothing changed since 1.1.0.
    let run = kit.run(&["diff", "--root", &root, "--working"]);
    run.expect_success();
    assert!(
        run.stdout.contains("0 of 3 portals change"),
        "{}",
        run.stdout
    );
}

const BRIEFS: &str = "  - {dir: briefs, title: \"Briefs\", kind: brief}\n";

/// A brief for the leaky fixture: an open intro and a section per kind of
/// rule, each with its own marker in heading, text, link text and the
/// alt text and file name of an image only it uses.
const LEAKY_BRIEF: &str = r#"---
title: "December brief zqbriefopen"
summary: "The month in one page zqbriefopen."
date: 2026-12-01
owner: "Partner marketing"
sections:
  Gold corner zqsecgold: {min_tier: gold}
  Referral desk zqsecreferral: {partner_types: [referral]}
  Beta only zqsecallowbeta: {partners: [beta]}
  Staff notes zqsecinternal: {internal: true}
---

Open to every reader: zqbriefopen.

## Open news

Everyone reads this zqbriefopen.

## Gold corner zqsecgold

Gold partners only: zqsecgold. ![Chart zqsecgold](zqsecgold.svg) See [the gold details](../one-pagers/zqgatedtiersgold.md).

## Referral desk zqsecreferral

Referral partners: zqsecreferral, see [the overview](../one-pagers/open-overview.md) (not [this](javascript:alert(1))).

## Beta only zqsecallowbeta

For beta: zqsecallowbeta.

## Staff notes zqsecinternal

Internal: zqsecinternal.

## Dates

- Open to all zqbriefopen.
"#;

fn leaky_with_brief() -> KitTest {
    let kit = KitTest::fixture("leaky");
    kit.edit("kit.yaml", |s| format!("{s}{BRIEFS}"));
    kit.write("content/briefs/december.md", LEAKY_BRIEF);
    kit.write(
        "content/briefs/zqsecgold.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><title>zqsecgold</title></svg>",
    );
    kit
}

#[test]
fn gated_sections_of_a_brief_reach_only_their_readers() {
    use crate::leak::{
        ALPHA, BETA, EXPECTED, GAMMA, INTERNAL, PORTALS, marker_problems, scan_markers,
    };
    let kit = leaky_with_brief();
    kit.build(&[]).expect_success();
    let sections: &[(&str, &[&str])] = &[
        ("zqbriefopen", &PORTALS),
        ("zqsecgold", &[INTERNAL, ALPHA]),
        ("zqsecreferral", &[INTERNAL, BETA, GAMMA]),
        ("zqsecallowbeta", &[INTERNAL, BETA]),
        ("zqsecinternal", &[INTERNAL]),
    ];
    let expected: Vec<(&str, &[&str])> = EXPECTED
        .iter()
        .copied()
        .chain(sections.iter().copied())
        .collect();
    let must = ["1.0.0/briefs/december/index.html"];
    let (found, _) = scan_markers(&kit, &expected, &must);
    let problems = marker_problems(&found, &expected);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    // The e-mail copies were scanned too, and hold what their page holds.
    for p in [ALPHA, BETA, GAMMA] {
        let mail = kit.read_out(&format!("{p}/1.0.0/briefs/december/email.txt"));
        assert!(mail.contains("zqbriefopen"), "{p}: {mail}");
    }
    let alpha = kit.read_out("partners/alpha/latest/briefs/december/index.html");
    assert!(
        alpha.contains("zqsecgold.svg"),
        "alpha sees the gold section's image"
    );
    assert!(!kit.out_exists("partners/beta/latest/briefs/zqsecgold.svg"));
    // Gated sections are not searchable, even where they are shown: one
    // index serves every reader of a page.
    assert!(
        !kit.read_search_index("partners/alpha/latest")
            .contains("zqsecgold")
    );
    assert!(
        kit.read_search_index("partners/alpha/latest")
            .contains("zqbriefopen")
    );
    // The gold section links to a gold-only page: only gold partners read
    // that section, so no portal shows the link as text and `check` is quiet.
    let run = kit.check(&[]);
    run.expect_no_stderr("content/briefs/december.md");
}

#[test]
fn the_email_copy_is_inlined_absolute_and_per_partner() {
    let kit = leaky_with_brief();
    kit.build(&[]).expect_success();
    for p in ["alpha", "beta", "gamma"] {
        let base = format!("https://leaky.example/partners/{p}/latest/");
        let html = kit.read_out(&format!("partners/{p}/latest/briefs/december/email.html"));
        let lower = html.to_ascii_lowercase();
        for needle in [
            "<style",
            "<link",
            "<script",
            " class=\"anchor\"",
            "javascript:",
        ] {
            assert!(!lower.contains(needle), "{p}: {needle} in {html}");
        }
        assert!(html.starts_with("<!DOCTYPE html>"), "{p}");
        assert!(html.contains("style=\""), "{p}: styles inlined");
        let urls: Vec<&str> = crate::common::attr_values(&html, "href")
            .into_iter()
            .chain(crate::common::attr_values(&html, "src"))
            .collect();
        assert!(urls.len() >= 3, "{p}: {urls:?}");
        for url in urls {
            assert!(
                url.starts_with(&base),
                "{p}: `{url}` is not absolute in its portal"
            );
        }
        assert!(
            html.contains(&format!("{base}briefs/december/")),
            "{p}: link to the page online"
        );
        let text = kit.read_out(&format!("partners/{p}/latest/briefs/december/email.txt"));
        assert!(text.contains("December brief zqbriefopen"), "{p}: {text}");
        assert!(!text.contains('<'), "{p}: markup in the text part: {text}");
        assert!(
            text.lines().all(|l| l == l.trim_end()),
            "{p}: trailing blanks"
        );
    }
    // The referral section links to the overview: absolute, in beta's own portal.
    let beta = kit.read_out("partners/beta/latest/briefs/december/email.txt");
    assert!(
        beta.contains("https://leaky.example/partners/beta/latest/one-pagers/open-overview/"),
        "{beta}"
    );
    // Staff send the brief; they get no e-mail copy of their own. A
    // partner's page links its copies, to forward to colleagues.
    assert!(!kit.out_exists("internal/latest/briefs/december/email.html"));
    let page = kit.read_out("partners/alpha/latest/briefs/december/index.html");
    assert!(
        page.contains("<a href=\"email.html\">E-mail version</a>"),
        "{page}"
    );
    let staff = kit.read_out("internal/latest/briefs/december/index.html");
    assert!(!staff.contains("email.html"));
    // Without a base_url there is nothing absolute to link to: a warning, no copy.
    let kit = leaky_with_brief();
    kit.edit("kit.yaml", |s| {
        s.replace("base_url: https://leaky.example\n", "")
    });
    kit.build(&[]).expect_success().expect_stderr("W0160");
    assert!(kit.out_exists("partners/alpha/latest/briefs/december/index.html"));
    assert!(!kit.out_exists("partners/alpha/latest/briefs/december/email.html"));
}

#[test]
fn briefs_are_listed_newest_first_and_announced() {
    let kit = KitTest::fixture("small");
    kit.edit("kit.yaml", |s| format!("{s}{BRIEFS}"));
    let brief = |title: &str, date: &str| {
        format!(
            "---\ntitle: \"{title}\"\ndate: {date}\n---\n\n## News\n\nWhat happened in {title}.\n"
        )
    };
    kit.write(
        "content/briefs/a.md",
        brief("Brief of October", "2026-10-30"),
    );
    kit.write(
        "content/briefs/b.md",
        brief("Brief of September", "2026-09-30"),
    );
    kit.build(&[]).expect_success();
    kit.write(
        "content/briefs/c.md",
        brief("Brief of November", "2026-11-30"),
    );
    kit.build(&["--version", "1.1.0"]).expect_success();
    let list = kit.read_out("partners/southwind/latest/briefs/index.html");
    let at = |t: &str| crate::common::position(&list, t, t);
    assert!(at("Brief of November") < at("Brief of October"));
    assert!(at("Brief of October") < at("Brief of September"));
    assert!(
        list.contains("<time datetime=\"2026-11-30\">30 November 2026</time>"),
        "{list}"
    );
    let page = kit.read_out("partners/southwind/latest/briefs/c/index.html");
    assert!(page.contains("<time datetime=\"2026-11-30\">30 November 2026</time>"));
    let feed = kit.read_out("partners/southwind/1.1.0/feed.xml");
    assert!(feed.contains("<title>Brief of November</title>"), "{feed}");
    // A brief's whole text is in its entry, for reading in a feed reader.
    let entry =
        &feed[crate::common::position(&feed, "<title>Brief of November</title>", "entry")..];
    let entry = &entry[..entry.find("</entry>").unwrap()];
    assert!(
        entry.contains("<content type=\"html\">&lt;h2 id=&quot;news&quot;&gt;News&lt;/h2&gt;"),
        "{entry}"
    );
    assert!(
        entry.contains("What happened in Brief of November."),
        "{entry}"
    );
    let news = kit.read_out("partners/southwind/1.1.0/whats-new/index.html");
    assert!(news.contains("Brief of November"), "{news}");
}

#[test]
fn section_rules_are_checked_where_they_are_written() {
    let kit = leaky_with_brief();
    kit.edit("content/briefs/december.md", |s| {
        s.replace(
            "Gold corner zqsecgold: {min_tier: gold}",
            "Gold corner zqsecgld: {min_tier: golden}",
        )
        .replace("partners: [beta]", "partners: [betta]")
    });
    let run = kit.check(&[]);
    run.expect_code(1)
        .expect_stderr(
            "`sections` names `Gold corner zqsecgld`, which is not a `##` heading of this page",
        )
        .expect_stderr("did you mean `Gold corner zqsecgold`?")
        .expect_stderr("content/briefs/december.md:7:3")
        .expect_stderr("golden")
        .expect_stderr("content/briefs/december.md:7:36")
        .expect_stderr("`partners` names `betta`, which has no profile")
        .expect_stderr("content/briefs/december.md:9:41");
    // Footnotes would gather every section's notes at the end for all.
    let kit = leaky_with_brief();
    kit.edit("content/briefs/december.md", |s| {
        format!("{s}\nA note.[^1]\n\n[^1]: Gold terms zqsecgold.\n")
    });
    kit.check(&[]).expect_code(1).expect_stderr("E0138");
    // A brief needs its date, as a date.
    let kit = leaky_with_brief();
    kit.edit("content/briefs/december.md", |s| {
        s.replace("date: 2026-12-01", "date: 1 Dec")
    });
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("`date` is not a date: `1 Dec`")
        .expect_stderr("date: 2027-03-31");
    kit.edit("content/briefs/december.md", |s| {
        s.replace("date: 1 Dec\n", "")
    });
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("brief item without `date`");
    // A `#fragment` into a gated section shows that heading's words to
    // readers who may not see it: refused, from another page and from
    // outside the section; inside the section it is fine.
    let kit = leaky_with_brief();
    kit.edit("content/one-pagers/open-overview.md", |s| {
        format!("{s}\nSee [the corner](../briefs/december.md#gold-corner-zqsecgold).\n")
    });
    kit.edit("content/briefs/december.md", |s| {
        s.replace(
            "Open to every reader: zqbriefopen.",
            "Open to every reader: zqbriefopen, [jump](#gold-corner-zqsecgold).",
        )
        .replace(
            "Internal: zqsecinternal.",
            "Internal: zqsecinternal, [top](#staff-notes-zqsecinternal).",
        )
    });
    let run = kit.check(&[]);
    run.expect_code(1)
        .expect_stderr("`#gold-corner-zqsecgold` is a heading in a gated section of December brief zqbriefopen")
        .expect_stderr("content/one-pagers/open-overview.md")
        .expect_stderr("content/briefs/december.md:13:36");
    assert_eq!(run.stderr.matches("E0139").count(), 2, "{}", run.stderr);
    // A misspelt rule field is named, not ignored.
    let kit = leaky_with_brief();
    kit.edit("content/briefs/december.md", |s| {
        s.replace("{internal: true}", "{internl: true}")
    });
    kit.check(&[]).expect_code(1).expect_stderr("internl");
}

#[test]
fn new_brief_is_dated_today_and_builds() {
    let kit = KitTest::example();
    kit.set_env("SOURCE_DATE_EPOCH", "1796083200"); // 2026-12-01
    let root = kit.root().to_str().unwrap().to_string();
    kit.run(&["new", "brief", "December 2026", "--root", &root])
        .expect_success();
    let text = kit.read("content/briefs/december-2026.md");
    assert!(text.contains("\ndate: 2026-12-01\n"), "{text}");
    assert!(text.contains("## Product news") && text.contains("## Success story"));
    kit.build(&[]).expect_success();
    assert!(kit.out_exists("partners/atlas-cloud-group/latest/briefs/december-2026/email.html"));
    // The newest issue lists first.
    let list = kit.read_out("partners/atlas-cloud-group/latest/briefs/index.html");
    assert!(
        crate::common::position(&list, "December 2026", "new")
            < crate::common::position(&list, "Partner brief: November 2026", "nov")
    );
}
