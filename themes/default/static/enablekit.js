/*
 * enablekit default theme: progressive enhancements.
 *
 * Plain ES2017, no dependencies, no inline handlers (the hosting config sends
 * a strict Content-Security-Policy). Everything here is optional: pages work
 * without it, and every failure is silent (no console output), e.g. when a
 * page is opened straight from disk (file://) and fetch is unavailable.
 *
 * - Version switcher: reads ../versions.json relative to the portal version
 *   root and lets the reader jump to the same page in another version.
 * - "A newer version exists" banner when viewing an older version, linking
 *   to the same page there when that version's manifest.json lists it.
 * - What's new since any older version (?since=X), from two manifests.
 * - "Since your last visit": the newest version this browser has shown of a
 *   portal is kept in localStorage (nothing is sent anywhere); a visit to a
 *   newer version lists the pages that changed in between.
 * - Copy button on short answers ([data-copy]) and a print button on
 *   printable items ([data-printable], one-pagers).
 * - Search, the Start here checklist and the category/industry filters.
 * - Wide tables and code blocks that scroll are focusable (keyboard users
 *   can scroll them), and the phone navigation scrolls to the current page.
 */
(function () {
  "use strict";

  var VERSIONS_FILE = "../versions.json";
  var LATEST_ALIAS = "latest";

  /* The theme's words for this script, in English: static/strings.js
   * (window.enablekitStrings, the portal's language, from the theme's
   * i18n/<lang>.yaml `js_` keys) says them in the reader's language. These
   * keep the script speaking when a page does not load strings.js (a theme
   * whose own base.html leaves it out). */
  var ENGLISH = {
    js_version_label: "Version",
    js_version_latest: "{version} (latest)",
    js_version_banner: "You are viewing version {version}. A newer version ({latest}) exists.",
    js_version_view_page: "View this page in version {version}",
    js_version_go_to: "Go to version {version}",
    js_since_visit_title: "Since your last visit",
    js_since_visit_dismiss: "Dismiss",
    js_since_visit_summary_one: "{count} page changed since version {version}.",
    js_since_visit_summary_other: "{count} pages changed since version {version}.",
    js_since_visit_more: "Everything new since version {version}",
    js_since_visit_new: "(new)",
    js_since_visit_updated: "(updated)",
    js_since_visit_removed: "(removed)",
    js_whats_new_since: "Changes since version {version}.",
    js_whats_new_nothing_changed: "Nothing changed in this portal since {version}.",
    js_whats_new_added: "Added",
    js_whats_new_updated: "Updated",
    js_whats_new_removed: "Removed",
    js_copy: "Copy",
    js_copy_label: "Copy the short answer",
    js_copied: "Copied",
    js_copied_status: "Short answer copied to the clipboard",
    js_print: "Print or save as PDF",
    js_search_index_failed: "The search index could not be loaded.",
    js_search_no_results: "No pages match \u201c{query}\u201d.",
    js_search_results_one: "{count} page matches \u201c{query}\u201d.",
    js_search_results_other: "{count} pages match \u201c{query}\u201d.",
    js_checklist_progress: "{done} of {total} steps done",
    js_checklist_done: "Done",
    js_table: "Table",
    js_code: "Code",
    js_code_lang: "Code ({lang})",
    js_table_sortable: "column headings sort the table",
    js_days_ago_one: "({count} day ago)",
    js_days_ago_other: "({count} days ago)",
    js_quarterly_from_signing: "(quarterly from signing)",
    js_question_unanswered: "Not answered.",
    js_question_right: "Right.",
    js_question_wrong: "Not quite.",
    js_score_passed: "{right} of {total} right ({percent}%): passed.",
    js_score_failed: "{right} of {total} right ({percent}%): you need {pass}% to pass; read the explanations and try again.",
    js_score_short: "{right} of {total}",
    js_score_percent: "{percent}%"
  };

  /* `key`'s text, its `{name}` placeholders filled from `vars`. */
  function t(key, vars) {
    var own = window.enablekitStrings;
    var text = own && typeof own[key] === "string" ? own[key] : ENGLISH[key];
    return String(text === undefined ? key : text).replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole;
    });
  }

  function canFetch() {
    return (
      typeof window.fetch === "function" &&
      typeof window.URL === "function" &&
      (location.protocol === "http:" || location.protocol === "https:")
    );
  }

  function pathSegments(pathname) {
    return pathname.split("/").filter(function (s) {
      return s !== "";
    });
  }

  function safeDecode(s) {
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return s;
    }
  }

  /*
   * Where are we? rootURL is the portal version root (".../<version>/"),
   * `rel` the current page's path below it ("objections/price/" or "").
   */
  function versionContext(el) {
    var rootURL = new URL(el.getAttribute("data-root") || "./", location.href);
    var segs = pathSegments(rootURL.pathname);
    if (segs.length === 0) {
      return null;
    }
    /* A language other than the portal's first has its own tree ("fr/")
     * in every version: pages, manifest and what's new live there. */
    var tree = el.getAttribute("data-tree") || "";
    var treeURL = new URL(tree, rootURL);
    var rel = "";
    if (location.pathname.indexOf(treeURL.pathname) === 0) {
      rel = location.pathname.slice(treeURL.pathname.length);
    }
    return {
      rootURL: rootURL,
      treeURL: treeURL,
      tree: tree,
      parentURL: new URL("../", rootURL),
      current: safeDecode(segs[segs.length - 1]),
      rel: rel
    };
  }

  /* The same language's tree in `version`. */
  function versionRoot(ctx, version) {
    return new URL(encodeURIComponent(version) + "/" + ctx.tree, ctx.parentURL);
  }

  var manifests = {};

  /* A version's manifest.json (cached): the list of its item pages. Reading
   * it instead of probing URLs keeps 404s (and console noise) away. */
  async function manifestOf(ctx, version) {
    if (!manifests[version]) {
      manifests[version] = fetch(new URL("manifest.json", versionRoot(ctx, version)).href, {
        credentials: "same-origin",
        cache: "no-cache"
      }).then(function (res) {
        return res.ok ? res.json() : null;
      });
    }
    return manifests[version];
  }

  /* Pages that are not items (home, lists, what's new…) sit one folder deep
   * or at the root and exist in every version. */
  function isStructuralPage(rel) {
    return pathSegments(rel).length <= 1;
  }

  /* The same page in `version` if it exists there, else that version's root. */
  async function samePageIn(ctx, version) {
    var root = versionRoot(ctx, version);
    if (!ctx.rel || isStructuralPage(ctx.rel)) {
      var same = new URL("./" + ctx.rel, root);
      return { href: same.href, samePage: true };
    }
    try {
      var manifest = await manifestOf(ctx, version);
      var found = manifest && Array.isArray(manifest.pages) && manifest.pages.some(function (p) {
        return p && p.url === ctx.rel;
      });
      if (found) {
        var page = new URL("./" + ctx.rel, root);
        page.hash = location.hash;
        return { href: page.href, samePage: true };
      }
    } catch (e) {
      /* unreadable manifest: fall back to the version root */
    }
    return { href: root.href, samePage: false };
  }

  async function loadVersions(ctx) {
    var res = await fetch(new URL(VERSIONS_FILE, ctx.rootURL).href, {
      credentials: "same-origin",
      cache: "no-cache"
    });
    if (!res.ok) {
      return null;
    }
    var data = await res.json();
    if (!Array.isArray(data)) {
      return null;
    }
    // versions.json is already newest first (by version number).
    return data.filter(function (v) {
      return v && typeof v.version === "string" && v.version !== "";
    });
  }

  function findCurrent(ctx, versions) {
    var i;
    for (i = 0; i < versions.length; i++) {
      if (versions[i].version === ctx.current) {
        return versions[i];
      }
    }
    if (ctx.current === LATEST_ALIAS) {
      for (i = 0; i < versions.length; i++) {
        if (versions[i].latest === true) {
          return versions[i];
        }
      }
    }
    return null;
  }

  function findLatest(versions) {
    for (var i = 0; i < versions.length; i++) {
      if (versions[i].latest === true) {
        return versions[i];
      }
    }
    return null;
  }

  function renderSwitcher(el, ctx, versions, currentEntry) {
    var id = "ek-version-select";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = t("js_version_label");

    var select = document.createElement("select");
    select.id = id;
    versions.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v.version;
      option.textContent = v.latest === true ? t("js_version_latest", { version: v.version }) : v.version;
      if (v === currentEntry) {
        option.selected = true;
        option.defaultSelected = true;
      }
      select.appendChild(option);
    });

    var navigating = false;
    select.addEventListener("change", function () {
      var chosen = select.value;
      if (navigating || chosen === currentEntry.version) {
        return;
      }
      navigating = true;
      select.setAttribute("aria-busy", "true");
      samePageIn(ctx, chosen)
        .then(function (target) {
          location.assign(target.href);
        })
        .catch(function () {
          location.assign(versionRoot(ctx, chosen).href);
        });
    });

    // Coming back with the browser's back button (bfcache) must not leave the
    // select showing the version we navigated to.
    window.addEventListener("pageshow", function () {
      navigating = false;
      select.removeAttribute("aria-busy");
      select.value = currentEntry.version;
    });

    el.textContent = "";
    el.appendChild(label);
    el.appendChild(select);
    el.removeAttribute("data-pending");
  }

  async function renderBanner(ctx, versions, currentEntry) {
    var banner = document.querySelector(".version-banner");
    if (!banner || ctx.current === LATEST_ALIAS || currentEntry.latest === true) {
      return;
    }
    var latest = findLatest(versions);
    if (!latest || latest.version === currentEntry.version) {
      return;
    }
    var target = await samePageIn(ctx, latest.version);

    var inner = document.createElement("div");
    inner.className = "container";
    var p = document.createElement("p");
    p.appendChild(
      document.createTextNode(
        t("js_version_banner", { version: currentEntry.version, latest: latest.version }) + " "
      )
    );
    var link = document.createElement("a");
    link.href = target.href;
    link.textContent = target.samePage
      ? t("js_version_view_page", { version: latest.version })
      : t("js_version_go_to", { version: latest.version });
    p.appendChild(link);
    inner.appendChild(p);

    banner.textContent = "";
    banner.appendChild(inner);
    banner.hidden = false;
  }

  async function initVersions() {
    var el = document.querySelector(".version-switcher");
    if (!el || !canFetch()) {
      return;
    }
    var ctx = versionContext(el);
    if (!ctx) {
      return;
    }
    var versions = await loadVersions(ctx);
    if (!versions || versions.length === 0) {
      return;
    }
    var currentEntry = findCurrent(ctx, versions);
    if (!currentEntry) {
      // Not inside a published version (e.g. a 404 page served for a deep
      // path, or a preview build): show nothing rather than something wrong.
      return;
    }
    renderSwitcher(el, ctx, versions, currentEntry);
    // Independent: a banner that cannot find its page must not hide the notice.
    await Promise.all([
      renderBanner(ctx, versions, currentEntry),
      showSinceVisit(ctx, versions, currentEntry)
    ]);
  }

  /* Since your last visit. The mark is per portal (its folder above the
   * versions), so latest/ and <version>/ share it. */
  function lastSeenKey(ctx) {
    return "enablekit:last-seen:" + ctx.parentURL.pathname;
  }

  /* Position in versions.json (newest first), -1 if not listed: the order
   * comes from there, never from parsing version strings. */
  function versionIndex(versions, version) {
    for (var i = 0; i < versions.length; i++) {
      if (versions[i].version === version) {
        return i;
      }
    }
    return -1;
  }

  async function showSinceVisit(ctx, versions, currentEntry) {
    var key = lastSeenKey(ctx);
    var seen = readJson(key);
    var was = typeof seen === "string" ? versionIndex(versions, seen) : -1;
    if (was === -1) {
      // First visit, or a version no longer published (nothing to compare
      // with, and older than any listed one): start counting from here.
      writeJson(key, currentEntry.version);
      return;
    }
    if (versions.indexOf(currentEntry) >= was) {
      return; // the same version, or an archived older one: keep the mark
    }
    var pair = await Promise.all([manifestOf(ctx, seen), manifestOf(ctx, currentEntry.version)]);
    var diff = diffManifests(pair[0], pair[1]);
    if (!diff) {
      return; // unreadable manifests: leave the mark, offer it next visit
    }
    if (diff.added.length + diff.updated.length + diff.removed.length > 0) {
      placeNotice(sinceVisitNotice(ctx, seen, diff));
    }
    writeJson(key, currentEntry.version);
  }

  function sinceVisitNotice(ctx, seen, diff) {
    var section = document.createElement("section");
    section.className = "since-visit";
    section.setAttribute("aria-labelledby", "since-visit-title");
    section.appendChild(sinceVisitHeader(section));
    var count = diff.added.length + diff.updated.length + diff.removed.length;
    var summary = document.createElement("p");
    summary.className = "since-visit__summary";
    summary.textContent = t(count === 1 ? "js_since_visit_summary_one" : "js_since_visit_summary_other", { count: count, version: seen });
    section.appendChild(summary);
    section.appendChild(sinceVisitList(ctx, diff));
    var more = document.createElement("p");
    more.className = "since-visit__more";
    var a = document.createElement("a");
    a.href = new URL("whats-new/?since=" + encodeURIComponent(seen), ctx.treeURL).href;
    a.textContent = t("js_since_visit_more", { version: seen });
    more.appendChild(a);
    section.appendChild(more);
    return section;
  }

  function sinceVisitHeader(section) {
    var header = document.createElement("div");
    header.className = "since-visit__header";
    var h = document.createElement("h2");
    h.id = "since-visit-title";
    h.className = "since-visit__title";
    h.textContent = t("js_since_visit_title");
    var dismiss = makeButton(t("js_since_visit_dismiss"), "since-visit__dismiss");
    dismiss.addEventListener("click", function () {
      section.parentNode.removeChild(section);
      // The button had focus: hand it to main, not back to the page's start.
      var main = document.getElementById("main");
      if (main) {
        main.focus();
      }
    });
    header.appendChild(h);
    header.appendChild(dismiss);
    return header;
  }

  /* One list, each entry saying how it changed; removed pages have no page
   * left to link to. */
  function sinceVisitList(ctx, diff) {
    var ul = document.createElement("ul");
    ul.className = "since-visit__list";
    [["added", "js_since_visit_new", true], ["updated", "js_since_visit_updated", true], ["removed", "js_since_visit_removed", false]].forEach(function (kind) {
      diff[kind[0]].forEach(function (e) {
        var li = changeItem(e, ctx, kind[2]);
        li.className = "since-visit__item since-visit__item--" + kind[0];
        var label = document.createElement("span");
        label.className = "since-visit__kind";
        label.textContent = t(kind[1]);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(label);
        ul.appendChild(li);
      });
    });
    return ul;
  }

  /* At the top of main, after a portal's "partnership has ended" notice. */
  function placeNotice(section) {
    var main = document.querySelector("main");
    if (!main) {
      return;
    }
    var container = main.querySelector(".container") || main;
    var ended = container.querySelector(":scope > .ended-notice");
    container.insertBefore(section, ended ? ended.nextSibling : container.firstChild);
  }

  /* What's new: compare this version with any older one (?since=X) from the
   * two manifests, so old versions never need rebuilding. */
  function changeSection(kind, title, entries, ctx, linked) {
    var section = document.createElement("section");
    section.className = "changes changes--" + kind;
    var h = document.createElement("h2");
    h.textContent = title + " ";
    var count = document.createElement("span");
    count.className = "count";
    count.textContent = String(entries.length);
    h.appendChild(count);
    section.appendChild(h);
    var ul = document.createElement("ul");
    ul.className = "change-list";
    entries.forEach(function (e) {
      ul.appendChild(changeItem(e, ctx, linked));
    });
    section.appendChild(ul);
    return section;
  }

  /* A manifest entry as a list item, a link to its page in this version. */
  function changeItem(e, ctx, linked) {
    var li = document.createElement("li");
    if (linked) {
      var a = document.createElement("a");
      a.href = new URL(e.url, ctx.treeURL).href;
      a.textContent = e.title;
      li.appendChild(a);
    } else {
      li.textContent = e.title;
    }
    return li;
  }

  /* Pages added, updated (another hash) or removed between two manifests,
   * matched by key; null unless both list their pages. */
  function diffManifests(older, newer) {
    if (!older || !newer || !Array.isArray(older.pages) || !Array.isArray(newer.pages)) {
      return null;
    }
    var before = {};
    older.pages.forEach(function (e) { before[e.key] = e; });
    var after = {};
    newer.pages.forEach(function (e) { after[e.key] = e; });
    var diff = { added: [], updated: [], removed: [] };
    newer.pages.forEach(function (e) {
      if (!before[e.key]) { diff.added.push(e); } else if (before[e.key].hash !== e.hash) { diff.updated.push(e); }
    });
    older.pages.forEach(function (e) {
      if (!after[e.key]) { diff.removed.push(e); }
    });
    return diff;
  }

  async function initWhatsNew() {
    var form = document.querySelector(".since-form");
    var lists = document.getElementById("whats-new-lists");
    if (!form || !lists || !canFetch()) {
      return;
    }
    var ctx = versionContext(form);
    if (!ctx) {
      return;
    }
    var versions = await loadVersions(ctx);
    var current = versions && findCurrent(ctx, versions);
    if (!current) {
      return;
    }
    var older = versions.filter(function (v) {
      return v.version !== current.version && versions.indexOf(v) > versions.indexOf(current);
    });
    if (older.length === 0) {
      return;
    }
    var select = form.querySelector("select");
    var wanted = new URLSearchParams(location.search).get("since");
    older.forEach(function (v) {
      var option = document.createElement("option");
      option.value = v.version;
      option.textContent = v.version;
      if (v.version === wanted) {
        option.selected = true;
      }
      select.appendChild(option);
    });
    form.hidden = false;
    if (!wanted || !older.some(function (v) { return v.version === wanted; })) {
      return;
    }
    var pair = await Promise.all([manifestOf(ctx, wanted), manifestOf(ctx, current.version)]);
    var diff = diffManifests(pair[0], pair[1]);
    if (!diff) {
      return;
    }
    var added = diff.added, updated = diff.updated, removed = diff.removed;
    var lede = document.getElementById("whats-new-lede");
    if (lede) {
      lede.textContent = t("js_whats_new_since", { version: wanted });
    }
    lists.textContent = "";
    if (added.length + updated.length + removed.length === 0) {
      var p = document.createElement("p");
      p.className = "empty";
      p.textContent = t("js_whats_new_nothing_changed", { version: wanted });
      lists.appendChild(p);
    }
    if (added.length) { lists.appendChild(changeSection("added", t("js_whats_new_added"), added, ctx, true)); }
    if (updated.length) { lists.appendChild(changeSection("updated", t("js_whats_new_updated"), updated, ctx, true)); }
    if (removed.length) { lists.appendChild(changeSection("removed", t("js_whats_new_removed"), removed, ctx, false)); }
  }

  function makeButton(text, extraClass) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary button--small " + extraClass;
    button.textContent = text;
    return button;
  }

  function initCopyButtons() {
    if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function" || !window.isSecureContext) {
      return;
    }
    var targets = document.querySelectorAll("[data-copy]");
    Array.prototype.forEach.call(targets, function (target) {
      var container = target.parentNode;
      if (!container) {
        return;
      }
      var button = makeButton(t("js_copy"), "copy-button");
      button.setAttribute("aria-label", t("js_copy_label"));
      var status = document.createElement("span");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      var timer = 0;
      button.addEventListener("click", function () {
        navigator.clipboard
          .writeText(target.textContent.trim())
          .then(function () {
            button.textContent = t("js_copied");
            button.setAttribute("data-state", "copied");
            status.textContent = t("js_copied_status");
            window.clearTimeout(timer);
            timer = window.setTimeout(function () {
              button.textContent = t("js_copy");
              button.removeAttribute("data-state");
              status.textContent = "";
            }, 2000);
          })
          .catch(function () {
            /* clipboard refused: nothing to do */
          });
      });
      container.appendChild(button);
      container.appendChild(status);
    });
  }

  function initPrintButtons() {
    if (typeof window.print !== "function") {
      return;
    }
    var items = document.querySelectorAll("[data-printable]");
    Array.prototype.forEach.call(items, function (item) {
      var header = item.querySelector(".item__header");
      if (!header) {
        return;
      }
      var actions = document.createElement("div");
      actions.className = "item__actions";
      var button = makeButton(t("js_print"), "print-button");
      button.addEventListener("click", function () {
        window.print();
      });
      actions.appendChild(button);
      header.appendChild(actions);
    });
  }

  function run(fn) {
    try {
      var result = fn();
      if (result && typeof result.catch === "function") {
        result.catch(function () {
          /* fail silently */
        });
      }
    } catch (e) {
      /* fail silently */
    }
  }

  /* Search over this portal's search-index.js (built by enablekit: each
   * word with the pages that contain it and a weight), instant as you type,
   * filtered by collection. Works on any static host. */
  var STOP = ("a an and are as at be but by for from has have in is it its of on or that the " +
    "their them they this to was we were will with you your").split(" ");

  /* Han, kana and hangul (src/search.rs `is_cjk`): written without spaces,
   * so indexed as overlapping pairs of characters. */
  var CJK = /[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{2ffff}]/u;

  /* A word's runs of CJK and other characters: pairs for the first, the
   * lowercased word (plural s trimmed) for the second. */
  function scriptRuns(word) {
    var out = [];
    var chars = Array.from(word);
    var start = 0;
    while (start < chars.length) {
      var cjk = CJK.test(chars[start]);
      var end = start;
      while (end < chars.length && CJK.test(chars[end]) === cjk) { end++; }
      var run = chars.slice(start, end);
      if (cjk && run.length === 1) {
        out.push(run[0]);
      } else if (cjk) {
        for (var i = 0; i + 1 < run.length; i++) { out.push(run[i] + run[i + 1]); }
      } else {
        var w = run.join("").toLowerCase();
        if (Array.from(w).length > 3 && /s$/.test(w) && !/ss$/.test(w)) { w = w.slice(0, -1); }
        out.push(w);
      }
      start = end;
    }
    return out;
  }

  /* Split and normalise like the index does (src/search.rs `words`):
   * accents folded ("muller" finds "Müller"), CJK as pairs. */
  function queryWords(text) {
    var folded = Array.from(text.normalize("NFC")).map(function (c) {
      return CJK.test(c) ? c : c.normalize("NFD").replace(/\p{M}/gu, "");
    }).join("");
    var words = [];
    folded.split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
      if (w) { words = words.concat(scriptRuns(w)); }
    });
    return words.filter(function (w) {
      var n = Array.from(w).length;
      return (n > 1 || (n === 1 && CJK.test(w))) && STOP.indexOf(w) < 0;
    });
  }

  /* Scripts load from disk as well as over http, where fetch() from
   * file:// is refused: the index is scripts (src/render/search/files.rs). */
  var loading = {};
  function loadScript(url) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () { resolve(true); };
        script.onerror = function () { resolve(false); };
        document.head.appendChild(script);
      });
    }
    return loading[url];
  }

  function loadIndex(url) {
    if (window.enablekitSearchIndex) {
      return Promise.resolve(window.enablekitSearchIndex);
    }
    return loadScript(url).then(function () {
      var data = window.enablekitSearchIndex;
      return data && data.v === 2 ? data : null;
    });
  }

  /* A chunk of the index by name, or null if it would not load. */
  function loadChunk(root, name) {
    return loadScript(new URL("search-index/" + name + ".js", root).href).then(function () {
      var chunks = window.enablekitSearchChunks || {};
      return Object.prototype.hasOwnProperty.call(chunks, name) ? chunks[name] : null;
    });
  }

  /* Code point order, as the index sorts words (UTF-16 order differs
   * above U+FFFF). */
  function compare(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d !== 0) { return d; }
    }
    return x.length - y.length;
  }

  /* The word chunks that can hold words starting with q: the one whose
   * range q falls in, and every later one whose first word starts with q. */
  function chunksFor(data, q) {
    var lo = 0, hi = data.words.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (compare(data.words[mid][0], q) <= 0) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    var names = [];
    for (var i = at; i < data.words.length; i++) {
      if (i > at && data.words[i][0].lastIndexOf(q, 0) !== 0) { break; }
      names.push(data.words[i][1]);
    }
    return names;
  }

  /* Add to `found` the pages of every word starting with `prefix`
   * (`exact`: a word equal to it counts double); false if a chunk would
   * not load. */
  async function addPrefix(data, root, prefix, exact, found) {
    var chunks = await Promise.all(chunksFor(data, prefix).map(function (n) { return loadChunk(root, n); }));
    for (var c = 0; c < chunks.length; c++) {
      if (!chunks[c]) { return false; }
      Object.keys(chunks[c]).forEach(function (term) {
        if (term.lastIndexOf(prefix, 0) === 0) {
          var list = chunks[c][term];
          var weight = exact && term === exact ? 2 : 1;
          for (var i = 0; i < list.length; i += 2) {
            found[list[i]] = (found[list[i]] || 0) + list[i + 1] * weight;
          }
        }
      });
    }
    return true;
  }

  /* The Snowball stem of a query word cannot be computed here, but the
   * index marks every stem of its words ("~" and the stem, no pages): the
   * longest marked prefix of the word, at least 60 % of it, is its stem,
   * searched as a prefix too, so "sécurisées" finds "sécurisé". */
  async function stemOf(data, root, q) {
    if (q.length < 5 || CJK.test(q)) { return null; }
    var min = Math.max(4, Math.ceil(q.length * 0.6));
    var chunks = await Promise.all(chunksFor(data, "~" + q.slice(0, min)).map(function (n) { return loadChunk(root, n); }));
    for (var k = q.length - 1; k >= min; k--) {
      var key = "~" + q.slice(0, k);
      for (var c = 0; c < chunks.length; c++) {
        if (chunks[c] && Object.prototype.hasOwnProperty.call(chunks[c], key)) { return q.slice(0, k); }
      }
    }
    return null;
  }

  /* Pages matching every query word (as a prefix: "expens" finds
   * "expensive"; or through its stem), best first, as [doc number, score];
   * null if a chunk would not load. */
  async function searchIndex(data, root, words) {
    var scores = null;
    for (var w = 0; w < words.length; w++) {
      var q = words[w];
      var found = {};
      if (!(await addPrefix(data, root, q, q, found))) { return null; }
      var stem = await stemOf(data, root, q);
      if (stem && !(await addPrefix(data, root, stem, null, found))) { return null; }
      if (scores === null) {
        scores = found;
      } else {
        var both = {};
        Object.keys(scores).forEach(function (d) {
          if (found[d]) { both[d] = scores[d] + found[d]; }
        });
        scores = both;
      }
    }
    return Object.keys(scores || {}).map(function (d) {
      return [+d, scores[d]];
    }).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  /* What the first results show, from the doc chunks they are in. */
  async function describe(data, root, hits) {
    var size = data.per;
    var chunks = {};
    await Promise.all(hits.map(function (h) { return Math.floor(h[0] / size); })
      .filter(function (k, i, all) { return all.indexOf(k) === i; })
      .map(function (k) {
        return loadChunk(root, data.docs[k]).then(function (docs) { chunks[k] = docs; });
      }));
    var out = [];
    for (var i = 0; i < hits.length; i++) {
      var docs = chunks[Math.floor(hits[i][0] / size)];
      if (!docs) { return null; }
      out.push(docs[hits[i][0] % size]);
    }
    return out;
  }

  /* A page's link: from disk a folder does not open its index.html, so
   * the offline copy's links name it (as publish/offline.rs rewrites them). */
  function pageHref(url) {
    return location.protocol === "file:" && /\/$/.test(url.pathname)
      ? new URL("index.html" + url.hash, url).href
      : url.href;
  }

  function resultItem(d, root) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = pageHref(new URL(d.u, root));
    a.textContent = d.t;
    li.appendChild(a);
    var c = document.createElement("span");
    c.className = "search-results__collection";
    c.textContent = d.ct;
    li.appendChild(c);
    if (d.s) {
      var p = document.createElement("p");
      p.className = "search-results__summary";
      p.textContent = d.s;
      li.appendChild(p);
    }
    return li;
  }

  async function initSearch() {
    var form = document.querySelector("form[data-search]");
    if (!form || typeof window.URL !== "function") {
      return;
    }
    var root = new URL(form.getAttribute("data-search") || "./", location.href);
    var input = form.querySelector("input[type=search]");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    // Show the query at once, before the index arrives: typing that starts
    // while it loads must not be overwritten.
    var initial = new URLSearchParams(location.search).get("q");
    if (initial && !input.value) {
      input.value = initial;
    }
    input.focus();
    var data = await loadIndex(new URL("search-index.js", root).href);
    if (!data) {
      status.textContent = t("js_search_index_failed");
      return;
    }
    function allowed() {
      var boxes = form.querySelectorAll("input[name=c]");
      var on = {};
      Array.prototype.forEach.call(boxes, function (b) { if (b.checked) { on[b.value] = true; } });
      return boxes.length ? on : null;
    }
    // Chunks arrive out of order: only the newest query may write.
    var latest = 0;
    async function show() {
      var mine = ++latest;
      var q = input.value.trim();
      var words = queryWords(q);
      if (!q || words.length === 0) {
        list.textContent = "";
        status.textContent = "";
        return;
      }
      var filter = allowed();
      var hits = await searchIndex(data, root, words);
      var matching = hits && hits.filter(function (h) {
        return !filter || filter[data.cs[data.dc[h[0]]]];
      });
      var shown = matching && await describe(data, root, matching.slice(0, 50));
      if (mine !== latest) {
        return;
      }
      list.textContent = "";
      if (!shown) {
        status.textContent = t("js_search_index_failed");
        return;
      }
      var count = matching.length;
      status.textContent = count === 0
        ? t("js_search_no_results", { query: q })
        : t(count === 1 ? "js_search_results_one" : "js_search_results_other", { count: count, query: q });
      shown.forEach(function (d) { list.appendChild(resultItem(d, root)); });
    }
    input.addEventListener("input", show);
    form.addEventListener("change", show);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      show();
    });
    show();
  }

  /* Start here: a checklist kept in this browser (localStorage). */
  function initChecklist() {
    var listEl = document.querySelector("[data-checklist]");
    if (!listEl) {
      return;
    }
    var store;
    try {
      store = window.localStorage;
      store.getItem("x");
    } catch (e) {
      return;
    }
    var key = "enablekit:start-here:" + listEl.getAttribute("data-checklist") + ":" +
      new URL("../", location.href).pathname;
    var done = {};
    try {
      done = JSON.parse(store.getItem(key) || "{}") || {};
    } catch (e) {
      done = {};
    }
    var progress = document.querySelector("[data-checklist-progress]");
    var slots = listEl.querySelectorAll("[data-step]");
    function update() {
      var count = 0;
      Array.prototype.forEach.call(slots, function (slot) {
        var on = done[slot.getAttribute("data-step")] === true;
        if (on) { count++; }
        slot.closest(".step").classList.toggle("step--done", on);
      });
      if (progress) {
        progress.textContent = t("js_checklist_progress", { done: count, total: slots.length });
        progress.hidden = false;
      }
    }
    Array.prototype.forEach.call(slots, function (slot, i) {
      var id = "step-done-" + (i + 1);
      var box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.checked = done[slot.getAttribute("data-step")] === true;
      var label = document.createElement("label");
      label.htmlFor = id;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + t("js_checklist_done")));
      box.addEventListener("change", function () {
        done[slot.getAttribute("data-step")] = box.checked;
        try {
          store.setItem(key, JSON.stringify(done));
        } catch (e) {
          /* storage full or blocked: the tick still shows until reload */
        }
        update();
      });
      slot.appendChild(label);
      slot.hidden = false;
    });
    update();
  }

  /* Industry/category chips: with JavaScript they filter; without, they jump. */
  function initGroupFilter() {
    var nav = document.querySelector("[data-group-filter]");
    if (!nav) {
      return;
    }
    var chips = nav.querySelectorAll("[data-group]");
    var active = null;
    Array.prototype.forEach.call(chips, function (chip) {
      chip.setAttribute("role", "button");
      chip.setAttribute("aria-pressed", "false");
      chip.addEventListener("click", function (e) {
        e.preventDefault();
        active = active === chip.getAttribute("data-group") ? null : chip.getAttribute("data-group");
        Array.prototype.forEach.call(chips, function (c) {
          c.setAttribute("aria-pressed", String(c.getAttribute("data-group") === active));
        });
        Array.prototype.forEach.call(document.querySelectorAll("section.group"), function (g) {
          g.hidden = active !== null && g.id !== active;
        });
      });
    });
  }

  /* Wide tables and code blocks scroll sideways. A region that scrolls must
   * be reachable with the keyboard: while it overflows it is focusable and
   * named (tables get a wrapper, so the table keeps its table semantics;
   * the theme's own tables, the scorecard's and the portfolio's, come in a
   * .table-wrap, named after the table's caption). */
  function initScrollRegions() {
    var regions = [];
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      var table = wrap.querySelector("table");
      var caption = table && table.caption ? table.caption.textContent.replace(/\s+/g, " ").trim() : "";
      regions.push({ el: wrap, name: caption || t("js_table") });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".prose table"), function (table) {
      if (table.parentNode.classList && table.parentNode.classList.contains("scroll-region")) {
        return;
      }
      var wrap = document.createElement("div");
      wrap.className = "scroll-region";
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(table);
      regions.push({ el: wrap, name: t("js_table") });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".prose pre, pre.code"), function (pre) {
      var lang = pre.getAttribute("data-lang");
      regions.push({ el: pre, name: lang ? t("js_code_lang", { lang: lang }) : t("js_code") });
    });
    if (regions.length === 0) {
      return;
    }
    function update() {
      regions.forEach(function (r) {
        var scrolls = r.el.scrollWidth > r.el.clientWidth + 1;
        if (scrolls && !r.el.hasAttribute("tabindex")) {
          r.el.setAttribute("tabindex", "0");
          r.el.setAttribute("role", "region");
          r.el.setAttribute("aria-label", r.name);
        } else if (!scrolls && r.el.getAttribute("tabindex") === "0") {
          r.el.removeAttribute("tabindex");
          r.el.removeAttribute("role");
          r.el.removeAttribute("aria-label");
        }
      });
    }
    update();
    if (typeof window.ResizeObserver === "function") {
      var observer = new window.ResizeObserver(update);
      regions.forEach(function (r) { observer.observe(r.el); });
    } else {
      window.addEventListener("resize", update);
    }
  }

  /* Task lists (`- [x] step`) render disabled checkboxes with no label:
   * name each one after the text of its item. */
  function initTaskLists() {
    var boxes = document.querySelectorAll(".prose li > input[type=checkbox]");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.hasAttribute("aria-label") || box.labels && box.labels.length) {
        return;
      }
      var text = box.parentNode.textContent.replace(/\s+/g, " ").trim();
      box.setAttribute("aria-label", text.length > 120 ? text.slice(0, 117) + "\u2026" : text);
    });
  }

  /* On phones the main navigation is one row that scrolls sideways: bring
   * the current section into view. */
  function initNavScroll() {
    var list = document.querySelector(".site-nav__list");
    var active = list && list.querySelector(".is-active");
    if (!active || list.scrollWidth <= list.clientWidth) {
      return;
    }
    var item = active.parentNode.getBoundingClientRect();
    var box = list.getBoundingClientRect();
    var target = list.scrollLeft + item.left - box.left - (box.width - item.width) / 2;
    list.scrollLeft = Math.max(0, target);
  }

  /* From disk (a built folder or offline.zip), the version switcher and
   * comparisons with other versions cannot read their files: say so. */
  function initOfflineNote() {
    if (location.protocol !== "file:") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-offline-note]"), function (el) {
      el.hidden = false;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-online-only]"), function (el) {
      el.hidden = true;
    });
  }

  /* Sortable tables (the staff portfolio): each column heading becomes a
   * button; cells sort by their data-sort value, numerically when the
   * column is marked data-type="number" (empty cells last). The table is
   * complete without this; only then does its caption say it sorts. */
  function initSortableTables() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
      var heads = table.tHead ? table.tHead.rows[0].cells : [];
      if (heads.length && table.caption) {
        table.caption.appendChild(document.createTextNode("; " + t("js_table_sortable")));
      }
      Array.prototype.forEach.call(heads, function (th, col) {
        var button = document.createElement("button");
        button.type = "button";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () {
          var descending = th.getAttribute("aria-sort") === "ascending";
          Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", descending ? "descending" : "ascending");
          sortRows(table.tBodies[0], col, th.getAttribute("data-type") === "number", descending);
        });
      });
    });
  }

  function sortRows(body, col, numeric, descending) {
    var key = function (row) {
      var cell = row.cells[col];
      return cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
    };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (numeric) {
        if (x === "" || y === "") return x === y ? 0 : (x === "" ? 1 : -1);
        return descending ? parseFloat(y) - parseFloat(x) : parseFloat(x) - parseFloat(y);
      }
      return descending ? y.localeCompare(x) : x.localeCompare(y);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  /* The partnership page's day counts, from the reader's today: the page
   * itself carries only dates, so it does not change from day to day. */
  function initStanding() {
    var DAY = 86400000;
    var today = new Date();
    var utcToday = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
    var parse = function (iso) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
      return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
    };
    Array.prototype.forEach.call(document.querySelectorAll("[data-days-since]"), function (el) {
      var days = Math.round((utcToday - parse(el.getAttribute("data-days-since"))) / DAY);
      if (isNaN(days) || days < 0) return;
      el.textContent = t(days === 1 ? "js_days_ago_one" : "js_days_ago_other", { count: days });
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-next-review]"), function (el) {
      var from = parse(el.getAttribute("data-next-review"));
      var every = parseInt(el.getAttribute("data-every"), 10);
      if (isNaN(from) || !(every > 0)) return;
      var periods = Math.max(0, Math.floor((utcToday - from) / DAY / every)) + 1;
      var next = new Date(from + periods * every * DAY).toISOString().slice(0, 10);
      var time = document.createElement("time");
      time.setAttribute("datetime", next);
      time.textContent = next;
      el.textContent = "";
      el.appendChild(time);
      el.appendChild(document.createTextNode(" " + t("js_quarterly_from_signing")));
    });
  }

  /* Knowledge checks of certification tracks: graded here, in the browser
   * (the page carries the answers; see the README). Each question shows
   * whether it was right and its explanation once answered; progress and a
   * pass are kept in localStorage per portal and track, so the completion
   * page survives a reload and works from an unzipped offline copy. */
  function initKnowledgeChecks() {
    Array.prototype.forEach.call(document.querySelectorAll(".knowledge-check"), function (check) {
      var form = check.querySelector(".knowledge-check__form");
      var key = "enablekit:track:" + check.getAttribute("data-track");
      var pass = parseFloat(check.getAttribute("data-pass")) || 80;
      var questions = Array.prototype.slice.call(form.querySelectorAll(".question"));
      var saved = readJson(key) || {};
      form.querySelector(".knowledge-check__needs-script").hidden = true;
      form.querySelector("button[type=submit]").hidden = false;
      questions.forEach(function (q, i) {
        var value = saved.answers && saved.answers[i];
        if (value != null) {
          var input = q.querySelector("input[value='" + value + "']");
          if (input) input.checked = true;
        }
      });
      var grade = function () {
        var right = 0;
        var answers = questions.map(function (q) {
          var chosen = q.querySelector("input:checked");
          var ok = chosen && chosen.value === q.getAttribute("data-answer");
          if (ok) right += 1;
          var result = q.querySelector(".question__result");
          result.hidden = false;
          result.textContent = t(!chosen ? "js_question_unanswered" : ok ? "js_question_right" : "js_question_wrong");
          result.className = "question__result question__result--" + (ok ? "right" : "wrong");
          var explanation = q.querySelector(".question__explanation");
          if (explanation) explanation.hidden = !chosen;
          return chosen ? chosen.value : null;
        });
        var percent = Math.round((right / questions.length) * 1000) / 10;
        var passed = percent >= pass;
        var score = form.querySelector(".knowledge-check__score");
        score.hidden = false;
        score.textContent = t(passed ? "js_score_passed" : "js_score_failed",
          { right: right, total: questions.length, percent: percent, pass: pass });
        var record = { answers: answers, percent: percent, passed: passed || !!saved.passed };
        record.date = passed ? new Date().toISOString().slice(0, 10) : saved.date;
        record.name = saved.name || "";
        writeJson(key, record);
        saved = record;
        showCompletion(check, saved, t("js_score_short", { right: right, total: questions.length }));
      };
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        grade();
      });
      if (saved.passed) showCompletion(check, saved, t("js_score_percent", { percent: saved.percent }));
      var name = check.querySelector(".completion__name-input");
      name.value = saved.name || "";
      name.addEventListener("input", function () {
        saved.name = name.value;
        writeJson(key, saved);
        fillCompletion(check, saved);
      });
      check.querySelector(".completion__print").addEventListener("click", function () {
        document.body.classList.add("printing-completion");
        window.print();
        document.body.classList.remove("printing-completion");
      });
    });
  }

  function showCompletion(check, record, score) {
    if (!record.passed) return;
    var completion = check.querySelector(".completion");
    completion.hidden = false;
    completion.querySelector("[data-completion-score]").textContent = score;
    fillCompletion(check, record);
  }

  function fillCompletion(check, record) {
    check.querySelector("[data-completion-name]").textContent = record.name || "—";
    check.querySelector("[data-completion-date]").textContent = record.date || "";
  }

  function readJson(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  function writeJson(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* Storage may be off (private mode): the check still grades. */
    }
  }

  function init() {
    run(initOfflineNote);
    run(initKnowledgeChecks);
    run(initStanding);
    run(initSortableTables);
    run(initScrollRegions);
    run(initTaskLists);
    run(initNavScroll);
    run(initSearch);
    run(initChecklist);
    run(initGroupFilter);
    run(initCopyButtons);
    run(initPrintButtons);
    run(initVersions);
    run(initWhatsNew);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
