// enablekit serve: reload on rebuild, show build errors over the page.
// Injected by the dev server only; never part of `enablekit build` output.
(function () {
  "use strict";
  var OVERLAY_ID = "enablekit-error-overlay";

  function showError(text) {
    var box = document.getElementById(OVERLAY_ID);
    if (!text) {
      if (box) { box.remove(); }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(17,24,39,.94);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,monospace";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "enablekit: the last edit broke the build";
    h.style.cssText = "color:#fca5a5;font:600 1.2rem system-ui,sans-serif;margin:0 0 1rem";
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    var note = document.createElement("p");
    note.textContent = "This page shows the last good build. Fix the file and save: the page reloads by itself.";
    note.style.cssText = "color:#d1d5db;font-family:system-ui,sans-serif";
    box.appendChild(h);
    box.appendChild(pre);
    box.appendChild(note);
  }

  function checkStatus() {
    fetch("/__enablekit/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) { showError(s.error); })
      .catch(function () {});
  }

  checkStatus();
  if (typeof EventSource !== "function") { return; }
  var events = new EventSource("/__enablekit/events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("error", function (e) {
    if (e && e.data) { checkStatus(); }
  });
})();
