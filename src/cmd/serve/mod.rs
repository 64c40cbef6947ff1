//! `enablekit serve`: build, serve over HTTP, watch, rebuild, reload.
//!
//! The server renders on request: a URL maps to a portal route and
//! [`portal::Renderer::produce`] makes its bytes, the same call `build` uses,
//! so the dev site is what a build would write. A change reloads the kit
//! through a [`load::Cache`] (unchanged files are neither read nor parsed,
//! their markdown not rendered again), drops the response cache, and tells
//! open tabs to reload over Server-Sent Events. A failed rebuild keeps the
//! last good site and shows the error in an overlay on every page.
//!
//! Only routes of the loaded kit are served, looked up by exact path: no
//! request ever reaches the file system by its own path, so `..`, encoded
//! dots, absolute paths and symlinks cannot leave the kit.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tiny_http::Method;

use http::{Action, Reply, Request};

use crate::cmd::build::{Failure, build_time, stamp};
use crate::diagnostics::{Diagnostic, Report};
use crate::load::theme::Theme;
use crate::load::{self, Cache};
use crate::model::kit::Kit;
use crate::model::partners::Audience;
use crate::paths::percent_decode;
use crate::render::portal::{self, Output, Portal, Release, Route, Shared};

mod http;
mod watch;

use watch::Watch;
pub use watch::{Change, classify};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    /// 0 picks a free port.
    pub port: u16,
    pub portals: Vec<String>,
    /// Show `draft: true` pages, with their banner, for review.
    pub drafts: bool,
}

/// One successful load: everything a request needs.
struct Generation {
    kit: Kit,
    theme: Arc<Theme>,
    shared: Shared,
    version: String,
    built: BTreeMap<String, String>,
    now: String,
    report: Report,
}

impl Generation {
    fn portals(&self, only: &[String]) -> Vec<Portal<'_>> {
        portal::select(&self.kit, only).unwrap_or_default()
    }
}

struct State {
    root: PathBuf,
    only: Vec<String>,
    load: load::Options,
    cache: Cache,
    site: RwLock<Option<Arc<Generation>>>,
    /// The last rebuild's errors, shown in the overlay until fixed.
    errors: RwLock<Option<String>>,
    /// Bumped after every rebuild, good or bad; tabs wait on it.
    generation: Mutex<u64>,
    changed: Condvar,
    responses: Mutex<HashMap<String, Arc<Served>>>,
    /// Routes per portal folder, per generation.
    routes: Mutex<HashMap<String, Arc<HashMap<String, Route>>>>,
    streams: AtomicUsize,
    stopping: AtomicBool,
}

struct Served {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

const MAX_STREAMS: usize = 64;
const LIVE_JS: &str = include_str!("live.js");

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/atom+xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

impl State {
    /// Nothing loaded yet: the first [`State::rebuild`] loads the kit.
    fn new(root: PathBuf, only: Vec<String>, load: load::Options) -> State {
        State {
            root,
            only,
            load,
            cache: Cache::default(),
            site: RwLock::new(None),
            errors: RwLock::new(None),
            generation: Mutex::new(0),
            changed: Condvar::new(),
            responses: Mutex::new(HashMap::new()),
            routes: Mutex::new(HashMap::new()),
            streams: AtomicUsize::new(0),
            stopping: AtomicBool::new(false),
        }
    }

    /// Load the kit (through the cache); keep the theme when no template or
    /// theme file changed.
    fn load(&self, keep_theme: Option<Arc<Theme>>) -> Result<Generation, Report> {
        let (kit, mut report) = load::load_cached(&self.root, Some(&self.cache), self.load)
            .map_err(|r| {
                let mut r = r;
                r.normalize();
                r
            })?;
        let theme = match keep_theme {
            Some(t) => t,
            None => Arc::new(Theme::load(&self.root, &kit.config.theme).map_err(|ds| {
                let mut r = report.clone();
                r.extend(ds);
                r.normalize();
                r
            })?),
        };
        let now = build_time();
        let stamp = stamp(now);
        let version = kit.config.version.clone();
        let built = BTreeMap::from([(version.clone(), stamp.clone())]);
        let shared = Shared::new(&kit, now.date());
        report.normalize();
        Ok(Generation {
            kit,
            theme,
            shared,
            version,
            built,
            now: stamp,
            report,
        })
    }

