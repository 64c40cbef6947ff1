// Portals in the partner's language (issue 20): atelier-rhone reads
// [fr, en], so its portal root is French and en/ is English; the staff
// portal has fr/ beside its English root. The language switcher leads to
// the same page in the other language and back, from a translated page, an
// untranslated one (shown in English, with a notice and lang="en"), a list
// and the home page. Each language tree searches only its own pages, with
// accents folded; on a copy of the example kit with a Japanese translation,
// a Japanese word is found (CJK is indexed as character pairs). axe finds no
// violation on pages of other languages, lang attributes included, and no
// page makes console noise. The theme's own labels in the French tree are
// French and marked so, around and inside an English original too.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { KIT_PARTS, REPO, useKit, useOwnKit, walk, watch } from "../lib.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const SLUG = "atelier-rhone";
const FR_ROOT = `/partners/${SLUG}/latest/`;
const EN_ROOT = `/partners/${SLUG}/latest/en/`;
const TRANSLATED = "one-pagers/security-and-compliance/";
// An objection atelier-rhone (silver, reseller) sees that has no French translation.
const UNTRANSLATED = { file: "content/objections/build-in-house.md", url: "objections/build-in-house/" };
// A word with accents from the French security one-pager, and a French-only word of it.
const ACCENTED = "sécurité";
const FOLDED = "securite";
const FRENCH_ONLY = "chiffrement";

// The Japanese copy: kestrel-consulting reads [ja, en]; one page is translated.
const JA_SLUG = "kestrel-consulting";
const JA_ROOT = `/partners/${JA_SLUG}/latest/`;
const JA_PAGE = "one-pagers/lumora-in-one-minute/";
const JA_TITLE = "Lumoraを1分で";
const JA_WORDS = ["監視", "データパイプライン"];
// Two characters that are each in the page but never side by side there.
const JA_ABSENT = "視量";
const JA_BODY = `---
title: "${JA_TITLE}"
---

## ピッチ

データチームは週の三分の一を壊れたデータパイプラインの修理に費やしています。

## 三つの製品、一つのプラットフォーム {#three-products-one-platform}

Lumora Observe はデータの鮮度、量、スキーマを監視します。

## 誰が買うのか

データエンジニアとデータ責任者です。

## 一言で言える実績

Acme Logistics はインシデントを72%削減しました。

## 三つの質問で見極める

チームは壊れたパイプラインに毎週何時間を費やしていますか。
`;

const env = useKit();

const ja = useOwnKit("enablekit-languages-", (tmp) => {
  const kit = path.join(tmp, "kit");
  for (const part of KIT_PARTS) {
    const from = path.join(REPO, part);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(kit, part), { recursive: true });
  }
  edit(path.join(kit, "kit.yaml"), /^languages: \[en, fr\]$/m, "languages: [en, fr, ja]");
  edit(path.join(kit, "partners", `${JA_SLUG}.yaml`), /^(tier: .+)$/m, "$1\nlanguages: [ja, en]");
  fs.writeFileSync(path.join(kit, "content", "one-pagers", "lumora-in-one-minute.ja.md"), JA_BODY);
  return kit;
});

function edit(file, pattern, replacement) {
  const text = fs.readFileSync(file, "utf8");
  const next = text.replace(pattern, replacement);
  assert.notEqual(next, text, `${file}: ${pattern} not found`);
  fs.writeFileSync(file, next);
}

/** The title in a content file's front matter. */
function titleOf(rel) {
  const m = fs.readFileSync(path.join(REPO, rel), "utf8").match(/^title: "(.*)"$/m);
  assert.ok(m, `${rel} has a quoted title`);
  return m[1].replace(/\\"/g, '"');
}

/** A string of the theme's catalogue for `lang`. */
function themeString(lang, key) {
  const text = fs.readFileSync(path.join(REPO, "themes", "default", "i18n", `${lang}.yaml`), "utf8");
  const m = text.match(new RegExp(`^${key}: "(.*)"$`, "m"));
  assert.ok(m, `${lang}.yaml has ${key}`);
  return m[1];
}

const FR_TITLE = titleOf("content/one-pagers/security-and-compliance.fr.md");
const EN_TITLE = titleOf("content/one-pagers/security-and-compliance.md");
const FRENCH_TITLES = walk(path.join(REPO, "content"), (f) => f.endsWith(".fr.md")).map((f) => titleOf(path.relative(REPO, f)));

/** A fresh watched page of `browser`; closed after the test, which fails on any noise it recorded. */
async function newPage(t, browser) {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15000);
  const watcher = await watch(page);
  t.after(async () => {
    await page.close();
  });
  return { page, watcher };
}

