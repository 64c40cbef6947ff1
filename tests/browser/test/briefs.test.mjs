// The monthly partner brief (issue 19) in a real browser:
// - each portal's November brief shows exactly the sections its reader may
//   see (## sections gated by tier or partner type in the front matter), its
//   table of contents lists only those, and a gated section a reader may not
//   see is not in the page at all;
// - the archive (briefs/) lists every brief, newest first, each with its date;
// - the e-mail copy beside a partner's brief (email.html) asks for nothing
//   (no style sheet, script, font or image), links only, absolutely, to pages
//   of the partner's own portal, and carries its styles inline; email.txt is
//   plain text with footnoted absolute links; neither holds a section its
//   partner may not see; the staff portal has no e-mail copies;
// - screenshots of Atlas's e-mail copy (700 px) and brief page (1280 px).
// axe-core audits the briefs and the archive in a11y.test.mjs; console.test
// loads every e-mail copy under the policy the hosting config gives it.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { REPO, ensureArtifacts, openPage, useKit, walk, watch } from "../lib.mjs";

const env = useKit();
const artifacts = ensureArtifacts();

const KIT_YAML = fs.readFileSync(path.join(REPO, "kit.yaml"), "utf8");
const BASE_URL = KIT_YAML.match(/^base_url: (\S+)$/m)[1].replace(/\/$/, "");
const BRIEFS_DIR = path.join(REPO, "content", "briefs");

/** What a reader sees of `markdown`: link text, no emphasis or list marks, one space between words. */
const plain = (markdown) =>
  markdown
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`]/g, "")
    .replace(/\s+/g, " ")
    .trim();
const squash = (text) => text.replace(/\s+/g, " ");

/**
 * A brief of the example kit as its markdown has it: title, date, the names
 * of its gated sections (front matter `sections:`), and each ## section's
 * title with its first five words.
 */
function readBrief(file) {
  const source = fs.readFileSync(path.join(BRIEFS_DIR, file), "utf8");
  const [, front, body] = source.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/);
  const gatedBlock = front.match(/^sections:\n((?: {2}.*(?:\n|$))*)/m)?.[1] ?? "";
  const gated = gatedBlock.split("\n").filter(Boolean).map((line) => line.trim().replace(/:\s*\{.*$/, ""));
  const sections = body
    .split(/^## /m)
    .slice(1)
    .map((chunk) => {
      const [title, ...rest] = chunk.split("\n");
      return { title: title.trim(), phrase: plain(rest.join("\n")).split(" ").slice(0, 5).join(" ") };
    });
  return {
    title: front.match(/^title: "(.*)"$/m)[1],
    date: front.match(/^date: (\S+)$/m)[1],
    gated,
    sections,
  };
}

const NOVEMBER = readBrief("Partner brief November 2026.md");
const BRIEF_PATH = "briefs/partner-brief-november-2026/";
const ROADMAP = "Roadmap preview for platinum partners";
const INTEGRATION = "For integration partners";
// Which of the November brief's gated sections each portal's reader may see.
const SEES = {
  "atlas-cloud-group": [ROADMAP], // platinum, strategic
  "pipewise-labs": [INTEGRATION], // silver, integration
  "sunbeam-advisory": [], // silver, referral
  internal: [ROADMAP, INTEGRATION], // staff see every section
};
const PARTNERS = Object.keys(SEES).filter((slug) => slug !== "internal");

const visibleTo = (slug) => NOVEMBER.sections.filter((s) => !NOVEMBER.gated.includes(s.title) || SEES[slug].includes(s.title));
const hiddenFrom = (slug) => NOVEMBER.sections.filter((s) => NOVEMBER.gated.includes(s.title) && !SEES[slug].includes(s.title));
const gatedSeenBy = (slug) => NOVEMBER.sections.filter((s) => SEES[slug].includes(s.title));
const portalOf = (slug) => env.kit.portals.find((p) => p.slug === slug);
const briefUrl = (slug, file = "") => `${env.server.url}${portalOf(slug).prefix}latest/${BRIEF_PATH}${file}`;
const emailFile = (slug, ext) => path.join(portalOf(slug).dir, "latest", BRIEF_PATH, `email.${ext}`);

test("the example kit's November brief gates the two sections this file expects", () => {
  assert.deepEqual([...NOVEMBER.gated].sort(), [ROADMAP, INTEGRATION].sort());
  for (const title of NOVEMBER.gated) {
    assert.ok(NOVEMBER.sections.some((s) => s.title === title), `no ## ${title} in the brief`);
  }
  assert.ok(NOVEMBER.sections.length > NOVEMBER.gated.length, "the brief has ungated sections too");
});

