// The scorecard of each partner portal and the internal portfolio (issue 17)
// in a real browser:
// - every trend chart is an image named by its own <title>
//   (aria-labelledby) and described by its <desc> (aria-describedby), and
//   Chromium computes that name and description; each figure has a text
//   summary and a table of every period;
// - both pages read whole with JavaScript off (every figure, no buttons in
//   the table headings, a caption that promises no sorting);
// - with JavaScript the portfolio sorts by its column headings, says so with
//   aria-sort and keeps the arrow out of the buttons' names;
// - on phones the wide tables scroll in a focusable, named region;
// - printed, the portfolio drops the navigation and keeps the table (within
//   an A4 page) and the review lists;
// - a partner's scorecard names no other partner; no console noise anywhere.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { REPO, launch, openPage, useKit } from "../lib.mjs";

const env = useKit();
/** A second Chromium with JavaScript disabled. */
let noJs = null;
before(async () => {
  noJs = await launch({ javaScriptEnabled: false });
});
after(async () => {
  await noJs?.close();
});

// What the pages must show, read from the example kit itself.
const KIT_YAML = fs.readFileSync(path.join(REPO, "kit.yaml"), "utf8");
const METRICS = [...KIT_YAML.matchAll(/^\s+- \{key: (\w+), label: "([^"]+)"/gm)].map((m) => m[2]);
const TIERS = KIT_YAML.match(/^tiers: \[(.*)\]$/m)[1].split(",").map((s) => s.trim());
const PARTNERS = Object.fromEntries(
  fs
    .readdirSync(path.join(REPO, "partners"))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => [
      f.replace(/\.yaml$/, ""),
      fs.readFileSync(path.join(REPO, "partners", f), "utf8").match(/^name: "([^"]+)"$/m)[1],
    ]),
);
const CSV = fs.readFileSync(path.join(REPO, "data", "scorecard.csv"), "utf8").trim().split("\n");

/** The periods on record for `slug`, in the order of data/scorecard.csv. */
function periodsOf(slug) {
  const head = CSV[0].split(",");
  const [p, q] = [head.indexOf("partner"), head.indexOf("quarter")];
  // Only the leading columns are read: they hold no quoted commas.
  return CSV.slice(1).map((l) => l.split(",")).filter((c) => c[p] === slug).map((c) => c[q]);
}

const scorecardUrl = (slug) => `${env.server.url}/partners/${slug}/latest/scorecard/`;
const portfolioUrl = () => `${env.server.url}/internal/latest/portfolio/`;

/** Chromium's own accessibility node (role, name, description) of each element matching `selector`. */
async function axOf(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send("DOM.getDocument", { depth: 0 });
    const { nodeIds } = await cdp.send("DOM.querySelectorAll", { nodeId: root.nodeId, selector });
    const found = [];
    for (const nodeId of nodeIds) {
      const { nodes } = await cdp.send("Accessibility.getPartialAXTree", { nodeId, fetchRelatives: false });
      const n = nodes[0];
      found.push({
        ignored: n.ignored,
        role: n.role?.value,
        name: n.name?.value ?? "",
        description: n.description?.value ?? "",
      });
    }
    return found;
  } finally {
    await cdp.detach();
  }
}

/** Every chart figure of the page as the DOM has it. */
function figuresOf(page) {
  return page.$$eval("figure.chart-card", (figures) =>
    figures.map((fig) => {
      const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : null);
      const svg = fig.querySelector("svg.chart");
      const idsOf = (attr) => (svg?.getAttribute(attr) || "").split(/\s+/).filter(Boolean);
      const resolve = (id) => {
        const el = document.getElementById(id);
        return el && { tag: el.localName, text: text(el), inChart: svg.contains(el) };
      };
      const details = fig.querySelector("details");
      return {
        heading: text(fig.querySelector("h3")),
        svgs: fig.querySelectorAll("svg").length,
        role: svg?.getAttribute("role"),
        labelledby: idsOf("aria-labelledby").map(resolve),
        describedby: idsOf("aria-describedby").map(resolve),
        // The figcaption's text summary, without the table alternative it may hold.
        caption: (() => {
          const caption = fig.querySelector(":scope > figcaption");
          if (!caption) return null;
          const copy = caption.cloneNode(true);
          copy.querySelectorAll("details").forEach((d) => d.remove());
          return text(copy);
        })(),
        summary: text(details?.querySelector("summary")),
        rows: details ? [...details.querySelectorAll("tbody tr")].map((tr) => [text(tr.cells[0]), text(tr.cells[1])]) : null,
      };
    }),
  );
}

