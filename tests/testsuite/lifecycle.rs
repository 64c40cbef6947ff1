//! Partnership lifecycle (issue 18, first part): stages in kit.yaml and
//! profiles, content gated by stage through the one visibility rule (the
//! leak scan with a marker per stage), and where a partnership stands on
//! its partnership page.

use crate::common::KitTest;
use crate::leak::{ALPHA, BETA, EXPECTED, GAMMA, INTERNAL, marker_problems, scan_markers};

/// 2026-12-01T00:00:00Z, and the day after: the page must not follow.
const DEC_1: &str = "1796083200";
const DEC_2: &str = "1796169600";

#[test]
fn stage_gated_items_reach_only_partners_in_that_stage() {
    let kit = KitTest::fixture("leaky");
    kit.edit("partners/beta.yaml", |s| format!("{s}stage: onboarding\n"));
    kit.edit("partners/gamma.yaml", |s| format!("{s}stage: active\n"));
    kit.write(
        "content/one-pagers/zqstageonboarding.md",
        "---\ntitle: \"Your first 90 days zqstageonboarding\"\nsummary: \"For new partners zqstageonboarding\"\nstages: [onboarding]\n---\n\nOnboarding only: zqstageonboarding.\n",
    );
    kit.write(
        "content/one-pagers/zqstageactive.md",
        "---\ntitle: \"Pipeline reviews zqstageactive\"\nsummary: \"For active partners zqstageactive\"\nstages: [active]\n---\n\nActive only: zqstageactive.\n",
    );
    // Every portal gets a "Refer a deal" page: it too must keep to its own.
    kit.edit("kit.yaml", |s| format!("{s}{HANDOFF}"));
    kit.build(&[]).expect_success();
    assert!(kit.out_exists("partners/beta/latest/refer/index.html"));
    let stages: &[(&str, &[&str])] = &[
        ("zqstageonboarding", &[INTERNAL, BETA]),
        // alpha has no `stage:`: a profile without one is active.
        ("zqstageactive", &[INTERNAL, ALPHA, GAMMA]),
    ];
    let expected: Vec<(&str, &[&str])> = EXPECTED
        .iter()
        .copied()
        .chain(stages.iter().copied())
        .collect();
    let (found, _) = scan_markers(&kit, &expected, &[]);
    let problems = marker_problems(&found, &expected);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    // `check` names who sees a link to a stage-gated page as plain text.
    kit.edit("content/one-pagers/open-overview.md", |s| {
        format!("{s}\nSee [the first days](zqstageonboarding.md).\n")
    });
    kit.check(&[]).expect_stderr("not visible to: alpha, gamma");
}

fn lifecycle_kit() -> KitTest {
    let kit = KitTest::fixture("small");
    kit.set_env("SOURCE_DATE_EPOCH", DEC_1);
    kit.edit("kit.yaml", |s| {
        format!("{s}first_win_plan: |\n  We pick **two target accounts** with {{{{ partner.name }}}} in the first 30 days.\n")
    });
    kit.edit("partners/northstar.yaml", |s| {
        format!("{s}stage: onboarding\nsigned: 2026-09-02\n")
    });
    kit.edit("partners/southwind.yaml", |s| {
        format!("{s}signed: 2025-12-01\nfirst_win: 2026-02-15\nnext_review: 2027-01-20\n")
    });
    kit
}