    fn current(&self) -> Option<Arc<Generation>> {
        self.site.read().ok().and_then(|s| s.clone())
    }

    fn bump(&self) {
        if let Ok(mut g) = self.generation.lock() {
            *g += 1;
        }
        self.changed.notify_all();
    }

    /// Rebuild after `changes`; returns what to print.
    fn rebuild(&self, changes: &[Change]) -> String {
        let started = Instant::now();
        let theme_changed = changes
            .iter()
            .any(|c| matches!(c, Change::Template | Change::ThemeStatic | Change::Config));
        let keep = if theme_changed {
            None
        } else {
            self.current().map(|g| Arc::clone(&g.theme))
        };
        let message = match self.load(keep) {
            Ok(generation) => {
                let warnings = generation.report.diagnostics.len();
                if let Ok(mut site) = self.site.write() {
                    *site = Some(Arc::new(generation));
                }
                if let Ok(mut e) = self.errors.write() {
                    *e = None;
                }
                format!(
                    "rebuilt in {:.0} ms{}",
                    started.elapsed().as_secs_f64() * 1000.0,
                    if warnings > 0 {
                        format!(" ({warnings} warnings)")
                    } else {
                        String::new()
                    }
                )
            }
            Err(report) => {
                let text = render_report(&report, &self.root);
                if let Ok(mut e) = self.errors.write() {
                    *e = Some(text.clone());
                }
                format!("{text}the last good site is still served; fix the problem and save again")
            }
        };
        if let Ok(mut r) = self.responses.lock() {
            r.clear();
        }
        if let Ok(mut r) = self.routes.lock() {
            r.clear();
        }
        self.bump();
        message
    }

    fn respond(&self, url: &str) -> Arc<Served> {
        if let Some(hit) = self.responses.lock().ok().and_then(|r| r.get(url).cloned()) {
            return hit;
        }
        let served = Arc::new(self.produce(url));
        if served.status == 200
            && let Ok(mut r) = self.responses.lock()
        {
            r.insert(url.to_string(), Arc::clone(&served));
        }
        served
    }

    /// The response to `url`: the landing page, a portal's page or file,
    /// a redirect to a portal's version, or a 404.
    fn produce(&self, url: &str) -> Served {
        let Some(site) = self.current() else {
            return not_found(
                "<!DOCTYPE html><title>Not built</title><p>The kit has not built yet: see the terminal.</p>",
            );
        };
        let Some(path) = clean_path(url) else {
            return Served {
                status: 400,
                content_type: "text/plain; charset=utf-8",
                body: b"bad path".to_vec(),
                location: None,
            };
        };
        if path.is_empty() || path == "index.html" {
            return html(200, landing_page(&site, &self.only));
        }
        let found = site
            .portals(&self.only)
            .into_iter()
            .find_map(|p| Some((p, within(&path, &p.dir())?)));
        match found {
            Some((p, rest)) => self.produce_in(&site, p, rest),
            None => not_found(NOT_FOUND),
        }
    }

    /// The response to `rest`, a path inside portal `p`'s folder.
    fn produce_in(&self, site: &Generation, p: Portal<'_>, rest: &str) -> Served {
        let dir = p.dir();
        if rest.is_empty() || rest == "index.html" {
            return redirect(&format!("/{dir}/{}/", site.version));
        }
        if rest == "versions.json" {
            let json =
                serde_json::json!([{ "version": site.version, "built": site.now, "latest": true }]);
            return Served {
                status: 200,
                content_type: "application/json",
                body: serde_json::to_vec_pretty(&json).unwrap_or_default(),
                location: None,
            };
        }
        let (version, inner) = rest.split_once('/').unwrap_or((rest, ""));
        if version != site.version && version != "latest" {
            return not_found(NOT_FOUND);
        }
        if inner.is_empty() && !rest.ends_with('/') {
            return redirect(&format!("/{dir}/{version}/"));
        }
        self.produce_route(site, p, version, inner)
    }

