//! Golden files of `enablekit check`'s human output, one problem each:
//! YAML syntax, front matter, markdown links, anchors and images, theme
//! templates, partner profiles and the author checks. Expected output lives
//! in `tests/snapshots/<name>.txt`; the kit's temporary path, where it
//! appears, is written `[KIT]`. Run with `UPDATE_SNAPSHOTS=1` to rewrite
//! the files after an intended change, then review the diff.

use std::fs;
use std::path::PathBuf;

use super::small;
use crate::common::{KitTest, Run, repo_root};

fn snapshot_path(name: &str) -> PathBuf {
    repo_root()
        .join("tests")
        .join("snapshots")
        .join(format!("{name}.txt"))
}

/// Compare `run`'s stderr with `tests/snapshots/<name>.txt`, or rewrite
/// that file when `UPDATE_SNAPSHOTS=1`.
#[track_caller]
pub(crate) fn assert_snapshot(name: &str, kit: &KitTest, run: &Run) {
    let root = kit.root().to_str().expect("utf-8 temp path");
    let actual = run.stderr.replace(root, "[KIT]");
    let last = actual.lines().last().unwrap_or("");
    assert!(
        last.ends_with(" error")
            || last.ends_with(" errors")
            || last.ends_with(" warning")
            || last.ends_with(" warnings"),
        "{name}: the output ends with a count line, not {last:?}"
    );
    let path = snapshot_path(name);
    if std::env::var("UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &actual).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "no snapshot {} ({e}); run with UPDATE_SNAPSHOTS=1 to create it. Output:\n{actual}",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "stderr differs from {}\n--- expected ---\n{expected}--- actual ---\n{actual}--- (UPDATE_SNAPSHOTS=1 rewrites the file)",
        path.display()
    );
}

/// `enablekit check` exits `code` and prints what `tests/snapshots/<name>.txt` holds.
#[track_caller]
fn check_matches(name: &str, kit: &KitTest, args: &[&str], code: i32) {
    let run = kit.check(args);
    run.expect_code(code);
    assert_snapshot(name, kit, &run);
}

/// The small fixture with `rel`'s `from` replaced by `to`.
fn edited(rel: &str, from: &str, to: &str) -> KitTest {
    let kit = small();
    kit.edit(rel, |s| {
        assert!(s.contains(from), "{rel} has no {from:?}");
        s.replacen(from, to, 1)
    });
    kit
}

/// The small fixture plus `content/one-pagers/notes.md` (no page links to it).
fn with_notes(text: &str) -> KitTest {
    let kit = small();
    kit.write("content/one-pagers/notes.md", text);
    kit
}

/// Front matter of a well-formed notes page, for bodies to follow.
const NOTES_HEAD: &str =
    "---\ntitle: \"Team notes\"\nsummary: \"Notes for the team.\"\nowner: \"Ops\"\n---\n\n";

/// The small fixture with the built-in `item.html` overridden by a copy
/// that has `line` right after `{% block content %}`.
fn with_item_template_line(line: &str) -> KitTest {
    let kit = small();
    let original =
        fs::read_to_string(repo_root().join("themes/default/templates/item.html")).unwrap();
    assert!(original.contains("{% block content %}\n"));
    kit.write(
        "themes/default/templates/item.html",
        original.replacen(
            "{% block content %}\n",
            &format!("{{% block content %}}\n{line}\n"),
            1,
        ),
    );
    kit
}

// YAML syntax and types.

#[test]
fn yaml_kit_colon_in_plain_value() {
    let kit = edited(
        "kit.yaml",
        "tagline: \"A compact kit for integration tests.\"",
        "tagline: A compact kit: for integration tests",
    );
    check_matches("yaml_kit_colon_in_plain_value", &kit, &[], 1);
}

#[test]
fn yaml_front_matter_colon_in_plain_value() {
    let kit = with_notes(
        "---\ntitle: \"Team notes\"\nsummary: : what: it does\nowner: \"Ops\"\n---\n\nNotes.\n",
    );
    check_matches("yaml_front_matter_colon_in_plain_value", &kit, &[], 1);
}

