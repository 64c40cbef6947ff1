//! `enablekit serve`: the real binary on an ephemeral port, real HTTP
//! requests, real file edits, real Server-Sent Events.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::{KitTest, files_under, slash};

const EPOCH: &str = "1790000000";

/// A running `enablekit serve`, stopped with SIGINT when dropped.
struct Server {
    child: Child,
    port: u16,
    stderr: mpsc::Receiver<String>,
}

impl Server {
    fn start(kit: &KitTest, extra: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("enablekit"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(kit.root())
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start enablekit serve");
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // Owned before anything can fail, so Drop stops the process.
        let mut server = Server {
            child,
            port: 0,
            stderr: rx,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = server
                .stderr
                .recv_timeout(left)
                .expect("serve printed its URL");
            if let Some(at) = line.find("http://127.0.0.1:") {
                server.port = line[at + "http://127.0.0.1:".len()..]
                    .split('/')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .expect("port");
            }
        }
        server
    }

    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        self.request("GET", path)
    }

    /// A raw HTTP/1.1 request, so paths reach the server exactly as written
    /// (no client-side normalisation of `..` or `%2e`): the whole response.
    fn raw(&self, method: &str, path: &str) -> Vec<u8> {
        self.send(&format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ))
    }

    /// Send `request` exactly as written; the whole response.
    fn send(&self, request: &str) -> Vec<u8> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("response");
        raw
    }

    /// Lines the server printed since the last call.
    fn said(&self) -> Vec<String> {
        self.stderr.try_iter().collect()
    }

    fn request(&self, method: &str, path: &str) -> (u16, Vec<u8>) {
        let raw = self.raw(method, path);
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("headers end");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let mut body = raw[split + 4..].to_vec();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = dechunk(&body);
        }
        (status, body)
    }

    fn headers(&self, method: &str, path: &str) -> String {
        String::from_utf8_lossy(&self.raw(method, path)).into_owned()
    }

    fn text(&self, path: &str) -> String {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}");
        String::from_utf8(body).unwrap()
    }

    /// Open the live-reload stream; events arrive on the returned channel.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__enablekit/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(e) = line.strip_prefix("event: ")
                    && tx.send(e.to_string()).is_err()
                {
                    return;
                }
            }
        });
        // Let the server register the stream before the test edits files.
        std::thread::sleep(Duration::from_millis(200));
        rx
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/__enablekit/status").1).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
    }
}

fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(nl) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&rest[..nl]).unwrap().trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&rest[nl + 2..nl + 2 + size]);
        rest = &rest[nl + 2 + size + 2..];
    }
    out
}

fn wait_event(events: &mpsc::Receiver<String>) -> String {
    events
        .recv_timeout(Duration::from_secs(20))
        .expect("a live-reload event")
}

const PAGE: &str = "/internal/1.0.0/objections/price/";

#[test]
fn serves_portals_with_correct_http() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &[]);
    let landing = server.text("/");
    assert!(landing.contains("/internal/1.0.0/") && landing.contains("/partners/northstar/1.0.0/"));

    let page = server.text(PAGE);
    assert!(page.contains("You&#39;re too expensive"));
    assert!(
        page.contains("/__enablekit/live.js"),
        "live-reload script injected"
    );

    let head = server.headers("GET", "/internal/1.0.0/static/style.css");
    assert!(head.contains("Content-Type: text/css"));
    assert!(
        head.to_ascii_lowercase()
            .contains("cache-control: no-store")
    );
    let svg = server.headers("GET", "/internal/1.0.0/case-studies/images/incidents.svg");
    assert!(svg.contains("Content-Type: image/svg+xml"), "{svg}");

    // A folder without its slash redirects; a portal folder goes to its version.
    assert!(
        server
            .headers("GET", "/internal/1.0.0/objections/price")
            .starts_with("HTTP/1.1 302")
    );
    assert!(
        server
            .headers("GET", "/partners/northstar/")
            .contains("Location: /partners/northstar/1.0.0/")
    );

    // HEAD: headers, no body.
    let (status, body) = server.request("HEAD", PAGE);
    assert_eq!((status, body.len()), (200, 0));

    let (status, body) = server.get("/internal/1.0.0/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        String::from_utf8_lossy(&body).contains("<html"),
        "the theme's 404 page"
    );

    // Percent-encoded paths are decoded.
    assert_eq!(server.get("/internal/1.0.0/%6Fbjections/price/").0, 200);
}