    /// The page or file at `inner` in `version` of portal `p`, a folder's
    /// `index.html`, or the portal's 404 page.
    fn produce_route(
        &self,
        site: &Generation,
        p: Portal<'_>,
        version: &str,
        inner: &str,
    ) -> Served {
        // Another language's tree: the same portal speaking it (its root
        // asked for without the slash its pages' relative links need).
        let trees = p.in_languages(&site.kit);
        if trees.iter().skip(1).any(|t| t.lang == inner) {
            return redirect(&format!("/{}/{version}/{inner}/", p.dir()));
        }
        let tree = p
            .in_languages(&site.kit)
            .into_iter()
            .skip(1)
            .find_map(|t| Some((t, inner.strip_prefix(t.tree(&site.kit).as_str())?)));
        let (p, inner, version) = match tree {
            Some((t, rest)) => (t, rest, format!("{version}/{}", t.lang)),
            None => (p, inner, version.to_string()),
        };
        let version = version.as_str();
        let routes = self.routes_of(site, p);
        if let Some(route) = routes.get(inner) {
            return self.render(site, p, inner, route);
        }
        if let Some(route) = portal::folder_route(inner) {
            return self.render(site, p, inner, &route);
        }
        let index = if inner.is_empty() || inner.ends_with('/') {
            format!("{inner}index.html")
        } else {
            format!("{inner}/index.html")
        };
        match routes.get(&index) {
            // A folder asked for without its slash: the page's relative
            // links need it.
            Some(_) if !inner.is_empty() && !inner.ends_with('/') => {
                redirect(&format!("/{}/{version}/{inner}/", p.dir()))
            }
            Some(route) => self.render(site, p, &index, route),
            None => match routes.get("404.html") {
                Some(route) => {
                    let mut s = self.render(site, p, "404.html", route);
                    s.status = 404;
                    s
                }
                None => not_found("not found"),
            },
        }
    }

    fn routes_of(&self, site: &Generation, p: Portal<'_>) -> Arc<HashMap<String, Route>> {
        let dir = format!("{}/{}", p.dir(), p.tree(&site.kit));
        if let Some(hit) = self.routes.lock().ok().and_then(|r| r.get(&dir).cloned()) {
            return hit;
        }
        let release = release_of(site);
        let renderer = portal::Renderer::new(&site.kit, &site.theme, &site.shared, p, &release);
        let routes: Arc<HashMap<String, Route>> = Arc::new(renderer.routes().into_iter().collect());
        if let Ok(mut r) = self.routes.lock() {
            r.insert(dir, Arc::clone(&routes));
        }
        routes
    }

    fn render(&self, site: &Generation, p: Portal<'_>, rel: &str, route: &Route) -> Served {
        let release = release_of(site);
        let renderer = portal::Renderer::new(&site.kit, &site.theme, &site.shared, p, &release);
        let body = match renderer.produce(route) {
            Ok(Output::Bytes(b)) => b,
            Ok(Output::File(path)) => std::fs::read(path).unwrap_or_default(),
            Ok(Output::Files(files)) => match files.iter().find(|(path, _)| path == rel) {
                Some((_, bytes)) => bytes.clone(),
                None => return not_found(NOT_FOUND),
            },
            Err(e) => {
                let mut report = Report::default();
                crate::cmd::build::report_render_error(e, &mut report);
                let text = render_report(&report, &self.root);
                if let Ok(mut err) = self.errors.write() {
                    *err = Some(text.clone());
                }
                return html(500, error_page(&text));
            }
        };
        Served {
            status: 200,
            content_type: content_type(rel),
            body,
            location: None,
        }
    }
}

fn release_of(site: &Generation) -> Release<'_> {
    Release {
        previous_trees: &portal::NO_TREES,
        version: &site.version,
        previous: None,
        built: &site.built,
        now: &site.now,
    }
}

const NOT_FOUND: &str =
    "<!DOCTYPE html><title>Not found</title><p>Not found. <a href=\"/\">All portals</a></p>";

