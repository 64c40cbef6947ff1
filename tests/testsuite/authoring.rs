//! Authoring: `init` creates a kit that builds, `new` adds items and
//! partners without ever overwriting, and `check` reports what an author
//! needs to hear (without writing anything): broken anchors, images without
//! alt text, unknown keys, missing owners, overdue reviews (`--strict`),
//! links some partners read as plain text, and (with `--external`) external
//! links that fail. `snapshots` holds golden files of the human output.

pub(crate) mod snapshots;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use crate::common::{KitTest, assert_same_snapshot, files_under, repo_root, slash, snapshot};

/// 2026-01-01T00:00:00Z: the clock of every command in these tests.
pub(crate) const EPOCH: &str = "1767225600";

/// The small fixture with the clock fixed.
pub(crate) fn small() -> KitTest {
    let kit = KitTest::fixture("small");
    kit.set_env("SOURCE_DATE_EPOCH", EPOCH);
    kit
}

/// The date `SOURCE_DATE_EPOCH=epoch` means, plus `days`, as YYYY-MM-DD.
fn date_after(epoch: &str, days: i64) -> String {
    let now = time::OffsetDateTime::from_unix_timestamp(epoch.parse().unwrap()).unwrap();
    (now.date() + time::Duration::days(days)).to_string()
}

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            (
                slash(f.strip_prefix(dir).unwrap()),
                std::fs::read(&f).unwrap(),
            )
        })
        .collect()
}

/// The value of a top-level `key:` line in a file's front matter or YAML.
#[track_caller]
fn field<'a>(text: &'a str, key: &str) -> &'a str {
    let prefix = format!("{key}:");
    let line = text
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no `{key}:` line in\n{text}"));
    line[prefix.len()..].trim()
}

#[test]
fn init_new_check_build_round_trip() {
    let kit = KitTest::empty();
    kit.set_env("SOURCE_DATE_EPOCH", EPOCH);
    let dir = kit.path("kit");
    kit.run(&["init", dir.to_str().unwrap()])
        .expect_success()
        // The README's workflow: init, cd, serve, new.
        .expect_stderr(&format!("next: cd {} && enablekit serve", dir.display()))
        .expect_stderr("enablekit new objection");
    assert!(dir.join("kit.yaml").is_file());
    kit.edit("kit/kit.yaml", |s| format!("{s}review_interval_days: 30\n"));

    // `new` prints the path it created.
    let mut created = Vec::new();
    for (kind, title, want) in [
        (
            "objection",
            "Your price is too high",
            "content/objections/your-price-is-too-high.md",
        ),
        (
            "case-study",
            "Globex story",
            "content/case-studies/globex-story.md",
        ),
        ("partner", "Acme Reseller", "partners/acme-reseller.yaml"),
    ] {
        let run = kit.run_in("kit", &["new", kind, title]);
        run.expect_success();
        let printed = run.stdout.trim();
        assert!(
            Path::new(printed).ends_with(want),
            "`new {kind}` printed {printed:?}, expected a path ending in {want}"
        );
        assert!(dir.join(printed).is_file(), "{printed} was not created");
        assert!(dir.join(want).is_file());
        created.push(want);
    }

    let objection = kit.read("kit/content/objections/your-price-is-too-high.md");
    assert!(objection.starts_with("---\n"));
    assert_eq!(field(&objection, "title"), "\"Your price is too high\"");
    for key in ["objection", "short_answer", "proof", "owner"] {
        assert!(!field(&objection, key).is_empty(), "`{key}` is empty");
    }
    // review_by = today (from SOURCE_DATE_EPOCH) + review_interval_days.
    assert_eq!(date_after(EPOCH, 30), "2026-01-31");
    assert_eq!(field(&objection, "review_by"), date_after(EPOCH, 30));
    let case = kit.read("kit/content/case-studies/globex-story.md");
    assert_eq!(field(&case, "review_by"), date_after(EPOCH, 30));
    assert!(!field(&case, "customer").is_empty());
    let partner = kit.read("kit/partners/acme-reseller.yaml");
    assert_eq!(field(&partner, "name"), "\"Acme Reseller\"");

    // A second identical `new` refuses and leaves the file alone.
    let before = tree(&dir);
    let again = kit.run_in("kit", &["new", "objection", "Your price is too high"]);
    again
        .expect_code(2)
        .expect_stderr("your-price-is-too-high.md already exists");
    assert!(again.stdout.is_empty(), "nothing printed as created");
    // An unknown kind lists the valid ones.
    let unknown = kit.run_in("kit", &["new", "battlecard", "x"]);
    unknown
        .expect_code(2)
        .expect_stderr("`battlecard` is not something `new` can create");
    for kind in [
        "one-pager",
        "objection",
        "case-study",
        "objections",
        "playbooks",
        "partner",
    ] {
        unknown.expect_stderr(kind);
    }
    assert_eq!(before, tree(&dir), "refused `new` changed the kit");

    // The kit with its new files checks without errors (only the guidance
    // left to replace is reported) and builds.
    kit.run_in("kit", &["check"])
        .expect_success()
        .expect_no_stderr("error")
        .expect_stderr("warning[W0150]");
    assert!(!dir.join("public").exists(), "check wrote output");
    kit.run_in("kit", &["build"]).expect_success();
    for portal in [
        "internal",
        "partners/acme-reseller",
        "partners/initech-consulting",
    ] {
        let page = dir.join(format!(
            "public/{portal}/1.0.0/objections/your-price-is-too-high/index.html"
        ));
        assert!(page.is_file(), "{} missing", page.display());
    }
    let home = std::fs::read_to_string(dir.join("public/partners/acme-reseller/1.0.0/index.html"))
        .unwrap();
    assert!(home.contains("Acme Reseller"));
}

