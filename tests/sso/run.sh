#!/usr/bin/env bash
# End-to-end test of single sign-on: `enablekit host-config --server apache
# --sso oidc` against a real identity provider (the npm package
# `oidc-provider`, OpenID certified, with test accounts: tests/sso/idp.mjs)
# and a real relying party (Debian's Apache with mod_auth_openidc), both on
# loopback ports, with every file (config, pid, logs, runtime) in a temp
# dir. People sign in through the provider's form with curl, then ask for
# portals: their own opens, another partner's, the staff portal and a slug
# that is no portal answer 403 alike.
#
# It never skips: without Apache, mod_auth_openidc, node or curl it fails.
# It stops both servers by their own pids, whatever happens (trap on EXIT).
#
# Usage: tests/sso/run.sh        (from anywhere; builds with cargo first)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE/../.."

APACHE=/usr/sbin/apache2
MODULES=/usr/lib/apache2/modules
fail() { echo "sso: FAILED: $*" >&2; exit 1; }
[ -x "$APACHE" ] || fail "Apache is not installed (Debian: apt-get install -y apache2 libapache2-mod-auth-openidc); this test never skips."
[ -f "$MODULES/mod_auth_openidc.so" ] || fail "mod_auth_openidc is not installed (Debian: apt-get install -y libapache2-mod-auth-openidc)."
for tool in node npm curl python3; do
  command -v "$tool" >/dev/null || fail "\`$tool\` is not installed."
done

# The identity provider's npm packages: exactly the lock file.
stamp="$HERE/node_modules/.lock-sha256"
want="$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error </dev/null)
  echo "$want" >"$stamp"
fi