#[test]
fn nothing_outside_the_kit_is_reachable() {
    let kit = KitTest::fixture("small");
    let secret = kit
        .root()
        .parent()
        .unwrap()
        .join(format!("secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "TOP-SECRET-MARKER").unwrap();
    std::os::unix::fs::symlink(&secret, kit.path("content/case-studies/images/leak.svg")).unwrap();
    std::os::unix::fs::symlink("/etc", kit.path("content/case-studies/etc")).unwrap();
    kit.edit("content/case-studies/acme.md", |t| {
        format!("{t}\n![Leak](images/leak.svg)\n")
    });
    let server = Server::start(&kit, &[]);
    for path in [
        "/../../../../etc/passwd",
        "/internal/1.0.0/../../../etc/passwd",
        "/internal/1.0.0/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/internal/%2e%2e/partners/northstar/1.0.0/",
        "/partners/southwind/1.0.0/..%2f..%2fnorthstar/1.0.0/partnership/",
        "//etc/passwd",
        "/etc/passwd",
        "/internal/1.0.0/case-studies/etc/passwd",
        "/internal/1.0.0/case-studies/images/leak.svg",
        "/internal/1.0.0/..%5c..%5cetc%5cpasswd",
    ] {
        let (status, body) = server.get(path);
        let text = String::from_utf8_lossy(&body);
        assert!(status == 400 || status == 404, "{path} answered {status}");
        assert!(
            !text.contains("root:x:0") && !text.contains("TOP-SECRET-MARKER"),
            "{path} leaked"
        );
    }
    std::fs::remove_file(&secret).unwrap();
}

#[test]
fn content_edit_reloads_and_serves_the_new_page() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &[]);
    assert!(!server.text(PAGE).contains("Freshly edited"));
    let events = server.events();
    kit.edit("content/objections/price.md", |t| {
        format!("{t}\nFreshly edited.\n")
    });
    assert_eq!(wait_event(&events), "reload");
    assert!(server.text(PAGE).contains("Freshly edited"));
    assert!(
        server
            .text("/partners/northstar/1.0.0/objections/price/")
            .contains("Freshly edited")
    );
}

#[test]
fn a_bad_edit_keeps_the_last_good_site_and_shows_the_error() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &[]);
    let events = server.events();
    let good = kit.read("content/objections/price.md");
    kit.write(
        "content/objections/price.md",
        good.replace("title: ", "title: [unclosed"),
    );
    assert_eq!(wait_event(&events), "error");
    let status = server.status();
    let error = status["error"].as_str().expect("error text");
    assert!(error.contains("content/objections/price.md:2:"), "{error}");
    assert!(
        server.text(PAGE).contains("You&#39;re too expensive"),
        "last good page still served"
    );
    // Fixing the file recovers.
    kit.write(
        "content/objections/price.md",
        format!("{good}\nFixed again.\n"),
    );
    assert_eq!(wait_event(&events), "reload");
    assert!(server.status()["error"].is_null());
    assert!(server.text(PAGE).contains("Fixed again"));
}

#[test]
fn deleting_a_page_and_editing_a_partner() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &[]);
    let events = server.events();
    // Deleting a page other pages link to is an error until the link goes.
    kit.remove("content/one-pagers/overview.md");
    assert_eq!(wait_event(&events), "error");
    assert!(
        server.status()["error"]
            .as_str()
            .unwrap()
            .contains("overview.md")
    );
    kit.edit("content/objections/price.md", |t| {
        t.replace("[overview](../one-pagers/overview.md)", "overview")
    });
    assert_eq!(wait_event(&events), "reload");
    assert_eq!(server.get("/internal/1.0.0/one-pagers/overview/").0, 404);

    kit.edit("partners/northstar.yaml", |t| {
        t.replace("Margin of 25%", "Margin of 31%")
    });
    assert_eq!(wait_event(&events), "reload");
    assert!(
        server
            .text("/partners/northstar/1.0.0/partnership/")
            .contains("Margin of 31%")
    );
}

