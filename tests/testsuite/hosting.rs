//! `host-config`: the generated nginx server block and htpasswd files, and
//! every refusal (secrets under `<out>` or the kit, a portal without
//! credentials). The same config is checked against a real nginx by
//! `tests/nginx.sh`; here the binary's own behaviour is pinned down, plus a
//! check that the default theme's pages need nothing the CSP forbids.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::common::{KitTest, Run, assert_same_snapshot, built_small, files_under, slash};

const STAFF: &str = "alice:staff-password-1";
const NORTH: &str = "nora:northstar-password";
const SOUTH: &str = "sid:southwind-password,sue:another-password";

/// Credentials for every portal of the small fixture.
fn with_credentials(kit: &KitTest) {
    kit.set_env("ENABLEKIT_AUTH_INTERNAL", STAFF)
        .set_env("ENABLEKIT_AUTH_NORTHSTAR", NORTH)
        .set_env("ENABLEKIT_AUTH_SOUTHWIND", SOUTH);
}

fn s(p: &Path) -> String {
    p.to_str().expect("utf-8 temp path").to_string()
}

/// `enablekit host-config --root <root> --out-dir <out> <args>`.
pub(crate) fn host_config(kit: &KitTest, args: &[&str]) -> Run {
    host_config_for(kit, &kit.out(), args)
}

/// [`host_config`] for the output in `out`.
pub(crate) fn host_config_for(kit: &KitTest, out: &Path, args: &[&str]) -> Run {
    let root = s(kit.root());
    let out = s(out);
    let mut all = vec![
        "host-config",
        "--server",
        "nginx",
        "--root",
        &root,
        "--out-dir",
        &out,
    ];
    all.extend_from_slice(args);
    kit.run(&all)
}

/// A folder outside the kit, like /etc/nginx/enablekit.
fn outside() -> TempDir {
    TempDir::new().expect("temp dir")
}

fn listing(dir: &Path) -> Vec<String> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The text of the `location ^~ <url> { … }` block.
fn location_block<'a>(config: &'a str, url: &str) -> &'a str {
    // Partner portals nest one level deeper, inside `location ^~ /partners/`.
    let (start, indent) = ["    ", "        "]
        .iter()
        .find_map(|i| Some((config.find(&format!("\n{i}location ^~ {url} {{\n"))?, *i)))
        .unwrap_or_else(|| panic!("no location for {url} in\n{config}"));
    let rest = &config[start + 1..];
    &rest[..rest.find(&format!("\n{indent}}}\n")).expect("block closes")]
}

