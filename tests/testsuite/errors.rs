//! Bad input fails with exit 1 and a rustc-style diagnostic naming
//! file:line:col, and never touches output published by an earlier build.
//! Usage problems exit 2. `--format json` prints one JSON object per line.

use std::fs;

use crate::common::{
    KitTest, assert_same_snapshot, built_small, fails_without_touching_output, repo_root,
};

/// The embedded default theme's `item.html`, with `line` inserted after the
/// `{% block content %}` line. Returns the text and the inserted line's number.
fn item_template_with(line: &str) -> (String, usize) {
    let original =
        fs::read_to_string(repo_root().join("themes/default/templates/item.html")).unwrap();
    let mut lines: Vec<&str> = original.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == "{% block content %}")
        .expect("item.html has a content block")
        + 1;
    lines.insert(at, line);
    (lines.join("\n") + "\n", at + 1)
}

#[test]
fn malformed_yaml_in_front_matter() {
    let kit = built_small();
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace(
            "summary: \"What the product does, in one page.\"",
            "summary: : what: it does",
        )
    });
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0002]: front matter: a `: ` inside a value")
        // Line 3 of the file (line 2 of the YAML): locations are file-relative.
        .expect_stderr(" --> content/one-pagers/overview.md:3:10")
        .expect_stderr("3 | summary: : what: it does")
        .expect_stderr("= help:");
}

#[test]
fn front_matter_without_closing_marker() {
    let kit = built_small();
    kit.write(
        "content/one-pagers/unclosed.md",
        "---\ntitle: \"Unclosed\"\nsummary: \"no end marker\"\n\nBody text.\n",
    );
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0103]: front matter is not closed")
        .expect_stderr(" --> content/one-pagers/unclosed.md:1:1")
        .expect_stderr("`---`");
}

#[test]
fn missing_title() {
    let kit = built_small();
    kit.write(
        "content/one-pagers/untitled.md",
        "---\nsummary: \"A page without a title\"\n---\n\nBody.\n",
    );
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0104]: missing `title`")
        .expect_stderr(" --> content/one-pagers/untitled.md:1:1")
        .expect_stderr("= help: add `title:");
}

#[test]
fn unknown_collection_folder_suggests_the_close_one() {
    let kit = built_small();
    kit.write(
        "content/objection/x.md",
        "---\ntitle: \"Misplaced\"\nobjection: \"x\"\nshort_answer: \"y\"\n---\n",
    );
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0101]: `objection` is not a collection of this kit")
        .expect_stderr(" --> content/objection/x.md")
        .expect_stderr("did you mean `objections`?");
}

#[test]
fn unknown_collection_folder_names_line_and_column() {
    let kit = built_small();
    kit.write(
        "content/objection/x.md",
        "---\ntitle: \"Misplaced\"\nobjection: \"x\"\nshort_answer: \"y\"\n---\n",
    );
    fails_without_touching_output(&kit).expect_stderr(" --> content/objection/x.md:1:1");
}

#[test]
fn template_syntax_error_in_a_theme_override() {
    let kit = built_small();
    let (template, line) = item_template_with("<p>{{ item.title ) }}</p>");
    kit.write("themes/default/templates/item.html", template);
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0303]: template syntax error")
        .expect_stderr(&format!(
            " --> themes/default/templates/item.html:{line}:18"
        ))
        .expect_stderr("<p>{{ item.title ) }}</p>");
    // `check` finds it too, without writing anything new.
    let before = kit.snapshot();
    kit.check(&[])
        .expect_code(1)
        .expect_stderr(&format!("themes/default/templates/item.html:{line}:18"));
    assert_same_snapshot(&before, &kit.snapshot(), "check");
}

#[test]
fn template_referencing_an_undefined_variable() {
    let kit = built_small();
    let (template, line) = item_template_with("<p>{{ nonexistent_var }}</p>");
    kit.write("themes/default/templates/item.html", template);
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0304]: template error")
        .expect_stderr("nonexistent_var")
        .expect_stderr(&format!(" --> themes/default/templates/item.html:{line}:7"));
    // One diagnostic, not one per page that uses the template.
    assert_eq!(
        run.diagnostics("E0304").len(),
        1,
        "template errors are deduplicated:\n{}",
        run.stderr
    );
    kit.check(&[])
        .expect_code(1)
        .expect_stderr(&format!("themes/default/templates/item.html:{line}:7"));
}