#[test]
fn served_site_equals_a_fresh_build_after_edits() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &[]);
    let events = server.events();
    type Edit = Box<dyn Fn(&KitTest)>;
    let edits: [(&str, Edit); 4] = [
        (
            "edit",
            Box::new(|k: &KitTest| {
                k.edit("content/objections/price.md", |t| {
                    t.replace("The value", "Their value")
                });
            }),
        ),
        (
            "add",
            Box::new(|k: &KitTest| {
                k.write(
                "content/one-pagers/new-page.md",
                "---\ntitle: \"A new page\"\ntags: [pricing]\nowner: M\n---\n\nSee [price](../objections/price.md).\n",
            );
            }),
        ),
        (
            "retitle",
            Box::new(|k: &KitTest| {
                k.edit("content/case-studies/acme.md", |t| {
                    t.replacen("title: \"", "title: \"Zz ", 1)
                });
            }),
        ),
        (
            "partner",
            Box::new(|k: &KitTest| {
                k.edit("partners/southwind.yaml", |t| {
                    format!("{t}\nfeatured: [new-page]\n")
                });
            }),
        ),
    ];
    for (what, edit) in &edits {
        edit(&kit);
        assert_eq!(
            wait_event(&events),
            "reload",
            "after {what}: {:?}",
            server.status()
        );
    }
    kit.set_env("SOURCE_DATE_EPOCH", EPOCH);
    kit.build_into("fresh", &[]).expect_success();
    let fresh = kit.path("fresh");
    let mut compared = 0;
    for file in files_under(&fresh) {
        let rel = slash(file.strip_prefix(&fresh).unwrap());
        // offline.zip and the record of a version's files are publication
        // artefacts: serve does not make them.
        if rel.contains("/latest/")
            || rel.ends_with("versions.json")
            || rel.ends_with("offline.zip")
            || rel.ends_with(".enablekit-files")
            || !rel.contains("/1.0.0/")
        {
            continue;
        }
        let (status, body) = server.get(&format!("/{rel}"));
        assert_eq!(status, 200, "{rel}");
        let body = String::from_utf8_lossy(&body)
            .replace("<script src=\"/__enablekit/live.js\"></script>\n", "");
        let expected = std::fs::read(&file).unwrap();
        assert!(
            body.as_bytes() == expected.as_slice(),
            "{rel} differs from a fresh build"
        );
        compared += 1;
    }
    assert!(compared > 40, "compared {compared} files");
}

#[test]
fn many_tabs_and_a_reload_storm_do_not_block() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &[]);
    let tabs: Vec<_> = (0..20).map(|_| server.events()).collect();
    for n in 0..5 {
        kit.edit("content/objections/price.md", |t| {
            format!("{t}\nStorm {n}.\n")
        });
        std::thread::sleep(Duration::from_millis(150));
    }
    for tab in &tabs {
        assert_eq!(wait_event(tab), "reload");
    }
    // Pages are still served promptly while 20 streams are open.
    let handles: Vec<_> = (0..16)
        .map(|_| {
            let port = server.port;
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                write!(
                    s,
                    "GET {PAGE} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                )
                .unwrap();
                let mut raw = String::new();
                s.read_to_string(&mut raw).unwrap();
                raw.starts_with("HTTP/1.1 200")
            })
        })
        .collect();
    assert!(handles.into_iter().all(|h| h.join().unwrap()));
    // The first save rebuilt at once; the last ones end their burst.
    wait_for(&server, PAGE, "Storm 4.");
}

#[test]
fn ctrl_c_exits_cleanly() {
    let kit = KitTest::fixture("small");
    let mut server = Server::start(&kit, &[]);
    let _tab = server.events();
    Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let said: Vec<String> = server.stderr.try_iter().collect();
    assert!(said.iter().any(|l| l == "stopped"), "{said:?}");
}

#[test]
fn binds_loopback_and_refuses_unknown_portal() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &["--portal", "northstar"]);
    assert_eq!(
        server.get("/internal/1.0.0/").0,
        404,
        "only the named portal is served"
    );
    assert_eq!(server.get("/partners/northstar/1.0.0/").0, 200);
    drop(server);
    kit.run(&["serve", "--port", "0", "--portal", "nope"])
        .expect_code(2)
        .expect_stderr("no portal named `nope`");
}