#[test]
fn yaml_front_matter_wrong_type() {
    let kit =
        with_notes("---\ntitle: \"Team notes\"\ntags: pricing\nowner: \"Ops\"\n---\n\nNotes.\n");
    check_matches("yaml_front_matter_wrong_type", &kit, &[], 1);
}

#[test]
fn yaml_partner_bad_indentation() {
    let kit = edited(
        "partners/southwind.yaml",
        "type: referral",
        "  type: referral",
    );
    check_matches("yaml_partner_bad_indentation", &kit, &[], 1);
}

#[test]
fn yaml_partner_wrong_type() {
    let kit = edited(
        "partners/southwind.yaml",
        "lead_sla_hours: 24",
        "lead_sla_hours: a day",
    );
    check_matches("yaml_partner_wrong_type", &kit, &[], 1);
}

#[test]
fn yaml_partner_list_item_misaligned() {
    let kit = edited(
        "partners/northstar.yaml",
        "  - {name: \"Ben Cole\", role: \"Solutions architect\", email: \"ben@kit.example\"}",
        "  - name: \"Ben Cole\"\n    role: \"Solutions architect\"\n   email: \"ben@kit.example\"",
    );
    check_matches("yaml_partner_list_item_misaligned", &kit, &[], 1);
}

#[test]
fn yaml_partner_hours_with_unit_and_comment() {
    let kit = edited(
        "partners/southwind.yaml",
        "lead_sla_hours: 24",
        "lead_sla_hours: 24h  # one working day",
    );
    check_matches("yaml_partner_hours_with_unit_and_comment", &kit, &[], 1);
}

#[test]
fn yaml_partner_unknown_tier_before_a_comment() {
    let kit = edited(
        "partners/northstar.yaml",
        "tier: gold",
        "tier: Gold  # renewed in May",
    );
    check_matches("yaml_partner_unknown_tier_before_a_comment", &kit, &[], 1);
}

#[test]
fn yaml_front_matter_unclosed_list() {
    let kit = with_notes(
        "---\ntitle: \"Team notes\"\ntags: [pricing, onboarding\nowner: \"Ops\"\n---\n\nNotes.\n",
    );
    check_matches("yaml_front_matter_unclosed_list", &kit, &[], 1);
}

#[test]
fn yaml_front_matter_tab_indent() {
    let kit = with_notes(
        "---\ntitle: \"Team notes\"\ntags:\n\t- pricing\nowner: \"Ops\"\n---\n\nNotes.\n",
    );
    check_matches("yaml_front_matter_tab_indent", &kit, &[], 1);
}

#[test]
fn yaml_kit_unknown_choice() {
    let kit = edited(
        "kit.yaml",
        "base_url: https://kit.example",
        "base_url: https://kit.example\npartner_metadata: [owners]",
    );
    check_matches("yaml_kit_unknown_choice", &kit, &[], 1);
}

// References to items.

#[test]
fn partner_featured_typo() {
    let kit = edited(
        "partners/northstar.yaml",
        "featured: [acme]",
        "featured: [acmee]",
    );
    check_matches("partner_featured_typo", &kit, &[], 1);
}

#[test]
fn partner_featured_by_title() {
    let kit = edited(
        "partners/northstar.yaml",
        "featured: [acme]",
        "featured: [Product Overview]",
    );
    check_matches("partner_featured_by_title", &kit, &[], 1);
}

#[test]
fn partner_featured_item_it_cannot_see() {
    let kit = edited(
        "content/case-studies/acme.md",
        "industry: \"Logistics\"",
        "industry: \"Logistics\"\ntiers: [platinum]",
    );
    check_matches("partner_featured_item_it_cannot_see", &kit, &[], 0);
}

#[test]
fn proof_typo() {
    let kit = edited(
        "content/objections/price.md",
        "proof: [acme]",
        "proof: [acne]",
    );
    check_matches("proof_typo", &kit, &[], 1);
}

#[test]
fn check_placeholder_left_with_strict() {
    let kit = edited(
        "content/one-pagers/overview.md",
        "owner: \"Marketing\"",
        "owner: \"Your name or team\"",
    );
    check_matches("check_placeholder_left_with_strict", &kit, &["--strict"], 1);
}

