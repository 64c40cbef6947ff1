// Search on a portal of 20 000 pages: the browser fetches the small entry
// and the few chunks a query needs, never the whole index (tens of MB).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { REPO, run, useOwnKit, walk, watch } from "../lib.mjs";

const PAGES = 20000;
const env = useOwnKit("enablekit-search-scale-", (tmp) => {
  const kit = path.join(tmp, "kit");
  run("python3", [path.join(REPO, "bench", "gen_corpus.py"), "--format", "kit", "--pages", String(PAGES), "--partners", "0", "--out", kit]);
  fs.appendFileSync(path.join(kit, "kit.yaml"), "offline_zip: false\n");
  return kit;
});

/** The entry's data, as the page's script sees it. */
function entry() {
  const text = fs.readFileSync(path.join(env.out, "internal", "latest", "search-index.js"), "utf8");
  return JSON.parse(text.slice(text.indexOf("=") + 1).trim().replace(/;$/, ""));
}

test("a query on 20 000 pages fetches a few small chunks, not the index", async (t) => {
  const latest = path.join(env.out, "internal", "latest");
  const onDisk = walk(path.join(latest, "search-index")).reduce((n, f) => n + fs.statSync(f).size, 0);
  assert.ok(onDisk > 10 << 20, `the whole index is ${onDisk} B`);
  const data = entry();
  assert.equal(data.n, PAGES);
  // Words that open a chunk, from the start, middle and end of the list.
  const queries = [5, data.words.length >> 1, data.words.length - 2].map((i) => data.words[i][0]);
  const page = await env.browser.context.newPage();
  const watcher = await watch(page);
  const fetched = [];
  page.on("response", async (res) => {
    if (res.url().includes("/search-index")) fetched.push({ url: res.url(), bytes: (await res.body()).length });
  });
  try {
    for (const q of queries) {
      fetched.length = 0;
      await page.goto(`${env.server.url}/internal/latest/search/?q=${encodeURIComponent(q)}`);
      await page.waitForSelector("#search-results > li", { timeout: 20000 });
      const status = await page.textContent("#search-status");
      assert.match(status, /pages? match/);
      const bytes = fetched.reduce((n, f) => n + f.bytes, 0);
      t.diagnostic(`"${q}": ${status.trim()} after ${fetched.length} files, ${bytes} B of ${onDisk} B`);
      assert.ok(bytes < 1 << 20, `"${q}" fetched ${bytes} B`);
      assert.ok(fetched.length <= 60, `"${q}" fetched ${fetched.length} files`);
      const first = await page.$eval("#search-results a", (a) => a.href);
      const res = await page.request.get(first);
      assert.equal(res.status(), 200, first);
    }
    await watcher.settle();
    assert.deepEqual(watcher.problems(), []);
  } finally {
    await page.close();
  }
});
