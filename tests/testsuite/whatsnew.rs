//! What a release says about itself: each portal version's `manifest.json`
//! (the item pages that portal shows, with content hashes and the version
//! each last changed in), the "what's new" page, change badges on cards, the
//! Atom feed, reproducible output, hard-linked storage, and refusals when a
//! listed version's manifest is unreadable. Gated changes must never show
//! in a portal that cannot see them.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use serde_json::Value;

use crate::common::{
    KitTest, Snapshot, assert_same_snapshot, files_under, latest_snapshot, slash, snapshot,
    sub_snapshot, versions,
};
use crate::leak::{self, ALPHA, BETA, GAMMA, INTERNAL};
use crate::versions::{PORTALS, built_v1, change_for_v11, inode};

/// 2026-01-01T00:00:00Z and a day later.
const EPOCH: &str = "1767225600";
const EPOCH_NEXT_DAY: &str = "1767312000";

const COLLECTIONS: [&str; 3] = ["one-pagers", "objections", "case-studies"];

/// `<portal>/<version>/manifest.json`, parsed.
#[track_caller]
fn manifest(kit: &KitTest, portal: &str, version: &str) -> Value {
    let rel = format!("{portal}/{version}/manifest.json");
    let text = kit.read_out(&rel);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel} is not JSON ({e}): {text}"))
}

/// The manifest's pages by key.
#[track_caller]
fn pages(m: &Value) -> BTreeMap<String, Value> {
    m["pages"]
        .as_array()
        .unwrap_or_else(|| panic!("manifest without a `pages` list: {m}"))
        .iter()
        .map(|p| (p["key"].as_str().expect("key").to_string(), p.clone()))
        .collect()
}

/// Key → (`changed_in`, `added`).
fn stamps(m: &Value) -> BTreeMap<String, (String, bool)> {
    pages(m)
        .into_iter()
        .map(|(k, p)| {
            (
                k,
                (
                    p["changed_in"].as_str().expect("changed_in").to_string(),
                    p["added"].as_bool().expect("added"),
                ),
            )
        })
        .collect()
}

fn stamp(changed_in: &str, added: bool) -> (String, bool) {
    (changed_in.to_string(), added)
}

/// `collection/slug` of every item page on disk in a portal version.
fn item_pages_on_disk(kit: &KitTest, portal: &str, version: &str) -> BTreeSet<String> {
    let root = kit.out_path(&format!("{portal}/{version}"));
    files_under(&root)
        .into_iter()
        .map(|f| slash(f.strip_prefix(&root).unwrap()))
        .filter_map(|rel| {
            let parts: Vec<&str> = rel.split('/').collect();
            match parts.as_slice() {
                [c, slug, "index.html"] if COLLECTIONS.contains(c) => Some(format!("{c}/{slug}")),
                _ => None,
            }
        })
        .collect()
}

/// The what's-new page's `<section>` for `kind` (`added`, `updated`,
/// `removed`), if present.
fn section<'a>(html: &'a str, kind: &str) -> Option<&'a str> {
    let start = html.find(&format!("<section class=\"changes changes--{kind}\""))?;
    let rest = &html[start..];
    Some(&rest[..rest.find("</section>").expect("section closes")])
}