bin="$("$HERE/../../scripts/debug-bin")"
[ -x "$bin" ] || fail "cargo reported no binary ($bin)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/enablekit-sso.XXXXXX")"
prefix="$tmp/apache"
out="$tmp/public"
kit="$tmp/kit"
mkdir -p "$prefix/run" "$kit"
idp_pid=""
stop() {
  if [ -s "$prefix/apache.pid" ]; then
    local pid
    pid="$(cat "$prefix/apache.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [ -n "$idp_pid" ]; then kill -TERM "$idp_pid" 2>/dev/null || true; fi
}
cleanup() {
  local code=$?
  stop
  if [ "$code" -ne 0 ]; then
    for log in "$prefix/error.log" "$tmp/idp.log"; do
      [ -f "$log" ] && { echo "--- $log (last lines) ---" >&2; tail -n 30 "$log" >&2; }
    done
  fi
  rm -rf "$tmp"
  exit "$code"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
idp_port="$(free_port)"
port="$(free_port)"
idp="http://127.0.0.1:$idp_port"
base="http://127.0.0.1:$port"

A=atlas-cloud-group
B=northwind-digital
A_MARK="Welcome, Atlas Cloud Group"
B_MARK="Welcome, Northwind Digital"
S_MARK="Internal portal: for staff only"

# The example kit, built; its profiles copied so the test can change who
# is named. Atlas lets in its whole domain, Northwind one group besides
# its people; staff are kit.yaml's domain (lumora.example).
"$bin" build --root . --out "$out" --version 1.0.0 --quiet
cp -r kit.yaml partners "$kit/"
# The identity provider sends people back to base_url's callback.
sed -i "s|^base_url: .*|base_url: $base|" "$kit/kit.yaml"
echo 'sign_in: {domains: [atlascloud.example]}' >>"$kit/partners/$A.yaml"
echo 'sign_in: {groups: [northwind-sellers]}' >>"$kit/partners/$B.yaml"

# Test accounts: named people, a new hire known only by domain, a
# contractor known only by group, an unverified address, staff, a stranger.
python3 - "$tmp/idp.json" "$base" <<'PY'
import json, sys
accounts = {
    "grace.okafor@northwind.example": {"password": "grace-pw-1d9"},
    "tom.becker@atlascloud.example": {"password": "tom-pw-6b2"},
    "new.hire@atlascloud.example": {"password": "hire-pw-4c8"},
    "spoof@atlascloud.example": {"password": "spoof-pw-2e7", "email_verified": False},
    "ext@contractor.example": {"password": "ext-pw-9a1", "groups": ["northwind-sellers"]},
    "priya.okafor@lumora.example": {"password": "priya-pw-3f5"},
    "stranger@elsewhere.example": {"password": "stranger-pw-7d0", "groups": ["other"]},
    # The provider writes the address in capitals: still Marco.
    "marco": {"password": "marco-pw-8b6", "email": "Marco.Rossi@Northwind.EXAMPLE"},
    # Look-alike domains, and a claim the "nobody" rule must not answer to.
    "eve@evil-atlascloud.example": {"password": "eve-pw-1a3"},
    "eve@atlascloud.example.evil.test": {"password": "eve-pw-5c9"},
    "eve@atlascloud-example": {"password": "eve-pw-7e2"},
    "claimer@elsewhere.example": {"password": "claimer-pw-0f2", "extra": {"enablekit_portal": "none"}},
}
client = {"client_id": "enablekit", "client_secret": "sso-test-client-secret-51c",
          "redirect_uris": [sys.argv[2] + "/oidc/callback"]}
json.dump({"client": client, "accounts": accounts}, open(sys.argv[1], "w"))
PY
node "$HERE/idp.mjs" "$idp_port" "$tmp/idp.json" >"$tmp/idp.log" 2>&1 &
idp_pid=$!
for _ in $(seq 100); do grep -q '^ready' "$tmp/idp.log" && break; sleep 0.1; done
grep -q '^ready' "$tmp/idp.log" || fail "the identity provider did not start"

# The client secret and the session passphrase: in a secrets file outside
# the kit; host-config writes them to a file of their own the config includes.
printf 'oidc_client_secret: "%s"\noidc_crypto_passphrase: "%s"\n' \
  sso-test-client-secret-51c sso-test-passphrase-0e4b8c2a-7d15f6e39b04 >"$tmp/secrets.yaml"
host_config() {
  "$bin" host-config --server apache --sso oidc --oidc-issuer "$idp" --oidc-client-id enablekit \
    --root "$kit" --out-dir "$out" --config "$tmp/site.conf" --listen "127.0.0.1:$port" \
    --secrets "$tmp/secrets.yaml" --htpasswd-dir "$tmp/credentials" \
    2>"$tmp/host-config.log" || { cat "$tmp/host-config.log" >&2; exit 1; }
  if [ "$(id -u)" -eq 0 ]; then chgrp "$(id -gn nobody)" "$tmp/credentials"/*; fi
}
host_config

user_lines=""
if [ "$(id -u)" -eq 0 ]; then
  user_lines="User nobody
Group $(id -gn nobody)"
  chmod 0755 "$tmp"
fi
cat >"$prefix/httpd.conf" <<EOF
ServerRoot "$prefix"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$prefix/apache.pid"
DefaultRuntimeDir "$prefix/run"
Mutex file:$prefix/run default
ErrorLog "$prefix/error.log"
LogLevel warn
$user_lines
LoadModule mpm_event_module $MODULES/mod_mpm_event.so
LoadModule authn_core_module $MODULES/mod_authn_core.so
LoadModule authz_core_module $MODULES/mod_authz_core.so
LoadModule authz_user_module $MODULES/mod_authz_user.so
LoadModule auth_openidc_module $MODULES/mod_auth_openidc.so
LoadModule headers_module $MODULES/mod_headers.so
LoadModule alias_module $MODULES/mod_alias.so
LoadModule dir_module $MODULES/mod_dir.so
LoadModule mime_module $MODULES/mod_mime.so
TypesConfig /etc/mime.types
ServerTokens Prod
Include "$tmp/site.conf"
EOF
apache() { "$APACHE" -f "$prefix/httpd.conf" "$@"; }
apache -t 2>"$prefix/configtest.log" || { cat "$prefix/configtest.log" >&2; fail "apache -t"; }
apache -k start
for _ in $(seq 50); do [ -s "$prefix/apache.pid" ] && break; sleep 0.1; done
[ -s "$prefix/apache.pid" ] || fail "Apache wrote no pid file"

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# fetch JAR PATH [curl args…]: $status, headers in $tmp/h, body in $tmp/b.
fetch() {
  local jar=$1 path=$2
  shift 2
  status=$(curl -sS --path-as-is -b "$jar" -c "$jar" -o "$tmp/b" -D "$tmp/h" -w '%{http_code}' "$@" "$base$path")
}
header() { { grep -i "^$1:" "$tmp/h" || true; } | head -n 1 | cut -d: -f2- | sed 's/^ *//; s/\r$//'; }
expect() { # expect CODE JAR PATH [MARK]
  fetch "$2" "$3"
  if [ "$status" = "$1" ]; then ok; else bad "$(basename "$2") $3: HTTP $status, expected $1"; fi
  if [ -n "${4:-}" ]; then
    if grep -qF "$4" "$tmp/b"; then ok; else bad "$(basename "$2") $3: body lacks \"$4\""; fi
  fi
}

# sign_in EMAIL PASSWORD PATH: through the provider's form, as a browser
# would; leaves the session in $tmp/jar-EMAIL and the final page in $tmp/b.
sign_in() {
  local jar="$tmp/jar-$1"
  rm -f "$jar"
  fetch "$jar" "$3"
  local auth
  auth="$(header Location)"
  case "$auth" in "$idp/auth?"*) ;; *) bad "$1: $3 did not send to the provider ($status $auth)"; return ;; esac
  local form
  form=$(curl -sS -b "$jar" -c "$jar" -L -o "$tmp/form.html" -w '%{url_effective}' "$auth")
  status=$(curl -sS -b "$jar" -c "$jar" -L -o "$tmp/b" -D "$tmp/h" -w '%{http_code}' \
    --data-urlencode "login=$1" --data-urlencode "password=$2" "$form")
}

