// Shared helpers of the browser suite: build the example kit (two versions)
// into a temp dir, serve it on loopback, launch Debian's Chromium through
// playwright-core, and watch pages for console noise and failed requests.
//
// Nothing here skips: a missing binary, browser or Java is an error.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, "..", "..");
export const ARTIFACTS = path.join(REPO, "tests", "artifacts");
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
// run.sh asks cargo where the binary is; alone, honour CARGO_TARGET_DIR as cargo does.
export const BIN =
  process.env.ENABLEKIT_BIN ||
  path.join(path.resolve(REPO, process.env.CARGO_TARGET_DIR || "target"), "debug", "enablekit");

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/** The parts of the repository that make up the example kit. */
export const KIT_PARTS = ["kit.yaml", "content", "partners", "data", "themes"];

/** A word appended to the 1.1.0 copy of the "too expensive" handler. */
export const V11_WORD = "quarterbackable";

/**
 * Builds the example kit twice into a fresh temp dir: the repository as
 * 1.0.0, then an edited copy as 1.1.0 (one objection handler changed, kit.yaml
 * bumped). Returns { tmp, out, portals: [{ slug, dir, prefix, kind }] }.
 */
export function buildKit() {
  if (!fs.existsSync(BIN)) {
    throw new Error(`enablekit binary not found at ${BIN}: run \`cargo build\` first (tests/browser/run.sh does)`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "enablekit-browser-"));
  const out = path.join(tmp, "public");
  const env = { ...process.env, SOURCE_DATE_EPOCH: "1790000000" };
  run(BIN, ["build", "--root", REPO, "--out", out, "--version", "1.0.0"], { env });

  const copy = path.join(tmp, "kit-1.1.0");
  fs.mkdirSync(copy);
  for (const part of KIT_PARTS) {
    const from = path.join(REPO, part);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(copy, part), { recursive: true });
  }
  const kitYaml = path.join(copy, "kit.yaml");
  const yaml = fs.readFileSync(kitYaml, "utf8");
  if (!/^version: .+$/m.test(yaml)) throw new Error("kit.yaml has no version line");
  fs.writeFileSync(kitYaml, yaml.replace(/^version: .+$/m, "version: 1.1.0"));
  const handler = path.join(copy, "content", "objections", "too-expensive.md");
  fs.appendFileSync(handler, `\n## New in this release\n\nA ${V11_WORD} answer for procurement teams.\n`);
  run(BIN, ["build", "--root", copy, "--out", out], { env: { ...env, SOURCE_DATE_EPOCH: "1790086400" } });

  const portals = [{ slug: "internal", kind: "internal", dir: path.join(out, "internal"), prefix: "/internal/" }];
  for (const slug of fs.readdirSync(path.join(out, "partners")).sort()) {
    portals.push({ slug, kind: "partner", dir: path.join(out, "partners", slug), prefix: `/partners/${slug}/` });
  }
  return { tmp, out, portals };
}

/**
 * The usual setup of a test file, registered as its `before` and `after`
 * hooks: builds the example kit, serves it (with { gzip: true } also from a
 * second, compressing server) and launches Chromium; afterwards closes them
 * and removes the build. Returns an object whose `kit`, `server`,
 * `gzipServer` and `browser` are set once the `before` hook has run.
 */
export function useKit({ gzip = false } = {}) {
  const env = { kit: null, server: null, gzipServer: null, browser: null };
  before(async () => {
    env.kit = buildKit();
    env.server = await serve(env.kit.out);
    if (gzip) env.gzipServer = await serve(env.kit.out, { gzip: true });
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
    await env.gzipServer?.close();
    if (env.kit) fs.rmSync(env.kit.tmp, { recursive: true, force: true });
  });
  return env;
}

/**
 * Like `useKit`, for a kit the test file makes itself: `make(tmp)` writes
 * it below the temp dir and returns its folder; it is built (on a fixed
 * clock) into `tmp/public`, served, and Chromium launched. Returns an
 * object whose `tmp`, `out`, `server` and `browser` are set once `before`
 * has run; `after` closes them and removes the temp dir.
 */
