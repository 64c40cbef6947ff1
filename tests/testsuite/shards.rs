//! Building a big program on a CI matrix: each job builds some portals
//! (`--portal`) on top of the published output, uploads the portal folders
//! it built, and a last job copies them over the published output (the
//! procedure in README's "Hundreds of partners" and
//! docs/github-actions-shards.yml). The result must equal one full build,
//! byte for byte, release after release, with no `versions.json` entry lost.

use std::path::Path;

use crate::common::{KitTest, Snapshot, assert_same_snapshot, copy_tree, snapshot};

const EPOCH: &str = "1767225600";

/// The jobs of the matrix: every portal in exactly one.
const SHARDS: &[&[&str]] = &[
    &["internal", "atlas-cloud-group", "atelier-rhone"],
    &["kestrel-consulting", "northwind-digital"],
    &["pipewise-labs", "sunbeam-advisory"],
];

/// The folder of a portal in the output.
fn portal_dir(slug: &str) -> String {
    match slug {
        "internal" => "internal".to_string(),
        partner => format!("partners/{partner}"),
    }
}

/// One release the sharded way: each job starts from a copy of what is
/// published (a download, in CI), builds its portals, and hands back only
/// their folders; the last job copies them side by side into an empty
/// folder, which replaces the published output whole (a sync that deletes
/// what it no longer holds: a page or search chunk gone from `latest/`).
fn release_in_shards(kit: &KitTest, version: &str) {
    let published = kit.path("published");
    let combined = kit.path(&format!("combined-{version}"));
    for (n, shard) in SHARDS.iter().enumerate() {
        let job = format!("job-{version}-{n}");
        if published.exists() {
            copy_tree(&published, &kit.path(&job));
        }
        let mut args = vec!["--version", version];
        for slug in *shard {
            args.extend(["--portal", slug]);
        }
        kit.build_into(&job, &args).expect_success();
        for slug in *shard {
            let dir = portal_dir(slug);
            copy_tree(&kit.path(&job).join(&dir), &combined.join(&dir));
        }
    }
    if published.exists() {
        std::fs::remove_dir_all(&published).unwrap();
    }
    std::fs::rename(&combined, &published).unwrap();
}

fn versions_listed(out: &Path, slug: &str) -> Vec<String> {
    let text = std::fs::read_to_string(out.join(portal_dir(slug)).join("versions.json"))
        .expect("versions.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("versions.json is JSON");
    let list = json
        .get("versions")
        .and_then(|v| v.as_array())
        .or_else(|| json.as_array())
        .expect("a list of versions");
    list.iter()
        .map(|v| v["version"].as_str().expect("version").to_string())
        .collect()
}

#[test]
fn sharded_builds_combine_into_the_full_build() {
    let kit = KitTest::example();
    kit.set_env("SOURCE_DATE_EPOCH", EPOCH);
    let portals: Vec<&str> = SHARDS.iter().flat_map(|s| s.iter().copied()).collect();
    let mut previous: Option<Snapshot> = None;
    for (version, edit) in [("1.0.0", false), ("1.1.0", true), ("1.2.0", false)] {
        if edit {
            kit.edit("content/one-pagers/lumora-in-one-minute.md", |t| {
                format!("{t}\n\nA sentence added for the next release.\n")
            });
        }
        kit.build_into("full", &["--version", version])
            .expect_success();
        release_in_shards(&kit, version);
        let full = snapshot(&kit.path("full"));
        let combined = snapshot(&kit.path("published"));
        assert_same_snapshot(&full, &combined, &format!("version {version}, sharded"));
        assert_ne!(
            previous.as_ref(),
            Some(&full),
            "each release adds a version"
        );
        previous = Some(full);
        for slug in &portals {
            let listed = versions_listed(&kit.path("published"), slug);
            assert!(
                listed.iter().any(|v| v == version) && listed.iter().any(|v| v == "1.0.0"),
                "{slug}: versions.json lists {listed:?}"
            );
        }
    }
}