/// `path` inside the portal folder `dir`, without its leading slash;
/// `None` when `path` is not in that folder.
fn within<'p>(path: &'p str, dir: &str) -> Option<&'p str> {
    let rest = path.strip_prefix(dir)?;
    (rest.is_empty() || rest.starts_with('/')).then(|| rest.trim_start_matches('/'))
}

fn not_found(body: &str) -> Served {
    html(404, body.to_string())
}

fn html(status: u16, body: String) -> Served {
    Served {
        status,
        content_type: "text/html; charset=utf-8",
        body: body.into_bytes(),
        location: None,
    }
}

fn redirect(to: &str) -> Served {
    Served {
        status: 302,
        content_type: "text/html; charset=utf-8",
        body: crate::publish::redirect_page(to).into_bytes(),
        location: Some(to.to_string()),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

fn render_report(report: &Report, root: &Path) -> String {
    report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render_human(false, root))
        .collect::<Vec<_>>()
        .join("\n")
}

fn error_page(text: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title></head><body><h1>Build error</h1><pre>{}</pre></body></html>",
        escape(text)
    )
}

fn landing_page(site: &Generation, only: &[String]) -> String {
    let mut items = String::new();
    for p in site.portals(only) {
        let label = match p.audience {
            Audience::Internal => "Internal (staff)".to_string(),
            Audience::Partner(partner) => {
                format!("{} · {} · {}", partner.name, partner.tier, partner.kind)
            }
        };
        items.push_str(&format!(
            "<li><a href=\"/{}/{}/\">{}</a></li>\n",
            escape(&p.dir()),
            escape(&site.version),
            escape(&label)
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name} · preview</title></head>\n<body><main><h1>{name}</h1><p>Preview of version {version}. Every portal:</p><ul>\n{items}</ul></main></body></html>\n",
        name = escape(&site.kit.config.name),
        version = escape(&site.version),
    )
}

/// A URL's path, percent-decoded and checked: `None` for anything that tries
/// to climb (`..`), hides a separator or carries a NUL.
fn clean_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path);
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut out = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => out.push(s),
        }
    }
    let mut joined = out.join("/");
    if decoded.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Add the live-reload script to HTML pages, never to `build` output.
fn inject(body: &[u8]) -> Vec<u8> {
    const TAG: &str = "<script src=\"/__enablekit/live.js\"></script>\n";
    let text = String::from_utf8_lossy(body);
    match text.rfind("</body>") {
        Some(at) => {
            let mut out = String::with_capacity(text.len() + TAG.len());
            out.push_str(&text[..at]);
            out.push_str(TAG);
            out.push_str(&text[at..]);
            out.into_bytes()
        }
        None => [body, TAG.as_bytes()].concat(),
    }
}

