//! Versions: released versions are immutable, `versions.json` lists them
//! newest first, `latest/` mirrors the newest, and every refusal or failure
//! leaves `<out>` as it was.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use crate::common::{KitTest, assert_same_snapshot, latest_snapshot, sub_snapshot, versions};

pub(crate) const PORTALS: [&str; 3] = ["internal", "partners/northstar", "partners/southwind"];

/// The small fixture plus a page that version 1.1.0 removes, built as 1.0.0.
pub(crate) fn built_v1() -> KitTest {
    let kit = KitTest::fixture("small");
    kit.write(
        "content/one-pagers/retired.md",
        "---\ntitle: \"Retired page\"\n---\n\nThis page is dropped in 1.1.0.\n",
    );
    kit.build(&[]).expect_success();
    kit
}

/// Edit one page, add one, remove one.
pub(crate) fn change_for_v11(kit: &KitTest) {
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace(
            "It moves data, watches data",
            "It moves data (now in real time), watches data",
        )
    });
    kit.write(
        "content/one-pagers/new-page.md",
        "---\ntitle: \"New in 1.1\"\n---\n\nA page added in 1.1.0.\n",
    );
    kit.remove("content/one-pagers/retired.md");
}

fn v(version: &str, latest: bool) -> (String, bool) {
    (version.to_string(), latest)
}

pub(crate) fn inode(path: &Path) -> u64 {
    fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .ino()
}

/// Entries directly in `<out>` (no staging leftovers expected).
fn top_level(kit: &KitTest) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(kit.out())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn new_version_keeps_the_old_one_and_moves_latest() {
    let kit = built_v1();
    let before = kit.snapshot();
    change_for_v11(&kit);
    kit.build(&["--version", "1.1.0"])
        .expect_success()
        .expect_stderr("version 1.1.0");
    let after = kit.snapshot();

    for portal in PORTALS {
        let old = sub_snapshot(&before, &format!("{portal}/1.0.0"));
        assert!(old.len() > 10, "{portal}/1.0.0 was built");
        assert_same_snapshot(
            &old,
            &sub_snapshot(&after, &format!("{portal}/1.0.0")),
            &format!("{portal}/1.0.0 after building 1.1.0"),
        );
        assert_eq!(
            versions(&kit, portal),
            [v("1.1.0", true), v("1.0.0", false)],
            "{portal}/versions.json"
        );
        // latest/ is exactly 1.1.0, file for file, as hard links.
        let new = sub_snapshot(&after, &format!("{portal}/1.1.0"));
        assert_same_snapshot(
            &new,
            &latest_snapshot(&after, portal),
            &format!("{portal}/latest vs 1.1.0"),
        );
        assert_eq!(
            inode(&kit.out_path(&format!("{portal}/latest/index.html"))),
            inode(&kit.out_path(&format!("{portal}/1.1.0/index.html"))),
            "{portal}/latest/ hard-links the newest version"
        );
        assert!(
            kit.read_out(&format!("{portal}/index.html"))
                .contains("url=latest/")
        );

        let page = |ver: &str, rel: &str| format!("{portal}/{ver}/one-pagers/{rel}/index.html");
        assert!(kit.out_exists(&page("1.0.0", "retired")));
        assert!(!kit.out_exists(&page("1.1.0", "retired")));
        assert!(!kit.out_exists(&page("latest", "retired")));
        assert!(kit.out_exists(&page("1.1.0", "new-page")));
        assert!(kit.out_exists(&page("latest", "new-page")));
        assert!(!kit.out_exists(&page("1.0.0", "new-page")));
        assert!(
            kit.read_out(&page("1.1.0", "overview"))
                .contains("now in real time")
        );
        assert!(
            kit.read_out(&page("latest", "overview"))
                .contains("now in real time")
        );
        assert!(
            !kit.read_out(&page("1.0.0", "overview"))
                .contains("now in real time")
        );
        // Pages carry no version: an unchanged page is byte-identical.
        let acme =
            |ver: &str| kit.read_out_bytes(&format!("{portal}/{ver}/case-studies/acme/index.html"));
        assert_eq!(
            acme("1.0.0"),
            acme("1.1.0"),
            "{portal}: unchanged page differs"
        );
    }
    assert_eq!(top_level(&kit), ["internal", "partners"]);
}

