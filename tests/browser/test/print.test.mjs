// One-pagers print on a single A4 and a single Letter page, co-branded.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { useKit, ensureArtifacts } from "../lib.mjs";

const env = useKit();

/** Pages in a PDF that Chromium wrote (its page objects are plain text). */
function pageCount(pdf) {
  return (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

async function printed(url, format) {
  const page = await env.browser.context.newPage();
  await page.goto(url);
  await page.emulateMedia({ media: "print" });
  const brand = await page.evaluate(() => {
    const el = document.querySelector(".site-header__bar");
    if (!el || getComputedStyle(el).display === "none") return null;
    // A wordmark logo shows the partner's name (its alt text says so).
    const logos = [...el.querySelectorAll("img")]
      .filter((img) => img.complete && img.naturalWidth > 0 && getComputedStyle(img).display !== "none")
      .map((img) => img.alt);
    return [el.textContent, ...logos].join(" ").replace(/\s+/g, " ").trim();
  });
  const pdf = await page.pdf({ format, printBackground: true });
  await page.close();
  return { pages: pageCount(pdf), brand, pdf };
}

test("the page counter counts: a long playbook prints on several pages", async () => {
  const { pages } = await printed(`${env.server.url}/partners/pipewise-labs/latest/playbooks/connect-api-integration-guide/`, "A4");
  assert.ok(pages > 1, `expected several pages, got ${pages}`);
});

const NAMES = { "sunbeam-advisory": "Sunbeam Advisory", "atlas-cloud-group": "Atlas Cloud Group", internal: "" };

for (const slug of Object.keys(NAMES)) {
  test(`${slug}: every one-pager prints on one A4 and one Letter page`, async () => {
    const portal = env.kit.portals.find((p) => p.slug === slug);
    const dir = path.join(portal.dir, "latest", "one-pagers");
    const items = fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isDirectory()).sort();
    assert.ok(items.length >= 3, `${slug}: ${items}`);
    const failures = [];
    for (const item of items) {
      for (const format of ["A4", "Letter"]) {
        const { pages, brand, pdf } = await printed(`${env.server.url}${portal.prefix}latest/one-pagers/${item}/`, format);
        if (pages !== 1) failures.push(`${item} (${format}): ${pages} pages`);
        if (!(brand && brand.includes("Lumora Partner Kit") && brand.includes(NAMES[slug]))) {
          failures.push(`${item} (${format}): no co-branded header in print (${brand})`);
        }
        if (slug === "sunbeam-advisory" && item === "pricing-and-packaging" && format === "A4") {
          fs.writeFileSync(path.join(ensureArtifacts(), `${slug}-${item}-A4.pdf`), pdf);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
}