/** Asserts `text` (whitespace squashed) holds the sections `slug` may see and none it may not. */
function assertGated(slug, text, where) {
  text = squash(text);
  for (const s of gatedSeenBy(slug)) assert.ok(text.includes(s.phrase), `${where}: "${s.phrase}" (${s.title}) is missing`);
  for (const s of hiddenFrom(slug)) {
    assert.ok(!text.includes(s.title), `${where}: names "${s.title}", which ${slug} may not see`);
    assert.ok(!text.includes(s.phrase), `${where}: has "${s.phrase}" of "${s.title}", which ${slug} may not see`);
  }
}

test("each portal's brief shows exactly the sections its reader may see; its table of contents lists only those", async () => {
  for (const slug of Object.keys(SEES)) {
    const { page, watcher, response } = await openPage(env.browser, briefUrl(slug));
    assert.equal(response.status(), 200, slug);
    const got = await page.$eval("#main", (main) => {
      // A heading's text without its "#" permalink.
      const text = (el) => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll(".anchor").forEach((a) => a.remove());
        return copy.textContent.replace(/\s+/g, " ").trim();
      };
      return {
        title: text(main.querySelector("h1")),
        sections: [...main.querySelectorAll(".item__body h2")].map((h) => ({ id: h.id, text: text(h) })),
        toc: [...main.querySelectorAll(".toc a")].map((a) => ({ href: a.getAttribute("href"), text: text(a) })),
        body: main.innerText,
      };
    });
    assert.equal(got.title, NOVEMBER.title, slug);
    assert.deepEqual(got.sections.map((s) => s.text), visibleTo(slug).map((s) => s.title), `${slug}: the sections shown`);
    const ids = got.sections.map((s) => s.id);
    assert.ok(ids.every(Boolean), `${slug}: a section heading has no id`);
    assert.equal(new Set(ids).size, ids.length, `${slug}: section ids repeat`);
    assert.deepEqual(got.toc, got.sections.map((s) => ({ href: `#${s.id}`, text: s.text })), `${slug}: the table of contents`);
    assertGated(slug, got.body, `${slug}'s brief page`);
    // Not hidden but absent: the gated text is nowhere in the HTML.
    assertGated(slug, await response.text(), `${slug}'s brief HTML`);
    assert.deepEqual(watcher.problems(), [], `console noise on ${slug}'s brief`);
    await page.close();
  }
});

test("the archive lists every brief, newest first, each with its date", async () => {
  const briefs = fs
    .readdirSync(BRIEFS_DIR)
    .filter((f) => f.endsWith(".md"))
    .map(readBrief)
    .sort((a, b) => b.date.localeCompare(a.date));
  assert.ok(briefs.length >= 2, "the example kit has two briefs");
  const longDate = (iso) =>
    new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  for (const slug of Object.keys(SEES)) {
    const { page, watcher } = await openPage(env.browser, `${env.server.url}${portalOf(slug).prefix}latest/briefs/`);
    const cards = await page.$$eval("#main .card", (cards) =>
      cards.map((card) => {
        const time = card.querySelector("time");
        return {
          title: card.querySelector(".card__title").textContent.trim(),
          href: new URL(card.querySelector("a").getAttribute("href"), location.href).pathname,
          datetime: time && time.getAttribute("datetime"),
          date: time && time.textContent.trim(),
        };
      }),
    );
    assert.deepEqual(
      cards.map(({ title, datetime, date }) => ({ title, datetime, date })),
      briefs.map((b) => ({ title: b.title, datetime: b.date, date: longDate(b.date) })),
      `${slug}: the archive`,
    );
    const november = cards.find((c) => c.title === NOVEMBER.title);
    assert.equal(november.href, `${portalOf(slug).prefix}latest/${BRIEF_PATH}`, `${slug}: the November card's link`);
    assert.deepEqual(watcher.problems(), [], `console noise on ${slug}'s archive`);
    await page.close();
  }
});