/// The text of every `<li>` in `html`, tags removed.
fn list_items(html: &str) -> Vec<String> {
    html.split("<li>")
        .skip(1)
        .map(|li| {
            let li = &li[..li.find("</li>").unwrap_or(li.len())];
            let mut text = String::new();
            let mut in_tag = false;
            for c in li.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// Every card on a page: its link → its change badge text, if any.
fn card_badges(html: &str) -> BTreeMap<String, Option<String>> {
    html.split("<article class=\"card")
        .skip(1)
        .map(|card| {
            let card = &card[..card.find("</article>").expect("card closes")];
            let href = card
                .split("class=\"card__link\" href=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .expect("card link")
                .to_string();
            let badge = card
                .split("<span class=\"badge badge--changed\">")
                .nth(1)
                .map(|r| r[..r.find("</span>").unwrap()].to_string());
            (href, badge)
        })
        .collect()
}

/// Small fixture → 1.0.0 (with a page 1.1.0 drops) → edit, add, remove → 1.1.0.
fn released_v11() -> KitTest {
    let kit = built_v1();
    change_for_v11(&kit);
    kit.build(&["--version", "1.1.0"]).expect_success();
    kit
}

#[test]
fn manifest_lists_exactly_the_item_pages_a_portal_shows() {
    let kit = KitTest::fixture("small");
    kit.write(
        "content/one-pagers/gold-sheet.md",
        "---\ntitle: \"Gold sheet\"\nowner: \"Sales\"\ntiers: [gold]\n---\n\nGold only.\n",
    );
    kit.edit("content/one-pagers/overview.md", |s| {
        format!("{s}Gold partners: [the gold sheet](gold-sheet.md).\n")
    });
    kit.build(&[]).expect_success();
    let titles = BTreeMap::from([
        ("one-pagers/overview", "Product overview"),
        ("one-pagers/gold-sheet", "Gold sheet"),
        ("objections/price", "You're too expensive"),
        ("case-studies/acme", "Acme: 72% fewer incidents"),
    ]);
    for (portal, slug, sees_gold) in [
        ("internal", "internal", true),
        ("partners/northstar", "northstar", true),
        ("partners/southwind", "southwind", false),
    ] {
        let m = manifest(&kit, portal, "1.0.0");
        assert_eq!(m["portal"], slug, "{portal}");
        assert_eq!(m["version"], "1.0.0", "{portal}");
        assert_eq!(m["first_version"], "1.0.0", "{portal}");
        let pages = pages(&m);
        let keys: BTreeSet<String> = pages.keys().cloned().collect();
        // Exactly the item pages written for this portal, no more, no less.
        assert_eq!(
            keys,
            item_pages_on_disk(&kit, portal, "1.0.0"),
            "{portal}: manifest vs pages on disk"
        );
        assert_eq!(
            keys.contains("one-pagers/gold-sheet"),
            sees_gold,
            "{portal}"
        );
        assert_eq!(keys.len(), if sees_gold { 4 } else { 3 }, "{portal}");
        for (key, page) in &pages {
            let (collection, _) = key.split_once('/').unwrap();
            assert_eq!(page["title"], titles[key.as_str()], "{portal} {key}");
            assert_eq!(page["collection"], collection, "{portal} {key}");
            assert_eq!(page["url"], format!("{key}/"), "{portal} {key}");
            let hash = page["hash"].as_str().expect("hash");
            assert!(
                hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
                "{portal} {key}: hash {hash:?}"
            );
            assert_eq!(page["changed_in"], "1.0.0", "{portal} {key}");
            assert_eq!(page["added"], false, "{portal} {key}");
        }
        // latest/ carries the same manifest.
        assert_eq!(
            kit.read_out(&format!("{portal}/latest/manifest.json")),
            kit.read_out(&format!("{portal}/1.0.0/manifest.json"))
        );
    }
    // The hash is of the page's text: the overview links to the gold
    // sheet, which southwind reads as plain text, and that is a difference
    // of access, not of content (no "updated" when a target is gated away).
    let north = pages(&manifest(&kit, "partners/northstar", "1.0.0"));
    let south = pages(&manifest(&kit, "partners/southwind", "1.0.0"));
    assert_eq!(
        north["one-pagers/overview"]["hash"],
        south["one-pagers/overview"]["hash"]
    );
    assert_eq!(
        north["objections/price"]["hash"],
        south["objections/price"]["hash"]
    );
}

/// `versions.json` without its `built` stamps.
fn without_built(bytes: &[u8]) -> Value {
    let mut v: Value = serde_json::from_slice(bytes).expect("versions.json is JSON");
    for entry in v.as_array_mut().expect("a list") {
        assert!(entry["built"].is_string());
        entry.as_object_mut().unwrap().remove("built");
    }
    v
}

/// `feed.xml` with the text of every `<updated>` element removed.
fn without_updated(bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).expect("feed is UTF-8");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("<updated>") {
        out.push_str(&rest[..i + "<updated>".len()]);
        let after = &rest[i + "<updated>".len()..];
        rest = &after[after.find("</updated>").expect("closed")..];
    }
    out.push_str(rest);
    out
}

#[test]
fn same_inputs_give_the_same_bytes_and_only_documented_stamps_follow_the_clock() {
    let kit = KitTest::example();
    kit.set_env("SOURCE_DATE_EPOCH", EPOCH);
    kit.build_into("out-a", &[]).expect_success();
    kit.build_into("out-b", &[]).expect_success();
    kit.set_env("SOURCE_DATE_EPOCH", EPOCH_NEXT_DAY);
    kit.build_into("out-c", &[]).expect_success();
    let a = snapshot(&kit.path("out-a"));
    let b = snapshot(&kit.path("out-b"));
    let c = snapshot(&kit.path("out-c"));
    assert!(a.len() > 300, "{} entries", a.len());

    // Same clock: every byte the same, in two different output folders.
    assert_same_snapshot(&a, &b, "a second build with the same SOURCE_DATE_EPOCH");

    // Another clock: only versions.json `built` and feed.xml `updated`.
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        c.keys().collect::<Vec<_>>(),
        "same files"
    );
    let mut stamped = BTreeSet::new();
    for (path, old) in &a {
        let new = &c[path];
        if old == new {
            continue;
        }
        let (old, new) = (old.as_ref().unwrap(), new.as_ref().unwrap());
        if path.ends_with("/versions.json") {
            assert_eq!(without_built(old), without_built(new), "{path}");
        } else if path.ends_with("/feed.xml") {
            assert_eq!(without_updated(old), without_updated(new), "{path}");
        } else if path.ends_with("/offline.zip") {
            // It carries the feed, so it follows the feed's dates.
            let feed = path.replace("offline.zip", "feed.xml");
            assert_ne!(a[&feed], c[&feed], "{path} changed while its feed did not");
        } else if path.ends_with("/.enablekit-files") {
            // The record of the version's files: only the feed's and the
            // zip's digests follow the clock.
            let stable = |record: &[u8]| -> Vec<String> {
                String::from_utf8_lossy(record)
                    .lines()
                    .filter(|l| !l.ends_with("feed.xml") && !l.starts_with("zip "))
                    .map(String::from)
                    .collect()
            };
            assert_eq!(stable(old), stable(new), "{path}");
        } else {
            panic!("{path} depends on the build clock");
        }
        stamped.insert(path.clone());
    }
    // The stamps do follow the clock (so the comparison above means something).
    for portal in crate::common::EXAMPLE_PORTALS {
        for file in ["versions.json", "1.0.0/feed.xml", "latest/feed.xml"] {
            let path = format!("{portal}/{file}");
            assert!(
                stamped.contains(&path),
                "{path} did not change with the clock"
            );
        }
        assert_eq!(
            a[&format!("{portal}/1.0.0/manifest.json")],
            c[&format!("{portal}/1.0.0/manifest.json")],
            "{portal}: manifest hashes do not depend on the clock"
        );
    }
}

#[test]
fn whats_new_lists_added_updated_and_removed_items() {
    let kit = released_v11();
    for portal in PORTALS {
        let first = kit.read_out(&format!("{portal}/1.0.0/whats-new/index.html"));
        assert!(
            first.contains("This is the first release of this portal"),
            "{portal}/1.0.0/whats-new"
        );
        assert!(
            !first.contains("<section class=\"changes"),
            "{portal}: the first release lists no changes"
        );

        let html = kit.read_out(&format!("{portal}/1.1.0/whats-new/index.html"));
        // The theme's words are escaped like any value: ' is &#39;.
        assert!(html.contains("What&#39;s new in 1.1.0"), "{portal}");
        assert!(
            html.contains("Changes since version 1.0.0"),
            "{portal}: names the previous version"
        );
        let items = |kind: &str| {
            list_items(section(&html, kind).unwrap_or_else(|| panic!("{portal}: no {kind}")))
        };
        assert_eq!(items("added"), ["New in 1.1 One-pagers"], "{portal}");
        assert_eq!(
            items("updated"),
            ["Product overview One-pagers"],
            "{portal}"
        );
        assert_eq!(items("removed"), ["Retired page"], "{portal}");
        let added = section(&html, "added").unwrap();
        assert!(
            added.contains("href=\"../one-pagers/new-page/\""),
            "{portal}"
        );
        let updated = section(&html, "updated").unwrap();
        assert!(
            updated.contains("href=\"../one-pagers/overview/\""),
            "{portal}"
        );
        // Unchanged items are not listed anywhere on the page.
        let lists = &html[html.find("id=\"whats-new-lists\"").unwrap()..];
        let lists = &lists[..lists.find("</div>").unwrap()];
        for unchanged in [
            "Acme",
            "too expensive",
            "case-studies/acme",
            "objections/price",
        ] {
            assert!(
                !lists.contains(unchanged),
                "{portal}: unchanged {unchanged:?} listed"
            );
        }
        // latest/ shows the same page.
        assert_eq!(
            html,
            kit.read_out(&format!("{portal}/latest/whats-new/index.html"))
        );
    }
}

#[test]
fn manifest_records_the_version_each_page_last_changed_in() {
    let kit = released_v11();
    for portal in PORTALS {
        let m = manifest(&kit, portal, "1.1.0");
        assert_eq!(m["version"], "1.1.0");
        assert_eq!(m["first_version"], "1.0.0", "{portal}");
        assert_eq!(
            stamps(&m),
            BTreeMap::from([
                ("one-pagers/overview".to_string(), stamp("1.1.0", false)),
                ("one-pagers/new-page".to_string(), stamp("1.1.0", true)),
                ("objections/price".to_string(), stamp("1.0.0", false)),
                ("case-studies/acme".to_string(), stamp("1.0.0", false)),
            ]),
            "{portal}/1.1.0/manifest.json"
        );
        let old = pages(&manifest(&kit, portal, "1.0.0"));
        let new = pages(&m);
        assert!(old.contains_key("one-pagers/retired"));
        assert_eq!(
            old["case-studies/acme"]["hash"],
            new["case-studies/acme"]["hash"]
        );
        assert_ne!(
            old["one-pagers/overview"]["hash"],
            new["one-pagers/overview"]["hash"]
        );
    }
    // 1.2.0 with no change keeps every stamp: history survives releases.
    kit.build(&["--version", "1.2.0"]).expect_success();
    for portal in PORTALS {
        assert_eq!(
            stamps(&manifest(&kit, portal, "1.2.0")),
            stamps(&manifest(&kit, portal, "1.1.0")),
            "{portal}: nothing changed in 1.2.0"
        );
        let html = kit.read_out(&format!("{portal}/1.2.0/whats-new/index.html"));
        assert!(
            html.contains("Nothing changed in this portal since 1.1.0"),
            "{portal}"
        );
    }
}

#[test]
fn change_badges_mark_exactly_the_changed_cards() {
    let kit = released_v11();
    for portal in PORTALS {
        for page in ["one-pagers/index.html", "index.html"] {
            let prefix = if page == "index.html" { "" } else { "../" };
            let old = kit.read_out(&format!("{portal}/1.0.0/{page}"));
            assert!(
                !old.contains("badge--changed"),
                "{portal}/1.0.0/{page} has a change badge"
            );
            let new = card_badges(&kit.read_out(&format!("{portal}/1.1.0/{page}")));
            let want = |rel: &str| new.get(&format!("{prefix}{rel}")).cloned();
            assert_eq!(
                want("one-pagers/overview/"),
                Some(Some("Updated in 1.1.0".to_string())),
                "{portal}/1.1.0/{page}: {new:?}"
            );
            assert_eq!(
                want("one-pagers/new-page/"),
                Some(Some("New in 1.1.0".to_string())),
                "{portal}/1.1.0/{page}"
            );
            let badged = new.values().filter(|b| b.is_some()).count();
            assert_eq!(badged, 2, "{portal}/1.1.0/{page}: {new:?}");
        }
        for (collection, card) in [("objections", "price"), ("case-studies", "acme")] {
            let list =
                card_badges(&kit.read_out(&format!("{portal}/1.1.0/{collection}/index.html")));
            assert_eq!(
                list.get(&format!("../{collection}/{card}/")),
                Some(&None),
                "{portal}: unchanged {card} has no badge"
            );
        }
        // No page of the first release carries a change badge.
        let first = kit.out_path(&format!("{portal}/1.0.0"));
        for file in files_under(&first) {
            if file.extension().is_none_or(|e| e != "html") {
                continue; // style.css styles the class
            }
            let text = fs::read_to_string(&file).unwrap();
            assert!(
                !text.contains("badge--changed"),
                "{}: change badge in the first release",
                file.display()
            );
        }
        // The changed page itself says so; an unchanged one does not.
        let overview = kit.read_out(&format!("{portal}/1.1.0/one-pagers/overview/index.html"));
        assert!(overview.contains("<span class=\"badge badge--changed\">Updated in 1.1.0</span>"));
        let acme = kit.read_out(&format!("{portal}/1.1.0/case-studies/acme/index.html"));
        assert!(!acme.contains("badge--changed"), "{portal}");
    }
}

#[test]
fn a_theme_change_alone_is_not_a_content_update() {
    let kit = KitTest::fixture("small");
    kit.build(&[]).expect_success();
    let item =
        fs::read_to_string(crate::common::repo_root().join("themes/default/templates/item.html"))
            .unwrap();
    kit.write(
        "themes/default/templates/item.html",
        item.replacen(
            "{% block content %}",
            "{% block content %}<!-- zqthemechange -->",
            1,
        ),
    );
    kit.build(&["--version", "1.1.0"]).expect_success();
    for portal in PORTALS {
        let page = kit.read_out(&format!("{portal}/1.1.0/case-studies/acme/index.html"));
        assert!(page.contains("zqthemechange"), "the new template is used");
        assert!(
            stamps(&manifest(&kit, portal, "1.1.0"))
                .values()
                .all(|(v, added)| v == "1.0.0" && !added),
            "{portal}: a template change marked content as updated"
        );
        let html = kit.read_out(&format!("{portal}/1.1.0/whats-new/index.html"));
        assert!(
            html.contains("Nothing changed in this portal since 1.0.0"),
            "{portal}"
        );
    }
}

#[test]
fn a_partner_added_later_gets_a_first_release_without_badges() {
    let kit = built_v1();
    kit.write(
        "partners/eastgate.yaml",
        "name: \"Eastgate\"\ntier: gold\ntype: reseller\ncontacts:\n  - {name: \"A\", email: \"a@x.example\"}\n  - {name: \"B\", email: \"b@x.example\"}\n",
    );
    change_for_v11(&kit);
    kit.build(&["--version", "1.1.0"]).expect_success();
    let portal = "partners/eastgate";
    assert_eq!(versions(&kit, portal), [("1.1.0".to_string(), true)]);
    let m = manifest(&kit, portal, "1.1.0");
    assert_eq!(m["first_version"], "1.1.0");
    assert!(stamps(&m).values().all(|(v, added)| v == "1.1.0" && !added));
    let html = kit.read_out(&format!("{portal}/1.1.0/whats-new/index.html"));
    assert!(html.contains("This is the first release of this portal"));
    assert!(!html.contains("<section class=\"changes"));
    for page in ["index.html", "one-pagers/index.html"] {
        assert!(
            !kit.read_out(&format!("{portal}/1.1.0/{page}"))
                .contains("badge--changed"),
            "{portal}/1.1.0/{page}"
        );
    }
}

/// The leaky fixture changed between two releases: a gold-only item
/// edited (new marker in summary and body), a gold-only item added (marker
/// in title, slug, body and image), a beta-only item removed.
const CHANGE_MARKERS: &[(&str, &[&str])] = &[
    ("zqeditedgoldmarker", &[INTERNAL, ALPHA]),
    ("zqnewgoldmarker", &[INTERNAL, ALPHA]),
];

fn change_leaky_for_v11(kit: &KitTest) {
    kit.edit("content/one-pagers/zqgatedtiersgold.md", |s| {
        s.replace(
            "summary: \"Gated summary zqgatedtiersgold.\"",
            "summary: \"Gated summary zqgatedtiersgold, revised zqeditedgoldmarker.\"",
        )
        .replace(
            "The gated body text mentions",
            "Revised (zqeditedgoldmarker). The gated body text mentions",
        )
    });
    kit.write(
        "content/one-pagers/zqnewgoldmarker.md",
        "---\ntitle: \"Zqnewgoldmarker launch sheet\"\nsummary: \"New gold summary zqnewgoldmarker.\"\ntags: [shared]\nowner: \"Owner zqnewgoldmarker\"\ntiers: [gold]\n---\n\n## Details zqnewgoldmarker\n\nNew gold-only text zqnewgoldmarker.\n\n![Chart zqnewgoldmarker](img/zqnewgoldmarker.svg)\n",
    );
    kit.write(
        "content/one-pagers/img/zqnewgoldmarker.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>zqnewgoldmarker</title></svg>\n",
    );
    // An open page links to the new item by its title.
    kit.edit("content/one-pagers/open-overview.md", |s| {
        format!("{s}- New: [Zqnewgoldmarker launch sheet](../one-pagers/zqnewgoldmarker.md).\n")
    });
    // Remove the beta-only story, and every reference to it.
    kit.remove("content/case-studies/zqgatedallowbeta.md");
    kit.remove("content/case-studies/img/zqgatedallowbeta.svg");
    for open in [
        "content/one-pagers/open-overview.md",
        "content/objections/open-objection.md",
        "content/case-studies/open-case.md",
    ] {
        kit.edit(open, |s| {
            s.lines()
                .filter(|l| !l.contains("zqgatedallowbeta"))
                .map(|l| format!("{l}\n"))
                .collect()
        });
    }
    for partner in ["alpha", "beta", "gamma"] {
        kit.edit(&format!("partners/{partner}.yaml"), |s| {
            s.replace("zqgatedallowbeta, ", "")
        });
    }
}

#[test]
fn gated_changes_never_reach_a_portal_that_cannot_see_them() {
    let kit = KitTest::fixture("leaky");
    kit.build(&[]).expect_success();
    change_leaky_for_v11(&kit);
    kit.build(&["--version", "1.1.0"]).expect_success();

    let expected: Vec<(&'static str, &[&str])> = leak::EXPECTED
        .iter()
        .chain(CHANGE_MARKERS)
        .copied()
        .collect();
    let (found, files_scanned) = leak::scan_markers(
        &kit,
        &expected,
        &[
            "1.1.0/index.html",
            "1.1.0/manifest.json",
            "1.1.0/feed.xml",
            "1.1.0/whats-new/index.html",
            "1.1.0/one-pagers/index.html",
            "latest/manifest.json",
            "latest/feed.xml",
            "latest/whats-new/index.html",
        ],
    );
    assert!(files_scanned > 300, "scanned {files_scanned} files");
    let problems = leak::marker_problems(&found, &expected);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));

    // The positive side: each change reaches the release surfaces of the
    // portals that may see it, so the absence elsewhere means something.
    let alpha_new = kit.read_out(&format!("{ALPHA}/1.1.0/whats-new/index.html"));
    let added = list_items(section(&alpha_new, "added").expect("alpha: added"));
    assert_eq!(added, ["Zqnewgoldmarker launch sheet One-pagers"]);
    let updated = list_items(section(&alpha_new, "updated").expect("alpha: updated"));
    assert!(
        updated.contains(&"Zqgatedtiersgold pricing sheet One-pagers".to_string()),
        "{updated:?}"
    );
    let alpha = stamps(&manifest(&kit, ALPHA, "1.1.0"));
    assert_eq!(alpha["one-pagers/zqnewgoldmarker"], stamp("1.1.0", true));
    assert_eq!(alpha["one-pagers/zqgatedtiersgold"], stamp("1.1.0", false));
    for surface in ["1.1.0/feed.xml", "latest/feed.xml", "1.1.0/manifest.json"] {
        let text = kit.read_out(&format!("{ALPHA}/{surface}")).to_lowercase();
        assert!(text.contains("zqnewgoldmarker"), "{ALPHA}/{surface}");
    }
    let beta_new = kit.read_out(&format!("{BETA}/1.1.0/whats-new/index.html"));
    let removed = list_items(section(&beta_new, "removed").expect("beta: removed"));
    assert_eq!(removed, ["Zqgatedallowbeta customer story"]);
    for portal in [BETA, GAMMA] {
        let html = kit.read_out(&format!("{portal}/1.1.0/whats-new/index.html"));
        assert!(
            section(&html, "added").is_none(),
            "{portal}: nothing new it may see"
        );
        let keys_old: BTreeSet<String> = pages(&manifest(&kit, portal, "1.0.0"))
            .into_keys()
            .collect();
        let keys_new: BTreeSet<String> = pages(&manifest(&kit, portal, "1.1.0"))
            .into_keys()
            .collect();
        assert!(keys_new.is_subset(&keys_old), "{portal}: {keys_new:?}");
    }
    // Gamma could never see the removed story, so it is not "removed" there.
    let gamma_new = kit.read_out(&format!("{GAMMA}/1.1.0/whats-new/index.html"));
    assert!(section(&gamma_new, "removed").is_none());
}

/// A minimal well-formedness check: tags nest and close, attribute values
/// are quoted, every `&` starts an entity, no stray `<`.
#[track_caller]
fn assert_xmlish(xml: &str, what: &str) {
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"),
        "{what}: no XML declaration"
    );
    let mut stack: Vec<String> = Vec::new();
    let mut rest = &xml[xml.find("?>").unwrap() + 2..];
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        check_text(text, what);
        let close = rest[open..].find('>').expect("tag closes") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "{what}: stray `<` in {tag:?}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "{what}: </{name}>");
        } else {
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name = tag.split_whitespace().next().expect("tag name").to_string();
            let attrs = &tag[name.len()..];
            assert_eq!(attrs.matches('"').count() % 2, 0, "{what}: <{tag}>");
            check_text(&attrs.replace('"', ""), what);
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(rest.trim().is_empty(), "{what}: text after the root");
    assert!(stack.is_empty(), "{what}: unclosed {stack:?}");
}

