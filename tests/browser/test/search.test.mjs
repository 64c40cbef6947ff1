// Search: finds an objection handler by a word only its body contains, is
// instant as you type, narrows by collection, and never finds gated items.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO, unzip, useKit, watch, walk } from "../lib.mjs";

// A word from the body of objections/too-expensive.md only.
const BODY_WORD = "salaries";
const HANDLER = { file: "content/objections/too-expensive.md", title: "You're too expensive", url: "objections/too-expensive/" };
// A word from content/one-pagers/roadmap-preview-2027.md only (tiers: [platinum]).
const GATED_WORD = "Kinesis";
const GATED = { file: "content/one-pagers/roadmap-preview-2027.md", title: "2027 roadmap preview", slug: "roadmap-preview-2027" };
// Portals that may see the roadmap preview (internal + platinum), and those that may not.
const SEES_GATED = ["internal", "atlas-cloud-group"];
const BLIND_TO_GATED = ["kestrel-consulting", "sunbeam-advisory", "pipewise-labs", "northwind-digital"];

const env = useKit();

function portalUrl(slug) {
  const p = env.kit.portals.find((x) => x.slug === slug);
  assert.ok(p, `no portal ${slug} in the output`);
  return env.server.url + p.prefix + "latest/";
}

/** Opens a page, runs `fn`, and fails on any console noise it caused. */
async function withPage(fn) {
  const page = await env.browser.context.newPage();
  const watcher = await watch(page);
  try {
    await fn(page, watcher);
    await watcher.settle();
    assert.deepEqual(watcher.problems(), [], "console errors or failed requests");
  } finally {
    await page.close();
  }
}

async function results(page) {
  return page.$$eval("#search-results > li", (lis) =>
    lis.map((li) => ({
      title: li.querySelector("a").textContent,
      href: li.querySelector("a").href,
      collection: li.querySelector(".search-results__collection")?.textContent ?? "",
    })),
  );
}

/** Every file of a portal version's search index, as one text. */
function indexText(versionDir) {
  const files = [path.join(versionDir, "search-index.js"), ...walk(path.join(versionDir, "search-index"))];
  assert.ok(files.length >= 3, `${versionDir}: an entry and chunks`);
  return files.map((f) => fs.readFileSync(f, "utf8")).join("\n");
}

/** Waits until the search script has rendered a status for the query. */
async function waitForStatus(page, q) {
  await page.waitForFunction(
    (q) => (document.getElementById("search-status")?.textContent || "").includes(q),
    q,
    { timeout: 10000 },
  );
  return page.textContent("#search-status");
}

test("the chosen words really are where the test says (and nowhere else)", () => {
  const content = walk(path.join(REPO, "content"), (f) => f.endsWith(".md"));
  const containing = (word) => content.filter((f) => fs.readFileSync(f, "utf8").toLowerCase().includes(word.toLowerCase()));
  assert.deepEqual(containing(BODY_WORD).map((f) => path.relative(REPO, f)), [HANDLER.file]);
  assert.deepEqual(containing(GATED_WORD).map((f) => path.relative(REPO, f)), [GATED.file]);
  // Body only: not in the front matter (title, summary, objection, short answer, tags).
  const front = fs.readFileSync(path.join(REPO, HANDLER.file), "utf8").split(/^---$/m)[1];
  assert.ok(!front.toLowerCase().includes(BODY_WORD), `${BODY_WORD} must appear only in the body`);
  const gatedFront = fs.readFileSync(path.join(REPO, GATED.file), "utf8").split(/^---$/m)[1];
  assert.match(gatedFront, /^tiers: \[platinum\]$/m, "the gated item must stay platinum-only");
});

for (const slug of ["internal", "atlas-cloud-group", "sunbeam-advisory", "kestrel-consulting"]) {
  test(`${slug}: ?q= finds the objection handler by a word from its body`, async () => {
    await withPage(async (page) => {
      await page.goto(portalUrl(slug) + `search/?q=${BODY_WORD}`);
      assert.equal(await page.inputValue("#search-input"), BODY_WORD);
      const status = await waitForStatus(page, BODY_WORD);
      assert.match(status, /^1 page matches/);
      const hits = await results(page);
      assert.equal(hits.length, 1);
      assert.equal(hits[0].title, HANDLER.title);
      assert.equal(hits[0].href, portalUrl(slug) + HANDLER.url);
      assert.equal(hits[0].collection, "Objection handling");
      // The result leads to the handler, and the word is on that page.
      await page.click("#search-results a");
      await page.waitForURL(portalUrl(slug) + HANDLER.url);
      assert.ok((await page.textContent("main")).includes(BODY_WORD));
    });
  });
}

test("typing into the header box and then into the search box finds results as you type", async () => {
  await withPage(async (page) => {
    const home = portalUrl("sunbeam-advisory");
    await page.goto(home);
    await page.fill("#header-search-input", BODY_WORD);
    await page.press("#header-search-input", "Enter");
    await page.waitForURL(home + `search/?q=${BODY_WORD}`);
    await waitForStatus(page, BODY_WORD);
    assert.deepEqual((await results(page)).map((h) => h.title), [HANDLER.title]);

    // Instant: no submit, results follow each keystroke.
    await page.fill("#search-input", "");
    await page.waitForFunction(() => document.querySelectorAll("#search-results > li").length === 0);
    assert.equal(await page.textContent("#search-status"), "");
    await page.locator("#search-input").pressSequentially("salar", { delay: 20 });
    await waitForStatus(page, "salar");
    assert.deepEqual((await results(page)).map((h) => h.title), [HANDLER.title]);
    assert.equal(page.url(), home + `search/?q=${BODY_WORD}`, "typing must not navigate");
  });
});