/// Status code of a raw response.
fn status_of(raw: &[u8]) -> u16 {
    String::from_utf8_lossy(raw)
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn foreign_host_headers_are_misdirected() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &[]);
    let port = server.port;
    let ask = |path: &str, host: &str| {
        status_of(&server.send(&format!(
            "GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"
        )))
    };
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        "[::1]".to_string(),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(ask(PAGE, &format!("Host: {host}\r\n")), 200, "{host}");
    }
    for path in [
        PAGE,
        "/",
        "/__enablekit/events",
        "/__enablekit/status",
        "/__enablekit/live.js",
    ] {
        for host in [
            "evil.example".to_string(),
            format!("evil.example:{port}"),
            "localhost.evil.example".to_string(),
            "localhost:1".to_string(),
        ] {
            let raw = server.send(&format!(
                "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            ));
            assert_eq!(status_of(&raw), 421, "{path} for {host}");
            assert!(String::from_utf8_lossy(&raw).contains("misdirected"));
        }
    }
    // HTTP/1.1 must name its host; HTTP/1.0 without one cannot be a browser.
    assert_eq!(ask(PAGE, ""), 400);
    let old = server.send(&format!("GET {PAGE} HTTP/1.0\r\n\r\n"));
    assert_eq!(status_of(&old), 200);
}

/// Threads of a process, from /proc (Linux).
fn threads_of(pid: u32) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("Threads:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn five_hundred_slow_clients_do_not_delay_a_page() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &[]);
    assert!(server.text(PAGE).contains("too expensive")); // warm the cache
    let mut hostile: Vec<TcpStream> = (0..500)
        .map(|n| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
            if n % 2 == 0 {
                s.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
            }
            s
        })
        .collect();
    // Dribble a byte on half of them, as slowloris does.
    for s in hostile.iter_mut().step_by(2) {
        let _ = s.write_all(b"a");
    }
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    assert!(server.text(PAGE).contains("too expensive"));
    let took = started.elapsed();
    assert!(took < Duration::from_secs(1), "a page took {took:?}");
    if let Some(n) = threads_of(server.child.id()) {
        assert!(n < 40, "{n} threads for 500 idle connections");
    }
    // Past the header timeout the slow clients are dropped.
    let silent = &mut hostile[1];
    silent
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    let mut byte = [0u8; 1];
    assert!(
        matches!(silent.read(&mut byte), Ok(0) | Err(_)),
        "a silent client was not dropped"
    );
    let started = Instant::now();
    assert!(server.text(PAGE).contains("too expensive"));
    assert!(started.elapsed() < Duration::from_secs(1));
}

/// Wait until `path` shows `needle`, or fail after 20 s.
fn wait_for(server: &Server, path: &str, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, body) = server.get(path);
        if status == 200 && String::from_utf8_lossy(&body).contains(needle) {
            return;
        }
        assert!(Instant::now() < deadline, "{path} never showed {needle:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_deleted_and_restored_content_folder_is_watched_again() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &[]);
    let events = server.events();
    let saved = kit
        .root()
        .parent()
        .unwrap()
        .join(format!("saved-{}", std::process::id()));
    crate::common::copy_tree(&kit.path("content"), &saved);
    std::fs::remove_dir_all(kit.path("content")).unwrap();
    wait_event(&events);
    crate::common::copy_tree(&saved, &kit.path("content"));
    std::fs::remove_dir_all(&saved).unwrap();
    wait_for(&server, PAGE, "too expensive");
    std::thread::sleep(Duration::from_millis(500));
    kit.edit("content/objections/price.md", |t| {
        format!("{t}\nBack again.\n")
    });
    wait_for(&server, PAGE, "Back again.");
}

#[test]
fn a_burst_of_saves_rebuilds_once_or_twice() {
    let kit = KitTest::fixture("small");
    let server = Server::start(&kit, &[]);
    server.said();
    for n in 0..50 {
        kit.edit("content/objections/price.md", |t| {
            format!("{t}\nSave {n}.\n")
        });
        std::thread::sleep(Duration::from_millis(40));
    }
    wait_for(&server, PAGE, "Save 49.");
    std::thread::sleep(Duration::from_secs(1));
    let rebuilds = server
        .said()
        .iter()
        .filter(|l| l.starts_with("rebuilt in"))
        .count();
    assert!(
        (1..=3).contains(&rebuilds),
        "{rebuilds} rebuilds for 50 saves"
    );
}

