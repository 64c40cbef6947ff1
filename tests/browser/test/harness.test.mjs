// The suite's own tools: the static server answers like a real host, and the
// page watcher really catches console errors, CSP violations, failed
// requests and off-machine requests (so a clean crawl means something).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve, launch, watch, CSP, EMAIL_CSP } from "../lib.mjs";

let dir, server, browser;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "enablekit-harness-"));
  fs.mkdirSync(path.join(dir, "folder"));
  fs.writeFileSync(path.join(dir, "folder", "index.html"), "<!DOCTYPE html><title>folder</title><p>folder index");
  fs.writeFileSync(path.join(dir, "ok.js"), "window.ok = true;");
  fs.writeFileSync(path.join(dir, "data.json"), "{}");
  fs.writeFileSync(path.join(dir, "style.css"), "p{}");
  fs.writeFileSync(path.join(dir, "logo.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const page = (body) => `<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>${body}</body></html>`;
  fs.writeFileSync(path.join(dir, "clean.html"), page('<script src="ok.js"></script><p>fine</p>'));
  fs.writeFileSync(path.join(dir, "console.html"), page('<script src="noisy.js"></script>'));
  fs.writeFileSync(path.join(dir, "noisy.js"), 'console.error("boom"); console.warn("careful");');
  fs.writeFileSync(path.join(dir, "inline.html"), page("<script>window.x = 1;</script>"));
  fs.writeFileSync(path.join(dir, "folder", "email.html"), page('<p style="color:red">an e-mail copy</p>'));
  fs.mkdirSync(path.join(dir, "scripted"));
  fs.writeFileSync(path.join(dir, "scripted", "email.html"), page('<script src="../ok.js"></script>'));
  fs.writeFileSync(path.join(dir, "style-attr.html"), page('<p style="color:red">styled</p>'));
  fs.writeFileSync(path.join(dir, "missing.html"), page('<img src="nope.png" alt="">'));
  fs.writeFileSync(path.join(dir, "throws.html"), page('<script src="throws.js"></script>'));
  fs.writeFileSync(path.join(dir, "throws.js"), "null.x;");
  fs.writeFileSync(path.join(dir, "offsite.html"), page('<img src="https://example.invalid/pixel.png" alt="">'));
  server = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the static server: content types, folder index, redirects, 404, CSP on HTML, no escape", async () => {
  const get = (p, opts) => fetch(server.url + p, { redirect: "manual", ...opts });
  let r = await get("/folder/");
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(r.headers.get("content-security-policy"), CSP);
  assert.match(await r.text(), /folder index/);
  // A brief's e-mail copy gets the hosting config's policy for it.
  r = await get("/folder/email.html");
  assert.equal(r.headers.get("content-security-policy"), EMAIL_CSP);
  r = await get("/folder?x=1");
  assert.equal(r.status, 301);
  assert.equal(r.headers.get("location"), "/folder/?x=1");
  for (const [file, type] of [
    ["ok.js", "text/javascript; charset=utf-8"],
    ["data.json", "application/json; charset=utf-8"],
    ["style.css", "text/css; charset=utf-8"],
    ["logo.svg", "image/svg+xml"],
  ]) {
    r = await get("/" + file);
    assert.equal(r.status, 200, file);
    assert.equal(r.headers.get("content-type"), type, file);
    assert.equal(r.headers.get("content-security-policy"), null, file);
  }
  assert.equal((await get("/nope")).status, 404);
  assert.equal((await get("/..%2f..%2fetc/passwd")).status, 404);
  assert.equal((await get("/ok.js", { method: "POST" })).status, 405);
});

async function problemsOf(file) {
  const page = await browser.context.newPage();
  const watcher = await watch(page);
  await page.goto(`${server.url}/${file}`);
  await watcher.settle();
  await page.close();
  return watcher.problems();
}

test("a clean page has no problems", async () => {
  assert.deepEqual(await problemsOf("clean.html"), []);
});

test("console errors and warnings are caught", async () => {
  const problems = await problemsOf("console.html");
  assert.ok(problems.some((p) => p.startsWith("console.error: boom")), problems.join("\n"));
  assert.ok(problems.some((p) => p.startsWith("console.warning: careful")), problems.join("\n"));
});

test("CSP violations are caught (inline script, style attribute)", async () => {
  for (const file of ["inline.html", "style-attr.html"]) {
    const problems = await problemsOf(file);
    assert.ok(problems.some((p) => /CSP violation|Content Security Policy/.test(p)), `${file}: ${problems.join("\n")}`);
  }
  // The e-mail policy allows the style attributes an e-mail copy is made of,
  // and no script, not even a same-origin one.
  assert.deepEqual(await problemsOf("folder/email.html"), []);
  const scripted = await problemsOf("scripted/email.html");
  assert.ok(scripted.some((p) => /CSP violation|Content Security Policy/.test(p)), scripted.join("\n"));
});

test("missing resources and uncaught exceptions are caught", async () => {
  assert.ok((await problemsOf("missing.html")).some((p) => p.startsWith("HTTP 404")));
  assert.ok((await problemsOf("throws.html")).some((p) => p.startsWith("uncaught:")));
});

test("requests that would leave the machine are blocked and recorded", async () => {
  // Stopped by the page's CSP first...
  const problems = await problemsOf("offsite.html");
  assert.ok(problems.some((p) => p.startsWith("request failed: https://example.invalid/") || /CSP/.test(p)), problems.join("\n"));
  // ...and by the browser-wide route when there is no CSP in the way.
  const page = await browser.context.newPage();
  await assert.rejects(page.goto("https://example.invalid/pixel.png"), /ERR_BLOCKED_BY_CLIENT/);
  await page.close();
  assert.deepEqual(browser.offsite, ["https://example.invalid/pixel.png"]);
  browser.offsite.length = 0;
});