fn check_text(text: &str, what: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity)
                || entity.starts_with("&#"),
            "{what}: bare `&` in {text:?}"
        );
    }
}

/// `(title, link href, summary)` of every `<entry>`.
fn feed_entries(xml: &str) -> Vec<(String, Option<String>, String)> {
    let inner = |s: &str, tag: &str| -> Option<String> {
        let open = format!("<{tag}>");
        let start = s.find(&open)? + open.len();
        Some(s[start..start + s[start..].find(&format!("</{tag}>"))?].to_string())
    };
    xml.split("<entry>")
        .skip(1)
        .map(|e| {
            let e = &e[..e.find("</entry>").expect("entry closes")];
            let href = e
                .split("<link rel=\"alternate\" type=\"text/html\" href=\"")
                .nth(1)
                .map(|r| r[..r.find('"').unwrap()].to_string());
            (
                inner(e, "title").expect("entry title"),
                href,
                inner(e, "summary").expect("entry summary"),
            )
        })
        .collect()
}

#[test]
fn feed_lists_visible_items_newest_changes_first_with_absolute_links() {
    let kit = KitTest::fixture("small");
    kit.write(
        "content/one-pagers/gold-sheet.md",
        "---\ntitle: \"Gold sheet\"\nowner: \"Sales\"\ntiers: [gold]\n---\n\nGold only.\n",
    );
    kit.write(
        "content/one-pagers/q-and-a.md",
        "---\ntitle: \"Q&A: <fast> \\\"answers\\\"\"\nowner: \"Sales\"\n---\n\nQuestions.\n",
    );
    kit.build(&[]).expect_success();
    kit.edit("content/case-studies/acme.md", |s| {
        s.replace("Incidents fell by 72%", "Incidents fell by 72% (audited)")
    });
    kit.build(&["--version", "1.1.0"]).expect_success();

    for (portal, sees_gold) in [
        ("internal", true),
        ("partners/northstar", true),
        ("partners/southwind", false),
    ] {
        for version in ["1.0.0", "1.1.0", "latest"] {
            let xml = kit.read_out(&format!("{portal}/{version}/feed.xml"));
            let what = format!("{portal}/{version}/feed.xml");
            assert!(
                xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
                "{what}"
            );
            assert_xmlish(&xml, &what);
            let entries = feed_entries(&xml);
            let manifest_version = if version == "latest" {
                "1.1.0"
            } else {
                version
            };
            let m = pages(&manifest(&kit, portal, manifest_version));
            assert_eq!(entries.len(), m.len(), "{what}: one entry per visible item");
            assert_eq!(entries.len(), if sees_gold { 5 } else { 4 }, "{what}");
            // Escaped, never raw.
            assert!(
                entries
                    .iter()
                    .any(|(t, _, _)| t == "Q&amp;A: &lt;fast&gt; &quot;answers&quot;"),
                "{what}: {entries:?}"
            );
            assert!(!xml.contains("<fast>"), "{what}");
            assert_eq!(
                entries.iter().any(|(t, _, _)| t == "Gold sheet"),
                sees_gold,
                "{what}"
            );
            // Absolute links through latest/.
            let mut hrefs: BTreeSet<String> = BTreeSet::new();
            for (title, href, _) in &entries {
                let href = href
                    .clone()
                    .unwrap_or_else(|| panic!("{what}: {title} has no link"));
                hrefs.insert(href);
            }
            let want: BTreeSet<String> = m
                .values()
                .map(|p| {
                    format!(
                        "https://kit.example/{portal}/latest/{}",
                        p["url"].as_str().unwrap()
                    )
                })
                .collect();
            assert_eq!(hrefs, want, "{what}");
            assert!(hrefs.contains(&format!(
                "https://kit.example/{portal}/latest/case-studies/acme/"
            )));
        }
        // Newest changes first: in 1.1.0 the edited case study leads.
        let entries = feed_entries(&kit.read_out(&format!("{portal}/1.1.0/feed.xml")));
        assert_eq!(
            entries[0].0, "Acme: 72% fewer incidents",
            "{portal}: {entries:?}"
        );
        assert_eq!(entries[0].2, "Updated in version 1.1.0");
        assert!(
            entries[1..]
                .iter()
                .all(|(_, _, s)| s.ends_with("version 1.0.0")),
            "{portal}: {entries:?}"
        );
    }
}