/** Checks the text alternatives of every chart of a partner's scorecard. */
function assertCharts(slug, figures) {
  const periods = periodsOf(slug);
  assert.ok(periods.length >= 2, `${slug} has periods in data/scorecard.csv`);
  assert.deepEqual(figures.map((f) => f.heading), METRICS, `${slug}: one chart per metric, in order`);
  for (const f of figures) {
    const where = `${slug} chart "${f.heading}"`;
    assert.equal(f.svgs, 1, `${where}: one svg`);
    assert.equal(f.role, "img", `${where}: svg role`);
    // Named by its <title>, described by its <desc>: a screen reader hears
    // the summary once, as the description, not again inside the name.
    assert.deepEqual(f.labelledby.map((p) => p && p.tag), ["title"], `${where}: aria-labelledby names its <title>`);
    assert.deepEqual(f.describedby.map((p) => p && p.tag), ["desc"], `${where}: aria-describedby names its <desc>`);
    for (const p of [...f.labelledby, ...f.describedby]) {
      assert.ok(p.inChart, `${where}: its ${p.tag} is inside the chart`);
      assert.ok(p.text, `${where}: empty ${p.tag}`);
    }
    const title = f.labelledby.find((p) => p.tag === "title").text;
    const desc = f.describedby[0].text;
    assert.ok(title.includes(f.heading), `${where}: title "${title}"`);
    assert.ok(f.caption, `${where}: no figcaption summary`);
    assert.equal(f.caption, desc, `${where}: the visible summary says what the chart's description says`);
    assert.ok(f.summary && f.summary.includes(f.heading), `${where}: details summary "${f.summary}"`);
    assert.deepEqual(f.rows.map((r) => r[0]), periods, `${where}: one table row per period`);
    for (const [period, value] of f.rows) assert.ok(value, `${where}: no figure shown for ${period}`);
  }
}

test("charts: each svg is an image named by its title and described by its desc, with a text summary and a table of every period", async () => {
  for (const slug of Object.keys(PARTNERS)) {
    const { page, watcher } = await openPage(env.browser, scorecardUrl(slug));
    const figures = await figuresOf(page);
    assertCharts(slug, figures);

    // What Chromium hands to assistive technology.
    const charts = await axOf(page, "figure.chart-card svg.chart");
    assert.equal(charts.length, figures.length);
    charts.forEach((ax, i) => {
      const f = figures[i];
      const where = `${slug} chart "${f.heading}"`;
      const title = f.labelledby.find((p) => p.tag === "title").text;
      const desc = f.describedby[0].text;
      assert.ok(!ax.ignored, `${where}: hidden from the accessibility tree`);
      assert.equal(ax.role, "image", `${where}: computed role`);
      assert.ok(ax.name.trim(), `${where}: empty accessible name`);
      assert.ok(ax.name.includes(title), `${where}: accessible name "${ax.name}" lacks the title`);
      assert.ok((ax.description || "").includes(desc), `${where}: accessible description "${ax.description}" lacks the desc`);
      assert.ok(!ax.name.includes(desc), `${where}: the summary is read twice (in the name too)`);
    });
    for (const ax of await axOf(page, "figure.chart-card")) {
      assert.equal(ax.role, "figure");
      assert.ok(ax.name.trim(), `${slug}: a chart figure has no accessible name`);
    }
    assert.deepEqual(watcher.problems(), [], `console noise on ${slug}'s scorecard`);
    await page.close();
  }
});