#[test]
fn editing_program_data_updates_scorecards_and_values_and_a_bad_cell_keeps_the_last_good_site() {
    let kit = KitTest::example();
    let server = Server::start(&kit, &[]);
    let events = server.events();
    let scorecard = "/partners/pipewise-labs/1.0.0/scorecard/";
    let pricing = "/partners/pipewise-labs/1.0.0/one-pagers/pricing-and-packaging/";
    assert!(server.text(scorecard).contains("Your figures for Q3 2026"));
    assert!(
        server
            .text(pricing)
            .contains("<strong>10% off list</strong>")
    );
    let rows = kit.read("data/scorecard.csv");
    kit.write(
        "data/scorecard.csv",
        format!("{rows}pipewise-labs,Q4 2026,13,8,3,\"$600,000\",8.5,\n"),
    );
    wait_for(
        &server,
        scorecard,
        "Your figures for Q4 2026, compared with Q3 2026",
    );
    kit.edit("data/price-book.csv", |t| {
        t.replace("silver,10%", "silver,12%")
    });
    wait_for(&server, pricing, "<strong>12% off list</strong>");
    let _ = server.said();
    kit.write(
        "data/scorecard.csv",
        format!("{rows}pipewise-labs,Q4 2026,13,eight,3,,8.5,\n"),
    );
    // Reloads of the edits above may still be queued before the error.
    while wait_event(&events) != "error" {}
    let error = server.status()["error"]
        .as_str()
        .expect("error text")
        .to_string();
    assert!(error.contains("data/scorecard.csv:24:"), "{error}");
    assert!(
        error.contains("expected a number, found `eight`"),
        "{error}"
    );
    assert!(
        server.text(scorecard).contains("Your figures for Q4 2026"),
        "last good site"
    );
}

#[test]
fn serve_drafts_shows_draft_pages_with_their_banner() {
    let kit = KitTest::fixture("small");
    kit.write(
        "content/one-pagers/next-year.md",
        "---\ntitle: \"Next year\"\ndraft: true\n---\n\nNot ready: zqserveddraft.\n",
    );
    let page = "/partners/northstar/1.0.0/one-pagers/next-year/";
    let plain = Server::start(&kit, &[]);
    assert_eq!(plain.get(page).0, 404, "no drafts without --drafts");
    drop(plain);
    let preview = Server::start(&kit, &["--drafts"]);
    let html = preview.text(page);
    assert!(
        html.contains("zqserveddraft") && html.contains("notice--draft"),
        "{html}"
    );
    let list = preview.text("/partners/northstar/1.0.0/one-pagers/");
    assert!(list.contains("badge--draft"), "{list}");
}

#[test]
fn serve_shows_every_language_tree_and_reloads_translations() {
    let kit = KitTest::fixture("small");
    kit.edit("kit.yaml", |s| format!("{s}languages: [en, fr]\n"));
    kit.edit("partners/northstar.yaml", |s| {
        format!("{s}languages: [fr, en]\n")
    });
    kit.write(
        "content/one-pagers/overview.fr.md",
        "---\ntitle: \"Présentation du produit\"\n---\n\n## Trois choses\n\nTexte.\n",
    );
    let server = Server::start(&kit, &[]);
    let fr = server.text("/partners/northstar/latest/one-pagers/overview/");
    assert!(
        fr.contains("<html lang=\"fr\"") && fr.contains("Présentation du produit"),
        "{fr}"
    );
    let en = server.text("/partners/northstar/latest/en/one-pagers/overview/");
    assert!(
        en.contains("<html lang=\"en\"") && en.contains("Product overview"),
        "{en}"
    );
    let (status, _) = server.get("/partners/northstar/latest/en/search-index.js");
    assert_eq!(status, 200);
    // A folder without its slash is sent to it, inside the tree.
    let raw = server.raw("GET", "/partners/northstar/latest/en/one-pagers/overview");
    let head = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 302"), "{head}");
    assert!(
        head.contains("location: /partners/northstar/latest/en/one-pagers/overview/"),
        "{head}"
    );
    let raw = server.raw("GET", "/partners/northstar/latest/en");
    let head = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    assert!(
        head.contains("location: /partners/northstar/latest/en/"),
        "{head}"
    );
    // Southwind reads English only: there is no French tree to serve.
    let (status, _) = server.get("/partners/southwind/latest/fr/one-pagers/overview/");
    assert_eq!(status, 404);
    let events = server.events();
    kit.edit("content/one-pagers/overview.fr.md", |t| {
        format!("{t}\nFraîchement modifié.\n")
    });
    assert_eq!(wait_event(&events), "reload");
    assert!(
        server
            .text("/partners/northstar/latest/one-pagers/overview/")
            .contains("Fraîchement modifié")
    );
}