#[test]
fn new_takes_today_from_source_date_epoch_and_defaults_to_180_days() {
    let kit = KitTest::empty();
    kit.set_env("SOURCE_DATE_EPOCH", EPOCH);
    kit.run(&["init", "kit"]).expect_success();
    kit.run_in("kit", &["new", "one-pager", "First"])
        .expect_success();
    // A year later (2027-01-01).
    kit.set_env("SOURCE_DATE_EPOCH", "1798761600");
    kit.run_in("kit", &["new", "one-pager", "Second"])
        .expect_success();
    let first = kit.read("kit/content/one-pagers/first.md");
    let second = kit.read("kit/content/one-pagers/second.md");
    assert_eq!(field(&first, "review_by"), date_after(EPOCH, 180));
    assert_eq!(field(&first, "review_by"), "2026-06-30");
    assert_eq!(field(&second, "review_by"), "2027-06-30");
}

#[test]
fn init_refuses_a_folder_that_has_a_kit_yaml() {
    let kit = small();
    let before = tree(kit.root());
    let run = kit.run(&["init", "."]);
    run.expect_code(2)
        .expect_stderr("error[E0601]: . is already a kit")
        .expect_stderr("pick another folder for `init`")
        .expect_no_stderr("title");
    assert_eq!(before, tree(kit.root()), "init changed an existing kit");
    // Also by absolute path, and with --theme.
    let root = kit.root().to_str().unwrap().to_string();
    kit.run(&["init", "--theme", &root]).expect_code(2);
    assert_eq!(before, tree(kit.root()));
    assert!(!kit.path("themes").exists());
}

#[test]
fn init_theme_copies_the_default_theme_and_the_kit_still_builds() {
    let kit = KitTest::empty();
    kit.set_env("SOURCE_DATE_EPOCH", EPOCH);
    kit.run(&["init", "--theme", "kit"]).expect_success();
    let copied = tree(&kit.path("kit/themes/default"));
    let original = tree(&repo_root().join("themes/default"));
    assert_eq!(
        copied.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        original.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        "every template and static file, nothing else"
    );
    assert_eq!(copied, original, "byte for byte");
    assert!(
        copied
            .iter()
            .filter(|(p, _)| p.starts_with("templates/") && p.ends_with(".html"))
            .count()
            >= 6
    );
    assert!(copied.iter().any(|(p, _)| p == "static/style.css"));
    kit.run_in("kit", &["build"]).expect_success();
    assert_eq!(
        kit.read("kit/public/internal/1.0.0/static/style.css")
            .as_bytes(),
        &original
            .iter()
            .find(|(p, _)| p == "static/style.css")
            .unwrap()
            .1[..]
    );
    // The copy is the theme in use: editing it changes the output.
    kit.edit("kit/themes/default/templates/home.html", |s| {
        s.replacen(
            "{% block content %}",
            "{% block content %}<p>zqcustomhome</p>",
            1,
        )
    });
    kit.run_in("kit", &["build", "--version", "1.1.0"])
        .expect_success();
    assert!(
        kit.read("kit/public/internal/1.1.0/index.html")
            .contains("<p>zqcustomhome</p>")
    );
}