test("a partner's scorecard names no other partner", async () => {
  for (const [slug, name] of Object.entries(PARTNERS)) {
    const { page, watcher, response } = await openPage(env.browser, scorecardUrl(slug));
    const html = await response.text();
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(text.includes(name), `${slug}'s scorecard names its own partner`);
    for (const [other, otherName] of Object.entries(PARTNERS)) {
      if (other === slug) continue;
      assert.ok(!html.includes(otherName), `${slug}'s scorecard HTML names ${otherName}`);
      assert.ok(!html.includes(other), `${slug}'s scorecard HTML mentions ${other}`);
      assert.ok(!text.includes(otherName), `${slug}'s scorecard text names ${otherName}`);
    }
    assert.deepEqual(watcher.problems(), []);
    await page.close();
  }
});

test("without JavaScript the scorecard reads whole: every figure, every chart's table, no buttons in tables", async () => {
  const nextTier = { "sunbeam-advisory": "Reaching gold", "pipewise-labs": "Reaching gold", "atlas-cloud-group": "Your tier" };
  for (const [slug, heading] of Object.entries(nextTier)) {
    const { page, watcher } = await openPage(noJs, scorecardUrl(slug));
    const latest = await page.$$eval(".scorecard-table tbody tr", (rows) =>
      rows.map((tr) => [...tr.cells].map((c) => c.textContent.replace(/\s+/g, " ").trim())),
    );
    assert.deepEqual(latest.map((r) => r[0]), METRICS, `${slug}: every metric in the table`);
    const periods = periodsOf(slug);
    for (const row of latest) {
      // Metric, latest, previous, change, target: only the change may be empty (no figure to compare).
      assert.equal(row.length, 5, `${slug} ${row[0]}: columns`);
      for (const i of [1, 2, 4]) assert.ok(row[i], `${slug} ${row[0]}: empty cell ${i}`);
    }
    assert.deepEqual(
      await page.$$eval(".scorecard-table thead th", (ths) => ths.map((th) => th.textContent.trim()).slice(1, 3)),
      [periods.at(-1), periods.at(-2)],
    );
    assert.ok((await page.$$eval("main h2", (hs) => hs.map((h) => h.textContent.trim()))).includes(heading), `${slug}: "${heading}"`);
    assertCharts(slug, await figuresOf(page));
    assert.equal(await page.locator("table button, th button").count(), 0, `${slug}: buttons in a table`);
    // The table alternative opens without script, and is then on screen.
    const first = page.locator("figure.chart-card details").first();
    assert.equal(await first.locator("table").isVisible(), false);
    await first.locator("summary").click();
    assert.equal(await first.locator("table").isVisible(), true);
    assert.deepEqual(watcher.problems(), [], `console noise on ${slug}'s scorecard without JavaScript`);
    await page.close();
  }
});

/** The portfolio table: its column headings and rows (cell text and data-sort). */
function portfolioTable(page) {
  return page.$eval(".portfolio-table", (table) => ({
    caption: table.caption ? table.caption.textContent.trim() : null,
    heads: [...table.tHead.rows[0].cells].map((th) => ({
      text: th.textContent.replace(/\s+/g, " ").trim(),
      sort: th.getAttribute("aria-sort"),
      buttons: th.querySelectorAll("button").length,
    })),
    rows: [...table.tBodies[0].rows].map((tr) =>
      [...tr.cells].map((c) => ({ text: c.textContent.trim(), sort: c.getAttribute("data-sort") })),
    ),
  }));
}

/** The review lists of the portfolio: heading -> partner names listed. */
function reviewLists(page) {
  return page.$$eval(".review-list", (sections) =>
    Object.fromEntries(
      sections.map((s) => [
        s.querySelector("h2").firstChild.textContent.trim(),
        [...s.querySelectorAll("li > a")].map((a) => a.textContent.trim()),
      ]),
    ),
  );
}

const REVIEW = {
  "Ready for the next tier": ["Pipewise Labs"],
  "Below their tier": ["Sunbeam Advisory"],
  "No qualified referrals for 2 periods": ["Sunbeam Advisory"],
  "Single point of contact": ["Kestrel Consulting"],
};