/** Waits until the page is quiet and its version switcher is drawn. */
async function ready(page, watcher) {
  if (await page.locator(".version-switcher").count()) {
    await page.waitForSelector(".version-switcher:not([data-pending])");
  }
  await watcher.settle();
}

/** What a reader (and a screen reader) is told about the page's language. */
function languageOf(page) {
  return page.evaluate(() => {
    const switcher = document.querySelector(".language-switcher");
    const article = document.querySelector("main article.item .item__body");
    const notice = document.querySelector(".notice--untranslated");
    return {
      lang: document.documentElement.getAttribute("lang"),
      dir: document.documentElement.getAttribute("dir"),
      h1: document.querySelector("h1")?.textContent.trim(),
      current: switcher?.querySelector("[aria-current=true]")?.getAttribute("lang") ?? null,
      links: Array.from(switcher?.querySelectorAll("a[hreflang]") ?? []).map((a) => ({
        hreflang: a.getAttribute("hreflang"),
        lang: a.getAttribute("lang"),
        text: a.textContent.trim(),
      })),
      // The language the page's own text is read in (its body's lang, else
      // the page's): theme words around it keep the page's language.
      articleLang: article ? article.closest("[lang]").getAttribute("lang") : null,
      notice: notice ? { text: notice.textContent.trim(), role: notice.getAttribute("role"), visible: notice.checkVisibility() } : null,
    };
  });
}

/** Clicks the switcher's link to `lang` and waits for the page at `url`. */
async function switchTo(page, watcher, lang, url) {
  const link = page.locator(`.language-switcher a[hreflang=${lang}]`);
  assert.equal(await link.count(), 1, `one switcher link to ${lang} on ${page.url()}`);
  await link.click();
  await page.waitForURL(url);
  await ready(page, watcher);
}

const FR_SWITCHER = { current: "fr", links: [{ hreflang: "en", lang: "en", text: "English" }] };
const EN_SWITCHER = { current: "en", links: [{ hreflang: "fr", lang: "fr", text: "Français" }] };