export function useOwnKit(prefix, make) {
  const env = { tmp: null, out: null, server: null, browser: null };
  before(async () => {
    env.tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    const kit = make(env.tmp);
    env.out = path.join(env.tmp, "public");
    run(BIN, ["build", "--root", kit, "--out", env.out, "--quiet"], {
      env: { ...process.env, SOURCE_DATE_EPOCH: "1790000000" },
    });
    env.server = await serve(env.out);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
    if (env.tmp) fs.rmSync(env.tmp, { recursive: true, force: true });
  });
  return env;
}

/** Every file below `dir` whose name satisfies `pred`, sorted. */
export function walk(dir, pred = () => true) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...walk(p, pred));
    else if (pred(p)) found.push(p);
  }
  return found.sort();
}

export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/atom+xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".zip": "application/zip",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
};

/** The strict policy the hosting docs promise the theme holds. */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The policy the hosting config sends with a brief's e-mail copy
 * (`email.html`, src/cmd/host_config/nginx.rs): its styles are inline, as
 * mail clients need, and it has no script, so inline styles and nothing else.
 */
export const EMAIL_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const COMPRESSIBLE = /^(text\/|application\/(json|atom\+xml|javascript)|image\/svg)/;

/** Resolves a URL path inside `root`: { file } or { redirect } or null. */
export function resolveStatic(root, urlPath) {
  let rel;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.join(root, rel);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (stat.isDirectory()) {
    if (!urlPath.endsWith("/")) return { redirect: urlPath + "/" };
    const index = path.join(file, "index.html");
    return fs.existsSync(index) ? { file: index } : null;
  }
  return { file };
}

export function headersFor(file, body, gzip) {
  const type = TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
  const headers = {
    "Content-Type": type,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
  };
  if (type.startsWith("text/html")) {
    // Like the hosting config: a brief's e-mail copy has a policy of its own.
    headers["Content-Security-Policy"] = path.basename(file) === "email.html" ? EMAIL_CSP : CSP;
  }
  if (gzip && COMPRESSIBLE.test(type)) {
    body = zlib.gzipSync(body, { level: 9 });
    headers["Content-Encoding"] = "gzip";
    headers["Vary"] = "Accept-Encoding";
  }
  headers["Content-Length"] = String(body.length);
  return { headers, body };
}

/**
 * A tiny static server on 127.0.0.1 (a random port): folders serve their
 * index.html, folders without a trailing slash redirect, unknown paths 404.
 * With { gzip: true } it compresses text for clients that accept it, like
 * a production host. Resolves to { url, close, requests }.
 */
