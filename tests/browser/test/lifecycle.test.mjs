// Partner lifecycle pages in a real browser (issue 18). A certification
// track's knowledge check:
// a wrong answer is marked and explained, the score says what passing
// takes; all right passes and shows the co-branded completion page, which
// keeps the reader's name, survives a reload (localStorage) and prints
// alone; the same works from an unzipped offline.zip opened over file://.
// The partnership page: days since signing and the next quarterly review
// counted by the browser from the dates the page carries.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { unzip, useKit, watch } from "../lib.mjs";

const env = useKit();
const TRACK = "certifications/lumora-sales-foundations/";
const PORTAL = "partners/pipewise-labs";


async function choose(page, number, text) {
  await page.locator(`fieldset.question:nth-of-type(${number}) label`, { hasText: text }).locator("input").check();
}

/** Take the check at `url`: one wrong answer first, then all right. */
async function takeTheCheck(page, url) {
  page.setDefaultTimeout(15000);
  const watcher = await watch(page);
  await page.goto(url);
  const questions = await page.locator("fieldset.question").count();
  assert.equal(questions, 4);
  assert.equal(await page.locator(".knowledge-check__needs-script").isVisible(), false, "the script took over");
  const answers = await page.$$eval("fieldset.question", (fs) =>
    fs.map((f) => f.querySelectorAll("label")[Number(f.dataset.answer)].textContent.trim()),
  );
  // Q1 wrong, the rest right: 3 of 4 is 75%, which passes; so also leave Q4 out.
  const wrong = await page.$eval("fieldset.question", (f) =>
    [...f.querySelectorAll("label")].find((_, i) => i !== Number(f.dataset.answer)).textContent.trim(),
  );
  await choose(page, 1, wrong);
  await choose(page, 2, answers[1]);
  await choose(page, 3, answers[2]);
  await page.click(".knowledge-check button[type=submit]");
  const first = page.locator("fieldset.question").first();
  assert.equal(await first.locator(".question__result").textContent(), "Not quite.");
  assert.ok(await first.locator(".question__explanation").isVisible(), "the explanation shows once answered");
  assert.equal(await page.locator("fieldset.question").nth(3).locator(".question__result").textContent(), "Not answered.");
  assert.match(await page.locator(".knowledge-check__score").textContent(), /^2 of 4 right \(50%\): you need 75% to pass/);
  assert.equal(await page.locator(".completion").isVisible(), false);

  for (let n = 1; n <= questions; n++) await choose(page, n, answers[n - 1]);
  await page.click(".knowledge-check button[type=submit]");
  assert.match(await page.locator(".knowledge-check__score").textContent(), /^4 of 4 right \(100%\): passed\.$/);
  assert.ok(await page.locator(".completion").isVisible(), "the completion page appears");
  await page.fill("#completion-name", "Ada Lovelace");
  const certificate = page.locator(".completion__certificate");
  assert.equal(await certificate.locator("[data-completion-name]").textContent(), "Ada Lovelace");
  const text = (await certificate.textContent()).replace(/\s+/g, " ");
  assert.match(text, /Lumora Partner Kit × Pipewise Labs/);
  assert.match(text, /completed Lumora sales foundations with 4 of 4 right/);
  assert.match(text, /on \d{4}-\d{2}-\d{2}, material version 1\.\d\.\d\./);

  // A reload keeps the pass and the name.
  await page.reload();
  assert.ok(await page.locator(".completion").isVisible(), "the pass survives a reload");
  assert.equal(await page.inputValue("#completion-name"), "Ada Lovelace");
  // Printed, only the certificate is left.
  await page.evaluate(() => document.body.classList.add("printing-completion"));
  await page.emulateMedia({ media: "print" });
  assert.ok(await certificate.isVisible());
  for (const hidden of [".site-header", ".knowledge-check__form", ".item__body", "#completion-name"]) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  await page.emulateMedia({ media: "screen" });
  assert.deepEqual(watcher.problems(), [], `console noise on ${url}`);
}

test("taking the knowledge check online: wrong answer explained, pass, a printable completion page", async () => {
  const page = await env.browser.context.newPage();
  await takeTheCheck(page, `${env.server.url}/${PORTAL}/latest/${TRACK}`);
  await page.close();
});

test("taking the knowledge check from an unzipped offline copy (file://)", async () => {
  const dest = path.join(env.kit.tmp, "offline-track");
  unzip(path.join(env.kit.out, PORTAL, "latest", "offline.zip"), dest);
  const [top] = fs.readdirSync(dest);
  const page = await env.browser.context.newPage();
  const loaded = [];
  page.on("request", (r) => loaded.push(r.url()));
  await takeTheCheck(page, pathToFileURL(path.join(dest, top, TRACK, "index.html")).href);
  assert.ok(loaded.every((u) => u.startsWith("file://")), "nothing is fetched from the network");
  await page.close();
});

test("without JavaScript the check says it needs it and hides nothing else", async () => {
  const { launch } = await import("../lib.mjs");
  const browser = await launch({ javaScriptEnabled: false });
  const page = await browser.context.newPage();
  await page.goto(`${env.server.url}/${PORTAL}/latest/${TRACK}`);
  assert.ok(await page.locator(".knowledge-check__needs-script").isVisible());
  assert.equal(await page.locator(".knowledge-check button[type=submit]").isVisible(), false);
  assert.equal(await page.locator(".completion").isVisible(), false);
  assert.equal(await page.locator("fieldset.question").count(), 4);
  assert.equal(await page.locator(".track-study__list li").count(), 3);
  await browser.close();
});

test("the partnership page counts days from the reader's today and finds the next quarterly review", async () => {
  const page = await env.browser.context.newPage();
  const watcher = await watch(page);
  await page.goto(`${env.server.url}/partners/kestrel-consulting/latest/partnership/`);
  const signed = await page.getAttribute("[data-days-since]", "data-days-since");
  const days = Math.round((Date.now() - Date.parse(`${signed}T00:00:00Z`)) / 86400000);
  const said = await page.textContent("[data-days-since]");
  assert.match(said, /^\(\d+ days? ago\)$/);
  assert.ok(Math.abs(Number(said.match(/\d+/)[0]) - days) <= 1, `${said} for ${signed}`);
  const next = await page.getAttribute("[data-next-review] time", "datetime");
  assert.ok(next >= new Date().toISOString().slice(0, 10), `next review ${next} is not in the past`);
  assert.equal(await page.textContent(".stages__step--current"), "onboarding (current stage)");
  assert.deepEqual(watcher.problems(), []);
  await page.close();
});