#[test]
fn check_never_writes_anything() {
    let kit = small();
    // Warnings (unknown key, overdue review) and, later, an error.
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace(
            "owner: \"Marketing\"",
            "owner: \"Marketing\"\nreviw_by: 2027-01-01\nreview_by: 2025-01-01",
        )
    });
    let before = snapshot(kit.root());
    for args in [
        &[][..],
        &["--strict"],
        &["--format", "json"],
        &["--strict", "--format", "json"],
    ] {
        let run = kit.check(args);
        assert!(run.code == 0 || run.code == 1, "{args:?}: {run:?}");
        assert!(!kit.out().exists(), "check {args:?} created public/");
        assert_same_snapshot(&before, &snapshot(kit.root()), &format!("check {args:?}"));
    }
    kit.write(
        "content/one-pagers/untitled.md",
        "---\nsummary: \"x\"\n---\n",
    );
    let before = snapshot(kit.root());
    kit.check(&[]).expect_code(1);
    assert_same_snapshot(&before, &snapshot(kit.root()), "check of a broken kit");
    assert!(!kit.out().exists());
    // The default --root is the working directory.
    kit.remove("content/one-pagers/untitled.md");
    kit.run(&["check"]).expect_success();
    assert!(!kit.out().exists());
}

#[test]
fn check_exit_codes() {
    let kit = small();
    kit.check(&[]).expect_success();
    // Warnings alone still exit 0.
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace("owner: \"Marketing\"\n", "")
    });
    kit.check(&[])
        .expect_success()
        .expect_stderr("warning[W0111]");
    kit.write(
        "content/one-pagers/untitled.md",
        "---\nsummary: \"x\"\n---\n",
    );
    kit.check(&[]).expect_code(1).expect_stderr("error[E0104]");
    let empty = KitTest::empty();
    empty
        .check(&[])
        .expect_code(2)
        .expect_stderr("error[E0000]: no kit here");
    empty.run(&["check"]).expect_code(2);
    assert!(files_under(empty.root()).is_empty());
}

/// A review date relative to the fixed clock (2026-01-01).
fn with_review_by(date: &str) -> KitTest {
    let kit = small();
    kit.edit("content/objections/price.md", |s| {
        s.replace(
            "owner: \"Marketing\"",
            &format!("owner: \"Marketing\"\nreview_by: {date}"),
        )
    });
    kit
}

#[test]
fn overdue_review_is_a_warning_and_an_error_with_strict() {
    let kit = with_review_by("2025-12-31");
    let run = kit.check(&[]);
    run.expect_success()
        .expect_stderr("warning[W0110]: `You're too expensive` was due for review on 2025-12-31")
        .expect_stderr(" --> content/objections/price.md:6:12")
        .expect_stderr("^^^^^^^^^^ past this date");
    assert_eq!(run.stderr.lines().last(), Some("1 warning"));
    let strict = kit.check(&["--strict"]);
    strict
        .expect_code(1)
        .expect_stderr("error[W0110]: `You're too expensive` was due for review on 2025-12-31")
        .expect_stderr(" --> content/objections/price.md:6:12");
    assert_eq!(strict.stderr.lines().last(), Some("1 error"));
    // The build does not care about review dates.
    kit.build(&[]).expect_success().expect_no_stderr("W0110");

    // Due today or later is not overdue.
    for date in ["2026-01-01", "2026-06-30"] {
        let kit = with_review_by(date);
        kit.check(&["--strict"])
            .expect_success()
            .expect_no_stderr("W0110");
    }
    // Without SOURCE_DATE_EPOCH "today" is the real date, long after 2000.
    let kit = KitTest::fixture("small");
    kit.edit("content/objections/price.md", |s| {
        s.replace(
            "owner: \"Marketing\"",
            "owner: \"Marketing\"\nreview_by: 2000-01-01",
        )
    });
    kit.check(&["--strict"])
        .expect_code(1)
        .expect_stderr("was due for review on 2000-01-01");
}

