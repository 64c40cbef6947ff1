//! Shared helpers: a kit copied into a temporary folder, the real
//! `enablekit` binary run against it, and tools to inspect the output
//! (snapshots, file walks, a relative-link checker).

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;
use walkdir::WalkDir;

/// The repository root (holds the example kit: `kit.yaml`, `content/`, `partners/`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture_dir(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// Copy the folder `from` into `to` (created as needed).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in WalkDir::new(from) {
        let entry = entry.unwrap_or_else(|e| panic!("cannot walk {}: {e}", from.display()));
        let rel = entry
            .path()
            .strip_prefix(from)
            .expect("walk stays below its root");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", target.display()));
        } else {
            fs::copy(entry.path(), &target).unwrap_or_else(|e| {
                panic!(
                    "cannot copy {} to {}: {e}",
                    entry.path().display(),
                    target.display()
                )
            });
        }
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Every non-empty stdout line parsed as a JSON object (`--format json`
    /// writes diagnostics to stdout).
    #[track_caller]
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}\n{}", self.stdout));
                assert!(v.is_object(), "not an object: {l}");
                v
            })
            .collect()
    }

    /// Panics (showing stderr) unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn expect_success(&self) -> &Self {
        self.expect_code(0)
    }

    /// Panics unless stderr contains `needle`.
    #[track_caller]
    pub fn expect_stderr(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr does not contain {needle:?}\n--- stderr ---\n{}",
            self.stderr
        );
        self
    }

    /// Panics if stderr contains `needle`.
    #[track_caller]
    pub fn expect_no_stderr(&self, needle: &str) -> &Self {
        assert!(
            !self.stderr.contains(needle),
            "stderr unexpectedly contains {needle:?}\n--- stderr ---\n{}",
            self.stderr
        );
        self
    }

    /// The stderr lines that start a diagnostic with `code` (e.g. `error[E0104]`).
    pub fn diagnostics(&self, code: &str) -> Vec<&str> {
        let needle = format!("[{code}]");
        self.stderr
            .lines()
            .filter(|l| l.contains(&needle))
            .collect()
    }
}

/// A kit in a temporary folder. The binary runs with the kit folder as its
/// working directory, so diagnostics show paths relative to the kit.
pub struct KitTest {
    dir: TempDir,
    /// Environment variables set for every run of the binary.
    env: RefCell<Vec<(String, String)>>,
}