test("the chosen pages and words really are where the test says", () => {
  const out = env.kit.out;
  for (const root of [FR_ROOT, EN_ROOT]) {
    for (const rel of [TRANSLATED, UNTRANSLATED.url, "one-pagers/", ""]) {
      assert.ok(fs.existsSync(path.join(out, root, rel, "index.html")), `${root}${rel} is built`);
    }
  }
  assert.ok(!fs.existsSync(path.join(REPO, UNTRANSLATED.file.replace(/\.md$/, ".fr.md"))), "the objection is untranslated");
  const content = walk(path.join(REPO, "content"), (f) => f.endsWith(".md"));
  const containing = (word) =>
    content.filter((f) => fs.readFileSync(f, "utf8").toLowerCase().normalize("NFC").includes(word)).map((f) => path.relative(REPO, f));
  assert.ok(containing(ACCENTED).includes("content/one-pagers/security-and-compliance.fr.md"));
  assert.ok(containing(ACCENTED).every((f) => f.endsWith(".fr.md")), "the accented word is French");
  assert.deepEqual(containing(FRENCH_ONLY), ["content/one-pagers/security-and-compliance.fr.md"]);
  assert.deepEqual(containing(FOLDED), [], "only the accented spelling is in the sources");
  assert.ok(FRENCH_TITLES.includes(FR_TITLE));
  assert.notEqual(FR_TITLE, EN_TITLE);
  // The Japanese copy: every ## heading of the English page has its translation.
  const en = fs.readFileSync(path.join(REPO, "content", "one-pagers", "lumora-in-one-minute.md"), "utf8");
  assert.equal(JA_BODY.match(/^## /gm).length, en.match(/^## /gm).length);
  for (const word of JA_WORDS) assert.ok(JA_BODY.includes(word), word);
  assert.ok(!JA_BODY.includes(JA_ABSENT) && [...JA_ABSENT].every((c) => JA_BODY.includes(c)));
});

test("the language switcher keeps the page", async (t) => {
  const { page, watcher } = await newPage(t, env.browser);
  const base = env.server.url;
  const welcome = (lang) => themeString(lang, "home_welcome").replace("{partner}", "Atelier Rhône Conseil");

  // A translated page: French at the root, English under en/.
  await page.goto(base + FR_ROOT + TRANSLATED);
  await ready(page, watcher);
  let seen = await languageOf(page);
  assert.deepEqual(
    { lang: seen.lang, dir: seen.dir, h1: seen.h1, current: seen.current, links: seen.links, articleLang: seen.articleLang, notice: seen.notice },
    { lang: "fr", dir: "ltr", h1: FR_TITLE, ...FR_SWITCHER, articleLang: "fr", notice: null },
  );
  await switchTo(page, watcher, "en", base + EN_ROOT + TRANSLATED);
  seen = await languageOf(page);
  assert.deepEqual(
    { lang: seen.lang, h1: seen.h1, current: seen.current, links: seen.links, articleLang: seen.articleLang, notice: seen.notice },
    { lang: "en", h1: EN_TITLE, ...EN_SWITCHER, articleLang: "en", notice: null },
  );
  await switchTo(page, watcher, "fr", base + FR_ROOT + TRANSLATED);
  assert.equal((await languageOf(page)).h1, FR_TITLE);

  // An untranslated page: the English original in the French tree, said so.
  const enTitle = titleOf(UNTRANSLATED.file);
  await page.goto(base + FR_ROOT + UNTRANSLATED.url);
  await ready(page, watcher);
  seen = await languageOf(page);
  assert.equal(seen.lang, "fr", "the French tree's chrome is French");
  assert.equal(seen.h1, enTitle);
  assert.equal(seen.articleLang, "en", "the English original is marked lang=en");
  assert.equal(await page.getAttribute("main article.item .item__body", "dir"), "ltr");
  assert.equal(await page.getAttribute("main article.item .item__title", "lang"), "en");
  assert.deepEqual(seen.notice, { text: themeString("fr", "untranslated_notice"), role: "note", visible: true });
  assert.deepEqual({ current: seen.current, links: seen.links }, FR_SWITCHER);
  await switchTo(page, watcher, "en", base + EN_ROOT + UNTRANSLATED.url);
  seen = await languageOf(page);
  assert.deepEqual(
    { lang: seen.lang, h1: seen.h1, articleLang: seen.articleLang, notice: seen.notice, current: seen.current },
    { lang: "en", h1: enTitle, articleLang: "en", notice: null, current: "en" },
  );
  await switchTo(page, watcher, "fr", base + FR_ROOT + UNTRANSLATED.url);
  assert.equal((await languageOf(page)).notice?.visible, true);

  // A list page and the home page.
  for (const [rel, frH1, enH1] of [
    ["one-pagers/", null, null],
    ["", welcome("fr"), welcome("en")],
  ]) {
    await page.goto(base + FR_ROOT + rel);
    await ready(page, watcher);
    seen = await languageOf(page);
    assert.deepEqual({ lang: seen.lang, current: seen.current, links: seen.links }, { lang: "fr", ...FR_SWITCHER }, `fr ${rel}`);
    if (frH1) assert.equal(seen.h1, frH1);
    assert.equal(seen.notice, null, `no notice on fr ${rel || "home"}`);
    await switchTo(page, watcher, "en", base + EN_ROOT + rel);
    seen = await languageOf(page);
    assert.deepEqual({ lang: seen.lang, current: seen.current, links: seen.links }, { lang: "en", ...EN_SWITCHER }, `en ${rel}`);
    if (enH1) assert.equal(seen.h1, enH1);
    await switchTo(page, watcher, "fr", base + FR_ROOT + rel);
    assert.equal((await languageOf(page)).lang, "fr");
  }

  // The staff portal: English at its root, French in fr/.
  await page.goto(base + "/internal/latest/" + TRANSLATED);
  await ready(page, watcher);
  seen = await languageOf(page);
  assert.deepEqual({ lang: seen.lang, h1: seen.h1, current: seen.current }, { lang: "en", h1: EN_TITLE, current: "en" });
  await switchTo(page, watcher, "fr", base + "/internal/latest/fr/" + TRANSLATED);
  seen = await languageOf(page);
  assert.deepEqual({ lang: seen.lang, h1: seen.h1, current: seen.current }, { lang: "fr", h1: FR_TITLE, current: "fr" });

  assert.deepEqual(watcher.problems(), [], "console errors or failed requests");
  assert.deepEqual(env.browser.offsite, []);
});

async function results(page) {
  return page.$$eval("#search-results > li", (lis) =>
    lis.map((li) => ({ title: li.querySelector("a").textContent, href: li.querySelector("a").href })),
  );
}

/** Opens a tree's search page for `q` and returns its status and results once shown. */
async function search(page, watcher, root, q) {
  await page.goto(root + `search/?q=${encodeURIComponent(q)}`);
  assert.equal(await page.inputValue("#search-input"), q);
  await page.waitForFunction(
    (q) => (document.getElementById("search-status")?.textContent || "").includes(q),
    q,
    { timeout: 10000 },
  );
  await watcher.settle();
  return { status: await page.textContent("#search-status"), hits: await results(page) };
}

test("search finds a French word with and without accents, and a Japanese word", async (t) => {
  const { page, watcher } = await newPage(t, env.browser);
  const fr = env.server.url + FR_ROOT;
  const en = env.server.url + EN_ROOT;
  const security = { title: FR_TITLE, href: fr + TRANSLATED };
  // "chiffrées" is no prefix of "chiffrement": it is found through the
  // Snowball stem the index marks ("chiffr").
  for (const q of [ACCENTED, FOLDED, ACCENTED.toUpperCase(), FRENCH_ONLY, "chiffr", "chiffrées", "Chiffrees"]) {
    const { hits } = await search(page, watcher, fr, q);
    assert.ok(hits.some((h) => h.title === security.title && h.href === security.href), `${q}: ${JSON.stringify(hits)}`);
    // The French tree's index holds only pages written in French.
    for (const h of hits) assert.ok(FRENCH_TITLES.includes(h.title), `${q}: ${h.title} is not a French page`);
  }
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  // The English tree finds its own pages, and none of the French words.
  const { hits: english } = await search(page, watcher, en, "security");
  assert.ok(english.some((h) => h.title === EN_TITLE && h.href === en + TRANSLATED), JSON.stringify(english));
  assert.ok(!english.some((h) => FRENCH_TITLES.includes(h.title)), JSON.stringify(english));
  const { status, hits: none } = await search(page, watcher, en, FRENCH_ONLY);
  assert.deepEqual(none, [], `${FRENCH_ONLY} in the English tree`);
  assert.equal(status, `No pages match \u201c${FRENCH_ONLY}\u201d.`);
  // "securite" may reach English pages through the stem "secur" (as
  // "security" does), but never the French page.
  for (const q of [ACCENTED, FOLDED]) {
    const { hits } = await search(page, watcher, en, q);
    for (const h of hits) {
      assert.ok(!FRENCH_TITLES.includes(h.title) && h.href.startsWith(en), `${q} in the English tree: ${JSON.stringify(h)}`);
    }
  }
  assert.deepEqual(watcher.problems(), [], "console errors or failed requests");

  // Japanese, in the copy of the kit: kestrel's root is Japanese.
  const jaPage = await newPage(t, ja.browser);
  const jaRoot = ja.server.url + JA_ROOT;
  for (const q of JA_WORDS) {
    const { hits } = await search(jaPage.page, jaPage.watcher, jaRoot, q);
    assert.deepEqual(hits, [{ title: JA_TITLE, href: jaRoot + JA_PAGE }], q);
  }
  assert.equal(await jaPage.page.getAttribute("html", "lang"), "ja");
  assert.deepEqual((await search(jaPage.page, jaPage.watcher, jaRoot, JA_ABSENT)).hits, [], "pairs, not single characters");
  assert.deepEqual((await search(jaPage.page, jaPage.watcher, jaRoot + "en/", JA_WORDS[0])).hits, [], "not in the English tree");
  // The result opens the Japanese page.
  await search(jaPage.page, jaPage.watcher, jaRoot, JA_WORDS[0]);
  await jaPage.page.click("#search-results a");
  await jaPage.page.waitForURL(jaRoot + JA_PAGE);
  await ready(jaPage.page, jaPage.watcher);
  assert.equal(await jaPage.page.getAttribute("html", "lang"), "ja");
  assert.equal((await jaPage.page.textContent("h1")).trim(), JA_TITLE);
  assert.deepEqual(jaPage.watcher.problems(), [], "console errors or failed requests (Japanese)");
  assert.deepEqual(ja.browser.offsite, []);
});

test("axe finds no violations on pages in other languages, lang attributes included", async (t) => {
  const targets = [
    { label: "French home", env, path: FR_ROOT },
    { label: "French translated one-pager", env, path: FR_ROOT + TRANSLATED },
    { label: "untranslated objection in the French tree", env, path: FR_ROOT + UNTRANSLATED.url, article: "en" },
    { label: "English tree's one-pager", env, path: EN_ROOT + TRANSLATED },
    { label: "staff portal's French home", env, path: "/internal/latest/fr/" },
    { label: "Japanese one-pager (copy of the kit)", env: ja, path: JA_ROOT + JA_PAGE },
  ];
  const failures = [];
  for (const target of targets) {
    const { page, watcher } = await newPage(t, target.env.browser);
    await page.goto(target.env.server.url + target.path);
    await ready(page, watcher);
    if (target.article) {
      assert.equal(await page.getAttribute("html", "lang"), "fr", target.label);
      assert.equal(await page.getAttribute("main article.item .item__body", "lang"), target.article, target.label);
    }
    // Evaluated through the DevTools protocol, so the page's CSP allows it.
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(() =>
      window.axe.run(document).then((r) => ({
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
        })),
        passes: r.passes.map((p) => p.id),
      })),
    );
    for (const v of result.violations) failures.push({ page: target.label, ...v });
    for (const rule of ["html-has-lang", "html-lang-valid", "valid-lang"]) {
      if (!result.passes.includes(rule)) failures.push({ page: target.label, id: rule, impact: "not passed" });
    }
    assert.deepEqual(watcher.problems(), [], `console noise on ${target.label}`);
    await page.close();
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(env.browser.offsite, []);
  assert.deepEqual(ja.browser.offsite, []);
});