#[test]
fn front_matter_file_name_gives_no_slug() {
    let kit = with_notes("---\ntitle: \"Team notes\"\nowner: \"Ops\"\n---\n\nNotes.\n");
    kit.write(
        "content/one-pagers/✓ ✓.md",
        kit.read("content/one-pagers/notes.md"),
    );
    kit.remove("content/one-pagers/notes.md");
    check_matches("front_matter_file_name_gives_no_slug", &kit, &[], 1);
}

#[test]
fn front_matter_hand_set_slug_with_spaces() {
    let kit = with_notes(
        "---\ntitle: \"Team notes\"\nslug: Team Notes  # for the URL\nowner: \"Ops\"\n---\n\nNotes.\n",
    );
    check_matches("front_matter_hand_set_slug_with_spaces", &kit, &[], 1);
}

#[test]
fn no_kit_here() {
    let kit = KitTest::empty();
    check_matches("no_kit_here", &kit, &[], 2);
}

#[test]
fn markdown_raw_html_link_to_a_page() {
    let kit = with_notes(&format!(
        "{NOTES_HEAD}Read <a href=\"../case-studies/acme.md\">the Acme story</a> first.\n"
    ));
    check_matches("markdown_raw_html_link_to_a_page", &kit, &[], 1);
}

// Front matter.

#[test]
fn front_matter_not_closed() {
    let kit = with_notes("---\ntitle: \"Team notes\"\nowner: \"Ops\"\n\n## Notes\n\nText.\n");
    check_matches("front_matter_not_closed", &kit, &[], 1);
}

#[test]
fn front_matter_missing_title() {
    let kit = with_notes("---\nsummary: \"No title here.\"\nowner: \"Ops\"\n---\n\nNotes.\n");
    check_matches("front_matter_missing_title", &kit, &[], 1);
}

#[test]
fn front_matter_unknown_key() {
    let kit = edited(
        "content/one-pagers/overview.md",
        "owner: \"Marketing\"",
        "owner: \"Marketing\"\nreviw_by: 2027-01-01",
    );
    check_matches("front_matter_unknown_key", &kit, &[], 0);
}

#[test]
fn front_matter_invalid_date() {
    let kit = with_notes(
        "---\ntitle: \"Team notes\"\nowner: \"Ops\"\nreview_by: 2026-13-01\n---\n\nNotes.\n",
    );
    check_matches("front_matter_invalid_date", &kit, &[], 1);
}

#[test]
fn front_matter_unknown_tier() {
    let kit =
        with_notes("---\ntitle: \"Team notes\"\nowner: \"Ops\"\nmin_tier: silvr\n---\n\nNotes.\n");
    check_matches("front_matter_unknown_tier", &kit, &[], 1);
}

#[test]
fn front_matter_objection_without_short_answer() {
    let kit = small();
    kit.write(
        "content/objections/timing.md",
        "---\ntitle: \"Not the right time\"\nowner: \"Sales\"\nobjection: \"Come back next year.\"\n---\n\nText.\n",
    );
    check_matches("front_matter_objection_without_short_answer", &kit, &[], 1);
}

#[test]
fn front_matter_unknown_collection_folder() {
    let kit = small();
    kit.write(
        "content/case-study/globex.md",
        "---\ntitle: \"Globex\"\nowner: \"Ops\"\ncustomer: \"Globex\"\n---\n",
    );
    check_matches("front_matter_unknown_collection_folder", &kit, &[], 1);
}

// Markdown links, anchors and images.

#[test]
fn markdown_link_to_a_missing_page() {
    let kit = with_notes(&format!(
        "{NOTES_HEAD}## Notes\n\nCompare with [the old pricing](../one-pagers/pricing.md) first.\n"
    ));
    check_matches("markdown_link_to_a_missing_page", &kit, &[], 1);
}

#[test]
fn markdown_anchor_missing_on_another_page() {
    let kit = with_notes(&format!(
        "{NOTES_HEAD}## Notes\n\nSee [x](../case-studies/acme.md#no-such-heading).\n"
    ));
    check_matches("markdown_anchor_missing_on_another_page", &kit, &[], 1);
}

