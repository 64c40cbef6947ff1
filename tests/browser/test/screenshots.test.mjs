// Screenshots of partner home pages at desktop and phone widths (saved to
// tests/artifacts/ for a person to look at), the first-load bytes of a
// partner home page measured by the browser, and the search index sizes.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { useKit, walk, watch, ensureArtifacts } from "../lib.mjs";

const PARTNERS = ["sunbeam-advisory", "atlas-cloud-group"];
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
];
// Budgets for the first load of a partner home page (bytes on the wire).
const BUDGET = { gzip: 60 * 1024, identity: 200 * 1024 };

const env = useKit({ gzip: true });
const artifacts = ensureArtifacts();

for (const slug of PARTNERS) {
  for (const { width, height } of WIDTHS) {
    test(`screenshot: ${slug} home at ${width}px`, async (t) => {
      const page = await env.browser.context.newPage();
      await page.setViewportSize({ width, height });
      const watcher = await watch(page);
      await page.goto(`${env.server.url}/partners/${slug}/latest/`);
      await page.waitForSelector(".version-switcher:not([data-pending])");
      await watcher.settle();
      await page.evaluate(() => document.fonts.ready);
      // Nothing may stick out sideways (a phone would scroll the whole page).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the ${width}px window`);
      // The partner's logo loaded.
      assert.ok(await page.$eval(".brand__logo", (img) => img.complete && img.naturalWidth > 0), "logo did not load");
      const full = path.join(artifacts, `${slug}-home-${width}.png`);
      const fold = path.join(artifacts, `${slug}-home-${width}-fold.png`);
      await page.screenshot({ path: full, fullPage: true });
      await page.screenshot({ path: fold });
      for (const file of [full, fold]) {
        const png = fs.readFileSync(file);
        assert.equal(png.readUInt32BE(16), width, `${file} width`);
        assert.ok(png.length > 10000, `${file} looks empty`);
      }
      t.diagnostic(`saved ${path.relative(process.cwd(), full)} and ${path.basename(fold)}`);
      assert.deepEqual(watcher.problems(), []);
      await page.close();
    });
  }
}

/** The bytes a fresh browser transfers to show `url`, by kind. */
async function firstLoad(url) {
  const page = await env.browser.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const watcher = await watch(page);
  await page.goto(url);
  await page.waitForSelector(".version-switcher:not([data-pending])");
  await watcher.settle(300);
  const entries = await page.evaluate(() =>
    [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map((e) => ({
      name: e.name,
      type: e.initiatorType,
      transfer: e.transferSize,
      encoded: e.encodedBodySize,
      decoded: e.decodedBodySize,
    })),
  );
  assert.deepEqual(watcher.problems(), []);
  await page.close();
  const kindOf = (e) => {
    const ext = path.extname(new URL(e.name).pathname);
    if (e.type === "navigation" || ext === "" || ext === ".html") return "html";
    if (ext === ".css") return "css";
    if (ext === ".js") return "js";
    if (ext === ".json") return "json";
    return "other";
  };
  const sums = {};
  for (const e of entries) {
    const k = kindOf(e);
    sums[k] ??= { files: 0, transfer: 0, encoded: 0, decoded: 0 };
    sums[k].files++;
    sums[k].transfer += e.transfer;
    sums[k].encoded += e.encoded;
    sums[k].decoded += e.decoded;
  }
  const core = ["html", "css", "js"].reduce((n, k) => n + (sums[k]?.transfer ?? 0), 0);
  return { entries, sums, core };
}

test("first-load bytes of a partner home page, and the search index sizes", async (t) => {
  const report = { partnerHome: {}, searchIndex: {} };
  for (const [label, srv] of [["identity", env.server], ["gzip", env.gzipServer]]) {
    const r = await firstLoad(`${srv.url}/partners/sunbeam-advisory/latest/`);
    report.partnerHome[label] = { htmlCssJsTransferred: r.core, byKind: r.sums, files: r.entries };
    t.diagnostic(
      `sunbeam-advisory home, first load (${label}): HTML+CSS+JS ${r.core} B transferred; ` +
        Object.entries(r.sums).map(([k, v]) => `${k} ${v.files} file(s) ${v.transfer} B`).join(", "),
    );
    assert.ok(r.sums.html && r.sums.css && r.sums.js, "HTML, CSS and JS all measured");
    assert.ok(r.core > 0, "performance entries report transfer sizes");
    assert.ok(r.core <= BUDGET[label], `first load ${r.core} B is over the ${BUDGET[label]} B budget (${label})`);
    // No search index on the home page: it loads only on the search page.
    assert.ok(!r.entries.some((e) => e.name.endsWith("search-index.js")), "home page must not fetch the search index");
  }
  for (const portal of env.kit.portals) {
    const latest = path.join(portal.dir, "latest");
    const files = [path.join(latest, "search-index.js"), ...walk(path.join(latest, "search-index"))];
    const raw = Buffer.concat(files.map((f) => fs.readFileSync(f)));
    report.searchIndex[portal.slug] = { files: files.length, bytes: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length };
    t.diagnostic(`search index ${portal.slug}: ${files.length} files, ${raw.length} B (${report.searchIndex[portal.slug].gzip} B gzip)`);
  }
  fs.writeFileSync(path.join(artifacts, "first-load.json"), JSON.stringify(report, null, 2) + "\n");
});