#[test]
fn check_json_prints_one_object_per_line() {
    let kit = small();
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace(
            "owner: \"Marketing\"",
            "owner: \"Marketing\"\nreviw_by: 2027-01-01",
        )
    });
    kit.edit("content/objections/price.md", |s| {
        s.replace("owner: \"Marketing\"\n", "")
    });
    let run = kit.check(&["--format", "json"]);
    run.expect_success();
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    for v in &lines {
        for key in [
            "severity", "code", "message", "file", "line", "column", "len", "label", "hint",
        ] {
            assert!(v.get(key).is_some(), "no `{key}` in {v}");
        }
    }
    let unknown = lines.iter().find(|v| v["code"] == "W0001").expect("W0001");
    assert_eq!(unknown["severity"], "warning");
    assert_eq!(unknown["message"], "unknown front matter key `reviw_by`");
    assert_eq!(unknown["file"], "content/one-pagers/overview.md");
    assert_eq!(unknown["line"], 6);
    assert_eq!(unknown["column"], 1);
    assert_eq!(unknown["len"], 8);
    assert_eq!(unknown["label"], "not a known key: it is ignored");
    assert_eq!(unknown["hint"], "did you mean `review_by`?");
    let owner = lines.iter().find(|v| v["code"] == "W0111").expect("W0111");
    assert_eq!(owner["file"], "content/objections/price.md");
    assert_eq!(owner["message"], "`You're too expensive` has no owner");

    // Errors too, with exit 1 and still nothing but JSON.
    kit.write(
        "content/one-pagers/untitled.md",
        "---\nsummary: \"x\"\n---\n",
    );
    let run = kit.check(&["--format", "json"]);
    run.expect_code(1);
    let lines = run.json_lines();
    let e = lines.iter().find(|v| v["code"] == "E0104").expect("E0104");
    assert_eq!(e["severity"], "error");
    assert_eq!(e["file"], "content/one-pagers/untitled.md");
    // Machine output on stdout only, so `check --format json | jq` works.
    assert!(run.stderr.trim().is_empty(), "stderr: {}", run.stderr);
}

#[test]
fn a_clean_check_says_what_it_checked() {
    let kit = small();
    let run = kit.check(&[]);
    run.expect_success();
    assert_eq!(run.stderr, "checked 3 items and 2 partners: no problems\n");
    assert!(run.stdout.is_empty());
    let quiet = kit.check(&["--quiet"]);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    let json = kit.check(&["--format", "json"]);
    assert!(json.stdout.is_empty() && json.stderr.is_empty());
}

/// The small fixture's overview with `extra` appended; returns the kit and
/// the 1-based line number of `extra`'s first line.
fn overview_with(extra: &str) -> (KitTest, usize) {
    let kit = small();
    let original = kit.read("content/one-pagers/overview.md");
    let line = original.lines().count() + 1;
    kit.write(
        "content/one-pagers/overview.md",
        format!("{original}{extra}"),
    );
    (kit, line)
}

