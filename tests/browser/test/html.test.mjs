// Every generated HTML page of the example kit (both versions, every portal,
// redirects and 404 pages included) is valid HTML according to the Nu Html
// Checker (vnu.jar from the vnu-jar package, run on the machine's Java).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { buildKit, walk, unzip } from "../lib.mjs";

const require = createRequire(import.meta.url);
const VNU = path.join(path.dirname(require.resolve("vnu-jar/package.json")), "build", "dist", "vnu.jar");

let kit;

before(() => {
  kit = buildKit();
});

after(() => {
  if (kit) fs.rmSync(kit.tmp, { recursive: true, force: true });
});

test("java and vnu.jar are there", () => {
  assert.ok(fs.existsSync(VNU), `${VNU} is missing: run npm ci in tests/browser`);
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  assert.equal(java.error, undefined, "java is not installed: apt-get install -y default-jre-headless (run.sh does)");
  assert.equal(java.status, 0, java.stderr);
});

test("vnu finds no errors in any generated page", (t) => {
  const files = walk(kit.out, (f) => f.endsWith(".html"));
  // 2 versions x 6 portals x ~26 pages, plus 404s and the portal redirects.
  assert.ok(files.length > 250, `only ${files.length} HTML files`);
  // The offline copies (links rewritten for reading from disk) are pages too.
  // One per portal, in its latest/.
  const zips = walk(kit.out, (f) => f.endsWith(".zip"));
  assert.ok(zips.length >= 6, `only ${zips.length} offline zips`);
  for (const zip of zips) {
    const dest = path.join(kit.tmp, "offline", path.relative(kit.out, zip).replace(/[\\/]/g, "_"));
    files.push(...unzip(zip, dest).filter((f) => f.endsWith(".html")));
  }
  t.diagnostic(`${zips.length} offline zips unpacked`);
  const r = spawnSync(
    "java",
    ["-Xss2m", "-jar", VNU, "--errors-only", "--skip-non-html", "--format", "json", ...files],
    { encoding: "utf8", maxBuffer: 256 << 20 },
  );
  assert.equal(r.error, undefined, String(r.error));
  let report;
  try {
    report = JSON.parse(r.stderr || r.stdout);
  } catch {
    assert.fail(`vnu did not answer in JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  const errors = report.messages
    .filter((m) => m.type === "error" || m.subType === "fatal" || m.type === "non-document-error")
    .map((m) => `${path.relative(kit.out, new URL(m.url).pathname)}:${m.lastLine ?? "?"}: ${m.message}` + (m.extract ? `\n    ${m.extract.replace(/\s+/g, " ")}` : ""));
  t.diagnostic(`${files.length} HTML files checked, ${errors.length} errors`);
  assert.deepEqual(errors, []);
  assert.equal(r.status, 0, "vnu exit status");
});

test("vnu is not vacuous: an invalid page is reported", () => {
  const bad = path.join(kit.tmp, "bad.html");
  fs.writeFileSync(bad, "<!DOCTYPE html><html lang=en><head><title>x</title></head><body><p><div></p></body></html>");
  const r = spawnSync("java", ["-jar", VNU, "--errors-only", "--format", "json", bad], { encoding: "utf8" });
  const messages = JSON.parse(r.stderr).messages;
  assert.ok(messages.some((m) => m.type === "error"), JSON.stringify(messages));
  assert.notEqual(r.status, 0);
});