/// Serve one Server-Sent Events stream on the raw connection: an event per
/// rebuild, a comment every 15 s so dead connections are noticed, the end
/// when the server stops or the tab goes away (a write fails). Each event is
/// flushed at once; a buffered response body would hold it back.
fn stream_events(state: &State, mut out: TcpStream) {
    let mut seen = state.generation.lock().map(|g| *g).unwrap_or(0);
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let Ok(guard) = state.generation.lock() else {
            return;
        };
        let Ok((guard, timeout)) =
            state
                .changed
                .wait_timeout_while(guard, Duration::from_secs(15), |g| {
                    *g == seen && !state.stopping.load(Ordering::Relaxed)
                })
        else {
            return;
        };
        if state.stopping.load(Ordering::Relaxed) {
            return;
        }
        let message = if timeout.timed_out() {
            ": keep-alive\n\n".to_string()
        } else {
            seen = *guard;
            drop(guard);
            let failed = state.errors.read().map(|e| e.is_some()).unwrap_or(false);
            let event = if failed { "error" } else { "reload" };
            format!("event: {event}\ndata: {seen}\n\n")
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Which `Host` headers this server answers: DNS rebinding points a
/// hostile name at 127.0.0.1, and the browser then sends that name, so
/// only loopback names and the bound address are trusted.
struct Hosts {
    names: Vec<String>,
    port: u16,
}

impl Hosts {
    fn new(bind: &str, local: SocketAddr) -> Hosts {
        let ip = match local {
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
            SocketAddr::V4(a) => a.ip().to_string(),
        };
        let names = ["localhost", "127.0.0.1", "[::1]", bind, &ip];
        Hosts {
            names: names.iter().map(|n| n.to_ascii_lowercase()).collect(),
            port: local.port(),
        }
    }

    /// A missing Host is allowed for HTTP/1.0 only: no browser sends one,
    /// so it cannot be a rebinding page.
    fn allows(&self, host: Option<&str>, http10: bool) -> bool {
        let Some(host) = host else {
            return http10;
        };
        let host = host.to_ascii_lowercase();
        let (name, port) = match host.rfind(':') {
            Some(at) if !host[at..].contains(']') => (&host[..at], Some(&host[at + 1..])),
            _ => (host.as_str(), None),
        };
        let port_ok = port.is_none_or(|p| p.parse() == Ok(self.port));
        port_ok && self.names.iter().any(|n| n == name)
    }
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Reply {
        status,
        headers: vec![
            ("Content-Type", content_type.to_string()),
            ("Cache-Control", "no-store".to_string()),
        ],
        body,
    }
}

fn handle(state: &Arc<State>, hosts: &Hosts, request: &Request) -> Action {
    if !hosts.allows(request.header("Host"), request.http10) {
        let (status, text) = match request.header("Host") {
            None => (400, "a Host header is required\n"),
            Some(_) => (
                421,
                "misdirected request: this preview answers to localhost only\n",
            ),
        };
        return Action::Reply(Reply::text(status, text));
    }
    if !matches!(request.method, Some(Method::Get | Method::Head)) {
        return Action::Reply(Reply::text(405, "method not allowed"));
    }
    let url = request.url.as_str();
    match url.split('?').next().unwrap_or("") {
        "/__enablekit/events" => events(state),
        "/__enablekit/live.js" => Action::Reply(reply(
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        )),
        "/__enablekit/status" => {
            let errors = state.errors.read().ok().and_then(|e| e.clone());
            let generation = state.generation.lock().map(|g| *g).unwrap_or(0);
            let body = serde_json::json!({ "generation": generation, "error": errors });
            Action::Reply(reply(
                200,
                "application/json",
                body.to_string().into_bytes(),
            ))
        }
        _ => Action::Reply(page(state, url)),
    }
}

/// A live-reload stream holds its connection as long as the tab is open:
/// it gets its own thread, at most MAX_STREAMS of them.
fn events(state: &Arc<State>) -> Action {
    if state.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        state.streams.fetch_sub(1, Ordering::SeqCst);
        return Action::Reply(Reply::text(503, "too many live-reload connections"));
    }
    let state = Arc::clone(state);
    Action::Take(Box::new(move |stream| {
        stream_events(&state, stream);
        state.streams.fetch_sub(1, Ordering::SeqCst);
    }))
}

fn page(state: &State, url: &str) -> Reply {
    let served = state.respond(url);
    let body = if served.content_type.starts_with("text/html") {
        inject(&served.body)
    } else {
        served.body.clone()
    };
    let mut out = reply(served.status, served.content_type, body);
    if let Some(to) = &served.location {
        out.headers.push(("Location", to.clone()));
    }
    out
}

/// A refusal before the server runs (exit 2).
fn usage(d: Diagnostic) -> Failure {
    Failure::Usage(Report {
        diagnostics: vec![d],
    })
}

/// Run the dev server until Ctrl-C. Prints to stderr; returns the exit code.
pub fn run(opts: ServeOptions) -> Result<(), Failure> {
    let root = std::fs::canonicalize(&opts.root).map_err(|e| {
        usage(Diagnostic::error(
            "E0000",
            format!("cannot open {}: {e}", opts.root.display()),
        ))
    })?;
    crate::load::require_kit(&opts.root).map_err(|d| usage(*d))?;
    let state = Arc::new(State::new(
        root.clone(),
        opts.portals.clone(),
        load::Options {
            drafts: opts.drafts,
        },
    ));
    eprintln!("{}", state.rebuild(&[Change::Config]));
    if let Some(site) = state.current()
        && let Err(d) = portal::select(&site.kit, &opts.portals)
    {
        return Err(usage(*d));
    }
    let Listening {
        front,
        threads,
        local,
    } = listen(&opts, &state)?;
    eprintln!(
        "serving {} at http://{local}/ (Ctrl-C to stop)",
        root.display()
    );
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let mut watch = Watch::start(&root, tx.clone()).map_err(|e| {
        usage(Diagnostic::error(
            "E0702",
            format!("cannot watch files: {e}"),
        ))
    })?;
    stop_on_ctrl_c(&state, &front, tx);
    rebuild_on_change(&state, &rx, &mut watch);
    front.stop();
    for t in threads {
        let _ = t.join();
    }
    eprintln!("stopped");
    Ok(())
}

/// The running front door.
struct Listening {
    front: Arc<http::Front>,
    threads: Vec<JoinHandle<()>>,
    local: SocketAddr,
}

/// Bind `--bind:--port` and start answering requests from `state`.
fn listen(opts: &ServeOptions, state: &Arc<State>) -> Result<Listening, Failure> {
    let addr = format!("{}:{}", opts.bind, opts.port);
    let cannot_listen = |e: std::io::Error| {
        usage(
            Diagnostic::error("E0701", format!("cannot listen on {addr}: {e}"))
                .hint("pick another port with `--port`, or `--port 0` for any free port"),
        )
    };
    let listener = std::net::TcpListener::bind(&addr).map_err(cannot_listen)?;
    let local = listener.local_addr().map_err(cannot_listen)?;
    let hosts = Hosts::new(&opts.bind, local);
    let handler: http::Handler = {
        let state = Arc::clone(state);
        Arc::new(move |request: &Request| handle(&state, &hosts, request))
    };
    let (front, threads) = http::start(listener, handler).map_err(cannot_listen)?;
    Ok(Listening {
        front,
        threads,
        local,
    })
}

/// On Ctrl-C: end the live-reload streams, stop accepting, and wake the
/// watch loop through `tx` so it notices.
fn stop_on_ctrl_c(state: &Arc<State>, front: &Arc<http::Front>, tx: mpsc::Sender<PathBuf>) {
    let state = Arc::clone(state);
    let front = Arc::clone(front);
    let _ = ctrlc::set_handler(move || {
        state.stopping.store(true, Ordering::SeqCst);
        state.changed.notify_all();
        front.stop();
        let _ = tx.send(PathBuf::new());
    });
}

/// Rebuild after every burst of changes that matter, until stopped.
fn rebuild_on_change(state: &State, rx: &mpsc::Receiver<PathBuf>, watch: &mut Watch) {
    let mut debounce = watch::Debounce::default();
    loop {
        let first = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(p) => p,
            Err(RecvTimeoutError::Timeout) => {
                if state.stopping.load(Ordering::SeqCst) {
                    break;
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        if state.stopping.load(Ordering::SeqCst) {
            break;
        }
        let batch = debounce.batch(rx, first);
        let changes = watch::changes(&state.root, &batch);
        if changes.is_empty() {
            continue;
        }
        watch.rearm(&batch);
        eprintln!("{}", state.rebuild(&changes));
        debounce.rebuilt();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_within_a_portal_folder_only_at_a_slash() {
        assert_eq!(within("internal", "internal"), Some(""));
        assert_eq!(within("internal/1.0.0/", "internal"), Some("1.0.0/"));
        assert_eq!(within("internal2/x", "internal"), None);
        assert_eq!(within("partners/a/x", "partners/ab"), None);
    }

    #[test]
    fn paths_are_cleaned_or_refused() {
        assert_eq!(
            clean_path("/internal/1.0.0/").as_deref(),
            Some("internal/1.0.0/")
        );
        assert_eq!(clean_path("/a%20b/c?x=1").as_deref(), Some("a b/c"));
        assert_eq!(clean_path("//internal//x").as_deref(), Some("internal/x"));
        for bad in [
            "/../etc/passwd",
            "/internal/%2e%2e/partners/x/",
            "/a/..%2f..%2fb",
            "/a%5c..%5cb",
            "/a%00b",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.ends_with("<script src=\"/__enablekit/live.js\"></script>\n</body></html>"));
    }
}
