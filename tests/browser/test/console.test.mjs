// Every page of every portal (and every brief's e-mail copy) loads without
// console errors or warnings, uncaught exceptions, failed requests, HTTP
// errors or CSP violations (the server sends a strict
// Content-Security-Policy), and requests nothing outside loopback.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useKit, watch, walk, urlPathOf } from "../lib.mjs";

const env = useKit();

/** Loads `url` (in `reuse` when given, else a fresh page) and returns what went wrong there. */
async function visit(url, options = {}, reuse = null) {
  const page = reuse ? reuse.page : await env.browser.context.newPage();
  const watcher = reuse ? reuse.watcher : await watch(page, options);
  watcher.reset();
  try {
    const response = await page.goto(url, { waitUntil: "load" });
    // Every page shows the version switcher once versions.json is read.
    if (!options.noSwitcher && (await page.locator(".version-switcher").count())) {
      await page.waitForSelector(".version-switcher:not([data-pending])", { timeout: 5000 });
    }
    await watcher.settle(100);
    return { status: response.status(), problems: watcher.problems() };
  } finally {
    if (!reuse) await page.close();
  }
}

// Both builds of every portal: latest/ (1.1.0) in full, and 1.0.0 too, where
// the "newer version" banner and its manifest look-ups run.
for (const version of ["latest", "1.0.0"]) {
  test(`every page of every portal's ${version}/ is clean`, async (t) => {
    let pages = 0;
    const failures = [];
    const page = await env.browser.context.newPage();
    const reuse = { page, watcher: await watch(page) };
    for (const portal of env.kit.portals) {
      const files = walk(path.join(portal.dir, version), (f) => path.basename(f) === "index.html");
      assert.ok(files.length >= 15, `${portal.slug} ${version}: only ${files.length} pages`);
      // The briefs' e-mail copies too, under the policy the hosting config
      // gives them (lib.mjs EMAIL_CSP: inline styles, no script, no style
      // sheet or font). briefs.test.mjs checks they load nothing at all.
      files.push(...walk(path.join(portal.dir, version), (f) => path.basename(f) === "email.html"));
      for (const file of files) {
        const url = env.server.url + urlPathOf(env.kit.out, file);
        const { status, problems } = await visit(url, {}, reuse);
        pages++;
        if (status !== 200) failures.push(`${url}: HTTP ${status}`);
        for (const p of problems) failures.push(`${url}: ${p}`);
      }
    }
    await page.close();
    t.diagnostic(`${pages} pages of ${env.kit.portals.length} portals loaded`);
    assert.deepEqual(failures, []);
    assert.deepEqual(env.browser.offsite, [], "requests left loopback");
  });
}

test("the 404 page, served by the host for a missing path, is clean too", async () => {
  // A missing path deep below a version: the page must still find its
  // styles and script (its links are root-relative) under the CSP.
  const failures = [];
  for (const portal of env.kit.portals) {
    const url = env.server.url + portal.prefix + "latest/no/such/page/";
    const { status, problems } = await visit(url, {
      allowStatus: (res) => res.url() === url && res.status() === 404,
      allowConsole: (text, loc) => loc === url && /status of 404/.test(text),
    });
    assert.equal(status, 404, url);
    failures.push(...problems.map((p) => `${url}: ${p}`));
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(env.browser.offsite, [], "requests left loopback");
});

test("the portal roots redirect to latest/ without noise", async () => {
  for (const portal of env.kit.portals) {
    const { problems } = await visit(env.server.url + portal.prefix, { noSwitcher: true });
    assert.deepEqual(problems, [], portal.slug);
  }
});