echo "sso: Apache on $base, identity provider on $idp"

# --- before sign-in: every portal path sends to the provider alike ---
anon="$tmp/jar-anonymous"
shape() { # the redirect with its random parts (state, nonce, PKCE) blanked
  header Location | sed -E 's/(state|nonce|code_challenge)=[^&]*/\1=…/g'
}
fetch "$anon" "/partners/$A/latest/"; want="$(shape)"; want_status=$status
for p in "/partners/$B/latest/" /partners/no-such-partner/latest/ "/partners/$A/1.0.0/index.html" /internal/latest/ \
         /partners/ /partners/no-such-partner/index.html; do
  fetch "$anon" "$p"
  if [ "$status" = "$want_status" ] && [ "$(shape)" = "$want" ]; then ok; else bad "anonymous $p: $status $(shape), expected $want_status $want"; fi
done
case "$want" in "$idp/auth?"*) ok ;; *) bad "anonymous: no redirect to the provider ($want)" ;; esac
# A portal's own URL goes to its latest/ for any slug alike (that says
# nothing), then to the provider.
for slug in "$A" no-such-partner; do
  fetch "$anon" "/partners/$slug/"
  if [ "$status" = 302 ] && [ "$(header Location)" = "$base/partners/$slug/latest/" ]; then ok; else bad "anonymous /partners/$slug/: $status $(header Location)"; fi
done
if printf '%s' "$want" | grep -q -e "$A" -e "$B"; then bad "the redirect names a partner"; else ok; fi
for p in / /index.html /partners /internal /.enablekit-lock "/partners/$A/latest/.enablekit-files" /latest/; do
  expect 404 "$anon" "$p"
done

# --- a named person: their own portal, 403 on every other alike ---
sign_in grace.okafor@northwind.example grace-pw-1d9 "/partners/$B/latest/"
if [ "$status" = 200 ] && grep -qF "$B_MARK" "$tmp/b"; then ok; else bad "grace signed in: HTTP $status"; fi
grace="$tmp/jar-grace.okafor@northwind.example"
expect 200 "$grace" "/partners/$B/latest/" "$B_MARK"
csp="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
for h in "Content-Security-Policy:$csp" "X-Content-Type-Options:nosniff" "X-Frame-Options:DENY" \
         "Referrer-Policy:same-origin" "Cache-Control:private, no-cache"; do
  if [ "$(header "${h%%:*}")" = "${h#*:}" ]; then ok; else bad "grace latest: ${h%%:*} is \"$(header "${h%%:*}")\""; fi