#[test]
fn feed_is_capped_at_fifty_entries_and_keeps_the_newest() {
    let kit = KitTest::fixture("small");
    for n in 0..55 {
        kit.write(
            &format!("content/one-pagers/bulk-{n:02}.md"),
            format!("---\ntitle: \"Bulk page {n:02}\"\nowner: \"Ops\"\n---\n\nPage {n}.\n"),
        );
    }
    kit.build(&[]).expect_success();
    kit.edit("content/one-pagers/bulk-30.md", |s| {
        s.replace("Page 30.", "Page 30, revised.")
    });
    kit.build(&["--version", "1.1.0"]).expect_success();
    let xml = kit.read_out("internal/1.1.0/feed.xml");
    assert_xmlish(&xml, "internal/1.1.0/feed.xml");
    let entries = feed_entries(&xml);
    assert_eq!(pages(&manifest(&kit, "internal", "1.1.0")).len(), 58);
    assert_eq!(entries.len(), 50, "at most 50 entries");
    assert_eq!(
        entries[0].0, "Bulk page 30",
        "the newest change survives the cap"
    );
    assert_eq!(entries[0].2, "Updated in version 1.1.0");
}

#[test]
fn feed_without_base_url_has_no_relative_links() {
    let kit = KitTest::fixture("small");
    kit.edit("kit.yaml", |s| {
        s.replace("base_url: https://kit.example\n", "")
    });
    kit.build(&[]).expect_success();
    for portal in PORTALS {
        let xml = kit.read_out(&format!("{portal}/1.0.0/feed.xml"));
        assert_xmlish(&xml, portal);
        assert_eq!(feed_entries(&xml).len(), 3, "{portal}");
        for href in crate::common::attr_values(&xml, "href") {
            assert!(
                href.starts_with("https://"),
                "{portal}: relative link {href}"
            );
        }
        assert!(!xml.contains("kit.example"), "{portal}");
    }
}

