// "Since your last visit": the browser keeps (localStorage only) the newest
// version a reader saw of a portal; visiting a newer one lists the pages that
// changed in between, once. Each test starts a browser with a fresh profile,
// so no test sees another's localStorage.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { useKit, launch, watch, V11_WORD } from "../lib.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const env = useKit();

const SLUG = "sunbeam-advisory";
const PORTAL = `/partners/${SLUG}/`;
const KEY = `enablekit:last-seen:${PORTAL}`;
const PAGE = "objections/too-expensive/";

/** A browser with a profile of its own (empty localStorage), closed after the test. */
async function freshBrowser(t) {
  const browser = await launch();
  t.after(() => browser.close());
  return browser;
}

async function open(browser, url, viewport) {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(10000);
  if (viewport) await page.setViewportSize(viewport);
  const watcher = await watch(page);
  await visit(page, watcher, url);
  return { page, watcher };
}

/** Loads `url` and waits for the switcher: by then the notice is decided
 * (it needs no more than versions.json unless it shows). */
async function visit(page, watcher, url) {
  await page.goto(url);
  await page.waitForSelector(".version-switcher:not([data-pending])");
  await watcher.settle();
}

const lastSeen = (page, key = KEY) => page.evaluate((k) => JSON.parse(localStorage.getItem(k)), key);
const noticeCount = (page) => page.locator(".since-visit").count();

function manifest(version, slug = SLUG) {
  return JSON.parse(fs.readFileSync(path.join(env.kit.out, "partners", slug, version, "manifest.json"), "utf8"));
}

/** The notice as the reader sees it: heading, summary, list entries. */
async function readNotice(page) {
  const notice = page.locator(".since-visit");
  await notice.waitFor({ state: "visible" });
  return notice.evaluate((s) => ({
    label: document.getElementById(s.getAttribute("aria-labelledby"))?.textContent,
    tag: s.tagName,
    summary: s.querySelector(".since-visit__summary").textContent,
    items: Array.from(s.querySelectorAll(".since-visit__list li")).map((li) => ({
      text: li.textContent,
      href: li.querySelector("a")?.href ?? null,
    })),
    more: s.querySelector(".since-visit__more a").href,
    first: s.parentNode.firstElementChild === s && s.closest("main") !== null,
  }));
}

test("a first visit shows nothing and records the version silently", async (t) => {
  const browser = await freshBrowser(t);
  const { page, watcher } = await open(browser, env.server.url + PORTAL + "latest/");
  assert.equal(await noticeCount(page), 0);
  assert.equal(await lastSeen(page), "1.1.0", "latest/ is recorded as its version, not as 'latest'");
  assert.deepEqual(watcher.problems(), []);
});

test("1.0.0 then latest: the notice lists exactly the changed page, linked, titled from the manifest", async (t) => {
  const browser = await freshBrowser(t);
  const { page, watcher } = await open(browser, env.server.url + PORTAL + "1.0.0/");
  assert.equal(await noticeCount(page), 0, "first visit");
  assert.equal(await lastSeen(page), "1.0.0");

  // What changed, from the published manifests (by key and hash).
  const before = new Map(manifest("1.0.0").pages.map((p) => [p.key, p.hash]));
  const changed = manifest("1.1.0").pages.filter((p) => before.get(p.key) !== p.hash);
  assert.deepEqual(changed.map((p) => p.url), [PAGE], "lib.mjs edits one page");

  await visit(page, watcher, env.server.url + PORTAL + "latest/");
  const notice = await readNotice(page);
  assert.deepEqual(notice, {
    label: "Since your last visit",
    tag: "SECTION",
    summary: "1 page changed since version 1.0.0.",
    items: [{ text: `${changed[0].title} (updated)`, href: env.server.url + PORTAL + "latest/" + PAGE }],
    more: env.server.url + PORTAL + "latest/whats-new/?since=1.0.0",
    first: true,
  });
  assert.equal(await lastSeen(page), "1.1.0", "recorded once shown");

  await page.locator(".since-visit__list a").click();
  await page.waitForURL(env.server.url + PORTAL + "latest/" + PAGE);
  await page.waitForSelector(".version-switcher:not([data-pending])");
  await watcher.settle();
  assert.ok((await page.textContent("main")).includes(V11_WORD), "the link opens the changed page");
  assert.equal(await noticeCount(page), 0, "shown once");
  assert.deepEqual(watcher.problems(), []);
  assert.deepEqual(browser.offsite, []);
});

test("a second visit to latest shows nothing", async (t) => {
  const browser = await freshBrowser(t);
  const { page, watcher } = await open(browser, env.server.url + PORTAL + "1.0.0/" + PAGE);
  await visit(page, watcher, env.server.url + PORTAL + "latest/" + PAGE);
  await page.locator(".since-visit").waitFor();
  for (const rel of [PAGE, "", "objections/"]) {
    await visit(page, watcher, env.server.url + PORTAL + "latest/" + rel);
    assert.equal(await noticeCount(page), 0, rel);
  }
  // 1.1.0/ is the same version as latest/.
  await visit(page, watcher, env.server.url + PORTAL + "1.1.0/");
  assert.equal(await noticeCount(page), 0);
  assert.deepEqual(watcher.problems(), []);
});