#[test]
fn link_to_a_page_that_does_not_exist() {
    let kit = built_small();
    let original = kit.read("content/one-pagers/overview.md");
    let line = original.lines().count() + 1;
    kit.write(
        "content/one-pagers/overview.md",
        format!("{original}Also see [x](../objections/nope.md) today.\n"),
    );
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0120]: link target `../objections/nope.md` does not exist")
        .expect_stderr(&format!(" --> content/one-pagers/overview.md:{line}:10"))
        .expect_stderr(&format!(
            "{} no such file under content/",
            "^".repeat("[x](../objections/nope.md)".len())
        ));
}

#[test]
fn two_items_with_the_same_slug() {
    let kit = built_small();
    kit.write(
        "content/objections/zz-copy.md",
        "---\ntitle: \"Zz copy\"\nslug: price\nobjection: \"x\"\nshort_answer: \"y\"\n---\n",
    );
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0111]: two items in `objections` have the slug `price`")
        .expect_stderr(" --> content/objections/zz-copy.md:3:7")
        .expect_stderr("price.md has it too");
}

#[test]
fn duplicate_slug_is_located_whichever_file_sorts_second() {
    let kit = built_small();
    // "Aa copy" sorts before "You're too expensive", so price.md is the
    // second one seen and gets the diagnostic.
    kit.write(
        "content/objections/aa-copy.md",
        "---\ntitle: \"Aa copy\"\nslug: price\nobjection: \"x\"\nshort_answer: \"y\"\n---\n",
    );
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0111]");
    let located = run
        .stderr
        .lines()
        .any(|l| l.contains(" --> content/objections/") && l.matches(':').count() >= 2);
    assert!(located, "E0111 names no line:\n{}", run.stderr);
}

#[test]
fn file_that_is_not_utf8_names_the_line() {
    let kit = built_small();
    let mut bytes = b"---\ntitle: \"Latin-1\"\nsummary: \"ab".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"cd\"\n---\n\nBody.\n");
    kit.write("content/one-pagers/latin1.md", bytes);
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0011]: file is not valid UTF-8")
        .expect_stderr(" --> content/one-pagers/latin1.md:3:13")
        .expect_stderr("invalid byte here");
}

/// Five unrelated problems in one kit.
fn break_five_ways(kit: &KitTest) {
    kit.write(
        "content/one-pagers/untitled.md",
        "---\nsummary: \"no title\"\n---\n",
    );
    kit.write(
        "content/one-pagers/bad-tier.md",
        "---\ntitle: \"Bad tier\"\ntiers: [diamond]\n---\n",
    );
    kit.edit("content/objections/price.md", |s| {
        s.replace("../one-pagers/overview.md", "../one-pagers/missing.md")
    });
    kit.edit("partners/southwind.yaml", |s| {
        s.replace("tier: silver", "tier: titanium")
    });
    kit.write("content/objection/x.md", "---\ntitle: \"x\"\n---\n");
}

#[test]
fn several_errors_are_all_reported_in_one_run() {
    let kit = built_small();
    break_five_ways(&kit);
    let run = fails_without_touching_output(&kit);
    for (code, file) in [
        ("E0104", "content/one-pagers/untitled.md:1:1"),
        ("E0108", "content/one-pagers/bad-tier.md:3:9"),
        ("E0120", "content/objections/price.md:"),
        ("E0203", "partners/southwind.yaml:2:7"),
        ("E0101", "content/objection/x.md"),
    ] {
        run.expect_stderr(&format!("error[{code}]"))
            .expect_stderr(&format!(" --> {file}"));
    }
    assert_eq!(
        run.stderr.lines().last(),
        Some("5 errors"),
        "count line:\n{}",
        run.stderr
    );
    // `check` sees the same five.
    let check = kit.check(&[]);
    check.expect_code(1);
    assert_eq!(check.stderr.lines().last(), Some("5 errors"));
}

#[test]
fn content_and_template_errors_are_reported_together() {
    let kit = built_small();
    kit.write(
        "content/one-pagers/untitled.md",
        "---\nsummary: \"no title\"\n---\n",
    );
    let (template, line) = item_template_with("<p>{{ item.title ) }}</p>");
    kit.write("themes/default/templates/item.html", template);
    let run = fails_without_touching_output(&kit);
    run.expect_stderr("error[E0104]")
        .expect_stderr("error[E0303]")
        .expect_stderr(&format!("themes/default/templates/item.html:{line}:18"));
    assert_eq!(run.stderr.lines().last(), Some("2 errors"));
}