#[test]
fn existing_version_is_refused_without_replace_and_swapped_with_it() {
    let kit = built_v1();
    change_for_v11(&kit);
    kit.build(&["--version", "1.1.0"]).expect_success();
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace("now in real time", "now in real time, replaced")
    });

    let before = kit.snapshot();
    let run = kit.build(&["--version", "1.1.0"]);
    run.expect_code(2)
        .expect_stderr(
            "error[E0501]: version 1.1.0 is already published, and this build would change it",
        )
        .expect_stderr("bump `version` in kit.yaml")
        .expect_stderr("`--version 1.1.1`")
        .expect_stderr("`--replace`")
        .expect_stderr("enablekit serve");
    assert_same_snapshot(&before, &kit.snapshot(), "refused rebuild of 1.1.0");
    // The default version (kit.yaml: 1.0.0) is refused the same way.
    kit.build(&[]).expect_code(2).expect_stderr("--replace");
    assert_same_snapshot(&before, &kit.snapshot(), "refused rebuild of 1.0.0");

    kit.build(&["--version", "1.1.0", "--replace"])
        .expect_success();
    let after = kit.snapshot();
    for portal in PORTALS {
        assert_same_snapshot(
            &sub_snapshot(&before, &format!("{portal}/1.0.0")),
            &sub_snapshot(&after, &format!("{portal}/1.0.0")),
            &format!("{portal}/1.0.0 after --replace of 1.1.0"),
        );
        let overview = "one-pagers/overview/index.html";
        for ver in ["1.1.0", "latest"] {
            assert!(
                kit.read_out(&format!("{portal}/{ver}/{overview}"))
                    .contains("now in real time, replaced"),
                "{portal}/{ver} was replaced"
            );
        }
        assert_eq!(
            versions(&kit, portal),
            [v("1.1.0", true), v("1.0.0", false)],
            "{portal}: still two versions"
        );
        assert_same_snapshot(
            &sub_snapshot(&after, &format!("{portal}/1.1.0")),
            &latest_snapshot(&after, portal),
            &format!("{portal}/latest after --replace"),
        );
    }
    assert_eq!(top_level(&kit), ["internal", "partners"]);
}

#[test]
fn older_version_does_not_move_latest() {
    let kit = built_v1();
    change_for_v11(&kit);
    kit.build(&["--version", "0.9.0"]).expect_success();
    for portal in PORTALS {
        assert_eq!(
            versions(&kit, portal),
            [v("1.0.0", true), v("0.9.0", false)],
            "{portal}"
        );
        assert!(kit.out_exists(&format!("{portal}/latest/one-pagers/retired/index.html")));
        assert!(!kit.out_exists(&format!("{portal}/latest/one-pagers/new-page/index.html")));
    }
}

#[test]
fn corrupt_versions_json_is_refused() {
    let kit = built_v1();
    fs::write(
        kit.out_path("partners/southwind/versions.json"),
        "{not json",
    )
    .unwrap();
    let before = kit.snapshot();
    change_for_v11(&kit);
    let run = kit.build(&["--version", "1.1.0"]);
    run.expect_code(2)
        .expect_stderr("partners/southwind/versions.json is not a valid versions file")
        .expect_stderr("= help:");
    assert_same_snapshot(&before, &kit.snapshot(), "refused build (corrupt history)");
    assert_eq!(
        kit.read_out("partners/southwind/versions.json"),
        "{not json",
        "never rewrites history it cannot read"
    );
}

#[test]
fn unsafe_version_names_are_refused() {
    let kit = built_v1();
    let before = kit.snapshot();
    for bad in [
        "../evil",
        "a/b",
        ".hidden",
        "",
        "latest",
        "versions.json",
        "index.html",
        "static",
        "1.0",
        "1.0.0+build",
        "v1.0.0",
    ] {
        kit.build(&["--version", bad])
            .expect_code(2)
            .expect_stderr(&format!("error[E0003]: `{bad}` is not a version"))
            .expect_stderr("semantic version such as `1.2.0`");
        assert_same_snapshot(&before, &kit.snapshot(), &format!("--version {bad:?}"));
    }
    assert!(!kit.out_path("evil").exists());
    assert!(!kit.path("evil").exists());
}

/// Make `dir` read-only; true when that actually stops writes (it does
/// not for root).
fn make_read_only(dir: &Path) -> bool {
    fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join(".write-probe");
    match fs::File::create(&probe) {
        Ok(_) => {
            fs::remove_file(&probe).unwrap();
            false
        }
        Err(_) => true,
    }
}