test("the dismiss button removes the notice and hands focus to main", async (t) => {
  const browser = await freshBrowser(t);
  const { page, watcher } = await open(browser, env.server.url + PORTAL + "1.0.0/");
  await visit(page, watcher, env.server.url + PORTAL + "latest/");
  const dismiss = page.getByRole("button", { name: "Dismiss" });
  await dismiss.focus();
  await page.keyboard.press("Enter");
  await page.locator(".since-visit").waitFor({ state: "detached" });
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  assert.equal(await lastSeen(page), "1.1.0");
  await visit(page, watcher, env.server.url + PORTAL + "latest/");
  assert.equal(await noticeCount(page), 0, "not back after a reload");
  assert.deepEqual(watcher.problems(), []);
});

test("visiting 1.0.0 after 1.1.0 shows nothing and keeps 1.1.0 as seen", async (t) => {
  const browser = await freshBrowser(t);
  const { page, watcher } = await open(browser, env.server.url + PORTAL + "latest/");
  for (const rel of ["", PAGE]) {
    await visit(page, watcher, env.server.url + PORTAL + "1.0.0/" + rel);
    await page.locator(".version-banner").waitFor({ state: "visible" });
    assert.equal(await noticeCount(page), 0, rel);
    assert.equal(await lastSeen(page), "1.1.0", `not lowered by 1.0.0/${rel}`);
  }
  await visit(page, watcher, env.server.url + PORTAL + "latest/");
  assert.equal(await noticeCount(page), 0, "nothing new since 1.1.0");
  assert.deepEqual(watcher.problems(), []);
});

test("the mark is per portal", async (t) => {
  const browser = await freshBrowser(t);
  const { page, watcher } = await open(browser, env.server.url + PORTAL + "1.0.0/");
  await visit(page, watcher, env.server.url + "/partners/atlas-cloud-group/latest/");
  assert.equal(await noticeCount(page), 0, "a first visit of another portal");
  assert.equal(await lastSeen(page, "enablekit:last-seen:/partners/atlas-cloud-group/"), "1.1.0");
  assert.equal(await lastSeen(page), "1.0.0", "sunbeam's mark is untouched");
  assert.deepEqual(watcher.problems(), []);
});

test("added pages are linked as new, removed ones named without a link", async (t) => {
  const browser = await freshBrowser(t);
  // A 1.0.0 that lacked one of today's pages and had one since retired.
  const old = manifest("1.0.0");
  const dropped = old.pages.find((p) => p.url !== PAGE);
  old.pages = old.pages.filter((p) => p !== dropped);
  old.pages.push({ ...dropped, key: "objections/retired", title: "A retired handler", url: "objections/retired/" });
  await browser.context.route(env.server.url + PORTAL + "1.0.0/manifest.json", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify(old) }),
  );
  const { page, watcher } = await open(browser, env.server.url + PORTAL + "1.0.0/");
  await visit(page, watcher, env.server.url + PORTAL + "latest/");
  const notice = await readNotice(page);
  assert.equal(notice.summary, "3 pages changed since version 1.0.0.");
  const latest = env.server.url + PORTAL + "latest/";
  const updated = manifest("1.1.0").pages.find((p) => p.url === PAGE);
  assert.deepEqual(notice.items, [
    { text: `${dropped.title} (new)`, href: latest + dropped.url },
    { text: `${updated.title} (updated)`, href: latest + PAGE },
    { text: "A retired handler (removed)", href: null },
  ]);
  assert.deepEqual(watcher.problems(), []);
});

test("from disk (file://) there is no notice and nothing is recorded", async (t) => {
  const browser = await freshBrowser(t);
  const page = await browser.context.newPage();
  page.setDefaultTimeout(10000);
  const watcher = await watch(page);
  for (const version of ["1.0.0", "latest"]) {
    await page.goto(pathToFileURL(path.join(env.kit.out, "partners", SLUG, version, "index.html")).href);
    await watcher.settle();
    assert.equal(await noticeCount(page), 0, version);
  }
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.deepEqual(watcher.problems(), []);
});

test("the notice passes axe and fits a 375 px screen", async (t) => {
  const browser = await freshBrowser(t);
  for (const slug of [SLUG, "atlas-cloud-group"]) {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 812 }]) {
      const url = `${env.server.url}/partners/${slug}/latest/${PAGE}`;
      const { page, watcher } = await open(browser, url, viewport);
      // Pretend the last visit was 1.0.0 (visiting it now would not lower the mark).
      await page.evaluate((k) => localStorage.setItem(k, JSON.stringify("1.0.0")), `enablekit:last-seen:/partners/${slug}/`);
      await visit(page, watcher, url);
      await readNotice(page);
      // Evaluated through the DevTools protocol, so the page's CSP allows it.
      await page.evaluate(AXE_SOURCE);
      const violations = await page.evaluate(() =>
        window.axe.run({ include: [".since-visit"] }, { resultTypes: ["violations"] }).then((r) =>
          r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
        ),
      );
      const label = `${slug} at ${viewport.width} px`;
      assert.deepEqual(violations, [], label);
      const fits = await page.evaluate(() => {
        const box = document.querySelector(".since-visit").getBoundingClientRect();
        return box.left >= 0 && box.right <= document.documentElement.clientWidth &&
          document.documentElement.scrollWidth <= document.documentElement.clientWidth;
      });
      assert.ok(fits, `${label}: the notice overflows`);
      assert.deepEqual(watcher.problems(), [], label);
      await page.close();
    }
  }
});