test("without JavaScript the portfolio reads whole: every partner and figure, plain headings, the review lists", async () => {
  const { page, watcher } = await openPage(noJs, portfolioUrl());
  const table = await portfolioTable(page);
  const expected = ["Partner", "Tier", "Period", ...METRICS];
  assert.deepEqual(table.heads.slice(0, expected.length).map((h) => h.text), expected);
  assert.deepEqual(table.heads.map((h) => h.buttons), table.heads.map(() => 0), "no buttons in the headings");
  assert.ok(!/sort/i.test(table.caption), `the caption promises sorting without script: "${table.caption}"`);
  assert.deepEqual(table.rows.map((r) => r[0].text).sort(), Object.values(PARTNERS).sort(), "one row per partner");
  for (const row of table.rows) {
    assert.equal(row.length, table.heads.length, `${row[0].text}: a cell per column`);
    for (let i = 0; i < expected.length; i++) assert.ok(row[i].text, `${row[0].text}: empty ${expected[i]}`);
  }
  assert.deepEqual(await reviewLists(page), REVIEW);
  const criteria = await page.$$eval(".criteria dt", (dts) => dts.map((dt) => dt.textContent.trim()));
  assert.deepEqual(criteria, TIERS, "Tier criteria lists every tier");
  assert.ok(await page.getByRole("heading", { name: "Tier criteria" }).isVisible());
  assert.deepEqual(watcher.problems(), [], "console noise on the portfolio without JavaScript");
  await page.close();
});

test("the portfolio sorts by a column heading, says so with aria-sort, and reverses on a second click", async () => {
  const { page, watcher } = await openPage(env.browser, portfolioUrl());
  await page.waitForSelector(".portfolio-table thead th button");
  let table = await portfolioTable(page);
  assert.match(table.caption, /column headings sort the table/);
  const col = table.heads.findIndex((h) => h.text === "Qualified referrals");
  const winCol = table.heads.findIndex((h) => h.text === "Win rate");
  assert.ok(col > 0 && winCol > 0);
  const names = (t) => t.rows.map((r) => r[0].text);
  const values = (t, c) => t.rows.map((r) => r[c].sort);
  const sortState = (t) => Object.fromEntries(t.heads.filter((h) => h.sort).map((h) => [h.text, h.sort]));
  assert.deepEqual(sortState(table), { Partner: "ascending" });
  assert.deepEqual(names(table), [...names(table)].sort((a, b) => a.localeCompare(b)));
  // Who should come first, from the figures themselves (and the example data).
  const byQualified = [...table.rows].sort((a, b) => +a[col].sort - +b[col].sort).map((r) => r[0].text);
  assert.equal(byQualified[0], "Sunbeam Advisory");
  assert.equal(byQualified.at(-1), "Atlas Cloud Group");

  // The buttons are named by the heading alone: the arrow is decoration.
  const button = page.getByRole("button", { name: "Qualified referrals", exact: true });
  await button.click();
  table = await portfolioTable(page);
  assert.deepEqual(sortState(table), { "Qualified referrals": "ascending" });
  assert.equal(names(table)[0], byQualified[0]);
  const up = values(table, col).map(Number);
  assert.deepEqual(up, [...up].sort((a, b) => a - b));
  const axHeads = await axOf(page, ".portfolio-table thead th button");
  assert.deepEqual(axHeads.map((b) => b.name), table.heads.map((h) => h.text), "button names after sorting");

  await button.click();
  table = await portfolioTable(page);
  assert.deepEqual(sortState(table), { "Qualified referrals": "descending" });
  assert.equal(names(table)[0], byQualified.at(-1));
  const down = values(table, col).map(Number);
  assert.deepEqual(down, [...down].sort((a, b) => b - a));

  // Sunbeam has no win rate: last whichever way.
  await page.getByRole("button", { name: "Win rate", exact: true }).click();
  table = await portfolioTable(page);
  assert.deepEqual(sortState(table), { "Win rate": "ascending" });
  assert.equal(names(table).at(-1), "Sunbeam Advisory");
  await page.getByRole("button", { name: "Win rate", exact: true }).click();
  table = await portfolioTable(page);
  assert.deepEqual(sortState(table), { "Win rate": "descending" });
  assert.equal(names(table).at(-1), "Sunbeam Advisory");
  // Q3 2026: Atlas won 4 of 12 (33.3%), the highest; Kestrel 0 of 1.
  assert.equal(names(table)[0], "Atlas Cloud Group", "the highest win rate first");
  assert.equal(names(table).at(-2), "Kestrel Consulting", "0% just above no figure");

  // From the keyboard: Enter on a focused heading sorts too.
  await page.getByRole("button", { name: "Partner", exact: true }).focus();
  await page.keyboard.press("Enter");
  table = await portfolioTable(page);
  assert.deepEqual(sortState(table), { Partner: "ascending" });
  assert.deepEqual(names(table), [...names(table)].sort((a, b) => a.localeCompare(b)));
  assert.deepEqual(await reviewLists(page), REVIEW, "sorting leaves the review lists alone");
  assert.deepEqual(watcher.problems(), [], "console noise while sorting");
  await page.close();
});

