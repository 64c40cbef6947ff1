// Versions: the switcher lists both versions and the "newer version" banner
// on 1.0.0 links to the same page in 1.1.0.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { useKit, watch, V11_WORD } from "../lib.mjs";

const env = useKit();

const PORTAL = "/partners/sunbeam-advisory/";
const PAGE = "objections/too-expensive/";

async function open(url) {
  const page = await env.browser.context.newPage();
  const watcher = await watch(page);
  await page.goto(url);
  await watcher.settle();
  return { page, watcher };
}

async function switcher(page) {
  await page.waitForSelector(".version-switcher:not([data-pending]) select");
  return page.$$eval("#ek-version-select option", (os) => os.map((o) => ({ text: o.textContent, value: o.value, selected: o.selected })));
}

test("versions.json lists both versions, newest first", () => {
  for (const portal of env.kit.portals) {
    const versions = JSON.parse(fs.readFileSync(path.join(portal.dir, "versions.json"), "utf8"));
    assert.deepEqual(versions.map((v) => [v.version, v.latest === true]), [["1.1.0", true], ["1.0.0", false]], portal.slug);
  }
});

test("on a 1.0.0 page the switcher lists both versions and the banner links to the same page in 1.1.0", async () => {
  const { page, watcher } = await open(env.server.url + PORTAL + "1.0.0/" + PAGE);
  assert.deepEqual(await switcher(page), [
    { text: "1.1.0 (latest)", value: "1.1.0", selected: false },
    { text: "1.0.0", value: "1.0.0", selected: true },
  ]);
  const banner = page.locator(".version-banner");
  await banner.waitFor({ state: "visible" });
  assert.match(await banner.textContent(), /You are viewing version 1\.0\.0\. A newer version \(1\.1\.0\) exists\./);
  const link = banner.locator("a");
  assert.equal(await link.textContent(), "View this page in version 1.1.0");
  assert.equal(await link.getAttribute("href"), env.server.url + PORTAL + "1.1.0/" + PAGE);
  assert.ok(!(await page.textContent("main")).includes(V11_WORD), "1.0.0 predates the edit");

  await link.click();
  await page.waitForURL(env.server.url + PORTAL + "1.1.0/" + PAGE);
  await watcher.settle();
  assert.ok((await page.textContent("main")).includes(V11_WORD), "1.1.0 has the edit");
  assert.equal(await page.locator(".version-banner").isHidden(), true, "no banner on the latest version");
  assert.deepEqual((await switcher(page)).find((o) => o.selected).value, "1.1.0");
  assert.deepEqual(watcher.problems(), []);
  await page.close();
});

test("choosing a version in the switcher opens the same page there", async () => {
  const { page, watcher } = await open(env.server.url + PORTAL + "latest/" + PAGE);
  const options = await switcher(page);
  assert.deepEqual(options.map((o) => o.text), ["1.1.0 (latest)", "1.0.0"]);
  assert.equal(options.find((o) => o.selected).value, "1.1.0", "latest/ is 1.1.0");
  assert.equal(await page.locator(".version-banner").isHidden(), true);
  await page.selectOption("#ek-version-select", "1.0.0");
  await page.waitForURL(env.server.url + PORTAL + "1.0.0/" + PAGE);
  await watcher.settle();
  await page.locator(".version-banner").waitFor({ state: "visible" });
  assert.deepEqual(watcher.problems(), []);
  await page.close();
});

test("structural pages of 1.0.0 (home, lists) get the banner too", async () => {
  for (const rel of ["", "objections/", "start-here/", "search/"]) {
    const { page, watcher } = await open(env.server.url + PORTAL + "1.0.0/" + rel);
    const link = page.locator(".version-banner a");
    await link.waitFor({ state: "visible" });
    assert.equal(await link.getAttribute("href"), env.server.url + PORTAL + "1.1.0/" + rel, rel);
    assert.equal((await switcher(page)).length, 2);
    assert.deepEqual(watcher.problems(), []);
    await page.close();
  }
});

test("the portal root sends readers to latest/", async () => {
  const { page, watcher } = await open(env.server.url + PORTAL);
  await page.waitForURL(env.server.url + PORTAL + "latest/");
  await watcher.settle();
  assert.match(await page.textContent("h1"), /Welcome, Sunbeam Advisory/);
  assert.deepEqual(watcher.problems(), []);
  await page.close();
});