#[test]
fn the_partnership_page_says_where_the_partnership_stands() {
    let kit = lifecycle_kit();
    kit.build(&[]).expect_success();
    let north = kit.read_out("partners/northstar/latest/partnership/index.html");
    for expected in [
        "<li class=\"stages__step stages__step--current\" aria-current=\"step\">onboarding",
        "<li class=\"stages__step stages__step--ahead\">active</li>",
        // Dates only: the reader's browser counts the days, so the page
        // does not change from one day to the next.
        "<time datetime=\"2026-09-02\">2026-09-02</time> <span data-days-since=\"2026-09-02\"></span>",
        "<dt>First joint win</dt><dd>Not yet</dd>",
        "<dd data-next-review=\"2026-09-02\" data-every=\"91\">every quarter from the signing date</dd>",
        "<h3>Towards your first joint win</h3>",
        "We pick <strong>two target accounts</strong> with Northstar Partners in the first 30 days.",
    ] {
        assert!(
            north.contains(expected),
            "northstar's partnership page lacks {expected:?}"
        );
    }
    let south = kit.read_out("partners/southwind/latest/partnership/index.html");
    for expected in [
        "<li class=\"stages__step stages__step--done\">onboarding</li>",
        "stages__step--current\" aria-current=\"step\">active",
        "<time datetime=\"2026-02-15\">2026-02-15</time>, 76 days after signing",
        "<time datetime=\"2027-01-20\">2027-01-20</time>",
    ] {
        assert!(
            south.contains(expected),
            "southwind's partnership page lacks {expected:?}"
        );
    }
    assert!(!south.contains("Towards your first joint win"));
    // The same kit built a day later publishes the same version: nothing
    // on the page follows the clock.
    kit.set_env("SOURCE_DATE_EPOCH", DEC_2);
    kit.build(&[]).expect_success();
}

#[test]
fn unknown_stages_and_bad_dates_are_located() {
    let kit = lifecycle_kit();
    kit.edit("partners/northstar.yaml", |s| {
        s.replace("stage: onboarding", "stage: onbording")
            .replace("signed: 2026-09-02", "signed: 09/02/2026")
    });
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replacen("---\n", "---\nstages: [actve]\n", 1)
    });
    kit.build(&[])
        .expect_code(1)
        .expect_stderr("error[E0209]: unknown stage `onbording`")
        .expect_stderr("did you mean `onboarding`?")
        .expect_stderr("error[E0210]: `signed` is not a date: `09/02/2026`")
        .expect_stderr("= help: write dates as YYYY-MM-DD, e.g. `signed: 2026-03-01`")
        .expect_stderr("error[E0112]: unknown stage `actve`")
        .expect_stderr(" --> content/one-pagers/overview.md:2:");
    let kit = lifecycle_kit();
    kit.edit("kit.yaml", |s| {
        format!("{s}stages: [onboarding, active, active]\n")
    });
    kit.build(&[])
        .expect_code(1)
        .expect_stderr("error[E0013]: stage `active` is empty or listed twice");
}

#[test]
fn a_value_in_the_first_win_plan_is_checked_for_every_partner_without_a_win() {
    let kit = lifecycle_kit();
    kit.edit("kit.yaml", |s| {
        s.replace("{{ partner.name }}", "{{ partner.nam }}")
    });
    kit.build(&[])
        .expect_code(1)
        .expect_stderr("a partner profile has no field `nam` for values")
        .expect_stderr(" --> kit.yaml:");
}

const HANDOFF: &str = r#"handoff:
  email: referrals@kit.example
  owner: {name: "Rafa Ortiz", role: "Deal desk", email: "rafa@kit.example"}
  registration_days: 90
  fields:
    - {name: "Company and domain", why: "to check for an open opportunity", example: "Acme, acme.example"}
    - {name: "Contact & role", why: "who agreed to talk", example: "Dana W., VP Data"}
  overlap: "The first complete registration wins."
  direct_sales: "Our sellers co-sell registered deals."
"#;

/// The `mailto:` link of a page, its query decoded.
fn mailto(html: &str) -> (String, String, String) {
    let link = html
        .split("href=\"mailto:")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].replace("&amp;", "&"))
        .find(|link| link.contains("?subject="))
        .expect("a mailto link with a subject");
    let (to, query) = link.split_once('?').expect("a query");
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .unwrap()
            .into_owned()
    };
    let mut parts = query.split('&').map(|kv| kv.split_once('=').unwrap());
    let (k1, subject) = parts.next().unwrap();
    let (k2, body) = parts.next().unwrap();
    assert_eq!((k1, k2), ("subject", "body"));
    assert!(
        !body.contains(' ') && !body.contains('+'),
        "spaces escaped as %20: {body}"
    );
    (to.to_string(), decode(subject), decode(body))
}