#[test]
fn generates_a_protected_location_and_an_htpasswd_file_per_portal() {
    let kit = built_small();
    with_credentials(&kit);
    let auth = outside();
    let run = host_config(&kit, &["--htpasswd-dir", &s(auth.path())]);
    run.expect_success();
    let config = &run.stdout;

    // The output folder as given (absolute), so a symlink-swapping deploy works.
    assert!(
        config.contains(&format!("root \"{}\";", kit.out().display())),
        "{config}"
    );
    assert!(config.contains("listen 127.0.0.1:8080;"));
    assert!(config.contains("autoindex off;"));
    assert!(config.contains("merge_slashes on;"));
    assert!(config.contains("location / {\n        return 404;\n    }"));
    assert!(!config.contains("gzip_static on"));

    let auth_dir = auth.path().canonicalize().unwrap();
    for (url, key) in [
        ("/internal/", "internal"),
        ("/partners/northstar/", "northstar"),
        ("/partners/southwind/", "southwind"),
    ] {
        let block = location_block(config, url);
        let file = auth_dir.join(format!("{key}.htpasswd"));
        assert!(
            block.contains(&format!("auth_basic_user_file \"{}\";", file.display())),
            "{block}"
        );
        assert!(
            block.contains("add_header Cache-Control \"private, max-age=31536000, immutable\";")
        );
        assert!(block.contains(&format!("error_page 404 {url}latest/404.html;")));
        for exact in ["versions.json", "index.html"] {
            let at = block
                .find(&format!("location = {url}{exact} {{"))
                .unwrap_or_else(|| panic!("no {exact} block in {block}"));
            assert!(block[at..].contains("add_header Cache-Control \"private, no-cache\";"));
        }
        let latest = block
            .find(&format!("location ^~ {url}latest/ {{"))
            .expect("latest block");
        assert!(block[latest..].contains("add_header Cache-Control \"private, no-cache\";"));
        assert!(config.contains(&format!("return 302 {url}latest/;")));
    }
    // Every block that sets its own headers carries the security headers
    // (the server's, and the e-mail block under /partners/, set no cache);
    // e-mail copies, two blocks per portal, have a policy of their own.
    let blocks = config.matches("add_header Cache-Control").count() + 2;
    let strict = "add_header Content-Security-Policy \"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'\" always;";
    let email = "add_header Content-Security-Policy \"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'\" always;";
    let portals = config.matches("auth_basic_user_file").count() - 1;
    assert_eq!(config.matches(email).count(), 2 * portals + 1, "{config}");
    assert_eq!(
        config.matches(strict).count() + config.matches(email).count(),
        blocks
    );
    for header in [
        "add_header X-Content-Type-Options \"nosniff\" always;",
        "add_header Referrer-Policy \"same-origin\" always;",
        "add_header X-Frame-Options \"DENY\" always;",
    ] {
        assert_eq!(config.matches(header).count(), blocks, "{header}");
    }

    assert_eq!(
        listing(auth.path()),
        [
            "internal.htpasswd",
            "no-partner.empty.htpasswd",
            "northstar.htpasswd",
            "southwind.htpasswd"
        ]
    );
    // Unknown slugs check this empty file: 401 to anyone, like a real portal.
    assert_eq!(
        fs::read_to_string(auth.path().join("no-partner.empty.htpasswd")).unwrap(),
        ""
    );
    // One realm for every partner: a 401 never names one.
    assert!(!config.contains("auth_basic \"northstar\""));
    assert_eq!(config.matches("auth_basic \"Partner portal\";").count(), 3);
    assert!(config.contains("if ($uri ~ \"/\\.\") {\n        return 404;"));
    assert!(config.contains("disable_symlinks on from=$document_root;"));
    let south = fs::read_to_string(auth.path().join("southwind.htpasswd")).unwrap();
    let users: Vec<&str> = south
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(users, ["sid", "sue"]);
    for line in south.lines() {
        let hash = line.split_once(':').unwrap().1;
        assert!(hash.starts_with("$6$rounds=5000$"), "{line}");
        assert!(!line.contains("password"), "a password in clear: {line}");
    }
    let mode = fs::metadata(auth.path().join("internal.htpasswd"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640, "htpasswd files are not world-readable");

    // Nothing secret reached the output or the kit.
    for file in files_under(kit.root()) {
        let bytes = fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for needle in ["staff-password-1", "northstar-password", "$6$", "htpasswd"] {
            assert!(
                !text.contains(needle),
                "{needle} in {}",
                slash(file.strip_prefix(kit.root()).unwrap())
            );
        }
    }
}

#[test]
fn config_file_listen_and_server_name() {
    let kit = built_small();
    with_credentials(&kit);
    let etc = outside();
    let config = etc.path().join("sites").join("enablekit.conf");
    let run = host_config(
        &kit,
        &[
            "--config",
            &s(&config),
            "--listen",
            "[::1]:9090",
            "--server-name",
            "partners.example.com",
        ],
    );
    run.expect_success().expect_stderr("config written to");
    assert_eq!(run.stdout, "", "the config goes to the file, not stdout");
    let text = fs::read_to_string(&config).unwrap();
    assert!(text.contains("listen [::1]:9090;"));
    assert!(text.contains("server_name partners.example.com;"));
    // The htpasswd files default to the config's folder.
    assert_eq!(
        listing(&etc.path().join("sites")),
        [
            "enablekit.conf",
            "internal.htpasswd",
            "no-partner.empty.htpasswd",
            "northstar.htpasswd",
            "southwind.htpasswd"
        ]
    );

    // Addresses beyond loopback work, with a warning about plain HTTP.
    let run = host_config(&kit, &["--config", &s(&config), "--listen", "0.0.0.0:80"]);
    run.expect_success().expect_stderr("warning[W0803]");

    for (flag, value) in [("--listen", "localhost"), ("--server-name", "a b;")] {
        let run = host_config(&kit, &["--config", &s(&config), flag, value]);
        run.expect_code(2).expect_stderr("error[E0803]");
    }
}

#[test]
fn missing_credentials_name_the_portal_and_the_variable() {
    let kit = built_small();
    kit.set_env("ENABLEKIT_AUTH_NORTHSTAR", NORTH);
    let auth = outside();
    let target = auth.path().join("auth");
    let run = host_config(&kit, &["--htpasswd-dir", &s(&target)]);
    run.expect_code(2)
        .expect_stderr("error[E0807]: portal `internal` has no credentials")
        .expect_stderr("ENABLEKIT_AUTH_INTERNAL=user:password")
        .expect_stderr("error[E0807]: portal `southwind` has no credentials")
        .expect_stderr("ENABLEKIT_AUTH_SOUTHWIND")
        .expect_no_stderr("portal `northstar`");
    assert_eq!(run.stdout, "");
    assert!(!target.exists(), "nothing is written when a portal is open");

    // An empty variable is not a user.
    kit.set_env("ENABLEKIT_AUTH_INTERNAL", "")
        .set_env("ENABLEKIT_AUTH_SOUTHWIND", SOUTH);
    host_config(&kit, &["--htpasswd-dir", &s(&target)])
        .expect_code(2)
        .expect_stderr("ENABLEKIT_AUTH_INTERNAL: is set but names no users");
}

#[test]
fn secrets_under_the_output_or_the_kit_are_refused() {
    let kit = built_small();
    with_credentials(&kit);
    let before = kit.snapshot();
    let out = kit.out();
    let inside_out = out.join("auth");
    let inside_kit = kit.path("deploy/auth");
    for dir in [
        out.clone(),
        inside_out.clone(),
        out.join("internal").join("latest"),
        inside_kit.clone(),
        kit.root().to_path_buf(),
        // Relative paths and dot segments are resolved first.
        out.join("..").join("public").join("x"),
    ] {
        let run = host_config(&kit, &["--htpasswd-dir", &s(&dir)]);
        run.expect_code(2)
            .expect_stderr("error[E0804]: refusing to use htpasswd folder");
        assert_eq!(run.stdout, "");
    }
    host_config(&kit, &["--htpasswd-dir", "public/secrets"])
        .expect_code(2)
        .expect_stderr("inside the output folder");
    assert!(!inside_out.exists() && !inside_kit.exists());
    assert_same_snapshot(&before, &kit.snapshot(), "a refused host-config");

    // A symlink from outside into <out> is seen through.
    let elsewhere = outside();
    let link = elsewhere.path().join("looks-outside");
    std::os::unix::fs::symlink(&out, &link).unwrap();
    host_config(&kit, &["--htpasswd-dir", &s(&link.join("auth"))])
        .expect_code(2)
        .expect_stderr("inside the output folder");

    // A secrets file inside the kit would be committed: refused before reading.
    kit.write("secrets.yaml", "internal: alice:staff-password-1\n");
    let auth = outside();
    host_config(
        &kit,
        &[
            "--secrets",
            &s(&kit.path("secrets.yaml")),
            "--htpasswd-dir",
            &s(auth.path()),
        ],
    )
    .expect_code(2)
    .expect_stderr("refusing to use secrets file")
    .expect_stderr("inside the kit");
    assert!(listing(auth.path()).is_empty());

    // The config holds no secret, but under <out> it would be published.
    host_config(
        &kit,
        &[
            "--config",
            &s(&out.join("nginx.conf")),
            "--htpasswd-dir",
            &s(auth.path()),
        ],
    )
    .expect_code(2)
    .expect_stderr("refusing to use config file");
}

#[test]
fn a_secrets_file_outside_the_kit() {
    let kit = built_small();
    let etc = outside();
    let secrets = etc.path().join("secrets.yaml");
    fs::write(
        &secrets,
        "# one line per portal, or a list, or a map\n\
         internal: alice:staff-password-1\n\
         northstar:\n  - nora:northstar-password\n  - nick:second-northstar-pw\n\
         southwind: {sid: \"south: with a colon\"}\n\
         nortstar: typo:in-the-portal-name\n",
    )
    .unwrap();
    let auth = etc.path().join("auth");
    let args = ["--secrets", &s(&secrets), "--htpasswd-dir", &s(&auth)];
    let run = host_config(&kit, &args);
    run.expect_success()
        .expect_stderr("warning[W0802]: the secrets file names `nortstar`")
        .expect_stderr("did you mean `northstar`?");
    let north = fs::read_to_string(auth.join("northstar.htpasswd")).unwrap();
    assert_eq!(north.lines().count(), 2);

    // An environment variable replaces the file's entry for its portal.
    kit.set_env("ENABLEKIT_AUTH_NORTHSTAR", "env-user:from-the-environment");
    host_config(&kit, &args).expect_success();
    let north = fs::read_to_string(auth.join("northstar.htpasswd")).unwrap();
    assert!(north.starts_with("env-user:$6$") && north.lines().count() == 1);

    // Errors point into the file but never print its lines.
    fs::write(&secrets, "internal: [alice:hunter2-secret\n").unwrap();
    let run = host_config(&kit, &args);
    run.expect_code(2)
        .expect_stderr("error[E0805]")
        .expect_no_stderr("hunter2");
    fs::write(&secrets, "internal: hunter2-no-colon\n").unwrap();
    let run = host_config(&kit, &args);
    run.expect_code(2)
        .expect_stderr("has no `:` between user and password")
        .expect_no_stderr("hunter2");
}

#[test]
fn nothing_built_is_an_error() {
    let kit = KitTest::fixture("small");
    with_credentials(&kit);
    let auth = outside();
    host_config(&kit, &["--htpasswd-dir", &s(auth.path())])
        .expect_code(2)
        .expect_stderr("error[E0801]: no built output")
        .expect_stderr("enablekit build");
    fs::create_dir_all(kit.out()).unwrap();
    host_config(&kit, &["--htpasswd-dir", &s(auth.path())])
        .expect_code(2)
        .expect_stderr("error[E0801]: no portals");
    // Without --config there is no default place for the htpasswd files.
    let kit = built_small();
    with_credentials(&kit);
    host_config(&kit, &[])
        .expect_code(2)
        .expect_stderr("--htpasswd-dir");
}

/// kit.yaml's `base_url` of the example kit.
const BASE_URL: &str = "https://partners.lumora.example/";

/// The `href` of every `<link rel="{rel}" …>`.
fn link_hrefs<'a>(html: &'a str, rel: &str) -> Vec<&'a str> {
    let needle = format!("<link rel=\"{rel}\" href=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

/// The CSP the config sends allows only same-origin files: no inline
/// scripts or styles, no `style` attributes, no event-handler attributes, no
/// `javascript:` URLs and nothing from other origins. Every page of every
/// portal of the example kit must do without them.
#[test]
fn default_theme_pages_satisfy_the_content_security_policy() {
    let kit = KitTest::example();
    kit.build(&["--quiet"]).expect_success();
    let mut pages = 0;
    let mut problems: Vec<String> = Vec::new();
    for file in files_under(&kit.out()) {
        let name = slash(file.strip_prefix(kit.out()).unwrap());
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        // A brief's e-mail copy has its styles inline, as mail needs, and
        // is served with a policy of its own (tests/nginx.sh checks it).
        if ext == "html" && name.ends_with("/email.html") {
            let html = fs::read_to_string(&file).unwrap().to_ascii_lowercase();
            for needle in ["<script", "<link", "<style", "javascript:", " onclick="] {
                if html.contains(needle) {
                    problems.push(format!("{name}: {needle} in an e-mail copy"));
                }
            }
        } else if ext == "html" {
            pages += 1;
            let html = fs::read_to_string(&file).unwrap();
            let lower = html.to_ascii_lowercase();
            for (needle, why) in [
                ("<style", "inline <style>"),
                (" style=", "style attribute"),
                ("javascript:", "javascript: URL"),
            ] {
                if lower.contains(needle) {
                    problems.push(format!("{name}: {why}"));
                }
            }
            // Scripts, stylesheets and images load from this origin only:
            // relative URLs, or (the 404 page, served for any path) absolute
            // URLs under kit.yaml's base_url, which is this origin in
            // production.
            for (attr, url) in crate::common::attr_values(&lower, "src")
                .into_iter()
                .map(|u| ("src", u))
                .chain(
                    link_hrefs(&lower, "stylesheet")
                        .into_iter()
                        .map(|u| ("stylesheet", u)),
                )
            {
                let absolute = url.starts_with("//") || url.contains("://");
                if absolute && !url.starts_with(BASE_URL) {
                    problems.push(format!("{name}: {attr} from another origin: {url}"));
                }
            }
            let mut rest = lower.as_str();
            while let Some(i) = rest.find("<script") {
                let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
                if !rest[i..tag_end].contains(" src=") {
                    problems.push(format!("{name}: inline <script>"));
                }
                rest = &rest[tag_end..];
            }
            for attr in [
                " onclick=",
                " onload=",
                " onerror=",
                " onsubmit=",
                " onchange=",
            ] {
                if lower.contains(attr) {
                    problems.push(format!("{name}: event handler attribute {attr}"));
                }
            }
        }
    }
    assert!(pages > 100, "only {pages} pages");
    let js = fs::read_to_string(kit.out_path("internal/latest/static/enablekit.js")).unwrap();
    for needle in [
        "eval(",
        "new Function",
        "innerHTML",
        "setAttribute(\"style\"",
        "cssText",
        "insertAdjacentHTML",
        "document.write",
    ] {
        if js.contains(needle) {
            problems.push(format!("enablekit.js: {needle}"));
        }
    }
    assert!(
        problems.is_empty(),
        "CSP violations:\n{}",
        problems.join("\n")
    );
}

/// `tests/nginx.sh` is what proves the config against a real server; make
/// sure the test runner keeps running it.
#[test]
fn the_real_nginx_test_is_wired_into_scripts_test() {
    let root = crate::common::repo_root();
    let script = fs::read_to_string(root.join("scripts/test")).unwrap();
    assert!(
        script.contains("tests/nginx.sh"),
        "scripts/test must run tests/nginx.sh"
    );
    let nginx: PathBuf = root.join("tests/nginx.sh");
    let mode = fs::metadata(&nginx).unwrap().permissions().mode();
    assert!(mode & 0o111 != 0, "tests/nginx.sh is executable");
}

/// The small fixture with people on both sides: Nia at Northstar, Sol at
/// Southwind, and the fixture's contacts (`@kit.example`) as staff.
fn with_people(kit: &KitTest) {
    kit.edit("kit.yaml", |t| {
        format!("{t}staff:\n  domains: [kit.example]\n")
    });
    kit.edit("partners/northstar.yaml", |t| {
        format!("{t}people:\n  - {{name: Nia Park, role: Sales, email: nia@northstar.example}}\n  - {{name: Ned Fox, role: SE, email: ned@northstar.example}}\n")
    });
    kit.edit("partners/southwind.yaml", |t| {
        format!("{t}people:\n  - {{name: Sol Reyes, role: Sales, email: sol@southwind.example}}\n  - {{name: Sue Ito, role: SE, email: sue@southwind.example}}\n")
    });
}

fn users_of(htpasswd: &Path) -> Vec<String> {
    fs::read_to_string(htpasswd)
        .unwrap()
        .lines()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect()
}

#[test]
fn each_person_opens_only_their_own_portal_and_removal_revokes() {
    let kit = built_small();
    with_people(&kit);
    let etc = outside();
    let secrets = etc.path().join("secrets.yaml");
    fs::write(
        &secrets,
        "NIA@northstar.example: nia-own-password-1\n\
         sol@southwind.example: sol-own-password-1\n\
         ada@kit.example: ada-own-password-1\n\
         nobody@northstar.example: left-long-ago-pw\n",
    )
    .unwrap();
    let auth = etc.path().join("auth");
    let args = ["--secrets", &s(&secrets), "--htpasswd-dir", &s(&auth)];
    host_config(&kit, &args)
        .expect_success()
        .expect_stderr(
            "warning[W0808]: the secrets file has a password for `nobody@northstar.example`",
        )
        .expect_stderr("warning[W0807]: one person of portal `northstar` has no password")
        .expect_stderr("`ned@northstar.example`")
        .expect_no_stderr("W0806")
        .expect_no_stderr("nia-own-password");
    assert_eq!(
        users_of(&auth.join("northstar.htpasswd")),
        ["nia@northstar.example"]
    );
    assert_eq!(
        users_of(&auth.join("southwind.htpasswd")),
        ["sol@southwind.example"]
    );
    assert_eq!(
        users_of(&auth.join("internal.htpasswd")),
        ["ada@kit.example"]
    );

    // A shared login beside the people draws the warning, and stays.
    kit.set_env("ENABLEKIT_AUTH_SOUTHWIND", "team:southwind-shared-pw");
    host_config(&kit, &args)
        .expect_success()
        .expect_stderr("warning[W0806]: portal `southwind` opens with a shared password (`team` from ENABLEKIT_AUTH_SOUTHWIND)");
    assert_eq!(
        users_of(&auth.join("southwind.htpasswd")),
        ["team", "sol@southwind.example"]
    );

    // Nia leaves: the next run revokes her, and says her password is left over.
    kit.edit("partners/northstar.yaml", |t| {
        t.replace(
            "  - {name: Nia Park, role: Sales, email: nia@northstar.example}\n",
            "",
        )
    });
    kit.set_env("ENABLEKIT_AUTH_NORTHSTAR", "team:northstar-shared-pw");
    host_config(&kit, &args).expect_success().expect_stderr(
        "warning[W0808]: the secrets file has a password for `nia@northstar.example`",
    );
    assert_eq!(users_of(&auth.join("northstar.htpasswd")), ["team"]);

    // Without the shared login nobody opens Northstar: refused, not opened.
    kit.remove_env("ENABLEKIT_AUTH_NORTHSTAR");
    host_config(&kit, &args)
        .expect_code(2)
        .expect_stderr("error[E0807]: portal `northstar` has no credentials")
        .expect_stderr("dana@partner.example: <password>");
}

#[test]
fn one_address_on_two_sides_and_bad_profiles_are_refused() {
    let kit = built_small();
    with_people(&kit);
    with_credentials(&kit);
    let auth = outside();
    let args = ["--htpasswd-dir", &s(&auth.path().join("auth"))];
    // Copied into the other profile, Nia would open both portals.
    kit.edit("partners/southwind.yaml", |t| {
        format!("{t}  - {{name: Nia Park, role: Sales, email: Nia@Northstar.example}}\n")
    });
    host_config(&kit, &args)
        .expect_code(2)
        .expect_stderr(
            "error[E0809]: `nia@northstar.example` is named for two sides: partner `northstar`",
        )
        .expect_stderr("partner `southwind`");
    // `check` says so before anyone hosts the kit.
    kit.check(&[])
        .expect_success()
        .expect_stderr("warning[W0207]: `nia@northstar.example` is named for two sides");
    kit.edit("partners/southwind.yaml", |t| {
        t.replace(
            "  - {name: Nia Park, role: Sales, email: Nia@Northstar.example}\n",
            "",
        )
        .replace("sol@southwind.example", "ben@kit.example")
    });
    host_config(&kit, &args)
        .expect_code(2)
        .expect_stderr("`ben@kit.example` is named for two sides: staff");
    // A profile that does not load is reported as `check` would, at its line.
    kit.edit("partners/southwind.yaml", |t| {
        t.replace("ben@kit.example", "sol at southwind")
    });
    host_config(&kit, &args)
        .expect_code(2)
        .expect_stderr("error[E0215]")
        .expect_stderr("partners/southwind.yaml:");
    kit.edit("partners/southwind.yaml", |t| {
        t.replace("sol at southwind", "sol@southwind.example")
    });
    kit.edit("kit.yaml", |t| {
        t.replace("domains: [kit.example]", "domains: [\"@kit.example\"]")
    });
    host_config(&kit, &args)
        .expect_code(2)
        .expect_stderr("error[E0217]: `@kit.example` is not an e-mail domain")
        .expect_stderr("kit.yaml:");
}

#[test]
fn the_access_review_names_everyone_and_writes_nothing() {
    let kit = built_small();
    with_people(&kit);
    let etc = outside();
    let secrets = etc.path().join("secrets.yaml");
    fs::write(&secrets, "nia@northstar.example: nia-own-password-1\n").unwrap();
    kit.set_env("ENABLEKIT_AUTH_INTERNAL", STAFF)
        .set_env("ENABLEKIT_AUTH_SOUTHWIND", SOUTH);
    let auth = etc.path().join("auth");
    let args = [
        "--secrets",
        &s(&secrets),
        "--htpasswd-dir",
        &s(&auth),
        "--report",
    ];
    let run = host_config(&kit, &args);
    run.expect_success().expect_no_stderr("W0807");
    assert!(
        run.stdout
            .contains("  Nia Park <nia@northstar.example>, Sales: since: unknown\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Ned Fox <ned@northstar.example>, SE: "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("cannot open it: no password in the secrets file")
    );
    assert!(
        run.stdout
            .contains("shared login `alice` (ENABLEKIT_AUTH_INTERNAL)")
    );
    assert!(!auth.exists(), "the review writes nothing");
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let run = host_config(&kit, &json_args);
    let review: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let portal = |key: &str| {
        review["portals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["portal"] == key)
            .unwrap()
            .clone()
    };
    let north = portal("northstar");
    let nia = &north["people"][1];
    assert_eq!(nia["email"], "nia@northstar.example");
    assert_eq!(nia["can_open"], true);
    assert_eq!(nia["named_in"][0], "partners/northstar.yaml");
    assert_eq!(north["people"][0]["can_open"], false);
    let internal = portal("internal");
    let staff: Vec<&str> = internal["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap())
        .collect();
    assert_eq!(
        staff,
        [
            "ada@kit.example",
            "ben@kit.example",
            "cara@kit.example",
            "dev@kit.example"
        ]
    );
    assert_eq!(portal("southwind")["shared"].as_array().unwrap().len(), 2);
}

#[test]
fn the_real_sso_test_is_wired_into_scripts_test() {
    let root = crate::common::repo_root();
    let script = fs::read_to_string(root.join("scripts/test")).unwrap();
    assert!(
        script.contains("bash tests/sso/run.sh"),
        "scripts/test must run tests/sso/run.sh"
    );
    assert!(
        script.contains("libapache2-mod-auth-openidc"),
        "and install what it needs"
    );
    let lock = fs::read_to_string(root.join("tests/sso/package-lock.json")).unwrap();
    assert!(
        lock.contains("\"node_modules/oidc-provider\""),
        "the provider is pinned"
    );
}

/// `host-config --server apache --sso oidc …` for the small fixture.
fn sso_run(kit: &KitTest, extra: &[&str]) -> Run {
    let (root, out) = (s(kit.root()), s(&kit.out()));
    let mut all = vec![
        "host-config",
        "--server",
        "apache",
        "--root",
        &root,
        "--out-dir",
        &out,
        "--sso",
        "oidc",
        "--oidc-issuer",
        "https://login.example.com/realms/partners",
        "--oidc-client-id",
        "enablekit",
    ];
    all.extend_from_slice(extra);
    kit.run(&all)
}

/// [`sso_run`] with its secrets in a folder outside the kit (written there
/// on first use).
fn sso_config(kit: &KitTest, etc: &Path, extra: &[&str]) -> Run {
    let secrets = etc.join("secrets.yaml");
    if !secrets.exists() {
        fs::write(
            &secrets,
            "oidc_client_secret: \"client-secret-from-the-idp\"\n\
             oidc_crypto_passphrase: \"a-passphrase-of-more-than-32-characters\"\n",
        )
        .unwrap();
    }
    let (secrets, dir) = (s(&secrets), s(&etc.join("credentials")));
    let mut all = vec!["--secrets", &secrets, "--htpasswd-dir", &dir];
    all.extend_from_slice(extra);
    sso_run(kit, &all)
}

#[test]
fn single_sign_on_authorises_each_portal_from_the_profiles() {
    let kit = built_small();
    with_people(&kit);
    kit.edit("partners/northstar.yaml", |t| {
        format!("{t}sign_in: {{domains: [northstar.example], groups: [northstar-sales]}}\n")
    });
    let etc = outside();
    let run = sso_config(&kit, etc.path(), &[]);
    run.expect_success()
        .expect_stderr("3 portals behind single sign-on")
        .expect_no_stderr("W0807");
    let config = &run.stdout;
    let block = |url: &str| {
        let start = config.find(&format!("<Location \"{url}\">")).unwrap();
        config[start..][..config[start..].find("</Location>").unwrap()].to_string()
    };
    let north = block("/partners/northstar/");
    assert!(
        north.contains("Require claim \"email~(?i)^nia@northstar[.]example$\""),
        "{north}"
    );
    assert!(north.contains("Require claim \"email~(?i)^[^@]+@northstar[.]example$\""));
    assert!(north.contains("Require claim \"groups:northstar-sales\""));
    let south = block("/partners/southwind/");
    assert!(south.contains("sol@southwind[.]example") && !south.contains("northstar"));
    let staff = block("/internal/");
    assert!(
        staff.contains("Require claim \"email~(?i)^[^@]+@kit[.]example$\""),
        "{staff}"
    );
    assert!(!config.contains("htpasswd") && !config.contains("AuthUserFile"));

    // The secrets go to a file of their own that the config includes.
    let include = etc.path().join("credentials/enablekit-oidc.secrets.conf");
    assert!(
        config.contains(&format!("Include \"{}\"", s(&include))),
        "{config}"
    );
    let written = fs::read_to_string(&include).unwrap();
    assert!(written.contains("OIDCClientSecret \"client-secret-from-the-idp\""));
    assert_eq!(
        fs::metadata(&include).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert!(
        !config.contains("client-secret-from-the-idp") && !run.stderr.contains("client-secret")
    );
    // Without them, nothing is written.
    sso_run(&kit, &["--htpasswd-dir", &s(&etc.path().join("other"))])
        .expect_code(2)
        .expect_stderr(
            "error[E0810]: single sign-on needs the client secret and the session passphrase",
        );
    assert!(!etc.path().join("other").exists());
    // Single sign-on is Apache's here.
    let root = s(kit.root());
    kit.run(&[
        "host-config",
        "--server",
        "nginx",
        "--root",
        &root,
        "--sso",
        "oidc",
        "--oidc-issuer",
        "https://login.example.com",
        "--oidc-client-id",
        "x",
    ])
    .expect_code(2)
    .expect_stderr("error[E0810]: nginx has no OpenID Connect of its own");
    kit.run(&["host-config", "--server", "apache", "--root", &root])
        .expect_code(2)
        .expect_stderr("enablekit configures Apache for single sign-on only");
    let run = kit.run(&[
        "host-config",
        "--server",
        "apache",
        "--root",
        &root,
        "--sso",
        "oidc",
        "--oidc-issuer",
        "login.example.com",
        "--oidc-client-id",
        "x",
    ]);
    run.expect_code(2)
        .expect_stderr("error[E0810]: `login.example.com` is not an issuer URL");
}

#[test]
fn a_domain_or_group_that_would_open_two_portals_is_refused() {
    let kit = built_small();
    with_people(&kit);
    let etc = outside();
    for profile in ["northstar", "southwind"] {
        kit.edit(&format!("partners/{profile}.yaml"), |t| {
            format!("{t}sign_in: {{groups: [resellers]}}\n")
        });
    }
    sso_config(&kit, etc.path(), &[])
        .expect_code(2)
        .expect_stderr(
            "error[E0809]: group `resellers` would open two portals: `northstar` and `southwind`",
        );
    kit.edit("partners/southwind.yaml", |t| {
        t.replace(
            "sign_in: {groups: [resellers]}",
            "sign_in: {domains: [northstar.example]}",
        )
    });
    sso_config(&kit, etc.path(), &[])
        .expect_code(2)
        .expect_stderr(
            "`nia@northstar.example` would open two portals: `northstar` and `southwind`",
        );
    // A portal nobody may open is allowed, and said.
    kit.edit("partners/southwind.yaml", |t| {
        t.replace("sign_in: {domains: [northstar.example]}\n", "")
            .replace("people:\n", "old_people:\n")
    });
    kit.edit("partners/southwind.yaml", |t| t.replace("old_people:\n  - {name: Sol Reyes, role: Sales, email: sol@southwind.example}\n  - {name: Sue Ito, role: SE, email: sue@southwind.example}\n", ""));
    sso_config(&kit, etc.path(), &[])
        .expect_success()
        .expect_stderr("warning[W0809]: nobody can sign in to portal `southwind`");
}

#[test]
fn the_review_works_before_anyone_has_a_password() {
    let kit = built_small();
    with_people(&kit);
    // No secrets, no variables, no folder for htpasswd files: a run would
    // refuse (every portal must be protected); the review says who is who.
    let run = host_config(&kit, &["--report"]);
    run.expect_success().expect_no_stderr("E0807");
    assert!(
        run.stdout
            .contains("Nia Park <nia@northstar.example>, Sales: since: unknown; cannot open it: no password in the secrets file"),
        "{}",
        run.stdout
    );
    let auth = outside();
    host_config(&kit, &["--htpasswd-dir", &s(auth.path())])
        .expect_code(2)
        .expect_stderr("E0807");
    // Personal passwords without a kit to name anyone are pointed out.
    let etc = outside();
    let secrets = etc.path().join("secrets.yaml");
    fs::write(&secrets, "nia@northstar.example: nia-own-password-1\ninternal: a:long-shared-pw\nnorthstar: b:long-shared-pw\nsouthwind: c:long-shared-pw\n").unwrap();
    let elsewhere = outside();
    let out = s(&kit.out());
    kit.run(&[
        "host-config",
        "--root",
        &s(elsewhere.path()),
        "--out-dir",
        &out,
        "--secrets",
        &s(&secrets),
        "--htpasswd-dir",
        &s(&etc.path().join("auth")),
    ])
    .expect_success()
    .expect_stderr("warning[W0812]: no kit.yaml in");
}