#[test]
fn json_diagnostics_are_one_object_per_line() {
    let kit = built_small();
    break_five_ways(&kit);
    let before = kit.snapshot();
    let run = kit.build(&["--version", "1.1.0", "--format", "json"]);
    run.expect_code(1);
    assert_same_snapshot(&before, &kit.snapshot(), "a failed JSON build");
    let lines = run.json_lines();
    assert_eq!(lines.len(), 5, "{}", run.stderr);
    for v in &lines {
        for field in [
            "severity", "code", "message", "file", "line", "column", "len",
        ] {
            assert!(v.get(field).is_some(), "no `{field}` in {v}");
        }
        assert_eq!(v["severity"], "error");
    }
    let untitled = lines
        .iter()
        .find(|v| v["code"] == "E0104")
        .expect("E0104 line");
    assert!(
        untitled["file"]
            .as_str()
            .unwrap()
            .ends_with("content/one-pagers/untitled.md")
    );
    assert_eq!(untitled["line"], 1);
    assert_eq!(untitled["column"], 1);
    assert_eq!(untitled["len"], 3);
    assert_eq!(untitled["label"], "front matter without a title");
    assert!(untitled["hint"].as_str().unwrap().contains("title:"));
    let tier = lines
        .iter()
        .find(|v| v["code"] == "E0108")
        .expect("E0108 line");
    assert_eq!(
        (tier["line"].as_u64(), tier["column"].as_u64()),
        (Some(3), Some(9))
    );
    assert_eq!(tier["len"], 7);
    assert!(tier["label"].is_string() && tier["hint"].is_string());

    // `check --format json` speaks the same language.
    let check = kit.check(&["--format", "json"]);
    check.expect_code(1);
    let lines = check.json_lines();
    assert!(
        lines.iter().filter(|v| v["severity"] == "error").count() == 5,
        "{}",
        check.stderr
    );
}

#[test]
fn json_build_success_prints_only_json() {
    // The example kit builds with one warning (a single-contact partner).
    let kit = KitTest::example();
    let run = kit.build(&["--format", "json"]);
    run.expect_success();
    let lines = run.json_lines();
    assert!(lines.iter().any(|v| v["code"] == "W0201"));
}

#[test]
fn no_kit_yaml_is_a_usage_error() {
    let kit = KitTest::empty();
    let run = kit.build(&[]);
    run.expect_code(2)
        .expect_stderr("error[E0000]: no kit here: `")
        .expect_stderr("--root");
    assert!(!kit.out().exists(), "nothing is written");
    // Every command that needs a kit says it the same way.
    let root = kit.root().to_str().unwrap().to_string();
    for args in [
        vec!["check", "--root", &root],
        vec!["new", "objection", "Too expensive", "--root", &root],
        vec!["serve", "--port", "0", "--root", &root],
    ] {
        let other = kit.run(&args);
        other.expect_code(2);
        assert_eq!(
            other.stderr, run.stderr,
            "`{}` words it differently",
            args[0]
        );
    }
    // The default --root is the current folder.
    for command in ["build", "check", "new objection x", "serve --port 0"] {
        let args: Vec<&str> = command.split(' ').collect();
        kit.run(&args)
            .expect_code(2)
            .expect_stderr("error[E0000]: no kit here: this folder has no kit.yaml");
    }
    assert!(crate::common::files_under(kit.root()).is_empty());
}

#[test]
fn unknown_portal_is_a_usage_error() {
    let kit = KitTest::fixture("small");
    let run = kit.build(&["--portal", "nope"]);
    run.expect_code(2)
        .expect_stderr("error[E0401]: no portal named `nope`")
        .expect_stderr("northstar");
    assert!(!kit.out().exists(), "nothing is written");
    // A near miss gets a suggestion.
    kit.build(&["--portal", "northstr"])
        .expect_code(2)
        .expect_stderr("did you mean `northstar`?");
}

#[test]
fn check_on_a_good_kit_writes_nothing() {
    let kit = KitTest::fixture("small");
    kit.check(&[]).expect_success().expect_no_stderr("error");
    assert!(!kit.out().exists());
}