test("theme strings in the French tree are French, and read as French", async (t) => {
  const { page, watcher } = await newPage(t, env.browser);
  // The kind word of a card, as the item page's eyebrow says it.
  const kinds = Object.fromEntries(
    ["one-pager", "objection", "case-study"].map((k) => [k, themeString("fr", `item_kind_${k.replace("-", "_")}`)]),
  );
  const wrong = [];
  // An untranslated page or card marks the English original's text lang="en":
  // the theme's own labels around and inside it stay French, and are
  // marked so (WCAG 3.1.2, language of parts).
  for (const rel of ["", TRANSLATED, UNTRANSLATED.url]) {
    await page.goto(env.server.url + FR_ROOT + rel);
    await ready(page, watcher);
    const labels = await page.$$eval(
      "main .eyebrow, main [id^='ek-'], main .card__label, main .card__objection .visually-hidden, main .card__collection",
      (els) =>
        els.map((el) => ({
          what: el.className || el.id,
          text: el.textContent.trim(),
          lang: el.closest("[lang]").getAttribute("lang"),
          kind: el.classList.contains("card__collection")
            ? [...el.closest(".card").classList].find((c) => c.startsWith("card--"))?.slice(6)
            : null,
        })),
    );
    assert.ok(labels.length > 0, `theme labels on ${rel || "home"}`);
    for (const { kind, ...l } of labels) {
      if (l.lang !== "fr") wrong.push({ page: FR_ROOT + rel, ...l, expected: "lang fr" });
      else if (kinds[kind] && l.text !== kinds[kind]) wrong.push({ page: FR_ROOT + rel, ...l, expected: kinds[kind] });
    }
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(watcher.problems(), [], "console errors or failed requests");
});