#[test]
fn refer_a_deal_shows_each_partners_handoff_with_a_ready_email() {
    let kit = lifecycle_kit();
    kit.edit("kit.yaml", |s| format!("{s}{HANDOFF}"));
    // southwind's own: another address and a longer hold; its SLA is its
    // profile's lead_sla_hours (24), northstar's the profile's too (8).
    kit.edit("partners/southwind.yaml", |s| {
        format!("{s}handoff: {{email: \"south-referrals@kit.example\", registration_days: 120}}\n")
    });
    kit.build(&[]).expect_success();
    let north = kit.read_out("partners/northstar/latest/refer/index.html");
    let (to, subject, body) = mailto(&north);
    assert_eq!(to, "referrals@kit.example");
    assert_eq!(subject, "Referral from Northstar Partners: [customer name]");
    assert_eq!(
        body,
        "Referral from Northstar Partners\r\n\r\nCompany and domain: [e.g. Acme, acme.example]\r\nContact & role: [e.g. Dana W., VP Data]\r\n\r\nAnything else we should know:\r\n"
    );
    for expected in [
        "Rafa Ortiz (Deal desk) owns it on our side and answers within <strong>8 hours</strong>",
        "for <strong>90 days</strong> from our confirmation",
        "<th scope=\"row\">Company and domain</th><td>to check for an open opportunity</td><td>Acme, acme.example</td>",
        "The first complete registration wins.",
        "Our sellers co-sell registered deals.",
    ] {
        assert!(
            north.contains(expected),
            "northstar's refer page lacks {expected:?}"
        );
    }
    let south = kit.read_out("partners/southwind/latest/refer/index.html");
    let (to, subject, _) = mailto(&south);
    assert_eq!(to, "south-referrals@kit.example");
    assert_eq!(
        subject,
        "Referral from Southwind Referrals: [customer name]"
    );
    assert!(south.contains("answers within <strong>24 hours</strong>"));
    assert!(south.contains("for <strong>120 days</strong>"));
    assert!(south.contains("Cara Diaz") && !south.contains("Northstar"));
    assert!(
        kit.read_out("partners/southwind/latest/index.html")
            .contains(">Refer a deal</a>")
    );
    assert!(!kit.out_exists("internal/latest/refer/index.html"));
}

#[test]
fn without_a_handoff_there_is_no_refer_page() {
    let kit = lifecycle_kit();
    kit.build(&[]).expect_success();
    assert!(!kit.out_exists("partners/northstar/latest/refer/index.html"));
    assert!(
        !kit.read_out("partners/northstar/latest/index.html")
            .contains("Refer a deal")
    );
}

#[test]
fn check_warns_about_a_handoff_without_owner_or_sla_and_about_contradicting_text() {
    let kit = lifecycle_kit();
    kit.edit("kit.yaml", |s| {
        format!("{s}handoff: {{email: referrals@kit.example, registration_days: 90}}\n")
    });
    kit.edit("partners/southwind.yaml", |s| {
        s.replace("lead_sla_hours: 24\n", "")
    });
    kit.edit("partners/northstar.yaml", |s| {
        s.replace(
            "deal_registration: \"Register deals at the partner desk.\"",
            "deal_registration: \"We answer within 48 hours; deals are protected for 60 days.\"",
        )
    });
    kit.check(&[])
        .expect_success()
        .expect_stderr(
            "warning[W0203]: nobody on our side owns referrals from `Northstar Partners`",
        )
        .expect_stderr("warning[W0204]: referrals from `Southwind Referrals` have no response SLA")
        .expect_stderr(
            "warning[W0205]: `deal_registration` says 48 hours, the handoff's response time is 8",
        )
        .expect_stderr(
            "warning[W0205]: `deal_registration` says 60 days, the handoff's registration is 90",
        )
        .expect_stderr(" --> partners/northstar.yaml:");
}

/// A folder outside the kit for htpasswd files.
fn outside() -> tempfile::TempDir {
    tempfile::TempDir::new().expect("temp dir")
}

