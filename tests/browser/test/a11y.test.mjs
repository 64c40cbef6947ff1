// axe-core: no serious or critical violations on the key pages of partner
// portals (a light and a dark brand colour; their scorecards and briefs too)
// and the internal partner directory, portfolio and briefs, at desktop and
// phone widths.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { useKit, watch } from "../lib.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const PARTNER_PAGES = {
  home: "",
  list: "objections/",
  "case-study list": "case-studies/",
  objection: "objections/too-expensive/",
  "case study": "case-studies/carebridge-health/",
  "one-pager": "one-pagers/pricing-and-packaging/",
  "start here": "start-here/",
  search: "search/?q=security",
  partnership: "partnership/",
  "refer a deal": "refer/",
  "certification track": "certifications/lumora-sales-foundations/",
  scorecard: "scorecard/",
  "briefs list": "briefs/",
  "brief (gated sections)": "briefs/partner-brief-november-2026/",
};
const WIDTHS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 375, height: 812 },
];

const env = useKit();

/** Runs axe on `url` at `viewport`; returns [serious+critical, others]. */
async function audit(url, viewport) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: viewport.width, height: viewport.height });
  const watcher = await watch(page);
  try {
    await page.goto(url);
    await watcher.settle();
    if (url.includes("/search/")) await page.waitForSelector("#search-results > li");
    // A ticked step is dimmed: its text must stay readable.
    if (url.endsWith("/start-here/")) await page.locator("#step-done-1").check();
    if (await page.locator(".version-switcher").count()) {
      await page.waitForSelector(".version-switcher:not([data-pending])");
    }
    // Evaluated through the DevTools protocol, so the page's CSP allows it.
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(() =>
      window.axe.run(document, { resultTypes: ["violations"] }).then((r) =>
        r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
        })),
      ),
    );
    assert.deepEqual(watcher.problems(), [], `console noise on ${url}`);
    const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
    const other = result.filter((v) => !(v.impact === "serious" || v.impact === "critical"));
    return [bad, other];
  } finally {
    await page.close();
  }
}

const targets = [];
for (const slug of ["sunbeam-advisory", "atlas-cloud-group"]) {
  for (const [name, rel] of Object.entries(PARTNER_PAGES)) {
    targets.push({ label: `${slug} ${name}`, path: `/partners/${slug}/latest/${rel}` });
  }
}
targets.push({ label: "pipewise integration guide (code blocks)", path: "/partners/pipewise-labs/latest/playbooks/connect-api-integration-guide/" });
targets.push({ label: "pipewise brief (its integration section)", path: "/partners/pipewise-labs/latest/briefs/partner-brief-november-2026/" });
targets.push({ label: "internal partner directory", path: "/internal/latest/partners/" });
targets.push({ label: "internal home", path: "/internal/latest/" });
targets.push({ label: "internal portfolio (sortable table, review lists)", path: "/internal/latest/portfolio/" });
targets.push({ label: "internal brief (every section)", path: "/internal/latest/briefs/partner-brief-november-2026/" });
targets.push({ label: "internal briefs list", path: "/internal/latest/briefs/" });
targets.push({ label: "sunbeam 1.0.0 objection (with the newer-version banner)", path: "/partners/sunbeam-advisory/1.0.0/objections/too-expensive/" });
targets.push({ label: "atelier-rhone French tree, untranslated objection (lang=en article)", path: "/partners/atelier-rhone/latest/objections/build-in-house/" });

for (const viewport of WIDTHS) {
  test(`axe: no serious or critical violations at ${viewport.width}px (${viewport.name})`, async (t) => {
    const failures = [];
    for (const target of targets) {
      const [bad, other] = await audit(env.server.url + target.path, viewport);
      for (const v of bad) failures.push({ page: target.label, ...v });
      for (const v of other) t.diagnostic(`${target.label}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length})`);
    }
    assert.deepEqual(failures, []);
  });
}

test("keyboard: the skip link comes first, is visible when focused, and moves focus to the content", async () => {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.server.url}/partners/sunbeam-advisory/latest/objections/too-expensive/`);
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => ({
    text: document.activeElement.textContent,
    top: document.activeElement.getBoundingClientRect().top,
    outline: getComputedStyle(document.activeElement).outlineStyle,
  }));
  assert.equal(focused.text, "Skip to main content");
  assert.ok(focused.top >= 0, "the focused skip link is on screen");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  // The next Tab lands inside the main content, not back in the header.
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => document.getElementById("main").contains(document.activeElement)));
  await page.close();
});

test("wide tables scroll inside a focusable region on phones, not on desktop", async () => {
  const page = await env.browser.context.newPage();
  const url = `${env.server.url}/partners/sunbeam-advisory/latest/one-pagers/pricing-and-packaging/`;
  const region = () =>
    page.$eval(".prose table", (t) => ({
      wrapped: t.parentElement.classList.contains("scroll-region"),
      tabindex: t.parentElement.getAttribute("tabindex"),
      label: t.parentElement.getAttribute("aria-label"),
      pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
    }));
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto(url);
  assert.deepEqual(await region(), { wrapped: true, tabindex: "0", label: "Table", pageOverflow: 0 });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForFunction(() => !document.querySelector(".scroll-region").hasAttribute("tabindex"));
  assert.deepEqual(await region(), { wrapped: true, tabindex: null, label: null, pageOverflow: 0 });
  await page.close();
});