#[test]
fn read_only_portal_folder_leaves_previous_state_intact() {
    let kit = built_v1();
    change_for_v11(&kit);
    let portal_dir = kit.out_path("internal");
    let before = kit.snapshot();
    let effective = make_read_only(&portal_dir);
    let run = kit.build(&["--version", "1.1.0"]);
    fs::set_permissions(&portal_dir, fs::Permissions::from_mode(0o755)).unwrap();
    if effective {
        run.expect_code(2).expect_stderr("error[E0501]");
        assert_same_snapshot(&before, &kit.snapshot(), "build into a read-only portal");
    } else {
        eprintln!("note: chmod does not stop writes here (root?); read-only refusal not checked");
        run.expect_success();
    }
    // Either way the published version is intact.
    let after = kit.snapshot();
    for portal in PORTALS {
        assert_same_snapshot(
            &sub_snapshot(&before, &format!("{portal}/1.0.0")),
            &sub_snapshot(&after, &format!("{portal}/1.0.0")),
            &format!("{portal}/1.0.0"),
        );
    }
}

#[test]
fn failure_publishing_one_portal_leaves_every_portal_untouched() {
    let kit = built_v1();
    change_for_v11(&kit);
    // southwind is committed last; make its move into place fail in a way
    // that also works for root: a dangling symlink where 1.1.0 would go
    // (preflight sees no existing version, the rename then fails).
    std::os::unix::fs::symlink(
        kit.out_path("nowhere"),
        kit.out_path("partners/southwind/1.1.0"),
    )
    .unwrap();
    let before = kit.snapshot();
    let run = kit.build(&["--version", "1.1.0"]);
    run.expect_code(2).expect_stderr("error[E0501]");
    assert_same_snapshot(&before, &kit.snapshot(), "a build whose publication failed");
}

#[test]
fn rebuilding_an_unchanged_kit_succeeds_and_writes_nothing() {
    // The README's first command, run twice, a second apart (no fixed clock).
    let kit = KitTest::example();
    kit.run(&["build", "--quiet"]).expect_success();
    let before = kit.snapshot();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let again = kit.run(&["build"]);
    again
        .expect_success()
        .expect_stderr("1.0.0 is already published and unchanged");
    assert_same_snapshot(&before, &kit.snapshot(), "unchanged rebuild");

    // One portal alone, too.
    kit.run(&["build", "--portal", "northwind-digital"])
        .expect_success()
        .expect_stderr("already published and unchanged");
    assert_same_snapshot(&before, &kit.snapshot(), "unchanged rebuild of one portal");

    // A new partner joins at the same version: its portal is published, the
    // others, unchanged, are left alone... except that the staff portal's
    // partner directory changes, so the release is refused as a whole.
    kit.write(
        "partners/zephyr.yaml",
        kit.read("partners/kestrel-consulting.yaml")
            .replace("Kestrel Consulting", "Zephyr Partners"),
    );
    let refused = kit.run(&["build"]);
    refused.expect_code(2);
    crate::authoring::snapshots::assert_snapshot("build_changed_published_version", &kit, &refused);
    assert_same_snapshot(&before, &kit.snapshot(), "refused changed rebuild");
    // Built for that partner alone, the new portal is published beside the rest.
    kit.run(&["build", "--portal", "zephyr"]).expect_success();
    assert!(kit.out_exists("partners/zephyr/1.0.0/index.html"));
    let after = kit.snapshot();
    assert_same_snapshot(
        &sub_snapshot(&before, "internal"),
        &sub_snapshot(&after, "internal"),
        "the staff portal",
    );
}

/// Every file of a version folder but its record, by `/` path.
fn version_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    crate::common::files_under(dir)
        .into_iter()
        .map(|f| (crate::common::slash(f.strip_prefix(dir).unwrap()), f))
        .filter(|(rel, _)| rel != ".enablekit-files")
        .map(|(rel, f)| (rel, fs::read(f).unwrap()))
        .collect()
}