#[test]
fn anchors_that_name_no_heading_are_errors_at_the_link() {
    let text = "See [x](../case-studies/acme.md#no-such-heading), [y](#nope) and [z](../case-studies/acme.md#the-reslt).\n";
    let (kit, line) = overview_with(text);
    let col = |needle: &str| text.find(needle).unwrap() + 1;
    let run = kit.check(&[]);
    run.expect_code(1);
    assert_eq!(run.diagnostics("E0123").len(), 3, "{}", run.stderr);
    run.expect_stderr(
        "error[E0123]: `#no-such-heading` is not a heading of Acme: 72% fewer incidents",
    )
    .expect_stderr(&format!(
        " --> content/one-pagers/overview.md:{line}:{}",
        col("[x]")
    ))
    .expect_stderr(&format!(
        "{} no heading with this id",
        "^".repeat("[x](../case-studies/acme.md#no-such-heading)".len())
    ))
    .expect_stderr("= help: headings there: #the-result")
    // Same page.
    .expect_stderr("error[E0123]: `#nope` is not a heading of this page")
    .expect_stderr(&format!(
        " --> content/one-pagers/overview.md:{line}:{}",
        col("[y]")
    ))
    .expect_stderr("= help: headings there: #three-things-it-does")
    // A near miss gets a suggestion.
    .expect_stderr(&format!(
        " --> content/one-pagers/overview.md:{line}:{}",
        col("[z]")
    ))
    .expect_stderr("= help: did you mean `#the-result`?");
    // The fixture's own anchor link (price.md#what-they-mean) is fine.
    run.expect_no_stderr("what-they-mean");
    // The build refuses the same kit.
    kit.build(&[]).expect_code(1).expect_stderr("E0123");
}

#[test]
fn image_without_alt_text_is_a_warning() {
    let (kit, line) = overview_with("\nChart: ![](../case-studies/images/incidents.svg)\n");
    let run = kit.check(&[]);
    run.expect_success()
        .expect_stderr("warning[W0120]: image without alt text")
        .expect_stderr(&format!(
            " --> content/one-pagers/overview.md:{}:8",
            line + 1
        ))
        .expect_stderr("= help: describe the image");
    assert_eq!(run.diagnostics("W0120").len(), 1);
    // The fixture's image with alt text is not reported.
    run.expect_no_stderr("case-studies/acme.md");
}

#[test]
fn unknown_front_matter_key_suggests_the_known_one() {
    let kit = small();
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace(
            "owner: \"Marketing\"",
            "owner: \"Marketing\"\nreviw_by: 2027-01-01",
        )
    });
    kit.check(&[])
        .expect_success()
        .expect_stderr("warning[W0001]: unknown front matter key `reviw_by`")
        .expect_stderr(" --> content/one-pagers/overview.md:6:1")
        .expect_stderr("^^^^^^^^ not a known key: it is ignored")
        .expect_stderr("= help: did you mean `review_by`?");
}

#[test]
fn item_without_owner_is_a_warning() {
    let kit = small();
    kit.edit("content/case-studies/acme.md", |s| {
        s.replace("owner: \"Customer marketing\"\n", "")
    });
    let run = kit.check(&[]);
    run.expect_success()
        .expect_stderr("warning[W0111]: `Acme: 72% fewer incidents` has no owner")
        .expect_stderr(" --> content/case-studies/acme.md")
        .expect_stderr("= help: add `owner:`");
    assert_eq!(
        run.diagnostics("W0111").len(),
        1,
        "only the item without owner"
    );
}

#[test]
fn link_from_an_open_page_to_a_gated_one_names_who_reads_plain_text() {
    let kit = small();
    kit.write(
        "content/one-pagers/gold-sheet.md",
        "---\ntitle: \"Gold sheet\"\nowner: \"Sales\"\ntiers: [gold]\n---\n\nGold only.\n",
    );
    // A staff-only page may link to it: no partner reads that page.
    kit.write(
        "content/one-pagers/staff-notes.md",
        "---\ntitle: \"Staff notes\"\nowner: \"Sales\"\ninternal: true\n---\n\nSee [the gold sheet](gold-sheet.md).\n",
    );
    let text = "Gold partners: [the gold sheet](gold-sheet.md).\n";
    let original = kit.read("content/one-pagers/overview.md");
    let line = original.lines().count() + 1;
    kit.write(
        "content/one-pagers/overview.md",
        format!("{original}{text}"),
    );
    let run = kit.check(&[]);
    run.expect_success()
        .expect_stderr(
            "warning[W0130]: link to `Gold sheet` shows as plain text in 1 partner portal(s)",
        )
        .expect_stderr(&format!(
            " --> content/one-pagers/overview.md:{line}:{}",
            text.find('[').unwrap() + 1
        ))
        .expect_stderr("not visible to: southwind");
    assert_eq!(run.diagnostics("W0130").len(), 1, "{}", run.stderr);
    let label = run
        .stderr
        .lines()
        .find(|l| l.contains("not visible to:"))
        .unwrap();
    assert!(
        !label.contains("northstar"),
        "northstar (gold) can see it: {label}"
    );
    // Visible to every partner again: no warning.
    kit.edit("content/one-pagers/gold-sheet.md", |s| {
        s.replace("tiers: [gold]\n", "")
    });
    kit.check(&[]).expect_success().expect_no_stderr("W0130");
}

