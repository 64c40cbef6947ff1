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