test("the query shows at once, and typing while the index loads is kept", async () => {
  await withPage(async (page) => {
    let release;
    const held = new Promise((r) => (release = r));
    await page.route("**/search-index.js", async (route) => {
      await held;
      await route.continue();
    });
    // The index is a script the page adds: "load" waits for it, the DOM does not.
    await page.goto(portalUrl("sunbeam-advisory") + `search/?q=${BODY_WORD}`, { waitUntil: "domcontentloaded" });
    await page.waitForFunction(() => document.querySelector("#search-input")?.value !== "");
    assert.equal(await page.inputValue("#search-input"), BODY_WORD, "?q= is in the box before the index arrives");
    await page.fill("#search-input", "security");
    release();
    await waitForStatus(page, "security");
    assert.equal(await page.inputValue("#search-input"), "security");
    assert.ok((await results(page)).length > 0);
  });
});

for (const slug of SEES_GATED) {
  test(`${slug}: the platinum-only roadmap is found by a word from its body`, async () => {
    await withPage(async (page) => {
      await page.goto(portalUrl(slug) + `search/?q=${GATED_WORD}`);
      await waitForStatus(page, GATED_WORD);
      const hits = await results(page);
      assert.ok(hits.length >= 1, "expected results");
      assert.ok(hits.some((h) => h.title === GATED.title), JSON.stringify(hits));
    });
  });
}

for (const slug of BLIND_TO_GATED) {
  test(`${slug}: search finds nothing gated, and the index holds none of it`, async () => {
    await withPage(async (page) => {
      await page.goto(portalUrl(slug) + `search/?q=${GATED_WORD}`);
      const status = await waitForStatus(page, GATED_WORD);
      assert.equal(status, `No pages match \u201c${GATED_WORD}\u201d.`);
      assert.deepEqual(await results(page), []);
      // Also a word from the gated item's title.
      await page.fill("#search-input", "roadmap preview 2027");
      await waitForStatus(page, "roadmap preview 2027");
      assert.ok(!(await results(page)).some((h) => h.title === GATED.title));
    });
    const index = indexText(path.join(env.kit.out, "partners", slug, "latest"));
    for (const needle of [GATED.slug, GATED.title, "kinesi", "graphql"]) {
      assert.ok(!index.toLowerCase().includes(needle.toLowerCase()), `${slug}'s search index leaks ${needle}`);
    }
  });
}

test("collection filters narrow the results", async () => {
  await withPage(async (page) => {
    const q = "security";
    await page.goto(portalUrl("sunbeam-advisory") + `search/?q=${q}`);
    await waitForStatus(page, q);
    const all = await results(page);
    const collections = new Set(all.map((h) => h.collection));
    assert.ok(collections.size >= 3, `"${q}" should match pages of several collections: ${[...collections]}`);

    // Leave only "Objection handling" ticked.
    const boxes = page.locator("input[name=c]");
    const count = await boxes.count();
    assert.ok(count >= 3, "one filter per collection");
    for (let i = 0; i < count; i++) {
      const box = boxes.nth(i);
      if ((await box.getAttribute("value")) !== "objections") await box.uncheck();
    }
    await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length < n, all.length);
    const narrowed = await results(page);
    assert.ok(narrowed.length > 0, "the objection handlers still match");
    assert.ok(narrowed.length < all.length);
    assert.deepEqual([...new Set(narrowed.map((h) => h.collection))], ["Objection handling"]);
    assert.deepEqual(
      narrowed.map((h) => h.title),
      all.filter((h) => h.collection === "Objection handling").map((h) => h.title),
    );
    assert.match(await page.textContent("#search-status"), new RegExp(`^${narrowed.length} pages? match`));

    // Nothing ticked: nothing shown; tick everything again: all back.
    await page.locator("input[name=c][value=objections]").uncheck();
    await page.waitForFunction(() => document.querySelectorAll("#search-results > li").length === 0);
    for (let i = 0; i < count; i++) await boxes.nth(i).check();
    await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length === n, all.length);
  });
});

test("search works in an offline copy opened from disk (file://), chunks and all", async () => {
  const dest = path.join(env.kit.tmp, "offline-search");
  unzip(path.join(env.kit.out, "partners", "atlas-cloud-group", "latest", "offline.zip"), dest);
  const [top] = fs.readdirSync(dest);
  const loaded = [];
  await withPage(async (page) => {
    page.on("request", (r) => loaded.push(r.url()));
    await page.goto(pathToFileURL(path.join(dest, top, "search", "index.html")).href + `?q=${BODY_WORD}`);
    await waitForStatus(page, BODY_WORD);
    const hits = await results(page);
    assert.ok(hits.some((h) => h.title === HANDLER.title), JSON.stringify(hits));
    const hit = hits.find((h) => h.title === HANDLER.title);
    assert.ok(hit.href.startsWith("file://") && hit.href.endsWith(`${HANDLER.url}index.html`), hit.href);
    // The result opens the page, from disk.
    await page.click(`#search-results a[href="${hit.href}"]`);
    await page.waitForURL(hit.href);
    assert.equal(await page.textContent("h1"), HANDLER.title);
    await page.goBack();
    await page.fill("#search-input", GATED_WORD);
    await waitForStatus(page, GATED_WORD);
    assert.ok((await results(page)).some((h) => h.title === GATED.title), "atlas is platinum");
  });
  assert.ok(loaded.some((u) => /\/search-index\/[0-9a-f]{16}\.js$/.test(u)), loaded.join("\n"));
  assert.ok(loaded.every((u) => u.startsWith("file://")), "nothing is fetched from the network");
});