/// Path → inode of every file under `dir`.
fn inodes(kit: &KitTest, dir: &str) -> BTreeMap<String, u64> {
    let root = kit.out_path(dir);
    files_under(&root)
        .into_iter()
        .map(|f| (slash(f.strip_prefix(&root).unwrap()), inode(&f)))
        .collect()
}

/// [`inodes`] of a portal's `latest/`, but for the zip only it holds.
fn latest_inodes(kit: &KitTest, portal: &str) -> BTreeMap<String, u64> {
    let mut latest = inodes(kit, &format!("{portal}/latest"));
    latest.remove("offline.zip");
    latest
}

#[test]
fn unchanged_pages_share_storage_across_versions_and_latest() {
    let kit = released_v11();
    for portal in PORTALS {
        let v10 = inodes(&kit, &format!("{portal}/1.0.0"));
        let v11 = inodes(&kit, &format!("{portal}/1.1.0"));
        // Unchanged item pages are one file in both versions.
        for page in [
            "case-studies/acme/index.html",
            "objections/price/index.html",
        ] {
            assert_eq!(v10[page], v11[page], "{portal}/{page} is not a hard link");
        }
        // Changed ones are not (writing 1.1.0 left 1.0.0 alone).
        assert_ne!(
            v10["one-pagers/overview/index.html"], v11["one-pagers/overview/index.html"],
            "{portal}"
        );
        // Theme files written identically are shared too.
        assert_eq!(v10["static/style.css"], v11["static/style.css"], "{portal}");
        // latest/ is 1.1.0, file for file, by hard link.
        assert_eq!(
            latest_inodes(&kit, portal),
            v11,
            "{portal}/latest vs 1.1.0 (paths and inodes)"
        );
    }
}