/// A tiny HTTP/1.1 server on 127.0.0.1: `/ok` answers 200, anything else
/// 404. It records each request line, and stops when dropped.
struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (seen, stopped) = (Arc::clone(&requests), Arc::clone(&stop));
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    answer(stream, &seen);
                }
            }
        });
        Server {
            addr,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn answer(mut stream: TcpStream, requests: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let Some(line) = head.lines().next().filter(|l| !l.is_empty()) else {
        return;
    };
    let path = line.split_whitespace().nth(1).unwrap_or("");
    let status = if path == "/ok" {
        "200 OK"
    } else {
        "404 Not Found"
    };
    requests.lock().unwrap().push(line.to_string());
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let _ = stream.flush();
}

#[test]
fn external_links_are_requested_only_with_external() {
    let server = Server::start();
    let text = format!(
        "Status: [fine]({}) and [gone]({}).\n",
        server.url("/ok"),
        server.url("/missing")
    );
    let (kit, line) = overview_with(&text);

    let run = kit.check(&[]);
    run.expect_success().expect_no_stderr("W0140");
    assert!(
        server.requests().is_empty(),
        "check without --external made requests: {:?}",
        server.requests()
    );

    let run = kit.check(&["--external"]);
    run.expect_success()
        .expect_stderr(&format!(
            "warning[W0140]: external link `{}` answers HTTP 404",
            server.url("/missing")
        ))
        .expect_stderr(&format!(
            " --> content/one-pagers/overview.md:{line}:{}",
            text.find("[gone]").unwrap() + 1
        ));
    assert_eq!(run.diagnostics("W0140").len(), 1, "{}", run.stderr);
    run.expect_no_stderr("/ok`");
    let requests = server.requests();
    assert!(
        requests.iter().any(|r| r.contains(" /ok ")),
        "/ok was not requested: {requests:?}"
    );
    assert!(
        requests.iter().any(|r| r.contains(" /missing ")),
        "{requests:?}"
    );
    // The build never requests anything.
    let seen = requests.len();
    kit.build(&[]).expect_success();
    assert_eq!(server.requests().len(), seen, "build made requests");
}

#[test]
fn broken_front_matter_does_not_cascade_into_missing_link_errors() {
    let kit = small();
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace("tags: [pitch, pricing]", "tags: pitch")
    });
    let run = kit.check(&[]);
    run.expect_code(1)
        .expect_stderr("error[E0002]: front matter: `tags` wants a list of words, not `pitch`")
        .expect_stderr(" --> content/one-pagers/overview.md:4:7");
    // price.md links to overview.md, which exists: no "does not exist".
    run.expect_no_stderr("E0120")
        .expect_no_stderr("does not exist");
    assert_eq!(run.stderr.lines().last(), Some("1 error"));
}

#[test]
fn link_to_a_draft_says_it_is_a_draft() {
    let kit = small();
    kit.edit("content/one-pagers/overview.md", |s| {
        s.replace("owner: \"Marketing\"", "owner: \"Marketing\"\ndraft: true")
    });
    let run = kit.check(&[]);
    run.expect_code(1)
        .expect_stderr(" --> content/objections/price.md:13:55")
        .expect_stderr("draft")
        .expect_no_stderr("does not exist")
        .expect_no_stderr("no such file");
}

