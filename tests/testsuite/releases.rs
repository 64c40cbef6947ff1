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
fn host_config_refuses_a_preview() {
    let kit = KitTest::fixture("small");
    kit.write("content/one-pagers/next-year.md", DRAFT);
    kit.build_into("public", &["--drafts"]).expect_code(2);
    kit.build_into("preview", &["--drafts"]).expect_success();
    let root = kit.root().to_str().unwrap().to_string();
    let out = kit.path("preview").to_str().unwrap().to_string();
    let run = kit.run(&[
        "host-config",
        "--server",
        "nginx",
        "--root",
        &root,
        "--out-dir",
        &out,
    ]);
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
    // Nothing changed since 1.0.0.
    let run = kit.run(&["diff", "--root", &root, "--working"]);
    run.expect_success();
    assert!(
        run.stdout.contains("0 of 3 portals change"),
        "{}",
        run.stdout
    );
}
