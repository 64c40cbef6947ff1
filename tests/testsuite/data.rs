//! Program data (`data/`): scorecards with derived metrics, trends and tier
//! criteria; the staff portfolio; values in prose filled per reader; every
//! bad-data error as a golden message; and the leak scan with a marker in
//! every partner's rows.

use std::collections::BTreeMap;

use crate::authoring::snapshots::assert_snapshot;
use crate::common::{KitTest, fails_without_touching_output};
use crate::leak::{ALPHA, BETA, EXPECTED, GAMMA, INTERNAL, PORTALS, marker_problems, scan_markers};

const SCORECARD_YAML: &str = r#"
scorecard:
  data: results.csv
  period: quarter
  note: note
  metrics:
    - {key: referrals, label: "Referrals", unit: count}
    - {key: qualified, label: "Qualified referrals", unit: count}
    - {key: won, label: "Deals won", unit: count}
    - {key: health, label: "Account health", unit: score}
    - {key: qualification_rate, label: "Qualification rate", unit: percent, formula: "qualified / referrals"}
    - {key: win_rate, label: "Win rate", unit: percent, formula: "won / qualified"}
tier_criteria:
  silver: {qualified: ">= 2"}
  gold: {qualified: ">= 6", win_rate: ">= 25%"}
  platinum: {qualified: 10, win_rate: "≥ 30 %", health: ">= 8"}
"#;

/// northstar (gold) and southwind (silver) over three quarters: southwind
/// qualified none in Q1 and Q2 and meets gold in Q3; northstar falls below
/// gold.
const RESULTS: &str = "\
partner,quarter,referrals,qualified,won,health,note
northstar,Q1 2026,20,8,3,7.5,Good start
southwind,Q1 2026,4,0,0,6,
northstar,Q2 2026,18,7,2,7,
southwind,Q2 2026,5,0,0,6.5,
northstar,Q3 2026,16,5,1,6.5,Lost the account lead in July
southwind,Q3 2026,12,6,2,8,Joint webinar paid off
";

fn scorecard_kit() -> KitTest {
    let kit = KitTest::fixture("small");
    kit.edit("kit.yaml", |s| format!("{s}{SCORECARD_YAML}"));
    kit.write("data/results.csv", RESULTS);
    kit
}