#[test]
fn markdown_anchor_near_miss() {
    let kit = with_notes(&format!(
        "{NOTES_HEAD}## Notes\n\nSee [the result](../case-studies/acme.md#the-reslt).\n"
    ));
    check_matches("markdown_anchor_near_miss", &kit, &[], 1);
}

#[test]
fn markdown_anchor_missing_on_the_same_page() {
    let kit = with_notes(&format!(
        "{NOTES_HEAD}## Notes\n\nJump to [the summary](#summary).\n\n## Details\n\nText.\n"
    ));
    check_matches("markdown_anchor_missing_on_the_same_page", &kit, &[], 1);
}

#[test]
fn markdown_image_without_alt_text() {
    let kit = with_notes(&format!(
        "{NOTES_HEAD}## Notes\n\nThe chart: ![](../case-studies/images/incidents.svg)\n"
    ));
    check_matches("markdown_image_without_alt_text", &kit, &[], 0);
}

// Templates in the kit's theme override.

#[test]
fn template_syntax_error() {
    let kit = with_item_template_line("<p>{{ item.title ) }}</p>");
    check_matches("template_syntax_error", &kit, &[], 1);
}

#[test]
fn template_undefined_variable() {
    let kit = with_item_template_line("<p>{{ nonexistent_var }}</p>");
    check_matches("template_undefined_variable", &kit, &[], 1);
}

#[test]
fn template_unknown_field() {
    let kit = with_item_template_line("<p>{{ item.titel }}</p>");
    check_matches("template_unknown_field", &kit, &[], 1);
}

// Partner profiles.

#[test]
fn partner_unknown_tier() {
    let kit = edited("partners/northstar.yaml", "tier: gold", "tier: golden");
    check_matches("partner_unknown_tier", &kit, &[], 1);
}

#[test]
fn partner_bad_colour() {
    let kit = edited("partners/northstar.yaml", "\"#1b2a4a\"", "\"#1b2a4g\"");
    check_matches("partner_bad_colour", &kit, &[], 1);
}

#[test]
fn partner_missing_logo() {
    let kit = edited(
        "partners/northstar.yaml",
        "logo: logos/northstar.svg",
        "logo: logos/north-star.svg",
    );
    check_matches("partner_missing_logo", &kit, &[], 1);
}

#[test]
fn partner_single_contact() {
    let kit = edited(
        "partners/southwind.yaml",
        "  - {name: \"Dev Patel\", role: \"Channel lead\", email: \"dev@kit.example\"}\n",
        "",
    );
    check_matches("partner_single_contact", &kit, &[], 0);
}

#[test]
fn partner_unknown_key() {
    let kit = edited(
        "partners/southwind.yaml",
        "lead_sla_hours: 24",
        "lead_sla_hour: 24",
    );
    check_matches("partner_unknown_key", &kit, &[], 0);
}

// Author checks (only `check` runs them).

#[test]
fn check_overdue_review_with_strict() {
    let kit = edited(
        "content/objections/price.md",
        "owner: \"Marketing\"",
        "owner: \"Marketing\"\nreview_by: 2025-11-30",
    );
    check_matches("check_overdue_review_with_strict", &kit, &["--strict"], 1);
}

#[test]
fn check_item_without_owner() {
    let kit = edited(
        "content/case-studies/acme.md",
        "owner: \"Customer marketing\"\n",
        "",
    );
    check_matches("check_item_without_owner", &kit, &[], 0);
}

#[test]
fn check_link_hidden_from_a_partner() {
    let kit = small();
    kit.write(
        "content/one-pagers/gold-sheet.md",
        "---\ntitle: \"Gold sheet\"\nowner: \"Sales\"\ntiers: [gold]\n---\n\nGold only.\n",
    );
    kit.edit("content/one-pagers/overview.md", |s| {
        format!("{s}Gold partners: [the gold sheet](gold-sheet.md).\n")
    });
    check_matches("check_link_hidden_from_a_partner", &kit, &[], 0);
}