/// `host-config` on the kit's output with credentials for every portal
/// (from the environment) and the build clock at `epoch`.
fn host_config(kit: &KitTest, epoch: &str, auth: &std::path::Path) -> crate::common::Run {
    kit.set_env("ENABLEKIT_AUTH_INTERNAL", "alice:staff-password-1")
        .set_env("ENABLEKIT_AUTH_NORTHSTAR", "nora:northstar-password")
        .set_env("ENABLEKIT_AUTH_SOUTHWIND", "sid:southwind-password")
        .set_env("SOURCE_DATE_EPOCH", epoch);
    crate::hosting::host_config(kit, &["--htpasswd-dir", auth.to_str().unwrap()])
}

#[test]
fn a_sunset_partners_portal_is_frozen_with_a_notice_and_its_access_ends_after_the_grace_period() {
    let kit = lifecycle_kit();
    kit.edit("kit.yaml", |s| format!("{s}{HANDOFF}"));
    kit.build(&[]).expect_success();
    // The partnership ends: the next release is its last version.
    kit.edit("partners/southwind.yaml", |s| {
        format!("{s}stage: sunset\nended: 2026-11-20\ngrace_days: 30\n")
    });
    kit.edit("content/one-pagers/overview.md", |s| {
        format!("{s}\nNew in 1.1.0.\n")
    });
    kit.build(&["--version", "1.1.0"]).expect_success();
    let last = kit.read_out("partners/southwind/1.1.0/one-pagers/overview/index.html");
    assert!(last.contains("<h2 id=\"ended-notice-title\" class=\"ended-notice__title\">This partnership has ended</h2>"));
    assert!(last.contains("until 2026-11-20"), "{last}");
    assert!(last.contains(
        "Rafa Ortiz (<a href=\"mailto:rafa@kit.example\">rafa@kit.example</a>) is glad to help."
    ));
    assert!(
        !kit.read_out("partners/northstar/1.1.0/index.html")
            .contains("ended-notice")
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&kit.read_out("partners/southwind/1.1.0/manifest.json")).unwrap();
    assert_eq!(
        manifest["ended"],
        serde_json::json!({"date": "2026-11-20", "grace_days": 30})
    );

    // Later releases leave it as it is.
    kit.edit("content/one-pagers/overview.md", |s| {
        format!("{s}\nNew in 1.2.0.\n")
    });
    let before = crate::common::sub_snapshot(&kit.snapshot(), "partners/southwind/");
    kit.build(&["--version", "1.2.0"])
        .expect_success()
        .expect_stderr("frozen (partnership ended, no new version): partners/southwind");
    assert!(!kit.out_exists("partners/southwind/1.2.0"));
    assert!(kit.out_exists("partners/northstar/1.2.0/index.html"));
    crate::common::assert_same_snapshot(
        &before,
        &crate::common::sub_snapshot(&kit.snapshot(), "partners/southwind/"),
        "a frozen portal",
    );
    assert!(
        kit.read_out("partners/southwind/latest/index.html")
            .contains("This partnership has ended")
    );
    // Staff see it apart.
    let directory = kit.read_out("internal/1.2.0/partners/index.html");
    let ended = &directory[directory.find("id=\"ek-ended\"").expect("an ended section")..];
    assert!(ended.contains("Southwind Referrals") && ended.contains("ended 2026-11-20"));
    assert!(
        !directory[..directory.find("id=\"ek-ended\"").unwrap()].contains("Southwind Referrals")
    );

    // Within the grace period its people still get in; after it nobody does.
    let auth = outside();
    let dec_19 = "1797638400";
    host_config(&kit, dec_19, auth.path())
        .expect_success()
        .expect_no_stderr("W0804");
    let south = auth.path().join("southwind.htpasswd");
    assert!(std::fs::read_to_string(&south).unwrap().starts_with("sid:"));
    let dec_21 = "1797811200";
    host_config(&kit, dec_21, auth.path())
        .expect_success()
        .expect_stderr("warning[W0804]: the partnership with `southwind` has ended: nobody can open its portal since 2026-12-20");
    assert_eq!(std::fs::read_to_string(&south).unwrap(), "");
    assert!(
        std::fs::read_to_string(auth.path().join("northstar.htpasswd"))
            .unwrap()
            .starts_with("nora:")
    );
}