done
expect 200 "$grace" "/partners/$B/1.0.0/"
if [ "$(header Cache-Control)" = "private, max-age=31536000, immutable" ]; then ok; else bad "version cache: $(header Cache-Control)"; fi
if [ "$(grep -ci '^cache-control:' "$tmp/h")" = 1 ]; then ok; else bad "version: more than one Cache-Control"; fi
expect 302 "$grace" "/partners/$B/"
if [ "$(header Location)" = "$base/partners/$B/latest/" ] || [ "$(header Location)" = "/partners/$B/latest/" ]; then ok; else bad "portal root: $(header Location)"; fi
expect 404 "$grace" "/partners/$B/latest/no-such-page/" "find that page"
# The 404 page names the partner: never stored by a shared cache either.
if [ "$(header Cache-Control)" = "private, no-cache" ]; then ok; else bad "404 in a portal: Cache-Control \"$(header Cache-Control)\""; fi
expect 404 "$grace" "/partners/$B/1.0.0/no-such-page/"
if [ "$(header Cache-Control)" = "private, no-cache" ]; then ok; else bad "404 in a version: Cache-Control \"$(header Cache-Control)\""; fi
if [ "$(grep -ci '^cache-control:' "$tmp/h")" = 1 ]; then ok; else bad "404 in a version: $(grep -ci '^cache-control:' "$tmp/h") Cache-Control headers"; fi
fetch "$grace" "/partners/$A/latest/"; cp "$tmp/b" "$tmp/forbidden"; first=$status
for p in "/partners/$A/latest/" /internal/latest/ /partners/no-such-partner/latest/ "/partners/$B/../$A/latest/" \
         "/partners/$B/%2e%2e/$A/latest/" "/partners/$B/latest/../../$A/latest/index.html" "//partners/$A/latest/"; do
  fetch "$grace" "$p"
  if [ "$status" = 403 ] && cmp -s "$tmp/b" "$tmp/forbidden"; then ok; else bad "grace $p: HTTP $status (or another body), expected the one 403"; fi
  if grep -q -e "$A" -e "internal" "$tmp/b"; then bad "grace $p: the 403 names the portal"; else ok; fi
done
[ "$first" = 403 ] && ok || bad "grace at A: $first"
fetch "$grace" "/partners/$B/latest/static/"
case "$status" in 403|404) ok ;; *) bad "folder without index: HTTP $status" ;; esac
if grep -q "Index of" "$tmp/b"; then bad "a directory listing"; else ok; fi

# --- by domain, by group, unverified, staff, a stranger, a wrong password ---
sign_in tom.becker@atlascloud.example tom-pw-6b2 "/partners/$A/latest/"
[ "$status" = 200 ] && ok || bad "tom (named at A): HTTP $status"
sign_in new.hire@atlascloud.example hire-pw-4c8 "/partners/$A/latest/"
if [ "$status" = 200 ] && grep -qF "$A_MARK" "$tmp/b"; then ok; else bad "new hire (A's domain): HTTP $status"; fi
expect 403 "$tmp/jar-new.hire@atlascloud.example" "/partners/$B/latest/"
sign_in spoof@atlascloud.example spoof-pw-2e7 "/partners/$A/latest/"
[ "$status" = 403 ] && ok || bad "unverified address at A's domain: HTTP $status"
sign_in ext@contractor.example ext-pw-9a1 "/partners/$B/latest/"
if [ "$status" = 200 ] && grep -qF "$B_MARK" "$tmp/b"; then ok; else bad "contractor (B's group): HTTP $status"; fi
expect 403 "$tmp/jar-ext@contractor.example" "/partners/$A/latest/"
expect 403 "$tmp/jar-ext@contractor.example" /internal/latest/
sign_in priya.okafor@lumora.example priya-pw-3f5 /internal/latest/
if [ "$status" = 200 ] && grep -qF "$S_MARK" "$tmp/b"; then ok; else bad "staff: HTTP $status"; fi
for p in "/partners/$A/latest/" "/partners/$B/latest/"; do expect 403 "$tmp/jar-priya.okafor@lumora.example" "$p"; done
sign_in stranger@elsewhere.example stranger-pw-7d0 "/partners/$A/latest/"
[ "$status" = 403 ] && ok || bad "stranger: HTTP $status"
sign_in marco marco-pw-8b6 "/partners/$B/latest/"
if [ "$status" = 200 ] && grep -qF "$B_MARK" "$tmp/b"; then ok; else bad "an address in capitals: HTTP $status"; fi
expect 403 "$tmp/jar-marco" "/partners/$A/latest/"
for eve in eve@evil-atlascloud.example:eve-pw-1a3 eve@atlascloud.example.evil.test:eve-pw-5c9 \
           eve@atlascloud-example:eve-pw-7e2; do
  sign_in "${eve%%:*}" "${eve#*:}" "/partners/$A/latest/"
  [ "$status" = 403 ] && ok || bad "look-alike domain ${eve%%:*}: HTTP $status"
