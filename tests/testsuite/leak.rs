//! THE security test: gated content and partner data never reach a portal
//! that may not see them, in any file (pages, JSON, CSS, JS, images,
//! `latest/`, `versions.json`).
//!
//! Fixture `tests/fixtures/leaky/`: partners alpha (gold, reseller), beta
//! (silver, referral) and gamma (bronze, referral); tiers bronze < silver <
//! gold. Each gated item and each partner carries a unique lowercase marker
//! in every text field, its slug (items) and an SVG only it references.
//! Open pages link to every gated page twice (neutral text, and the gated
//! page's exact title), two gated pages a third time with text that names
//! only their slug, and every partner features every gated item.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use crate::common::{KitTest, check_links, files_under, slash, versions};

pub(crate) const INTERNAL: &str = "internal";
pub(crate) const ALPHA: &str = "partners/alpha";
pub(crate) const BETA: &str = "partners/beta";
pub(crate) const GAMMA: &str = "partners/gamma";
pub(crate) const PORTALS: [&str; 4] = [INTERNAL, ALPHA, BETA, GAMMA];

/// Marker → the portals allowed to contain it, derived by hand from the
/// rule: staff see everything; a partner sees an item unless it is
/// internal or a set field excludes them (fields combine with AND); partner
/// data appears only in that partner's portal and the staff portal.
pub(crate) const EXPECTED: &[(&str, &[&str])] = &[
    // tiers: [gold] → only gold partners: alpha.
    ("zqgatedtiersgold", &[INTERNAL, ALPHA]),
    // tiers: [silver] → beta only (a listed tier, not "silver and above").
    // Its title carries a second marker that is not in its slug, so only
    // the title check can neutralise a link whose text is that title.
    ("zqgatedtitlecheck", &[INTERNAL, BETA]),
    ("zqtitleonlymarker", &[INTERNAL, BETA]),
    // min_tier: silver → silver and gold: alpha (gold), beta (silver); not gamma (bronze).
    ("zqgatedminsilver", &[INTERNAL, ALPHA, BETA]),
    // partner_types: [reseller] → alpha.
    ("zqgatedtypereseller", &[INTERNAL, ALPHA]),
    // partner_types: [referral] → beta, gamma.
    ("zqgatedtypereferral", &[INTERNAL, BETA, GAMMA]),
    // min_tier: silver AND partner_types: [referral] → beta only
    // (alpha is a reseller, gamma is bronze).
    ("zqgatedcombo", &[INTERNAL, BETA]),
    // partners: [beta] → beta.
    ("zqgatedallowbeta", &[INTERNAL, BETA]),
    // internal: true → staff only.
    ("zqgatedinternal", &[INTERNAL]),
    // min_tier: gold, cited as proof by an open objection → alpha.
    ("zqgatedproofgold", &[INTERNAL, ALPHA]),
    // Partner data: own portal and the staff directory.
    ("zqpartneralpha", &[INTERNAL, ALPHA]),
    ("zqpartnerbeta", &[INTERNAL, BETA]),
    ("zqpartnergamma", &[INTERNAL, GAMMA]),
    // Open items: everywhere (proves the scan reads partner portals).
    ("zqopenoverview", &PORTALS),
    ("zqopenobjection", &PORTALS),
    ("zqopencase", &PORTALS),
];

/// Build the leaky fixture (every portal).
fn built_leaky() -> KitTest {
    let kit = KitTest::fixture("leaky");
    kit.build(&[]).expect_success();
    for p in PORTALS {
        assert_eq!(versions(&kit, p), [("1.0.0".to_string(), true)], "{p}");
    }
    kit
}

/// Marker → portal → files (relative to the portal folder) containing it.
pub(crate) type Found = BTreeMap<&'static str, BTreeMap<&'static str, Vec<String>>>;

/// Files every scan must have read in each portal folder.
pub(crate) const ALWAYS_SCANNED: &[&str] = &[
    "versions.json",
    "index.html",
    "latest/index.html",
    "1.0.0/index.html",
    "1.0.0/manifest.json",
    "1.0.0/feed.xml",
    "1.0.0/whats-new/index.html",
    "1.0.0/search-index.js",
    "latest/offline.zip",
];