export function serve(root, { gzip = false } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    requests.push(url.pathname);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    const found = resolveStatic(root, url.pathname);
    if (!found) {
      // Like the hosting config: a portal version's 404.html for its misses.
      const page = notFoundPage(root, url.pathname);
      if (page) {
        const { headers, body } = headersFor(page, fs.readFileSync(page), false);
        res.writeHead(404, headers).end(req.method === "HEAD" ? undefined : body);
      } else {
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      }
      return;
    }
    if (found.redirect) {
      res.writeHead(301, { Location: found.redirect + url.search }).end();
      return;
    }
    const accepts = /\bgzip\b/.test(req.headers["accept-encoding"] || "");
    const { headers, body } = headersFor(found.file, fs.readFileSync(found.file), gzip && accepts);
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  // Belt and braces: no host name resolves, so nothing can leave loopback.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

/**
 * Debian's Chromium with a fresh profile. Every request that is not to
 * 127.0.0.1 is aborted and recorded in `browser.offsite` (and fails the page
 * that made it): nothing leaves the machine. With { javaScriptEnabled: false }
 * pages run no script, as for a reader who turned it off.
 */
export async function launch({ viewport = { width: 1280, height: 800 }, javaScriptEnabled = true } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (tests/browser/run.sh does)`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "enablekit-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    javaScriptEnabled,
  });
  const offsite = [];
  await context.route(
    // Local files (an unzipped offline copy) are not the network.
    (url) => url.protocol !== "file:" && url.hostname !== "127.0.0.1",
    async (route) => {
      offsite.push(route.request().url());
      await route.abort("blockedbyclient");
    },
  );
  return {
    context,
    offsite,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The 404.html a host would answer a missing path of a portal version with. */
function notFoundPage(out, urlPath) {
  const m = urlPath.match(/^\/(internal|partners\/[^/]+)\/([^/]+)\//);
  if (!m) return null;
  const file = path.join(out, m[1], m[2], "404.html");
  return fs.existsSync(file) ? file : null;
}

/**
 * Records everything a clean page must not produce: console errors and
 * warnings, uncaught exceptions, failed requests, HTTP errors and CSP
 * violations (reported by the page itself). `problems()` lists them.
 */
export async function watch(page, { allowStatus = () => false, allowConsole = () => false } = {}) {
  const found = [];
  let pending = 0;
  let lastActivity = Date.now();
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  page.on("console", (msg) => {
    const type = msg.type();
    if (type === "error" || type === "warning" || type === "assert") {
      const loc = msg.location();
      if (allowConsole(msg.text(), loc && loc.url)) return;
      found.push(`console.${type}: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`);
    }
  });
  page.on("pageerror", (err) => found.push(`uncaught: ${err.message}`));
  page.on("request", () => {
    pending++;
    lastActivity = Date.now();
  });
  const done = () => {
    pending = Math.max(0, pending - 1);
    lastActivity = Date.now();
  };
  page.on("requestfinished", done);
  page.on("requestfailed", (req) => {
    done();
    found.push(`request failed: ${req.url()} (${req.failure() && req.failure().errorText})`);
  });
  page.on("response", (res) => {
    const status = res.status();
    if (status >= 400 && !allowStatus(res)) found.push(`HTTP ${status}: ${res.url()}`);
  });
  return {
    problems: () => found.slice(),
    /** Forgets what was recorded so far (to reuse the page for another URL). */
    reset: () => {
      found.length = 0;
    },
    /** Waits until no request has been in flight for `quiet` ms. */
    settle: async (quiet = 150, max = 10000) => {
      const start = Date.now();
      while (Date.now() - start < max) {
        if (pending === 0 && Date.now() - lastActivity >= quiet) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`page did not settle within ${max} ms (${pending} requests pending)`);
    },
  };
}

/**
 * Opens `url` in a new page of `browser` (from `launch` or `useKit`) at
 * `viewport`, watched, and waits for it to settle; the page's waits and
 * actions time out after 15 s. Returns { page, watcher, response }.
 */
export async function openPage(browser, url, viewport = { width: 1280, height: 900 }) {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15000);
  await page.setViewportSize(viewport);
  const watcher = await watch(page);
  const response = await page.goto(url);
  await watcher.settle();
  return { page, watcher, response };
}

/** The URL path of an output file below `out` ("…/index.html" -> "…/"). */
export function urlPathOf(out, file) {
  const rel = path.relative(out, file).split(path.sep).join("/");
  return "/" + rel.replace(/(^|\/)index\.html$/, "$1");
}

export function ensureArtifacts() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/**
 * Extracts a zip archive (stored or deflated entries, as the offline copies
 * are written) into `dest`. Returns the extracted file paths.
 */
export function unzip(file, dest) {
  const buf = fs.readFileSync(file);
  // End of central directory: the last "PK\x05\x06" record.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const written = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLen);
    at += 46 + nameLen + extraLen + commentLen;
    const target = path.join(dest, name);
    if (!target.startsWith(path.resolve(dest) + path.sep)) throw new Error(`${file}: unsafe path ${name}`);
    if (name.endsWith("/")) continue;
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    const data = method === 0 ? raw : method === 8 ? zlib.inflateRawSync(raw) : null;
    if (!data) throw new Error(`${file}: ${name} uses compression method ${method}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, data);
    written.push(target);
  }
  return written;
}