#[test]
fn each_version_records_its_files_and_the_zip_holds_no_record() {
    let kit = built_v1();
    change_for_v11(&kit);
    kit.build(&["--version", "1.1.0"]).expect_success();
    for portal in PORTALS {
        for version in ["1.0.0", "1.1.0"] {
            let dir = kit.out_path(&format!("{portal}/{version}"));
            let record = fs::read_to_string(dir.join(".enablekit-files")).unwrap();
            let mut lines = record.lines();
            assert_eq!(lines.next(), Some("enablekit-files 1"));
            assert!(lines.next().unwrap().starts_with("zip "), "{record}");
            let listed: std::collections::BTreeMap<String, (String, usize)> = lines
                .map(|l| {
                    let mut parts = l.splitn(3, ' ');
                    let (hash, len) = (parts.next().unwrap(), parts.next().unwrap());
                    let rel = parts.next().unwrap().to_string();
                    (rel, (hash.to_string(), len.parse().unwrap()))
                })
                .collect();
            let files = version_files(&dir);
            assert_eq!(
                listed.keys().collect::<Vec<_>>(),
                files.keys().collect::<Vec<_>>(),
                "{portal}/{version}"
            );
            for (rel, bytes) in &files {
                let (hash, len) = &listed[rel];
                assert_eq!(*len, bytes.len(), "{portal}/{version}/{rel}");
                assert_eq!(*hash, blake3::hash(bytes).to_hex().as_str(), "{rel}");
            }
            assert!(!files.contains_key("offline.zip"), "{portal}/{version}");
        }
        let zip = kit.read_out_bytes(&format!("{portal}/latest/offline.zip"));
        let zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert!(
            names.iter().all(|n| !n.contains(".enablekit")),
            "{portal}: the record is not part of the offline copy"
        );
        assert!(
            names
                .iter()
                .all(|n| n.starts_with("small-kit-") && n.contains("-1.1.0/")),
            "{portal}: the zip in latest/ is the newest version's"
        );
    }
}

/// The small fixture built as 1.0.0 and, after [`change_for_v11`], as
/// 1.1.0, on a fixed clock; `forget` runs in between on every portal's
/// 1.0.0 folder.
fn v11_after(forget: impl Fn(&Path)) -> KitTest {
    let kit = KitTest::fixture("small");
    kit.set_env("SOURCE_DATE_EPOCH", "1790000000");
    kit.write(
        "content/one-pagers/retired.md",
        "---\ntitle: \"Retired page\"\n---\n\nThis page is dropped in 1.1.0.\n",
    );
    kit.build(&[]).expect_success();
    for portal in PORTALS {
        forget(&kit.out_path(&format!("{portal}/1.0.0")));
    }
    change_for_v11(&kit);
    kit.build(&["--version", "1.1.0"]).expect_success();
    kit
}

#[test]
fn a_version_built_from_records_equals_one_built_from_the_files() {
    // One output keeps its records; in the other, 1.0.0 lost them (as an
    // output published before records existed), so the build hashes its
    // files, and compresses every member of the zip anew.
    let recorded = v11_after(|_| {});
    let hashed = v11_after(|v1| fs::remove_file(v1.join(".enablekit-files")).unwrap());
    for portal in PORTALS {
        let dir = |kit: &KitTest| kit.out_path(&format!("{portal}/1.1.0"));
        let (a, b) = (version_files(&dir(&recorded)), version_files(&dir(&hashed)));
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (rel, bytes) in &a {
            assert!(*bytes == b[rel], "{portal}/1.1.0/{rel} differs");
        }
        assert_eq!(
            fs::read(dir(&recorded).join(".enablekit-files")).unwrap(),
            fs::read(dir(&hashed).join(".enablekit-files")).unwrap(),
        );
        // Unchanged pages are hard links either way.
        let page = "case-studies/acme/index.html";
        for kit in [&recorded, &hashed] {
            let old = kit.out_path(&format!("{portal}/1.0.0/{page}"));
            assert_eq!(inode(&old), inode(&dir(kit).join(page)), "{portal}/{page}");
        }
    }
}

#[test]
fn a_published_version_without_a_record_is_compared_by_its_files() {
    let kit = KitTest::fixture("small");
    kit.build(&[]).expect_success();
    for portal in PORTALS {
        fs::remove_file(kit.out_path(&format!("{portal}/1.0.0/.enablekit-files"))).unwrap();
    }
    let before = kit.snapshot();
    kit.build(&[])
        .expect_success()
        .expect_stderr("already published and unchanged");
    assert_same_snapshot(
        &before,
        &kit.snapshot(),
        "unchanged rebuild without records",
    );
    kit.edit("content/one-pagers/overview.md", |s| {
        format!("{s}\nOne more line.\n")
    });
    kit.build(&[]).expect_code(2).expect_stderr("error[E0501]");
    assert_same_snapshot(&before, &kit.snapshot(), "refused rebuild without records");
}