/// Read every file under every portal folder (all versions, `latest/`,
/// `versions.json`…) and note which of `expected`'s markers it contains.
/// `must` lists files (relative to the portal folder) that have to be
/// among those read, so a scan cannot silently miss a surface.
pub(crate) fn scan_markers(
    kit: &KitTest,
    expected: &[(&'static str, &[&str])],
    must: &[&str],
) -> (Found, usize) {
    let mut found: Found = BTreeMap::new();
    let mut files_scanned = 0;
    for portal in PORTALS {
        let dir = kit.out_path(portal);
        let files = files_under(&dir);
        assert!(files.len() > 20, "{portal}: only {} files", files.len());
        let rels: BTreeSet<String> = files
            .iter()
            .map(|f| slash(f.strip_prefix(&dir).unwrap()))
            .collect();
        for must in ALWAYS_SCANNED.iter().chain(must) {
            assert!(rels.contains(*must), "{portal}: scan misses {must}");
        }
        for file in files {
            files_scanned += 1;
            let mut bytes = fs::read(&file).unwrap();
            // A zip is compressed: scan what it unpacks to.
            if file.extension().is_some_and(|e| e == "zip") {
                bytes = unzipped(&bytes);
            }
            let bytes = bytes.to_ascii_lowercase();
            let rel = slash(file.strip_prefix(&dir).unwrap());
            for (marker, _) in expected {
                if contains(&bytes, marker.as_bytes()) {
                    found
                        .entry(marker)
                        .or_default()
                        .entry(portal)
                        .or_default()
                        .push(rel.clone());
                }
            }
        }
    }
    (found, files_scanned)
}

/// Every entry name and entry body of a zip, concatenated.
fn unzipped(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid zip");
    let mut all = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("zip entry");
        all.extend_from_slice(entry.name().expect("entry name").as_bytes());
        entry.read_to_end(&mut all).expect("zip entry body");
    }
    assert!(all.len() > 1000, "the zip holds the portal's files");
    all
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every leak (a marker in a portal not allowed to contain it) and every
/// marker missing from a portal that should show it (a broken scan).
pub(crate) fn marker_problems(found: &Found, expected: &[(&'static str, &[&str])]) -> Vec<String> {
    let mut problems = Vec::new();
    for (marker, allowed) in expected {
        let here = found.get(marker).cloned().unwrap_or_default();
        if !here.contains_key(INTERNAL) {
            problems.push(format!(
                "{marker}: not found in the internal portal (the scan is broken)"
            ));
        }
        for portal in PORTALS {
            match (allowed.contains(&portal), here.get(portal)) {
                (false, Some(files)) => problems.push(format!(
                    "LEAK {marker} in {portal}: {}",
                    files.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
                )),
                (true, None) => problems.push(format!("{marker}: missing from {portal}")),
                _ => {}
            }
        }
    }
    problems
}

#[test]
fn no_portal_contains_anything_it_may_not_see() {
    let kit = built_leaky();
    let (found, files_scanned) = scan_markers(&kit, EXPECTED, &[]);
    assert!(files_scanned > 150, "scanned {files_scanned} files");
    let problems = marker_problems(&found, EXPECTED);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn visible_markers_are_present_on_every_surface() {
    // The positive side in detail, so "absent" above means something.
    let kit = built_leaky();
    let v = |p: &str, rel: &str| kit.read_out(&format!("{p}/1.0.0/{rel}")).to_lowercase();

    // Every partner field reaches the partner's own portal.
    let partnership = v(ALPHA, "partnership/index.html");
    for text in [
        "ann zqpartneralpha",
        "partner manager zqpartneralpha",
        "mailto:ann.zqpartneralpha@example.com",
        "+1 555 0100 zqpartneralpha",
        "bob zqpartneralpha",
        "solutions architect zqpartneralpha",
        "rules of engagement for zqpartneralpha",
        "register deals for zqpartneralpha",
        "payout for zqpartneralpha",
    ] {
        assert!(
            partnership.contains(text),
            "alpha partnership page lacks {text:?}"
        );
    }
    assert!(v(ALPHA, "index.html").contains("welcome to the zqpartneralpha partnership portal"));
    assert!(v(ALPHA, "static/partners/alpha.svg").contains("zqpartneralpha"));
    // ...and the staff directory.
    let directory = v(INTERNAL, "partners/index.html");
    for m in ["zqpartneralpha", "zqpartnerbeta", "zqpartnergamma"] {
        assert!(
            directory.contains(&format!("ann {m}")),
            "directory lacks {m}"
        );
    }
    for slug in ["alpha", "beta", "gamma"] {
        assert!(kit.out_exists(&format!("{INTERNAL}/1.0.0/static/partners/{slug}.svg")));
    }

    // A gated item a partner may see arrives whole: page, image, card.
    let page = v(BETA, "case-studies/zqgatedallowbeta/index.html");
    for text in [
        "zqgatedallowbeta customer story",
        "customer zqgatedallowbeta",
        "industry zqgatedallowbeta",
        "a quote about zqgatedallowbeta",
        "metric zqgatedallowbeta",
        "the gated body text mentions zqgatedallowbeta",
        "src=\"../../case-studies/img/zqgatedallowbeta.svg\"",
    ] {
        assert!(
            page.contains(text),
            "beta's allow-listed page lacks {text:?}"
        );
    }
    assert!(kit.out_exists(&format!(
        "{BETA}/1.0.0/case-studies/img/zqgatedallowbeta.svg"
    )));
    let objection = v(ALPHA, "objections/zqgatedtypereseller/index.html");
    assert!(objection.contains("they say zqgatedtypereseller is too much."));
    assert!(objection.contains("the short answer for zqgatedtypereseller."));
    // Proof gated by tier: listed for alpha (gold), dropped for beta (silver).
    let open = v(ALPHA, "objections/open-objection/index.html");
    let proof = &open[open.find("class=\"proof\"").expect("alpha proof section")..];
    assert!(proof.contains("href=\"../../case-studies/zqgatedproofgold/\""));
    assert!(proof.contains("href=\"../../case-studies/open-case/\""));
    let open = v(BETA, "objections/open-objection/index.html");
    let proof = &open[open.find("class=\"proof\"").expect("beta proof section")..];
    assert!(proof.contains("href=\"../../case-studies/open-case/\""));
    // Featured: everything a partner may see, nothing else.
    let home = v(GAMMA, "index.html");
    let featured = &home[home.find("id=\"ek-featured\"").expect("gamma featured")..];
    assert!(featured.contains("href=\"objections/zqgatedtypereferral/\""));
    assert!(featured.contains("href=\"one-pagers/open-overview/\""));
}

#[test]
fn links_to_hidden_pages_become_plain_text() {
    let kit = built_leaky();
    // gamma (bronze, referral) cannot see these; each open page links to
    // them with neutral text and with their title.
    let hidden = [
        (
            "one-pagers",
            "zqgatedtiersgold",
            "see the tier-gold details",
        ),
        ("one-pagers", "zqgatedtitlecheck", "see the launch plan"),
        ("one-pagers", "zqgatedminsilver", "see the silver notes"),
        ("one-pagers", "zqgatedinternal", "see the staff memo"),
        (
            "objections",
            "zqgatedtypereseller",
            "see the reseller answer",
        ),
        (
            "case-studies",
            "zqgatedallowbeta",
            "see the allow-list story",
        ),
        ("case-studies", "zqgatedproofgold", "see the gold proof"),
        ("case-studies", "zqgatedcombo", "see the combined story"),
    ];
    for page in [
        "one-pagers/open-overview",
        "objections/open-objection",
        "case-studies/open-case",
    ] {
        for version in ["1.0.0", "latest"] {
            let rel = format!("{GAMMA}/{version}/{page}/index.html");
            let html = kit.read_out(&rel);
            for (collection, slug, neutral) in hidden {
                assert!(
                    html.contains(&format!("<span class=\"restricted-link\">{neutral}</span>")),
                    "{rel}: neutral text {neutral:?} should survive as plain text"
                );
                assert!(
                    !html.contains(&format!("href=\"../../{collection}/{slug}/")),
                    "{rel}: links to hidden {slug}"
                );
                assert!(!html.contains(slug), "{rel}: names hidden {slug}");
            }
            assert!(!html.to_lowercase().contains("zqtitleonlymarker"), "{rel}");
            // One link per hidden page uses its exact title, two more name
            // only a slug (zqgatedminsilver, zqgatedinternal): all must
            // become the neutral phrase.
            assert_eq!(
                html.matches(
                    "<span class=\"restricted-link\">a page not included in this portal</span>"
                )
                .count(),
                hidden.len() + 2,
                "{rel}: links naming a hidden page get a neutral phrase"
            );
            // The page gamma may see is a real link.
            assert!(html.contains(
                "<a href=\"../../objections/zqgatedtypereferral/#details-zqgatedtypereferral\">see the referral answer</a>"
            ));
        }
    }
    // Where the target is visible, the same text is a working link.
    let alpha = kit.read_out(&format!(
        "{ALPHA}/1.0.0/one-pagers/open-overview/index.html"
    ));
    assert!(alpha.contains(
        "<a href=\"../../one-pagers/zqgatedtiersgold/#details-zqgatedtiersgold\">see the tier-gold details</a>"
    ));
    assert!(alpha.contains(
        "<a href=\"../../one-pagers/zqgatedtiersgold/\">Zqgatedtiersgold pricing sheet</a>"
    ));
    assert!(alpha.contains("<span class=\"restricted-link\">see the staff memo</span>"));
    // The staff portal links everything.
    let staff = kit.read_out(&format!(
        "{INTERNAL}/1.0.0/one-pagers/open-overview/index.html"
    ));
    assert!(!staff.contains("restricted-link"));
    // And every remaining link in every portal resolves: nothing points at
    // a page a portal does not have.
    let report = check_links(&kit.out());
    assert!(
        report.problems.is_empty(),
        "broken links:\n{}",
        report.problems.join("\n")
    );
}

#[test]
fn hidden_pages_and_assets_are_not_written() {
    let kit = built_leaky();
    let gated = EXPECTED.iter().filter(|(m, _)| m.starts_with("zqgated"));
    assert_eq!(gated.clone().count(), 9);
    for (marker, allowed) in gated {
        let collection = ["one-pagers", "objections", "case-studies"]
            .into_iter()
            .find(|c| kit.path(&format!("content/{c}/{marker}.md")).is_file())
            .expect("fixture item");
        for portal in PORTALS {
            for version in ["1.0.0", "latest"] {
                let page = format!("{portal}/{version}/{collection}/{marker}/index.html");
                let image = format!("{portal}/{version}/{collection}/img/{marker}.svg");
                let want = allowed.contains(&portal);
                assert_eq!(kit.out_exists(&page), want, "{page}");
                assert_eq!(kit.out_exists(&image), want, "{image}");
            }
        }
    }
}

/// The leaky fixture with `extra` appended to the open one-pager, built.
fn built_leaky_with(extra_items: &[(&str, &str)], overview_extra: &str) -> KitTest {
    let kit = KitTest::fixture("leaky");
    for (rel, text) in extra_items {
        kit.write(rel, text);
    }
    let overview = kit.read("content/one-pagers/open-overview.md");
    kit.write(
        "content/one-pagers/open-overview.md",
        format!("{overview}{overview_extra}"),
    );
    kit.build(&[]).expect_success();
    kit
}

/// Files of `portal` whose lowercased bytes contain `marker`.
fn files_with(kit: &KitTest, portal: &str, marker: &str) -> Vec<String> {
    let dir = kit.out_path(portal);
    files_under(&dir)
        .into_iter()
        .filter(|f| {
            contains(
                &fs::read(f).unwrap().to_ascii_lowercase(),
                marker.as_bytes(),
            )
        })
        .map(|f| slash(f.strip_prefix(&dir).unwrap()))
        .collect()
}

#[test]
fn hidden_title_with_an_apostrophe_is_not_published() {
    let kit = built_leaky_with(
        &[(
            "content/one-pagers/zqgatedquote.md",
            "---\ntitle: \"Zqquotemarker's pricing -- gold only\"\ntiers: [gold]\n---\n\nGold only.\n",
        )],
        "\n- Apostrophe: [Zqquotemarker's pricing -- gold only](../one-pagers/zqgatedquote.md).\n",
    );
    assert!(!files_with(&kit, INTERNAL, "zqquotemarker").is_empty());
    assert!(!files_with(&kit, ALPHA, "zqquotemarker").is_empty());
    for portal in [BETA, GAMMA] {
        let leaked = files_with(&kit, portal, "zqquotemarker");
        assert!(
            leaked.is_empty(),
            "LEAK of a gold-only title into {portal}: {leaked:?}"
        );
    }
}

#[test]
fn hidden_title_in_a_heading_link_is_not_published() {
    let kit = built_leaky_with(
        &[],
        "\n## Compare with [Zqgatedtiersgold pricing sheet](../one-pagers/zqgatedtiersgold.md)\n\nText.\n",
    );
    let page = "1.0.0/one-pagers/open-overview/index.html";
    let alpha = kit.read_out(&format!("{ALPHA}/{page}"));
    assert!(alpha.contains("<a href=\"../../one-pagers/zqgatedtiersgold/\">"));
    for portal in [BETA, GAMMA] {
        let html = kit.read_out(&format!("{portal}/{page}")).to_lowercase();
        assert!(
            !html.contains("zqgatedtiersgold"),
            "LEAK of a gold-only title into {portal}/{page}"
        );
    }
}

#[test]
fn a_collection_a_partner_cannot_see_any_item_of_is_not_named_in_its_portal() {
    let kit = KitTest::fixture("leaky");
    kit.edit("kit.yaml", |s| {
        format!(
            "{s}  - dir: zqgoldplays\n    title: \"Zqcollectiontitle plays\"\n    description: \"Zqcollectiondescription\"\n"
        )
    });
    kit.write(
        "content/zqgoldplays/first.md",
        "---\ntitle: \"Gold play\"\ntiers: [gold]\n---\n\nGold only.\n",
    );
    kit.build(&[]).expect_success();
    for marker in [
        "zqcollectiontitle",
        "zqcollectiondescription",
        "zqgoldplays",
    ] {
        assert!(
            !files_with(&kit, INTERNAL, marker).is_empty(),
            "{marker} in staff"
        );
        assert!(
            !files_with(&kit, ALPHA, marker).is_empty(),
            "{marker} for gold alpha"
        );
        for portal in [BETA, GAMMA] {
            let leaked = files_with(&kit, portal, marker);
            assert!(
                leaked.is_empty(),
                "LEAK of {marker} into {portal}: {leaked:?}"
            );
        }
    }
    assert!(!kit.out_exists(&format!("{BETA}/latest/zqgoldplays")));
    // Nothing links to the list page that is not there.
    let links = check_links(&kit.out());
    assert!(links.problems.is_empty(), "{:?}", links.problems);
}

/// The leaky kit in English and French, every page translated (the
/// translation carries its original's markers: gating must follow it), and
/// the partners reading French first (alpha), second (beta) or not at all
/// (gamma). Every language tree of every portal holds exactly what the
/// portal may see, and the French trees really are French.
#[test]
fn no_language_of_a_portal_contains_anything_it_may_not_see() {
    const RULES: &[&str] = &[
        "tiers:",
        "min_tier:",
        "partner_types:",
        "partners:",
        "stages:",
        "internal:",
    ];
    let kit = KitTest::fixture("leaky");
    kit.edit("kit.yaml", |s| format!("{s}languages: [en, fr]\n"));
    kit.edit("partners/alpha.yaml", |s| {
        format!("{s}languages: [fr, en]\n")
    });
    kit.edit("partners/beta.yaml", |s| {
        format!("{s}languages: [en, fr]\n")
    });
    let content = kit.path("content");
    let mut translated = 0;
    for file in files_under(&content) {
        if file.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let french: String = text
            .lines()
            .filter(|l| !RULES.iter().any(|r| l.starts_with(r)))
            .map(|l| match l.strip_prefix("title: \"") {
                Some(rest) => format!("title: \"Version française {rest}\n"),
                None => format!("{l}\n"),
            })
            .collect();
        let rel = slash(file.strip_prefix(&content).unwrap()).replace(".md", ".fr.md");
        kit.write(&format!("content/{rel}"), french);
        translated += 1;
    }
    assert!(translated >= 12, "{translated} pages translated");
    kit.build(&[]).expect_success();
    let must = [
        "1.0.0/fr/index.html",
        "1.0.0/fr/manifest.json",
        "1.0.0/fr/search-index.js",
        "latest/fr/feed.xml",
    ];
    for portal in [INTERNAL, ALPHA, BETA] {
        assert!(kit.out_exists(&format!("{portal}/latest/fr/index.html")) || portal == ALPHA);
    }
    // Alpha reads French at its root, English in en/.
    let (found, files_scanned) = scan_markers(&kit, EXPECTED, &["latest/index.html"]);
    assert!(files_scanned > 300, "scanned {files_scanned} files");
    let problems = marker_problems(&found, EXPECTED);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    for (portal, tree) in [(INTERNAL, "fr/"), (ALPHA, ""), (BETA, "fr/")] {
        for m in must {
            let (version, rest) = m.split_once('/').unwrap();
            let rest = rest.strip_prefix("fr/").unwrap();
            let path = format!("{portal}/{version}/{tree}{rest}");
            assert!(kit.out_exists(&path), "missing {path}");
        }
        let home = kit.read_out(&format!("{portal}/latest/{tree}index.html"));
        assert!(home.contains("<html lang=\"fr\""), "{portal}: {home}");
        assert!(
            home.contains("Version française"),
            "{portal}: French titles"
        );
    }
    assert!(!kit.out_exists(&format!("{GAMMA}/latest/fr/index.html")));
    // A gated page's French tree in alpha holds it, beta's does not.
    assert!(kit.out_exists(&format!(
        "{ALPHA}/latest/one-pagers/zqgatedtiersgold/index.html"
    )));
    assert!(!kit.out_exists(&format!(
        "{BETA}/latest/fr/one-pagers/zqgatedtiersgold/index.html"
    )));
}