/// The files `enablekit` copies from the kit rather than writes (content
/// images, partner logos): see the ignored test below.
fn is_copied_asset(path: &str) -> bool {
    path.ends_with(".svg")
}

/// Portal-level pointers (`versions.json`, the redirecting `index.html`),
/// rewritten on every publication by design.
fn is_pointer(path: &str) -> bool {
    PORTALS
        .iter()
        .any(|p| path == format!("{p}/versions.json") || path == format!("{p}/index.html"))
}

fn all_inodes(kit: &KitTest) -> BTreeMap<String, u64> {
    let root = kit.out();
    files_under(&root)
        .into_iter()
        .map(|f| (slash(f.strip_prefix(&root).unwrap()), inode(&f)))
        .collect()
}

/// Built 1.0.0 and 1.1.0 with a fixed clock, then 1.1.0 again with
/// `--replace` and no change. Returns inodes before and after.
fn replaced_identically() -> (KitTest, BTreeMap<String, u64>, BTreeMap<String, u64>) {
    let kit = built_v1();
    kit.set_env("SOURCE_DATE_EPOCH", EPOCH);
    change_for_v11(&kit);
    kit.build(&["--version", "1.1.0"]).expect_success();
    let before_bytes = kit.snapshot();
    let before = all_inodes(&kit);
    kit.build(&["--version", "1.1.0", "--replace"])
        .expect_success();
    assert_same_snapshot(&before_bytes, &kit.snapshot(), "an identical --replace");
    let after = all_inodes(&kit);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    (kit, before, after)
}