impl KitTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> KitTest {
        let dir = TempDir::new().expect("temp dir");
        let src = fixture_dir(name);
        assert!(src.is_dir(), "no fixture {}", src.display());
        copy_tree(&src, dir.path());
        KitTest::at(dir)
    }

    /// A copy of the repository's example kit (`kit.yaml`, `content/`,
    /// `partners/`, `data/`; no `themes/`, so the embedded default theme is
    /// used).
    pub fn example() -> KitTest {
        let dir = TempDir::new().expect("temp dir");
        let root = repo_root();
        fs::copy(root.join("kit.yaml"), dir.path().join("kit.yaml")).expect("copy kit.yaml");
        copy_tree(&root.join("content"), &dir.path().join("content"));
        copy_tree(&root.join("partners"), &dir.path().join("partners"));
        copy_tree(&root.join("data"), &dir.path().join("data"));
        KitTest::at(dir)
    }

    /// An empty folder (no kit.yaml).
    pub fn empty() -> KitTest {
        KitTest::at(TempDir::new().expect("temp dir"))
    }

    fn at(dir: TempDir) -> KitTest {
        KitTest {
            dir,
            env: RefCell::new(Vec::new()),
        }
    }

    /// Set an environment variable for every later run (e.g.
    /// `SOURCE_DATE_EPOCH`, which is also the clock of `check` and `new`).
    pub fn set_env(&self, key: &str, value: &str) -> &Self {
        let mut env = self.env.borrow_mut();
        env.retain(|(k, _)| k != key);
        env.push((key.to_string(), value.to_string()));
        self
    }

    /// Stop setting `key` for later runs.
    pub fn remove_env(&self, key: &str) -> &Self {
        self.env.borrow_mut().retain(|(k, _)| k != key);
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder the helpers build into: `<root>/public`.
    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A path in the kit folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Write (create or overwrite) a file in the kit, creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create parent");
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Remove a file or folder from the kit.
    pub fn remove(&self, rel: &str) -> &Self {
        let path = self.path(rel);
        if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        }
        .unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        self
    }

    /// A source file of the kit as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.path(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Rewrite a source file; panics if the edit changes nothing (a test
    /// that edits nothing would prove nothing).
    pub fn edit(&self, rel: &str, f: impl FnOnce(&str) -> String) -> &Self {
        let before = self.read(rel);
        let after = f(&before);
        assert_ne!(before, after, "edit of {rel} changed nothing");
        self.write(rel, after)
    }

    /// Run `enablekit <args>` in the kit folder, as is.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in("", args)
    }

    /// Run `enablekit <args>` with `<root>/<rel>` as the working directory.
    /// Proxy variables are removed (tests never leave the machine) and
    /// `SOURCE_DATE_EPOCH` is only set when [`KitTest::set_env`] set it.
    pub fn run_in(&self, rel: &str, args: &[&str]) -> Run {
        let mut cmd = Command::cargo_bin("enablekit").expect("enablekit binary");
        cmd.args(args)
            .current_dir(self.root().join(rel))
            .env("NO_COLOR", "1")
            .env_remove("SOURCE_DATE_EPOCH");
        for var in [
            "http_proxy",
            "HTTP_PROXY",
            "https_proxy",
            "HTTPS_PROXY",
            "all_proxy",
            "ALL_PROXY",
        ] {
            cmd.env_remove(var);
        }
        for (k, v) in self.env.borrow().iter() {
            cmd.env(k, v);
        }
        let output = cmd.output().expect("run enablekit");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `enablekit build --root <root> --out <root>/public <args>`.
    pub fn build(&self, args: &[&str]) -> Run {
        let root = self.root().to_str().expect("utf-8 temp path").to_string();
        let out = self.out().to_str().expect("utf-8 temp path").to_string();
        let mut all = vec!["build", "--root", &root, "--out", &out];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `enablekit build --root <root> --out <root>/<out> <args>`.
    pub fn build_into(&self, out: &str, args: &[&str]) -> Run {
        let root = self.root().to_str().expect("utf-8 temp path").to_string();
        let out = self
            .path(out)
            .to_str()
            .expect("utf-8 temp path")
            .to_string();
        let mut all = vec!["build", "--root", &root, "--out", &out];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `enablekit check --root <root> <args>`.
    pub fn check(&self, args: &[&str]) -> Run {
        let root = self.root().to_str().expect("utf-8 temp path").to_string();
        let mut all = vec!["check", "--root", &root];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// A path in the output folder.
    pub fn out_path(&self, rel: &str) -> PathBuf {
        self.out().join(rel)
    }

    /// An output file as text.
    #[track_caller]
    pub fn read_out(&self, rel: &str) -> String {
        let path = self.out_path(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Every file of the search index of the portal version at `dir`
    /// (`partners/acme/latest`), entry first, as one text.
    pub fn read_search_index(&self, dir: &str) -> String {
        let mut text = self.read_out(&format!("{dir}/search-index.js"));
        let chunks = self.out_path(&format!("{dir}/search-index"));
        let mut files: Vec<PathBuf> = fs::read_dir(&chunks)
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        files.sort();
        for file in files {
            text.push_str(&fs::read_to_string(file).unwrap());
        }
        text
    }

    /// An output file's bytes.
    #[track_caller]
    pub fn read_out_bytes(&self, rel: &str) -> Vec<u8> {
        let path = self.out_path(rel);
        fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn out_exists(&self, rel: &str) -> bool {
        self.out_path(rel).exists()
    }

    /// Every file and folder under the output folder.
    pub fn snapshot(&self) -> Snapshot {
        snapshot(&self.out())
    }
}

/// Path (relative, forward slashes) → file bytes, or `None` for a folder.
pub type Snapshot = BTreeMap<String, Option<Vec<u8>>>;

/// Every file and folder under `dir` (hidden ones included), so leftovers
/// such as staging folders show up as differences too.
pub fn snapshot(dir: &Path) -> Snapshot {
    let mut map = BTreeMap::new();
    if !dir.exists() {
        return map;
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("cannot walk {}: {e}", dir.display()));
        let rel = slash(entry.path().strip_prefix(dir).expect("below root"));
        if entry.file_type().is_dir() {
            map.insert(rel, None);
        } else if entry.file_type().is_symlink() {
            let target = fs::read_link(entry.path()).expect("read link");
            map.insert(
                rel,
                Some(format!("<symlink to {}>", target.display()).into_bytes()),
            );
        } else {
            let bytes = fs::read(entry.path())
                .unwrap_or_else(|e| panic!("read {}: {e}", entry.path().display()));
            map.insert(rel, Some(bytes));
        }
    }
    map
}

/// Panics with a readable list of differences unless the snapshots match.
#[track_caller]
pub fn assert_same_snapshot(before: &Snapshot, after: &Snapshot, what: &str) {
    if before == after {
        return;
    }
    let mut diffs = Vec::new();
    for (path, old) in before {
        match after.get(path) {
            None => diffs.push(format!("removed: {path}")),
            Some(new) if new != old => diffs.push(format!("changed: {path}")),
            _ => {}
        }
    }
    for path in after.keys() {
        if !before.contains_key(path) {
            diffs.push(format!("added: {path}"));
        }
    }
    diffs.truncate(40);
    panic!("{what}: output changed\n{}", diffs.join("\n"));
}

/// Only the entries under `prefix/` (re-keyed relative to it).
pub fn sub_snapshot(snap: &Snapshot, prefix: &str) -> Snapshot {
    let p = format!("{prefix}/");
    snap.iter()
        .filter_map(|(k, v)| k.strip_prefix(&p).map(|r| (r.to_string(), v.clone())))
        .collect()
}

/// A portal's `latest/` in `snap`, as the version it mirrors: every file
/// but the offline zip, which only `latest/` holds.
pub fn latest_snapshot(snap: &Snapshot, portal: &str) -> Snapshot {
    let mut latest = sub_snapshot(snap, &format!("{portal}/latest"));
    assert!(
        latest.remove("offline.zip").is_some(),
        "{portal}/latest has no offline.zip"
    );
    latest
}

pub fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// The values of every `attr="…"` in `html`.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let end = after.find('"').unwrap_or(after.len());
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

/// Lexically normalise `.` and `..` (no file system access).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// What [`check_links`] looked at.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub html_files: usize,
    pub checked: usize,
    pub with_fragment: usize,
    pub problems: Vec<String>,
}

/// Check every relative `href`/`src` of every HTML file under `dir`: the
/// target file must exist (folder URLs mean their `index.html`), and a
/// `#fragment` must name an `id` in the target page. External schemes
/// (`http:`, `https:`, `mailto:`, `tel:`, `data:`) are skipped.
pub fn check_links(dir: &Path) -> LinkReport {
    let mut report = LinkReport::default();
    for file in files_under(dir) {
        if file.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        report.html_files += 1;
        let html = fs::read_to_string(&file).expect("html is utf-8");
        let base = file.parent().expect("file has a folder");
        for (attr, url) in attr_values(&html, "href")
            .into_iter()
            .map(|u| ("href", u))
            .chain(attr_values(&html, "src").into_iter().map(|u| ("src", u)))
        {
            let url = url.replace("&amp;", "&");
            let lower = url.to_ascii_lowercase();
            if ["http:", "https:", "mailto:", "tel:", "data:", "//"]
                .iter()
                .any(|s| lower.starts_with(s))
            {
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or(path);
            report.checked += 1;
            // Root-relative URLs (the 404 page's) start at the output folder,
            // where a host mounts it.
            let mut target = if path.is_empty() {
                file.clone()
            } else if let Some(rooted) = path.strip_prefix('/') {
                normalize(&dir.join(rooted))
            } else {
                normalize(&base.join(path))
            };
            if path.ends_with('/') || target.is_dir() {
                target = target.join("index.html");
            }
            let shown = slash(file.strip_prefix(dir).unwrap_or(&file));
            if !target.is_file() {
                report.problems.push(format!(
                    "{shown}: {attr}=\"{url}\" points to missing {}",
                    target.display()
                ));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                report.with_fragment += 1;
                let text = fs::read_to_string(&target).unwrap_or_default();
                if !text.contains(&format!("id=\"{f}\"")) {
                    report.problems.push(format!(
                        "{shown}: {attr}=\"{url}\": no id=\"{f}\" in {}",
                        target.display()
                    ));
                }
            }
        }
    }
    report
}

/// The six portal folders of the example kit, relative to `<out>`.
pub const EXAMPLE_PORTALS: &[&str] = &[
    "internal",
    "partners/atelier-rhone",
    "partners/atlas-cloud-group",
    "partners/kestrel-consulting",
    "partners/northwind-digital",
    "partners/pipewise-labs",
    "partners/sunbeam-advisory",
];

/// Parse a portal's `versions.json` as `(version, latest)` pairs.
#[track_caller]
pub fn versions(kit: &KitTest, portal: &str) -> Vec<(String, bool)> {
    let text = kit.read_out(&format!("{portal}/versions.json"));
    let value: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{portal}/versions.json is not JSON ({e}): {text}"));
    value
        .as_array()
        .unwrap_or_else(|| panic!("{portal}/versions.json is not a list: {text}"))
        .iter()
        .map(|v| {
            assert!(
                v["built"].is_string(),
                "{portal}/versions.json entry without `built`: {v}"
            );
            (
                v["version"].as_str().expect("version string").to_string(),
                v["latest"].as_bool().expect("latest bool"),
            )
        })
        .collect()
}

/// Position of `needle` in `haystack`, or a panic naming both.
#[track_caller]
pub fn position(haystack: &str, needle: &str, what: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{what}: {needle:?} not found"))
}

/// The small fixture, built once successfully (version 1.0.0).
pub fn built_small() -> KitTest {
    let kit = KitTest::fixture("small");
    kit.build(&[]).expect_success();
    assert!(kit.out_exists("internal/1.0.0/index.html"));
    kit
}

/// Build version 1.1.0 of a broken kit: it must exit 1 and leave `<out>`
/// byte for byte as it was (no new version, no staging leftovers).
#[track_caller]
pub fn fails_without_touching_output(kit: &KitTest) -> Run {
    let before = kit.snapshot();
    assert!(!before.is_empty());
    let run = kit.build(&["--version", "1.1.0"]);
    run.expect_code(1);
    assert_same_snapshot(&before, &kit.snapshot(), "a failed build");
    assert!(!kit.out_exists("internal/1.1.0"));
    assert!(
        run.stderr
            .lines()
            .last()
            .is_some_and(|l| l.contains("error")),
        "the last line counts the errors: {}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("built "),
        "no success summary on failure"
    );
    run
}