#[test]
fn yaml_syntax_error_names_the_line_where_the_construct_began() {
    // An unclosed flow sequence on line 4 of the file.
    let kit = small();
    kit.write(
        "content/one-pagers/notes.md",
        "---\ntitle: \"Notes\"\nowner: \"Ops\"\ntags: [pitch, pricing\nsummary: \"x\"\n---\n\nNotes.\n",
    );
    let run = kit.check(&[]);
    run.expect_code(1).expect_stderr("error[E0002]");
    let names_line_4 = run.stderr.contains("content/one-pagers/notes.md:4:")
        || run
            .diagnostics("E0002")
            .iter()
            .any(|l| l.contains("line 4"));
    assert!(
        names_line_4,
        "the unclosed `[` on line 4 is not named:\n{}",
        run.stderr
    );
    // A key without `:` on line 3 of kit.yaml.
    let kit = small();
    kit.edit("kit.yaml", |s| s.replace("version: 1.0.0", "version 1.0.0"));
    let run = kit.check(&[]);
    run.expect_code(1).expect_stderr("error[E0002]");
    let names_line_3 = run.stderr.contains("kit.yaml:3:")
        || run
            .diagnostics("E0002")
            .iter()
            .any(|l| l.contains("line 3"));
    assert!(
        names_line_3,
        "`version 1.0.0` (line 3) is not named:\n{}",
        run.stderr
    );
}

#[test]
fn duplicate_key_points_at_the_second_occurrence() {
    let kit = small();
    kit.write(
        "content/one-pagers/notes.md",
        "---\ntitle: \"Notes\"\nowner: \"Ops\"\nsummary: \"x\"\nowner: \"Sales\"\n---\n\nNotes.\n",
    );
    kit.check(&[])
        .expect_code(1)
        .expect_stderr("error[E0002]: front matter: `owner` is set twice")
        .expect_stderr(" --> content/one-pagers/notes.md:5:1");
}

#[test]
fn unquoted_hex_colour_is_reported() {
    let kit = small();
    kit.edit("partners/southwind.yaml", |s| {
        s.replace(
            "colors: {primary: \"#ffe066\"}",
            "colors:\n  primary: #ffe066",
        )
    });
    kit.check(&[])
        .expect_stderr(" --> partners/southwind.yaml:")
        .expect_stderr("colors.primary");
}

#[test]
fn missing_image_hint_is_about_images() {
    let kit = small();
    kit.write(
        "content/one-pagers/notes.md",
        "---\ntitle: \"Notes\"\nowner: \"Ops\"\n---\n\n![Incidents by month](images/by-month.svg)\n",
    );
    let run = kit.check(&[]);
    run.expect_code(1)
        .expect_stderr("error[E0120]: image `images/by-month.svg` does not exist")
        .expect_stderr(" --> content/one-pagers/notes.md:6:1");
    let help = run
        .stderr
        .lines()
        .find(|l| l.contains("= help:"))
        .expect("a hint");
    assert!(
        !help.contains(".md"),
        "the hint for a missing image talks about links to .md files: {help}"
    );
}