#[test]
fn identical_replace_rewrites_no_page() {
    let (_kit, before, after) = replaced_identically();
    let mut checked = 0;
    let mut rewritten = Vec::new();
    for (path, ino) in &before {
        if is_pointer(path) || is_copied_asset(path) {
            continue;
        }
        checked += 1;
        if after[path] != *ino {
            rewritten.push(path.clone());
        }
    }
    assert!(checked > 80, "checked {checked} files");
    assert!(rewritten.is_empty(), "rewritten: {rewritten:#?}");
}

#[test]
fn unchanged_assets_share_storage_too() {
    let (kit, before, after) = replaced_identically();
    // Across versions: the Acme chart and the logo did not change in 1.1.0.
    for portal in PORTALS {
        for asset in [
            "case-studies/images/incidents.svg",
            "static/partners/northstar.svg",
        ] {
            let at = |v: &str| kit.out_path(&format!("{portal}/{v}/{asset}"));
            if at("1.0.0").exists() {
                assert_eq!(inode(&at("1.0.0")), inode(&at("1.1.0")), "{portal}/{asset}");
            }
        }
    }
    // And an identical --replace rewrites none of them.
    let rewritten: Vec<&String> = before
        .iter()
        .filter(|(p, ino)| is_copied_asset(p) && after[*p] != **ino)
        .map(|(p, _)| p)
        .collect();
    assert!(rewritten.is_empty(), "rewritten: {rewritten:#?}");
}

#[test]
fn replacing_an_older_version_keeps_latest_on_the_newest() {
    let kit = released_v11();
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace("now in real time", "now in real time (1.2)")
    });
    kit.build(&["--version", "1.2.0"]).expect_success();
    let before = kit.snapshot();
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace("now in real time (1.2)", "now in real time (1.1 fixed)")
    });
    kit.build(&["--version", "1.1.0", "--replace"])
        .expect_success();
    let after = kit.snapshot();
    for portal in PORTALS {
        for kept in ["1.0.0", "1.2.0", "latest"] {
            assert_same_snapshot(
                &sub_snapshot(&before, &format!("{portal}/{kept}")),
                &sub_snapshot(&after, &format!("{portal}/{kept}")),
                &format!("{portal}/{kept} after replacing 1.1.0"),
            );
        }
        assert_same_snapshot(
            &sub_snapshot(&after, &format!("{portal}/1.2.0")),
            &latest_snapshot(&after, portal),
            &format!("{portal}/latest vs 1.2.0"),
        );
        assert_eq!(
            latest_inodes(&kit, portal),
            inodes(&kit, &format!("{portal}/1.2.0")),
            "{portal}/latest hard-links 1.2.0"
        );
        assert!(
            kit.read_out(&format!("{portal}/1.1.0/one-pagers/overview/index.html"))
                .contains("now in real time (1.1 fixed)")
        );
        let listed: Vec<(String, bool)> = versions(&kit, portal);
        assert_eq!(
            listed,
            [
                ("1.2.0".to_string(), true),
                ("1.1.0".to_string(), false),
                ("1.0.0".to_string(), false)
            ],
            "{portal}"
        );
    }
}