/// The visible text of a page's `<main>`, tags dropped, spaces squeezed.
fn main_text(html: &str) -> String {
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("main closes");
    let mut text = String::new();
    let mut in_tag = false;
    let mut in_svg = false;
    let body = &html[start..end];
    for (i, c) in body.char_indices() {
        if body[i..].starts_with("<svg") {
            in_svg = true;
        }
        if body[i..].starts_with("</svg>") {
            in_svg = false;
        }
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag && !in_svg => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_scorecard_shows_latest_previous_targets_derived_metrics_and_trends() {
    let kit = scorecard_kit();
    kit.build(&[]).expect_success();
    let html = kit.read_out("partners/southwind/latest/scorecard/index.html");
    let text = main_text(&html);
    for expected in [
        "Your figures for Q3 2026, compared with Q2 2026 and with the targets of your tier, silver.",
        // latest, previous, change, silver target
        "Qualified referrals 6 0 +6 (better) ≥ 2 ✓ met",
        "Referrals 12 5 +7 (better) no target",
        // derived: 6 / 12 and 2 / 6, change in points
        "Qualification rate 50% 0% +50 pts (better)",
        "Win rate 33.3% — ",
        "Note for Q3 2026: Joint webinar paid off",
        "Your Q3 2026 figures meet every gold criterion.",
        "Every period on record: Q1 2026, Q2 2026, Q3 2026.",
        "Qualified referrals rose from 0 in Q1 2026 to 6 in Q3 2026; highest 6 (Q3 2026), lowest 0 (Q1 2026).",
        // Q1 and Q2 divide by zero: no figure, not infinity.
        "Win rate: 33.3% in Q3 2026, the only period with a figure so far.",
    ] {
        assert!(
            text.contains(expected),
            "southwind's scorecard lacks {expected:?}:\n{text}"
        );
    }
    // One chart per metric, each an image with a name, a description and
    // a table of every period.
    assert_eq!(html.matches("<svg class=\"chart\"").count(), 6);
    assert_eq!(
        html.matches("role=\"img\" aria-labelledby=\"chart-")
            .count(),
        6
    );
    assert!(html.contains("<title id=\"chart-win-rate-title\">Win rate</title>"));
    assert_eq!(
        html.matches("<details class=\"chart-card__data\">").count(),
        6
    );
    // Nothing on the page needs a script.
    assert!(!html[html.find("<main").unwrap()..].contains("<script"));

    let north = main_text(&kit.read_out("partners/northstar/latest/scorecard/index.html"));
    for expected in [
        "Qualified referrals 5 7 −2 (worse) ≥ 6 ✗ not yet",
        "Win rate 20% 28.6% −8.6 pts (worse) ≥ 25% ✗ not yet",
        "Reaching platinum",
        "Qualified referrals ≥ 10 : you have 5 (5 to go).",
        "Account health ≥ 8 : you have 6.5 (1.5 to go).",
        "Note for Q3 2026: Lost the account lead in July",
    ] {
        assert!(
            north.contains(expected),
            "northstar's scorecard lacks {expected:?}:\n{north}"
        );
    }
}

#[test]
fn the_portfolio_flags_ready_below_quiet_and_single_contact_partners() {
    let kit = scorecard_kit();
    kit.edit("partners/southwind.yaml", |s| {
        s.replace(
            "  - {name: \"Dev Patel\", role: \"Channel lead\", email: \"dev@kit.example\"}\n",
            "",
        )
    });
    kit.build(&[]).expect_success();
    let text = main_text(&kit.read_out("internal/latest/portfolio/index.html"));
    for expected in [
        "Northstar Partners gold Q3 2026 16 5 1 6.5 31.3% 20% Lost the account lead in July",
        "Southwind Referrals silver Q3 2026 12 6 2 8 50% 33.3% Joint webinar paid off",
        "Ready for the next tier 1 Southwind Referrals silver meets every gold criterion",
        "Below their tier 1 Northstar Partners gold misses qualified referrals ≥ 6, win rate ≥ 25%",
        // southwind qualified some in Q3: nobody was quiet for the last two.
        "No qualified referrals for 2 periods 0 Every partner had some in the last 2 periods.",
        "Single point of contact 1 Southwind Referrals silver only Cara Diaz",
        "platinum qualified referrals ≥ 10; account health ≥ 8; win rate ≥ 30%",
    ] {
        assert!(
            text.contains(expected),
            "the portfolio lacks {expected:?}:\n{text}"
        );
    }
    let html = kit.read_out("internal/latest/portfolio/index.html");
    assert!(html.contains("<table class=\"portfolio-table\" data-sortable>"));
    assert!(html.contains("<td class=\"num\" data-sort=\"0.3125\">31.3%</td>"));
    // The staff portal has the portfolio, not a scorecard; partners the
    // other way round, and the nav says so.
    assert!(!kit.out_exists("internal/latest/scorecard/index.html"));
    assert!(!kit.out_exists("partners/southwind/latest/portfolio/index.html"));
    assert!(
        kit.read_out("partners/southwind/latest/index.html")
            .contains(">Your scorecard</a>")
    );
    assert!(
        kit.read_out("internal/latest/index.html")
            .contains(">Portfolio</a>")
    );
}

#[test]
fn rows_may_name_a_partner_as_people_write_it() {
    let kit = scorecard_kit();
    kit.write(
        "data/results.csv",
        RESULTS
            .replace("southwind,Q3", "Southwind,Q3")
            .replace("northstar,Q3", " NorthStar ,Q3"),
    );
    kit.build(&[]).expect_success();
    let text = main_text(&kit.read_out("partners/southwind/latest/scorecard/index.html"));
    assert!(text.contains("Your figures for Q3 2026"), "{text}");
}

#[test]
fn a_partner_with_no_activity_for_two_periods_is_listed() {
    let kit = scorecard_kit();
    kit.write(
        "data/results.csv",
        RESULTS.replace("southwind,Q3 2026,12,6,2,8,", "southwind,Q3 2026,3,,0,5,"),
    );
    kit.build(&[]).expect_success();
    let text = main_text(&kit.read_out("internal/latest/portfolio/index.html"));
    assert!(
        text.contains("No qualified referrals for 2 periods 1 Southwind Referrals silver no qualified referrals in the last 2 periods"),
        "{text}"
    );
    // An empty cell is no figure, shown as such, not zero.
    assert!(
        text.contains("Southwind Referrals silver Q3 2026 3 — 0 5 — —"),
        "{text}"
    );
}

#[test]
fn a_scorecard_changes_only_when_its_partners_rows_do() {
    let kit = scorecard_kit();
    kit.build(&[]).expect_success();
    // A new quarter for southwind only.
    kit.write(
        "data/results.csv",
        format!("{RESULTS}southwind,Q4 2026,14,7,3,8.5,\n"),
    );
    kit.build(&["--version", "1.1.0"]).expect_success();
    let south = kit.read_out("partners/southwind/1.1.0/whats-new/index.html");
    assert!(
        south.contains("Your scorecard: Q4 2026</a>: your new figures are in."),
        "{south}"
    );
    let feed = kit.read_out("partners/southwind/1.1.0/feed.xml");
    assert!(feed.contains("Your scorecard: Q4 2026"), "{feed}");
    let manifest: serde_json::Value =
        serde_json::from_str(&kit.read_out("partners/southwind/1.1.0/manifest.json")).unwrap();
    let entry = manifest["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "scorecard")
        .expect("a scorecard entry");
    assert_eq!(entry["changed_in"], "1.1.0");
    assert_eq!(entry["url"], "scorecard/");
    // northstar's rows did not change: nothing new for it.
    let north = kit.read_out("partners/northstar/1.1.0/whats-new/index.html");
    assert!(!north.contains("your new figures are in"), "{north}");
    assert!(north.contains("Nothing changed in this portal since 1.0.0."));
    let feed = kit.read_out("partners/northstar/1.1.0/feed.xml");
    assert!(!feed.contains("Q4 2026"), "{feed}");
}

#[test]
fn values_fill_each_readers_own_numbers_in_pages_and_profiles() {
    let kit = KitTest::example();
    kit.build(&[]).expect_success();
    let page = |p: &str| {
        kit.read_out(&format!(
            "{p}/latest/one-pagers/pricing-and-packaging/index.html"
        ))
    };
    for (portal, sentence) in [
        (
            "partners/pipewise-labs",
            "As a silver partner, Pipewise Labs may offer up to <strong>10% off list</strong>",
        ),
        (
            "partners/northwind-digital",
            "As a gold partner, Northwind Digital may offer up to <strong>15% off list</strong>",
        ),
        (
            "partners/atlas-cloud-group",
            "As a platinum partner, Atlas Cloud Group may offer up to <strong>20% off list</strong>",
        ),
    ] {
        let html = page(portal);
        assert!(
            html.contains(sentence),
            "{portal}: {sentence:?} not in the pricing page"
        );
        // The same value for everyone, from a YAML data file.
        assert!(
            html.contains("<td>$57,600 / year</td>"),
            "{portal}: list price"
        );
    }
    assert!(page("partners/atlas-cloud-group").contains("protects the opportunity for 120 days"));
    // Staff see which values are filled per partner.
    let internal = page("internal");
    assert!(internal.contains(
        "As a <var class=\"per-partner\" title=\"Filled in for each partner\">partner.tier</var> partner"
    ));
    assert!(internal.contains("<var class=\"per-partner\" title=\"Filled in for each partner\">data.price-book[partner.tier].discount</var>"));
    // Profiles: each partner's own margin from the price book.
    let payout = |p: &str| kit.read_out(&format!("partners/{p}/latest/partnership/index.html"));
    assert!(
        payout("atlas-cloud-group").contains("Resale margin of <strong>30%</strong> on new ARR")
    );
    assert!(payout("northwind-digital").contains("Resale margin of <strong>20%</strong> off list"));
    // Values are not searched: one index serves many readers.
    let index = kit.read_search_index("partners/pipewise-labs/latest");
    assert!(!index.contains("\u{fdd3}"));
}

#[test]
fn braces_in_code_and_escaped_braces_stay_literal() {
    let kit = KitTest::fixture("small");
    kit.write("data/prices.yaml", "gold: {discount: \"15%\"}\n");
    kit.edit("content/one-pagers/overview.md", |s| {
        format!(
            "{s}\nDiscount {{{{ data.prices.gold.discount }}}} for {{{{partner.name}}}}.\n\nTemplates write `{{{{ partner.name }}}}` and \\{{{{ this }}}}.\n\n```\n{{{{ data.nothing }}}}\n```\n"
        )
    });
    kit.build(&[]).expect_success();
    let html = kit.read_out("partners/northstar/latest/one-pagers/overview/index.html");
    assert!(
        html.contains("Discount 15% for Northstar Partners."),
        "{html}"
    );
    assert!(html.contains("Templates write <code>{{ partner.name }}</code> and {{ this }}."));
    assert!(html.contains("{{ data.nothing }}"));
}

/// `enablekit build` on a scorecard kit broken by `edit` fails with the
/// golden message `name` and leaves the published output alone.
#[track_caller]
fn golden(name: &str, edit: impl FnOnce(&KitTest)) {
    let kit = scorecard_kit();
    kit.build(&[]).expect_success();
    edit(&kit);
    let run = fails_without_touching_output(&kit);
    assert_snapshot(name, &kit, &run);
}

#[test]
fn a_cell_that_is_not_a_number_is_named_by_row_and_column() {
    golden("data_not_a_number", |kit| {
        kit.write(
            "data/results.csv",
            RESULTS.replace("southwind,Q2 2026,5,0,0", "southwind,Q2 2026,5,0,n/a"),
        );
    });
}

#[test]
fn a_percentage_without_a_percent_sign_is_refused() {
    let kit = scorecard_kit();
    kit.edit("kit.yaml", |s| {
        s.replace(
            "{key: health, label: \"Account health\", unit: score}",
            "{key: health, label: \"Account health\", unit: percent}",
        )
    });
    let run = kit.build(&[]);
    run.expect_code(1)
        .expect_stderr("error[E0925]: row 2, column `health`: `7.5` is a percentage without `%`")
        .expect_stderr(" --> data/results.csv:2:26")
        .expect_stderr("= help: write `7.5%`, or the ratio (0.075)");
}

#[test]
fn a_missing_column_suggests_the_near_one() {
    golden("data_missing_column", |kit| {
        kit.write(
            "data/results.csv",
            RESULTS.replacen("qualified", "qualifed", 1),
        );
    });
}

#[test]
fn a_row_for_an_unknown_partner_suggests_the_near_one() {
    golden("data_unknown_partner", |kit| {
        kit.write(
            "data/results.csv",
            RESULTS.replace("southwind,Q3", "southwnd,Q3"),
        );
    });
}

#[test]
fn a_value_with_an_unknown_key_suggests_the_near_one() {
    golden("value_unknown_key", |kit| {
        kit.write(
            "data/prices.yaml",
            "gold:\n  discount: \"15%\"\nsilver:\n  discount: \"10%\"\n",
        );
        kit.edit("content/one-pagers/overview.md", |s| {
            format!("{s}\nYou get {{{{ data.prices[partner.tier].discont }}}} off.\n")
        });
    });
}

#[test]
fn a_value_missing_for_one_reader_names_that_reader() {
    let kit = scorecard_kit();
    kit.write("data/prices.yaml", "gold:\n  discount: \"15%\"\n");
    kit.edit("content/one-pagers/overview.md", |s| {
        format!("{s}\nYou get {{{{ data.prices[partner.tier].discount }}}} off.\n")
    });
    kit.build(&[])
        .expect_code(1)
        .expect_stderr("error[E0931]: `data.prices` has no `silver` (the reader's tier) for `southwind` (silver), who can see this page")
        .expect_stderr("= help: its keys are: gold");
    // Gated to gold, only northstar reads it: then it builds.
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replacen("---\n", "---\ntiers: [gold]\n", 1)
    });
    kit.build(&[]).expect_success();
}

#[test]
fn values_may_not_stand_in_headings_links_or_quote_the_scorecard() {
    golden("value_misplaced_and_scorecard", |kit| {
        kit.edit("content/one-pagers/overview.md", |s| {
            format!("{s}\n## For {{{{ partner.name }}}}\n\nSee [{{{{ partner.name }}}}'s page](../objections/price.md).\n\nOthers had {{{{ data.results.northstar.qualified }}}}.\n")
        });
    });
}

#[test]
fn kit_yaml_scorecard_mistakes_are_located() {
    let kit = scorecard_kit();
    kit.edit("kit.yaml", |s| {
        s.replace(
            "formula: \"won / qualified\"",
            "formula: \"wins / qualified\"",
        )
        .replace("gold: {qualified: \">= 6\"", "gold: {qualifed: \">= 6\"")
        .replace("platinum:", "platnum:")
    });
    let run = kit.build(&[]);
    run.expect_code(1)
        .expect_stderr(
            "error[E0913]: formula `wins / qualified` uses `wins`, which is not a metric above it",
        )
        .expect_stderr("= help: a formula may use the metrics listed before it: referrals, qualified, won, health, qualification_rate")
        .expect_stderr("error[E0914]: `qualifed` is not a scorecard metric")
        .expect_stderr("= help: did you mean `qualified`?")
        .expect_stderr("error[E0915]: `platnum` in tier_criteria is not a tier")
        .expect_stderr("= help: did you mean `platinum`?")
        .expect_stderr(" --> kit.yaml:");
}

#[test]
fn bad_data_files_are_located() {
    let kit = scorecard_kit();
    kit.write("data/program.json", "{\"a\": 1,\n \"b\": }\n");
    kit.write("data/ragged.csv", "a,b\n1,2\n3\n");
    let run = kit.build(&[]);
    run.expect_code(1)
        .expect_stderr("error[E0901]: this JSON file does not parse: expected value")
        .expect_stderr(" --> data/program.json:2:7")
        .expect_stderr("error[E0903]: this row has 1 cells, but the header names 2 columns")
        .expect_stderr(" --> data/ragged.csv:3:1");
}

/// The leak fixture with results (a marker in every row: the note and a
/// number no other row has), a price book keyed by tier with a marker per
/// tier, and an open page quoting both the reader's name and its price.
fn leaky_with_data() -> KitTest {
    let kit = KitTest::fixture("leaky");
    kit.edit("kit.yaml", |s| {
        format!(
            "{s}scorecard:\n  data: results.csv\n  note: note\n  metrics:\n    - {{key: referrals, unit: count}}\n    - {{key: qualified, unit: count}}\n    - {{key: rate, unit: percent, formula: \"qualified / referrals\"}}\ntier_criteria:\n  gold: {{qualified: \">= 5\"}}\n"
        )
    });
    kit.write(
        "data/results.csv",
        "partner,period,referrals,qualified,note\n\
         alpha,P1,73101,5,zqrowalpha first\n\
         beta,P1,84202,2,zqrowbeta first\n\
         gamma,P1,95303,1,zqrowgamma first\n\
         alpha,P2,73102,6,zqrowalpha second\n\
         beta,P2,84203,3,zqrowbeta second\n",
    );
    kit.write(
        "data/rates.csv",
        "tier,offer\nbronze,zqratebronze\nsilver,zqratesilver\ngold,zqrategold\n",
    );
    kit.edit("content/one-pagers/open-overview.md", |s| {
        format!("{s}\nThis page is for {{{{ partner.name }}}}, whose offer is {{{{ data.rates[partner.tier].offer }}}}.\n")
    });
    kit
}

#[test]
fn no_portal_contains_another_partners_rows_or_values() {
    let kit = leaky_with_data();
    kit.build(&[]).expect_success();
    let rows: &[(&str, &[&str])] = &[
        ("zqrowalpha", &[INTERNAL, ALPHA]),
        ("zqrowbeta", &[INTERNAL, BETA]),
        ("zqrowgamma", &[INTERNAL, GAMMA]),
        ("73,102", &[INTERNAL, ALPHA]),
        ("84,203", &[INTERNAL, BETA]),
        ("95,303", &[INTERNAL, GAMMA]),
    ];
    let expected: Vec<(&str, &[&str])> = EXPECTED
        .iter()
        .copied()
        .chain(rows.iter().copied())
        .collect();
    for p in [ALPHA, BETA, GAMMA] {
        assert!(
            kit.out_exists(&format!("{p}/1.0.0/scorecard/index.html")),
            "{p}"
        );
    }
    assert!(kit.out_exists("internal/1.0.0/portfolio/index.html"));
    let (found, _) = scan_markers_partners(&kit, &expected);
    let problems = marker_problems(&found, &expected);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    // Per-tier values reach only readers of that tier; staff see the name
    // of the value, not one partner's.
    let tiers: BTreeMap<&str, &str> = [
        ("zqrategold", ALPHA),
        ("zqratesilver", BETA),
        ("zqratebronze", GAMMA),
    ]
    .into();
    for (marker, portal) in tiers {
        let at: Vec<&str> = found
            .get(marker)
            .map(|m| m.keys().copied().collect())
            .unwrap_or_default();
        assert_eq!(at, [portal], "{marker}");
    }
    let page = kit.read_out("partners/beta/latest/one-pagers/open-overview/index.html");
    assert!(page.contains("whose offer is zqratesilver."), "{page}");
    let own = kit.read_out("partners/beta/latest/scorecard/index.html");
    assert!(own.contains("84,203") && own.contains("zqrowbeta second"));
}

/// [`scan_markers`] with the markers only a partner portal shows (values
/// per reader are not in the staff portal) allowed to miss there.
fn scan_markers_partners(
    kit: &KitTest,
    expected: &[(&'static str, &[&str])],
) -> (crate::leak::Found, usize) {
    let extra: &[(&'static str, &[&str])] = &[
        ("zqrategold", &PORTALS),
        ("zqratesilver", &PORTALS),
        ("zqratebronze", &PORTALS),
    ];
    let all: Vec<(&'static str, &[&str])> = expected.iter().chain(extra).copied().collect();
    scan_markers(kit, &all, &[])
}

#[test]
fn a_partner_without_rows_is_warned_about_and_gets_an_empty_scorecard() {
    let kit = scorecard_kit();
    kit.write(
        "data/results.csv",
        RESULTS
            .lines()
            .filter(|l| !l.starts_with("southwind"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
    );
    kit.build(&[])
        .expect_success()
        .expect_stderr("warning[W0902]: `Southwind Referrals` has no rows in the scorecard")
        .expect_stderr(" --> partners/southwind.yaml");
    let text = main_text(&kit.read_out("partners/southwind/latest/scorecard/index.html"));
    assert!(
        text.contains("No figures for your partnership yet"),
        "{text}"
    );
    // Nor does it see northstar's: its page holds no figure at all.
    assert!(
        !text.contains("Q3 2026") && !text.contains("Northstar"),
        "{text}"
    );
}

#[test]
fn quoting_one_partners_row_on_a_page_others_read_is_refused() {
    let kit = KitTest::fixture("small");
    kit.write(
        "data/accounts.csv",
        "partner,mdf\nnorthstar,$40k\nsouthwind,$5k\n",
    );
    kit.edit("content/one-pagers/overview.md", |s| {
        format!("{s}\nMDF: {{{{ data.accounts.northstar.mdf }}}}.\n")
    });
    kit.build(&[])
        .expect_code(1)
        .expect_stderr("error[E0933]: `data.accounts…` quotes `northstar`'s own row on a page `southwind` can see")
        .expect_stderr("= help: write `[partner.slug]` instead of `northstar`");
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace(
            "data.accounts.northstar.mdf",
            "data.accounts[partner.slug].mdf",
        )
    });
    kit.build(&[]).expect_success();
    assert!(
        kit.read_out("partners/southwind/latest/one-pagers/overview/index.html")
            .contains("MDF: $5k.")
    );
    assert!(
        !kit.read_out("partners/southwind/latest/one-pagers/overview/index.html")
            .contains("$40k")
    );
}

#[test]
fn kit_yaml_and_headers_as_people_write_them() {
    let kit = scorecard_kit();
    // Metrics as bare keys, unit aliases, headers in their own words.
    kit.edit("kit.yaml", |s| {
        s.replace(
            "    - {key: referrals, label: \"Referrals\", unit: count}\n",
            "    - referrals\n",
        )
        .replace(
            "unit: percent, formula: \"won / qualified\"",
            "unit: percentage, formula: \"won / qualified\"",
        )
    });
    kit.write(
        "data/results.csv",
        RESULTS.replacen(
            "partner,quarter,referrals,qualified",
            "Partner,Quarter,Referrals,Qualified",
            1,
        ),
    );
    kit.build(&[]).expect_success();
    let text = main_text(&kit.read_out("partners/southwind/latest/scorecard/index.html"));
    assert!(text.contains("referrals 12 5 +7 (better)"), "{text}");
    assert!(text.contains("Win rate 33.3%"), "{text}");
}

#[test]
fn a_value_in_front_matter_is_refused_where_it_stands() {
    let kit = KitTest::fixture("small");
    kit.write("data/prices.yaml", "gold: {discount: \"15%\"}\n");
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace(
            "summary: \"What the product does, in one page.\"",
            "summary: \"Up to {{ data.prices.gold.discount }} off\"",
        )
    });
    kit.build(&[])
        .expect_code(1)
        .expect_stderr("error[E0934]: a value in front matter is not filled")
        .expect_stderr(" --> content/one-pagers/overview.md:3:")
        .expect_stderr(
            "= help: values are filled in a page's text: move it below the closing `---`",
        );
}