/** Asserts every link of `slug`'s e-mail copy is absolute, into its own portal's latest/, to a page that exists. */
function assertLinks(slug, hrefs, where) {
  const portal = portalOf(slug);
  const prefix = `${BASE_URL}${portal.prefix}latest/`;
  assert.ok(hrefs.length >= 3, `${where}: only ${hrefs.length} links`);
  for (const href of hrefs) {
    assert.ok(href && href.startsWith(prefix), `${where}: link ${href} is not below ${prefix}`);
    const rest = decodeURIComponent(new URL(href).pathname.slice(new URL(prefix).pathname.length));
    const file = path.join(portal.dir, "latest", rest, rest === "" || rest.endsWith("/") ? "index.html" : "");
    assert.ok(fs.existsSync(file), `${where}: ${href} leads to no page of ${slug}'s portal`);
  }
}

/** "#2d1b69" as getComputedStyle writes it. */
function rgb(hex) {
  const n = parseInt(hex.replace(/^#/, ""), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

test("atlas's e-mail copy asks for nothing, links absolutely into its own portal, and carries its styles inline", async (t) => {
  const slug = "atlas-cloud-group";
  const url = briefUrl(slug, "email.html");
  const page = await env.browser.context.newPage();
  page.setDefaultTimeout(15000);
  await page.setViewportSize({ width: 700, height: 900 });
  // The copy itself comes from disk with no policy in the way, so anything
  // it referred to (a style sheet, script, font, image) would really be asked
  // for: every request but the copy's own is recorded and refused.
  const requested = [];
  await page.route("**/*", async (route) => {
    if (route.request().url() === url) {
      await route.fulfill({ path: emailFile(slug, "html"), contentType: "text/html; charset=utf-8" });
    } else {
      requested.push(route.request().url());
      await route.abort("blockedbyclient");
    }
  });
  const watcher = await watch(page);
  await page.goto(url);
  await watcher.settle(300);
  const got = await page.evaluate(() => ({
    loaders: [...document.querySelectorAll("style, link, script")].map((e) => e.outerHTML.slice(0, 100)),
    sheets: document.styleSheets.length,
    // Less Chromium's own look for /favicon.ico (the copy names no icon): a
    // mail client asks for none.
    resources: performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((name) => new URL(name).pathname !== "/favicon.ico"),
    links: [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")),
    // An element with a class but no style attribute would depend on a style sheet.
    unstyled: [...document.querySelectorAll("[class]")].filter((e) => !e.getAttribute("style")).map((e) => `${e.localName}.${e.className}`),
    masthead: getComputedStyle(document.querySelector("td.masthead")).backgroundColor,
    mastheadText: getComputedStyle(document.querySelector("td.masthead h1")).color,
    button: getComputedStyle(document.querySelector("a.button")).backgroundColor,
    sheet: getComputedStyle(document.querySelector("table.sheet")).backgroundColor,
    sheetWidth: document.querySelector("table.sheet").getBoundingClientRect().width,
    sections: [...document.querySelectorAll("h2")].map((h) => h.textContent.trim()),
    text: document.body.innerText,
  }));
  assert.deepEqual(requested, [], "the e-mail copy asked for files");
  assert.deepEqual(got.resources, [], "the e-mail copy loaded files");
  assert.deepEqual(got.loaders, [], "<style>, <link> or <script> in the e-mail copy");
  assert.equal(got.sheets, 0, "style sheets in the e-mail copy");
  assertLinks(slug, got.links, `${slug} email.html`);
  assert.deepEqual(got.unstyled, [], "elements whose look depends on their class");
  const primary = fs.readFileSync(path.join(REPO, "partners", `${slug}.yaml`), "utf8").match(/^colors: \{primary: "(#[0-9a-fA-F]{6})"/m)[1];
  assert.equal(got.masthead, rgb(primary), "the masthead has the partner's brand colour");
  assert.equal(got.button, rgb(primary), "the button has the partner's brand colour");
  assert.equal(got.mastheadText, "rgb(255, 255, 255)", "light text on the dark brand colour");
  assert.equal(got.sheet, "rgb(255, 255, 255)", "the sheet is white");
  assert.ok(got.sheetWidth <= 600, `the sheet is ${got.sheetWidth}px wide (600 at most, for mail clients)`);
  assert.deepEqual(got.sections, visibleTo(slug).map((s) => s.title), "the sections of atlas's copy");
  assertGated(slug, got.text, `${slug} email.html`);

  // Saved for a person to look at; docs/screenshot-brief-email.png is a copy
  // of it, made by hand as docs/screenshot-partner-portal.png is of
  // screenshots.test.mjs's.
  const file = path.join(artifacts, "brief-email-atlas.png");
  await page.screenshot({ path: file, fullPage: true });
  const png = fs.readFileSync(file);
  assert.equal(png.readUInt32BE(16), 700, `${file} width`);
  assert.ok(png.length > 10000, `${file} looks empty`);
  t.diagnostic(`saved ${path.relative(process.cwd(), file)} (${png.length} B)`);
  assert.deepEqual(watcher.problems(), [], "console noise on the e-mail copy");
  assert.deepEqual(env.browser.offsite, [], "requests left loopback");
  await page.close();
});

test("a gated section is only in the e-mail copies (HTML and plain text) of partners who may see it", async () => {
  for (const slug of PARTNERS) {
    // Served as the host serves it, under the e-mail policy (lib.mjs EMAIL_CSP).
    const { page, watcher, response } = await openPage(env.browser, briefUrl(slug, "email.html"), { width: 700, height: 900 });
    assert.equal(response.status(), 200, slug);
    const got = await page.evaluate(() => ({
      links: [...document.querySelectorAll("a")].map((a) => a.getAttribute("href")),
      sections: [...document.querySelectorAll("h2")].map((h) => h.textContent.trim()),
      text: document.body.innerText,
    }));
    assert.deepEqual(got.sections, visibleTo(slug).map((s) => s.title), `${slug} email.html: its sections`);
    assertGated(slug, got.text, `${slug} email.html`);
    assertGated(slug, await response.text(), `${slug} email.html source`);
    assertLinks(slug, got.links, `${slug} email.html`);
    assert.deepEqual(watcher.problems(), [], `console noise on ${slug}'s e-mail copy`);
    await page.close();

    const txt = fs.readFileSync(emailFile(slug, "txt"), "utf8");
    const where = `${slug} email.txt`;
    assert.ok(txt.includes(NOVEMBER.title), `${where}: no title`);
    assert.doesNotMatch(txt, /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/i, `${where}: an HTML tag`);
    assert.doesNotMatch(txt, /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i, `${where}: an HTML entity`);
    assert.deepEqual([...txt.matchAll(/^## (.+)$/gm)].map((m) => m[1].trim()), visibleTo(slug).map((s) => s.title), `${where}: its sections`);
    assertGated(slug, txt, where);
    // Links as footnotes: [text][n] in the text, "[n]: URL" lines at the end,
    // the same links as the HTML copy, in the same order.
    const notes = [...txt.matchAll(/^\[(\d+)\]: (\S+)$/gm)];
    assert.deepEqual(notes.map((m) => Number(m[1])), notes.map((_, i) => i + 1), `${where}: footnotes numbered 1…n`);
    const cited = [...new Set([...txt.matchAll(/\]\[(\d+)\]/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
    assert.deepEqual(cited, notes.map((m) => Number(m[1])), `${where}: every footnote cited, every citation a footnote`);
    assert.deepEqual(notes.map((m) => m[2]), got.links, `${where}: the links of the HTML copy`);
    assertLinks(slug, notes.map((m) => m[2]), where);
  }
});

test("every partner's brief has both e-mail copies beside it; the staff portal has none", () => {
  for (const portal of env.kit.portals) {
    const pages = walk(portal.dir, (f) => /[\\/]briefs[\\/][^\\/]+[\\/]index\.html$/.test(f));
    assert.ok(pages.length >= 4, `${portal.slug}: only ${pages.length} brief pages (2 briefs x 2 versions)`);
    const copies = walk(portal.dir, (f) => /^email\./.test(path.basename(f)));
    if (portal.kind === "internal") {
      assert.deepEqual(copies, [], "e-mail copies in the staff portal");
      continue;
    }
    const expected = pages.flatMap((p) => ["email.html", "email.txt"].map((f) => path.join(path.dirname(p), f)));
    assert.deepEqual(copies, expected.sort(), `${portal.slug}: e-mail copies`);
  }
});

test("screenshot: atlas's brief page at 1280px", async (t) => {
  const { page, watcher } = await openPage(env.browser, briefUrl("atlas-cloud-group"), { width: 1280, height: 800 });
  await page.waitForSelector(".version-switcher:not([data-pending])");
  await page.evaluate(() => document.fonts.ready);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the window`);
  const file = path.join(artifacts, "brief-atlas-1280.png");
  await page.screenshot({ path: file, fullPage: true });
  const png = fs.readFileSync(file);
  assert.equal(png.readUInt32BE(16), 1280, `${file} width`);
  assert.ok(png.length > 10000, `${file} looks empty`);
  t.diagnostic(`saved ${path.relative(process.cwd(), file)}`);
  assert.deepEqual(watcher.problems(), []);
  await page.close();
});