#[test]
fn paths_a_kit_names_stay_inside_the_kit() {
    let outside = tempfile::TempDir::new().unwrap();
    let secret = outside.path().join("secret.svg");
    fs::write(
        &secret,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>zqsecret</title></svg>",
    )
    .unwrap();
    let secret_md = outside.path().join("secret.md");
    fs::write(&secret_md, "---\ntitle: zqsecretpage\n---\nzqsecretbody\n").unwrap();

    let absolute = secret.to_str().unwrap().to_string();
    for (logo, why) in [
        (absolute.as_str(), "is an absolute path"),
        (
            "../../../../../../../../../../tmp/zq-nope.svg",
            "does not exist",
        ),
    ] {
        let kit = KitTest::fixture("small");
        kit.edit("partners/northstar.yaml", |s| {
            s.replace("logo: logos/northstar.svg", &format!("logo: \"{logo}\""))
        });
        kit.check(&[])
            .expect_code(1)
            .expect_stderr(&format!("error[E0206]: logo file `{logo}` {why}"))
            .expect_stderr(" --> partners/northstar.yaml:4:7");
    }
    // `..` that climbs out, and a symlink that leads out.
    let kit = KitTest::fixture("small");
    std::os::unix::fs::symlink(outside.path(), kit.path("outside-link")).unwrap();
    let climbing = "../outside-link/secret.svg";
    kit.edit("partners/northstar.yaml", |s| {
        s.replace("logo: logos/northstar.svg", &format!("logo: {climbing}"))
    });
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("leads outside the kit");
    kit.edit("partners/northstar.yaml", |s| {
        s.replace(climbing, "logos/linked.svg")
    });
    std::os::unix::fs::symlink(&secret, kit.path("partners/logos/linked.svg")).unwrap();
    kit.build(&[])
        .expect_code(1)
        .expect_stderr("error[E0206]: logo file `logos/linked.svg` leads outside the kit");
    assert!(!kit.out().exists());

    // Content: a symlinked page inside the kit is followed; one leading
    // out is an error, never silently skipped.
    let kit = KitTest::fixture("small");
    kit.write(
        "drafts/inside.md",
        "---\ntitle: \"Linked inside\"\n---\nzqlinkedinside\n",
    );
    std::os::unix::fs::symlink(
        kit.path("drafts/inside.md"),
        kit.path("content/one-pagers/inside.md"),
    )
    .unwrap();
    kit.build(&[]).expect_success();
    assert!(
        kit.read_out("internal/latest/one-pagers/inside/index.html")
            .contains("zqlinkedinside")
    );
    std::os::unix::fs::symlink(&secret_md, kit.path("content/one-pagers/secret.md")).unwrap();
    let run = kit.build(&["--version", "1.1.0"]);
    run.expect_code(1)
        .expect_stderr("error[E0012]: symlink `secret.md` leads outside the kit")
        .expect_stderr(" --> content/one-pagers/secret.md");
    for f in crate::common::files_under(&kit.out()) {
        let text = String::from_utf8_lossy(&fs::read(&f).unwrap()).into_owned();
        assert!(
            !text.contains("zqsecret"),
            "{} holds a file from outside the kit",
            f.display()
        );
    }
}

#[test]
fn a_symlinked_content_folder_is_refused_and_hidden_folders_are_not_content() {
    let outside = tempfile::TempDir::new().unwrap();
    fs::create_dir_all(outside.path().join("one-pagers")).unwrap();
    fs::write(
        outside.path().join("one-pagers/zqoutside.md"),
        "---\ntitle: zqoutside\n---\n",
    )
    .unwrap();
    let kit = KitTest::fixture("small");
    fs::rename(kit.path("content"), kit.path("real-content")).unwrap();
    std::os::unix::fs::symlink(outside.path(), kit.path("content")).unwrap();
    kit.build(&[])
        .expect_code(1)
        .expect_stderr("error[E0012]: content/ is a symlink");
    assert!(!kit.out().exists());

    let kit = KitTest::fixture("small");
    kit.write(
        "content/one-pagers/.git/secret.md",
        "---\ntitle: zqhidden\n---\nzqhidden\n",
    );
    kit.write(
        "content/one-pagers/.drafts/key.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    kit.build(&[]).expect_success();
    for f in crate::common::files_under(&kit.out()) {
        let text = String::from_utf8_lossy(&fs::read(&f).unwrap()).into_owned();
        assert!(!text.contains("zqhidden"), "{}", f.display());
        assert!(!f.to_string_lossy().contains(".drafts"), "{}", f.display());
    }
}