#[test]
fn placeholders_left_from_init_and_new_are_warnings_and_strict_errors() {
    let kit = KitTest::empty();
    kit.set_env("SOURCE_DATE_EPOCH", EPOCH);
    let dir = kit.path("kit");
    kit.run(&["init", dir.to_str().unwrap()]).expect_success();
    kit.run_in("kit", &["new", "objection", "We can't afford it"])
        .expect_success();
    let run = kit.run_in("kit", &["check"]);
    run.expect_success();
    let warnings = run.diagnostics("W0150");
    for needle in [
        "What the buyer literally says, in their words",
        "manager@example.com",
        "https://partners.example.com",
        "Your name or team",
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(needle)),
            "no warning for {needle:?}:\n{}",
            run.stderr
        );
    }
    for file in [
        "kit.yaml",
        "content/objections/we-cant-afford-it.md",
        "partners/initech-consulting.yaml",
    ] {
        assert!(
            run.stderr.contains(&format!(" --> {file}:")),
            "{file} is not named:\n{}",
            run.stderr
        );
    }
    kit.run_in("kit", &["check", "--strict"])
        .expect_code(1)
        .expect_stderr("error[W0150]");

    // Once every placeholder is replaced, check is quiet about them.
    for f in files_under(&dir) {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let mut fixed = text.clone();
        for (from, to) in [
            (
                "One sentence a partner reads in the list: what this is and when to use it.",
                "A real summary.",
            ),
            ("Your name or team", "Dana Whitfield"),
            (
                "What the buyer literally says, in their words",
                "We cannot afford it",
            ),
            (
                "The answer in one or two sentences a seller can say on the call.",
                "It pays back in a quarter.",
            ),
            ("The concern behind the words.", "Budget timing."),
            ("How to answer, step by step.", "Show the payback."),
            ("Customer name", "Globex"),
            ("What improved", "Onboarding time"),
            (
                "A sentence the customer said, approved for use.",
                "It just works.",
            ),
            ("Name, role", "Hank Scorpio, CEO"),
            (
                "A short welcome shown on the partner's home page.",
                "Welcome.",
            ),
            ("manager@example.com", "dana@acme.test"),
            ("se@example.com", "sam@acme.test"),
            (
                "Who owns which accounts, and how conflicts are resolved.",
                "Named accounts are yours.",
            ),
            ("Where to register a deal.", "In the deal desk."),
            (
                "Margin or referral fee, and when it is paid.",
                "20% margin.",
            ),
            ("https://partners.example.com", "https://partners.acme.test"),
            ("- \u{2026}\n", "- What is the budget cycle?\n"),
        ] {
            fixed = fixed.replace(from, to);
        }
        if fixed != text {
            std::fs::write(&f, fixed).unwrap();
        }
    }
    kit.run_in("kit", &["check", "--strict"])
        .expect_success()
        .expect_no_stderr("W0150");
}

const COMMANDS: &[&str] = &[
    "build",
    "check",
    "diff",
    "serve",
    "host-config",
    "init",
    "new",
];

/// The `--flag`s and `<ARG>`s of a subcommand, each with its help line.
fn help_entries(kit: &KitTest, command: &str) -> Vec<(String, String)> {
    let run = kit.run(&[command, "--help"]);
    run.expect_success();
    let mut entries = Vec::new();
    let mut in_list = false;
    for line in run.stdout.lines() {
        if line == "Options:" || line == "Arguments:" {
            in_list = true;
            continue;
        }
        if !line.starts_with("  ") {
            in_list = false;
        }
        let entry = line.trim_start();
        if in_list && (entry.starts_with('-') || entry.starts_with('<')) {
            let (name, help) = entry.split_once("  ").unwrap_or((entry, ""));
            entries.push((name.trim().to_string(), help.trim().to_string()));
        }
    }
    assert!(!entries.is_empty(), "no options in `{command} --help`");
    entries
}

#[test]
fn every_argument_has_help_and_the_readme_lists_every_flag() {
    let kit = KitTest::empty();
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    for command in COMMANDS {
        // The README's synopsis of the command, continuation lines included.
        let prefix = format!("enablekit {command} ");
        let mut synopsis = String::new();
        let mut taking = false;
        for line in readme.lines() {
            if line.starts_with(&prefix) && line.contains('[') {
                taking = true;
            } else if !line.starts_with("    ") {
                taking = false;
            }
            if taking {
                synopsis.push_str(line);
                synopsis.push('\n');
            }
        }
        assert!(
            !synopsis.is_empty(),
            "the README has no synopsis of `{command}`"
        );
        for (name, help) in help_entries(&kit, command) {
            assert!(
                !help.is_empty(),
                "`{command} --help`: `{name}` has no description"
            );
            let long = name
                .split([',', ' ', '='])
                .find(|w| w.starts_with("--"))
                .map(str::to_string);
            if let Some(flag) = long.filter(|f| f != "--help") {
                assert!(
                    [" ", "]", "|"]
                        .iter()
                        .any(|end| synopsis.contains(&format!("{flag}{end}"))),
                    "the README's synopsis of `{command}` lacks {flag}:\n{synopsis}"
                );
            }
        }
    }
}