done
sign_in claimer@elsewhere.example claimer-pw-0f2 /partners/no-such-partner/latest/
[ "$status" = 403 ] && ok || bad "a claim set to answer the catch-all: HTTP $status"
sign_in grace.okafor@northwind.example not-her-password "/partners/$B/latest/"
if grep -q "Wrong e-mail or password" "$tmp/b" && ! grep -qF "$B_MARK" "$tmp/b"; then ok; else bad "a wrong password got in (HTTP $status)"; fi

# --- Grace leaves: removed from the profile, she no longer gets in ---
# (Sessions live in Apache's shared memory, so a reload ends them: every
# request after it signs in again, and meets the new rules.)
sed -i '/grace.okafor@northwind.example/d' "$kit/partners/$B.yaml"
host_config
apache -k graceful
sleep 1.5
sign_in grace.okafor@northwind.example grace-pw-1d9 "/partners/$B/latest/"
[ "$status" = 403 ] && ok || bad "grace after leaving: HTTP $status"
sign_in ext@contractor.example ext-pw-9a1 "/partners/$B/latest/"
[ "$status" = 200 ] && ok || bad "contractor after grace left: HTTP $status"

# --- the review names the rules ---
"$bin" host-config --server apache --sso oidc --oidc-issuer "$idp" --oidc-client-id enablekit \
  --root "$kit" --out-dir "$out" --listen "127.0.0.1:$port" --report --format json >"$tmp/review.json" 2>"$tmp/review.log" \
  || { cat "$tmp/review.log" >&2; bad "the review failed"; }
if python3 - "$tmp/review.json" "$A" "$B" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
by = {p["portal"]: p for p in r["portals"]}
assert r["sign_in"] == "oidc"
assert by[sys.argv[2]]["domains"] == ["atlascloud.example"], by[sys.argv[2]]
assert by[sys.argv[3]]["groups"] == ["northwind-sellers"]
emails = [p["email"] for p in by[sys.argv[3]]["people"]]
assert "grace.okafor@northwind.example" not in emails and "marco.rossi@northwind.example" in emails
assert all(p["can_open"] for p in by[sys.argv[3]]["people"])
assert by["internal"]["domains"] == ["lumora.example"]
PY
then ok; else bad "the review"; fi
if grep -rqs -e sso-test-client-secret -e sso-test-passphrase "$tmp/site.conf" "$out" "$tmp/host-config.log"; then bad "a secret in the config, output or log"; else ok; fi
if grep -q "^Include \"$tmp/credentials/enablekit-oidc.secrets.conf\"" <(sed 's/^ *//' "$tmp/site.conf"); then ok; else bad "the config does not include the secrets file"; fi
mode="$(stat -c %a "$tmp/credentials/enablekit-oidc.secrets.conf")"
[ "$mode" = 640 ] && ok || bad "the secrets include is mode $mode"
# Without its secrets file Apache does not start: no guessable fallback.
mv "$tmp/credentials/enablekit-oidc.secrets.conf" "$tmp/moved.conf"
if apache -t 2>/dev/null; then bad "Apache accepts the config without its secrets"; else ok; fi
mv "$tmp/moved.conf" "$tmp/credentials/enablekit-oidc.secrets.conf"

echo "sso: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