const TRACK: &str = r#"---
title: "Foundations"
study: [overview, price]
pass_mark: 75%
questions:
  - question: "What comes first?"
    choices: ["The problem", "The price", "The logo"]
    answer: "The problem"
    explanation: "Start from the buyer's problem."
  - question: "Who approves discounts?"
    choices: ["Deal desk", "Anyone"]
    answer: "Deal desk"
---

A short track.
"#;

fn track_kit() -> KitTest {
    let kit = KitTest::fixture("small");
    kit.edit("kit.yaml", |s| {
        s.replace(
            "collections:\n",
            "collections:\n  - {dir: certifications, title: \"Certifications\", kind: certification}\n",
        )
    });
    kit.write("content/certifications/foundations.md", TRACK);
    kit
}

#[test]
fn a_track_page_has_its_study_path_and_a_knowledge_check_for_the_browser() {
    let kit = track_kit();
    kit.build(&[]).expect_success();
    let html = kit.read_out("partners/southwind/latest/certifications/foundations/index.html");
    for expected in [
        "<h2 id=\"ek-study\" class=\"section__title\">Study first</h2>",
        "<a href=\"../../one-pagers/overview/\">",
        "data-track=\"southwind/certifications/foundations\" data-pass=\"75\"",
        "2 questions; you pass with 75% right.",
        "<fieldset class=\"question\" data-answer=\"0\">",
        "<fieldset class=\"question\" data-answer=\"0\">\n        <legend><span class=\"question__number\">2.</span> Who approves discounts?</legend>",
        "<input type=\"radio\" name=\"q1\" value=\"2\"> The logo</label>",
        "<p class=\"question__explanation\" hidden>Start from the buyer&#39;s problem.</p>",
        "<p class=\"completion__brand\">Small Kit × Southwind Referrals</p>",
        ", material version 1.0.0.",
    ] {
        assert!(html.contains(expected), "the track page lacks {expected:?}");
    }
}

#[test]
fn knowledge_checks_are_validated_where_they_are_written() {
    let kit = track_kit();
    kit.write(
        "content/certifications/foundations.md",
        TRACK
            .replace("answer: \"The problem\"", "answer: \"The problen\"")
            .replace(
                "choices: [\"Deal desk\", \"Anyone\"]",
                "choices: [\"Deal desk\"]",
            )
            .replace("pass_mark: 75%", "pass_mark: 175%")
            .replace(
                "study: [overview, price]",
                "study: [overview, pricing-sheet]",
            ),
    );
    let run = kit.build(&[]);
    run.expect_code(1);
    crate::authoring::snapshots::assert_snapshot("track_quiz_problems", &kit, &run);
    // With the questions fixed, the study path is resolved and checked.
    kit.write(
        "content/certifications/foundations.md",
        TRACK.replace(
            "study: [overview, price]",
            "study: [overview, pricing-sheet]",
        ),
    );
    kit.build(&[])
        .expect_code(1)
        .expect_stderr("error[E0134]: `pricing-sheet` in `study` is not an item of this kit")
        .expect_stderr(" --> content/certifications/foundations.md:3:");
    kit.write(
        "content/certifications/foundations.md",
        TRACK.replace(
            "choices: [\"Deal desk\", \"Anyone\"]",
            "choices: [\"Deal desk\", \"Deal desk\"]",
        ),
    );
    kit.build(&[])
        .expect_code(1)
        .expect_stderr(
            "error[E0132]: question 2: the answer `Deal desk` is among its choices 2 times",
        )
        .expect_stderr("= help: every choice must differ, so exactly one is right");
}

#[test]
fn a_study_item_hidden_from_a_reader_of_the_track_is_refused() {
    let kit = track_kit();
    kit.edit("content/objections/price.md", |s| {
        s.replacen("---\n", "---\ntiers: [gold]\n", 1)
    });
    kit.build(&[]).expect_code(1).expect_stderr(
        "error[E0135]: `price` in `study` is hidden from `southwind`, who can see this track",
    );
    // A track for gold partners only may study it.
    kit.edit("content/certifications/foundations.md", |s| {
        s.replacen("---\n", "---\ntiers: [gold]\n", 1)
    });
    kit.build(&[]).expect_success();
}