test("on phones the scorecard and portfolio tables scroll in a focusable, named region; on desktop they are not tab stops", async () => {
  const cases = [
    { url: scorecardUrl("sunbeam-advisory"), label: /^Your figures for / },
    { url: portfolioUrl(), label: /^Every partner's latest period/ },
  ];
  for (const { url, label } of cases) {
    const { page, watcher } = await openPage(env.browser, url, { width: 375, height: 812 });
    const region = () =>
      page.$eval(".table-wrap", (w) => ({
        overflows: w.scrollWidth > w.clientWidth + 1,
        tabindex: w.getAttribute("tabindex"),
        role: w.getAttribute("role"),
        label: w.getAttribute("aria-label"),
        pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
      }));
    let r = await region();
    assert.ok(r.overflows, `${url}: the table is wider than a phone`);
    assert.equal(r.tabindex, "0", url);
    assert.equal(r.role, "region", url);
    assert.match(r.label, label);
    assert.equal(r.pageOverflow, 0, `${url}: the page itself scrolls sideways`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForFunction(() => !document.querySelector(".table-wrap").hasAttribute("tabindex"));
    r = await region();
    assert.deepEqual(r, { overflows: false, tabindex: null, role: null, label: null, pageOverflow: 0 });
    assert.deepEqual(watcher.problems(), [], `console noise on ${url}`);
    await page.close();
  }
});

test("printed, the portfolio drops the navigation and keeps the whole table and the review lists", async () => {
  // A4 portrait with the theme's 12 mm margins: 186 mm, 703 CSS pixels.
  const { page, watcher } = await openPage(env.browser, portfolioUrl(), { width: 703, height: 1000 });
  await page.waitForSelector(".portfolio-table thead th button");
  assert.ok(await page.locator(".site-nav").isVisible(), "the navigation shows on screen");
  await page.emulateMedia({ media: "print" });
  for (const hidden of [".site-nav", ".breadcrumb", ".header-search", ".site-footer"]) {
    assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} printed`);
  }
  assert.ok(await page.locator(".portfolio-table").isVisible());
  const fit = await page.$eval(".table-wrap", (w) => {
    const box = w.getBoundingClientRect();
    const cells = [...w.querySelectorAll("th, td")];
    return {
      cut: cells.filter((c) => c.getBoundingClientRect().right > box.right + 1).map((c) => c.textContent.trim()),
      pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
      rows: w.querySelectorAll("tbody tr").length,
    };
  });
  assert.deepEqual(fit.cut, [], "cells beyond the printed page");
  assert.equal(fit.pageOverflow, 0, "the printed page is wider than A4");
  assert.equal(fit.rows, Object.keys(PARTNERS).length);
  for (const [title, names] of Object.entries(REVIEW)) {
    const section = page.locator(".review-list", { has: page.getByRole("heading", { name: title }) });
    assert.ok(await section.isVisible(), `"${title}" printed`);
    for (const name of names) assert.ok(await section.getByRole("link", { name }).isVisible(), `${title}: ${name}`);
  }
  assert.ok(await page.locator(".criteria").isVisible(), "tier criteria printed");
  await page.emulateMedia({ media: "screen" });
  assert.ok(await page.locator(".site-nav").isVisible(), "the navigation is back on screen");
  assert.deepEqual(watcher.problems(), [], "console noise on the portfolio");
  await page.close();
});
