// Start here: the checklist keeps its state across reloads (localStorage).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useKit, watch } from "../lib.mjs";

const env = useKit();

const progress = (page) => page.textContent("[data-checklist-progress]");
const box = (page, n) => page.locator(`#step-done-${n}`);

test("ticking a step survives a reload and updates the progress", async () => {
  const page = await env.browser.context.newPage();
  const watcher = await watch(page);
  const url = `${env.server.url}/partners/sunbeam-advisory/latest/start-here/`;
  await page.goto(url);

  const steps = await page.locator("ol.steps > li.step").count();
  assert.ok(steps >= 3, `expected a few steps, got ${steps}`);
  // The one-minute pitch comes first.
  assert.equal((await page.textContent("#step-1 .step__title")).trim(), "Lumora in one minute");
  await page.waitForSelector("[data-checklist-progress]:not(:empty)");
  assert.equal(await progress(page), `0 of ${steps} steps done`);
  assert.equal(await page.locator("ol.steps input[type=checkbox]").count(), steps, "one checkbox per step");

  // Tick step 2 with the mouse (via its label) and step 3 with the keyboard.
  await page.getByLabel("Done").nth(1).check();
  await box(page, 3).focus();
  await page.keyboard.press("Space");
  assert.equal(await progress(page), `2 of ${steps} steps done`);
  assert.ok(await page.locator("#step-2").evaluate((li) => li.classList.contains("step--done")));

  await page.reload();
  await page.waitForSelector("[data-checklist-progress]:not(:empty)");
  assert.equal(await box(page, 1).isChecked(), false);
  assert.equal(await box(page, 2).isChecked(), true);
  assert.equal(await box(page, 3).isChecked(), true);
  assert.ok(await page.locator("#step-3").evaluate((li) => li.classList.contains("step--done")));
  assert.equal(await progress(page), `2 of ${steps} steps done`);

  // Unticking is kept too.
  await box(page, 2).uncheck();
  assert.equal(await progress(page), `1 of ${steps} steps done`);
  await page.reload();
  await page.waitForSelector("[data-checklist-progress]:not(:empty)");
  assert.equal(await box(page, 2).isChecked(), false);
  assert.equal(await box(page, 3).isChecked(), true);
  assert.equal(await progress(page), `1 of ${steps} steps done`);

  await watcher.settle();
  assert.deepEqual(watcher.problems(), []);
  await page.close();
});

test("each portal keeps its own progress", async () => {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.server.url}/partners/atlas-cloud-group/latest/start-here/`);
  await page.waitForSelector("[data-checklist-progress]:not(:empty)");
  const steps = await page.locator("ol.steps > li.step").count();
  assert.equal(await progress(page), `0 of ${steps} steps done`);
  await page.close();
});

test("a partner's own steps follow the kit's, and only visible items are steps", async () => {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.server.url}/partners/northwind-digital/latest/start-here/`);
  const titles = (await page.locator(".step__title").allTextContents()).map((t) => t.trim());
  assert.equal(titles[0], "Lumora in one minute");
  assert.equal(titles[titles.length - 1], "Register your first Northwind deal");
  // The Connect API guide is for integration partners only.
  assert.ok(!titles.some((t) => /Connect API/.test(t)), titles.join(" | "));
  await page.goto(`${env.server.url}/partners/pipewise-labs/latest/start-here/`);
  const pipewise = (await page.locator(".step__title").allTextContents()).map((t) => t.trim());
  assert.ok(pipewise.some((t) => /Connect API/.test(t)), pipewise.join(" | "));
  assert.ok(!pipewise.includes("Register your first Northwind deal"));
  await page.close();
});