#[test]
fn unreadable_manifest_of_a_listed_version_is_refused() {
    let kit = released_v11();
    let victim = "partners/southwind/1.1.0/manifest.json";
    let original = kit.read_out_bytes(victim);
    for (what, bytes) in [
        ("deleted", None),
        ("corrupt", Some(&b"{not json"[..])),
        ("truncated", Some(&original[..original.len() / 2])),
        ("wrong shape", Some(&b"[]"[..])),
    ] {
        match bytes {
            None => fs::remove_file(kit.out_path(victim)).unwrap(),
            Some(b) => fs::write(kit.out_path(victim), b).unwrap(),
        }
        let before: Snapshot = kit.snapshot();
        let run = kit.build(&["--version", "1.2.0"]);
        run.expect_code(2)
            .expect_stderr("error[E0501]")
            .expect_stderr(victim);
        assert_same_snapshot(&before, &kit.snapshot(), &format!("{what} manifest"));
        for portal in PORTALS {
            assert!(
                !kit.out_exists(&format!("{portal}/1.2.0")),
                "{what}: {portal}/1.2.0 was published"
            );
        }
    }
    // Restored, the same build goes through.
    fs::write(kit.out_path(victim), &original).unwrap();
    kit.build(&["--version", "1.2.0"]).expect_success();
}

#[test]
fn versions_json_is_newest_first_by_version_number() {
    let kit = KitTest::fixture("small");
    for version in ["1.9.0", "1.10.0", "1.2.0"] {
        kit.edit("content/one-pagers/overview.md", |s| {
            s.replace("It moves data", &format!("It moves data ({version})"))
        });
        kit.build(&["--version", version]).expect_success();
    }
    for portal in PORTALS {
        let listed = versions(&kit, portal);
        assert_eq!(
            listed,
            [
                ("1.10.0".to_string(), true),
                ("1.9.0".to_string(), false),
                ("1.2.0".to_string(), false)
            ],
            "{portal}"
        );
        assert_eq!(listed.iter().filter(|(_, l)| *l).count(), 1);
        assert!(
            kit.read_out(&format!("{portal}/latest/one-pagers/overview/index.html"))
                .contains("It moves data (1.10.0)"),
            "{portal}: latest/ is 1.10.0"
        );
        // 1.10.0 was compared with 1.9.0, the newest older version.
        let html = kit.read_out(&format!("{portal}/1.10.0/whats-new/index.html"));
        assert!(html.contains("Changes since version 1.9.0"), "{portal}");
        assert_eq!(
            manifest(&kit, portal, "1.10.0")["first_version"],
            "1.9.0",
            "{portal}"
        );
    }
}

#[test]
fn a_release_after_its_release_candidate_becomes_latest() {
    let kit = built_v1();
    kit.build(&["--version", "2.0.0-rc.1"]).expect_success();
    change_for_v11(&kit);
    kit.build(&["--version", "2.0.0"]).expect_success();
    for portal in PORTALS {
        assert_eq!(
            versions(&kit, portal),
            [
                ("2.0.0".to_string(), true),
                ("2.0.0-rc.1".to_string(), false),
                ("1.0.0".to_string(), false)
            ],
            "{portal}"
        );
        assert!(kit.out_exists(&format!("{portal}/latest/one-pagers/new-page/index.html")));
    }
}

#[test]
fn feed_and_whats_new_tell_the_truth() {
    let kit = KitTest::fixture("small");
    kit.build(&[]).expect_success();
    let first = kit.read_out("partners/northstar/1.0.0/feed.xml");
    assert!(
        first.contains("<author><name>Small Kit</name></author>"),
        "{first}"
    );
    assert!(first.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://kit.example/partners/northstar/latest/feed.xml\"/>"
    ));
    let summaries: Vec<String> = feed_entries(&first).into_iter().map(|e| e.2).collect();
    assert!(
        summaries.iter().all(|s| s == "Published in version 1.0.0"),
        "a first release updates nothing: {summaries:?}"
    );
    // Acme is gated away from northstar: the overview's link to it turns
    // into text, which is no update of the overview, and Acme is removed.
    kit.edit("content/case-studies/acme.md", |s| {
        s.replace(
            "industry: \"Logistics\"",
            "industry: \"Logistics\"\ntiers: [platinum]",
        )
    });
    kit.build(&["--version", "1.1.0"]).expect_success();
    let overview = kit.read_out("partners/northstar/1.1.0/one-pagers/overview/index.html");
    assert!(overview.contains("restricted-link"), "the link became text");
    let news = kit.read_out("partners/northstar/1.1.0/whats-new/index.html");
    let updated = news.split("Updated").nth(1).unwrap_or("");
    assert!(!updated.contains("Product overview"), "{news}");
    let feed = kit.read_out("partners/northstar/1.1.0/feed.xml");
    let entries = feed_entries(&feed);
    let removed = entries
        .iter()
        .find(|e| e.0 == "Removed: Acme: 72% fewer incidents")
        .unwrap_or_else(|| panic!("no removal in {feed}"));
    assert_eq!(removed.2, "Removed in version 1.1.0");
    assert_eq!(
        removed.1.as_deref(),
        Some("https://kit.example/partners/northstar/latest/whats-new/")
    );
    assert!(
        !entries
            .iter()
            .any(|e| e.0 == "Product overview" && e.2.contains("1.1.0")),
        "{entries:?}"
    );
}
