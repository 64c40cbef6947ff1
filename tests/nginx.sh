#!/usr/bin/env bash
# Real-server test of `enablekit host-config`: builds the example kit with
# the debug binary, generates htpasswd files and the nginx server block from
# test credentials given as environment variables, starts Debian's nginx on
# a free loopback port with its prefix, config, pid, logs and temp folders
# all inside a temp dir (no root-owned path is written), and checks access
# control, traversal tricks, headers and caching with real HTTP requests.
#
# It never skips: without nginx or curl it fails. It stops its own nginx by
# the pid in its own pid file, whatever happens (trap on EXIT).
#
# Usage: tests/nginx.sh            (from anywhere; builds with cargo first)
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in nginx curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "nginx.sh: FAILED: \`$tool\` is not installed (Debian: apt-get install -y nginx curl)." >&2
    echo "nginx.sh: this test checks the generated config against a real server and never skips." >&2
    exit 1
  fi
done

bin="$("$(dirname "$0")/../scripts/debug-bin")"
[ -x "$bin" ] || { echo "nginx.sh: FAILED: cargo reported no binary ($bin)" >&2; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/enablekit-nginx.XXXXXX")"
prefix="$tmp/nginx"
out="$tmp/public"
auth="$tmp/auth"
pidfile="$prefix/nginx.pid"

stop_nginx() {
  if [ -s "$pidfile" ]; then
    local pid
    pid="$(cat "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
}
cleanup() {
  local code=$?
  stop_nginx
  if [ "$code" -ne 0 ] && [ -f "$prefix/error.log" ]; then
    echo "--- nginx error.log (last lines) ---" >&2
    tail -n 20 "$prefix/error.log" >&2 || true
  fi
  rm -rf "$tmp"
  exit "$code"
}
trap cleanup EXIT

# Partner A, partner B and staff. Long random-looking passwords, one with
# a colon (only the first colon separates the user).
A=atlas-cloud-group
B=northwind-digital
A_USER="ada"; A_PW="atlas-pw:4f9c1e7b2d"
B_USER="nina"; B_PW="northwind-pw-8a3e5c1f"
S_USER="sam"; S_PW="staff-pw-0b7d2e9a4c"
A_MARK="Welcome, Atlas Cloud Group"
B_MARK="Welcome, Northwind Digital"
S_MARK="Internal portal: for staff only"

# The example kit, built into the temp dir (two versions: 1.1.0 is built
# after the config was generated, to show new versions need no new config).
mkdir -p "$prefix"
"$bin" build --root . --out "$out" --version 1.0.0 --quiet

env \
  ENABLEKIT_AUTH_INTERNAL="$S_USER:$S_PW" \
  ENABLEKIT_AUTH_ATLAS_CLOUD_GROUP="$A_USER:$A_PW" \
  ENABLEKIT_AUTH_NORTHWIND_DIGITAL="$B_USER:$B_PW,other:another-pw-5e1a9d" \
  ENABLEKIT_AUTH_PIPEWISE_LABS="pia:pipewise-pw-7c2b" \
  ENABLEKIT_AUTH_SUNBEAM_ADVISORY="sol:sunbeam-pw-3d8f" \
  ENABLEKIT_AUTH_KESTREL_CONSULTING="kit:kestrel-pw-9e4a" \
  ENABLEKIT_AUTH_ATELIER_RHONE="claire:atelier-pw-6b1f" \
  "$bin" host-config --server nginx --root . --out-dir "$out" \
    --htpasswd-dir "$auth" --config "$tmp/site.conf" --listen 127.0.0.1:8080 \
    2>"$tmp/host-config.log" || { cat "$tmp/host-config.log" >&2; exit 1; }

"$bin" build --root . --out "$out" --version 1.1.0 --quiet

# Run as root (CI): the master drops workers to nobody, so give nobody's group
# the htpasswd files and let it traverse the temp dir, as the README tells
# admins to do for www-data. Not root: workers run as this user anyway.
user_line=""
if [ "$(id -u)" -eq 0 ]; then
  group="$(id -gn nobody)"
  user_line="user nobody $group;"
  chgrp "$group" "$auth"/*.htpasswd
  chmod 0755 "$tmp"
fi

start_nginx() {
  local port=$1
  # The generated block is listen 127.0.0.1:8080; point it at our port.
  sed "s/listen 127.0.0.1:8080;/listen 127.0.0.1:$port;/" "$tmp/site.conf" >"$prefix/site.conf"
  cat >"$prefix/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $pidfile;
error_log $prefix/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $prefix/access.log;
    client_body_temp_path $prefix/client_body;
    proxy_temp_path $prefix/proxy;
    fastcgi_temp_path $prefix/fastcgi;
    uwsgi_temp_path $prefix/uwsgi;
    scgi_temp_path $prefix/scgi;
    include $prefix/site.conf;
}
EOF
  nginx -p "$prefix" -c "$prefix/nginx.conf" -t -q 2>"$prefix/test.log" || { cat "$prefix/test.log" >&2; exit 1; }
  nginx -p "$prefix" -c "$prefix/nginx.conf" 2>>"$prefix/start.log"
}

port=""
for _ in $(seq 20); do
  candidate=$((20000 + RANDOM % 40000))
  if start_nginx "$candidate"; then port=$candidate; break; fi
  if ! grep -q "Address already in use" "$prefix/start.log"; then cat "$prefix/start.log" >&2; exit 1; fi
  : >"$prefix/start.log"
done
[ -n "$port" ] || { echo "nginx.sh: FAILED: no free loopback port" >&2; exit 1; }
for _ in $(seq 50); do [ -s "$pidfile" ] && break; sleep 0.1; done
[ -s "$pidfile" ] || { echo "nginx.sh: FAILED: nginx wrote no pid file" >&2; exit 1; }
base="http://127.0.0.1:$port"

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# fetch PATH [curl args…]: sets $status; headers in $tmp/h, body in $tmp/b.
# --path-as-is sends dot segments unchanged, so nginx (not curl) resolves them.
fetch() {
  local path=$1
  shift
  status=$(curl -sS --path-as-is -o "$tmp/b" -D "$tmp/h" -w '%{http_code}' "$@" "$base$path")
}
header() { # header NAME: the value of NAME in the last response, or empty
  { grep -i "^$1:" "$tmp/h" || true; } | head -n 1 | cut -d: -f2- | sed 's/^ *//; s/\r$//'
}
expect_status() { # expect_status CODE PATH [curl args…]
  local want=$1 path=$2
  shift 2
  fetch "$path" "$@"
  if [ "$status" = "$want" ]; then ok; else bad "$path ${*:+($*) }: HTTP $status, expected $want"; fi
}
expect_body() { # expect_body TEXT: the last body contains TEXT
  if grep -qF "$1" "$tmp/b"; then ok; else bad "$last: body lacks \"$1\""; fi
}
expect_header() { # expect_header NAME VALUE
  local got
  got="$(header "$1")"
  if [ "$got" = "$2" ]; then ok; else bad "$last: $1 is \"$got\", expected \"$2\""; fi
}
expect_no_header() {
  local got
  got="$(header "$1")"
  if [ -z "$got" ]; then ok; else bad "$last: unexpected $1: \"$got\""; fi
}

csp="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
as_a=(-u "$A_USER:$A_PW")
as_b=(-u "$B_USER:$B_PW")
as_staff=(-u "$S_USER:$S_PW")

echo "nginx.sh: nginx on $base, output in $out"

# --- no credentials: 401 on every portal path, 404 outside the portals ---
for p in /internal/ /internal/latest/ /internal/1.0.0/ /internal/versions.json /internal/index.html \
         "/partners/$A/" "/partners/$A/latest/" "/partners/$A/1.0.0/" "/partners/$A/versions.json" \
         "/partners/$A/latest/static/style.css" "/partners/$B/latest/" "/partners/$B/1.1.0/index.html"; do
  last="no credentials $p"; expect_status 401 "$p"
  expect_header Content-Security-Policy "$csp"
  expect_no_header Cache-Control
done
for p in / /index.html /partners /internal /INTERNAL/latest/ /Internal/ /Partners/$A/latest/ \
         /latest/ /public/internal/latest/ /.enablekit-no-such-file; do
  last="no credentials $p"; fetch "$p"
  if [ "$status" = 404 ]; then ok; else bad "$p: HTTP $status, expected 404"; fi
  if grep -q "Index of" "$tmp/b"; then bad "$p: a directory listing"; else ok; fi
  expect_header X-Frame-Options DENY
done

# --- slugs cannot be guessed: every path under /partners/ answers alike ---
# The whole answer but the Date: status, headers (realm included), body.
answer() { fetch "$@"; { echo "$status"; grep -iv '^date:' "$tmp/h"; cat "$tmp/b"; } >"$tmp/answer"; }
answer "/partners/$A/latest/"; cp "$tmp/answer" "$tmp/known"
last="realm"; expect_header WWW-Authenticate 'Basic realm="Partner portal"'
for p in "/partners/no-such-partner/latest/" "/partners/${A^^}/latest/" /partners/ "/partners/$B/" \
         "/partners/no-such-partner/" "/partners/$A/no-such-page"; do
  for creds in none a; do
    args=(); [ "$creds" = a ] && args=("${as_a[@]}")
    [ "$creds" = a ] && [ "${p#/partners/$A/}" != "$p" ] && continue
    answer "$p" "${args[@]}"
    if cmp -s "$tmp/known" "$tmp/answer"; then ok; else bad "$p ($creds): answer differs from a known portal's 401"; diff "$tmp/known" "$tmp/answer" >&2 || true; fi
  done
done
# E-mail copies have a policy of their own: a 401 for one reveals no slug either.
mail="latest/briefs/partner-brief-november-2026/email.html"
answer "/partners/$A/$mail"; cp "$tmp/answer" "$tmp/known-mail"
for p in "/partners/no-such-partner/$mail" "/partners/$B/$mail" "/partners/${A^^}/$mail" "/partners/x/email.html"; do
  for creds in none a; do
    args=(); [ "$creds" = a ] && args=("${as_a[@]}")
    answer "$p" "${args[@]}"
    if cmp -s "$tmp/known-mail" "$tmp/answer"; then ok; else bad "$p ($creds): answer differs from a known portal's e-mail 401"; diff "$tmp/known-mail" "$tmp/answer" >&2 || true; fi
  done
done
last="staff realm"; fetch /internal/latest/; expect_header WWW-Authenticate 'Basic realm="Staff portal"'

# --- dot files and folders: 404 before auth, wherever they are ---
mkdir -p "$out/.enablekit-staging-123/partners/$A" "$out/partners/$A/.enablekit"
echo secret >"$out/.enablekit-lock"; echo secret >"$out/.enablekit-output"
echo secret >"$out/.enablekit-staging-123/partners/$A/index.html"
echo secret >"$out/partners/$A/.enablekit/state"; echo secret >"$out/partners/$A/latest/.hidden"
for p in /.enablekit-lock /.enablekit-output "/.enablekit-staging-123/partners/$A/index.html" \
         "/partners/$A/.enablekit/state" "/partners/$A/latest/.hidden" "/partners/$A/latest/%2ehidden" \
         "/partners/no-such-partner/.x" "/internal/.enablekit/state"; do
  for creds in none a; do
    args=(); [ "$creds" = a ] && args=("${as_a[@]}")
    last="dot file $p ($creds)"; expect_status 404 "$p" "${args[@]}"
    if grep -q secret "$tmp/b"; then bad "$last: served"; else ok; fi
  done
done

# --- symlinks inside the output are not followed ---
ln -s "$out/partners/$B/latest/index.html" "$out/partners/$A/latest/leak.html"
ln -s /etc/passwd "$out/partners/$A/latest/passwd.txt"
for p in "/partners/$A/latest/leak.html" "/partners/$A/latest/passwd.txt"; do
  last="symlink $p"; fetch "$p" "${as_a[@]}"
  case "$status" in 403|404) ok ;; *) bad "$last: HTTP $status" ;; esac
  if grep -qF -e "$B_MARK" -e "root:" "$tmp/b"; then bad "$last: followed"; else ok; fi
done

# --- wrong or unknown credentials: 401 ---
last="wrong password"; expect_status 401 "/partners/$A/latest/" -u "$A_USER:wrong-password"
last="password prefix"; expect_status 401 "/partners/$A/latest/" -u "$A_USER:atlas-pw"
last="unknown user"; expect_status 401 "/partners/$A/latest/" -u "mallory:$A_PW"
last="empty password"; expect_status 401 "/partners/$A/latest/" -u "$A_USER:"

# --- partner A: its own portal only ---
last="A home"; expect_status 200 "/partners/$A/latest/" "${as_a[@]}"; expect_body "$A_MARK"
last="A 1.0.0"; expect_status 200 "/partners/$A/1.0.0/" "${as_a[@]}"; expect_body "$A_MARK"
last="A 1.1.0 (built after the config)"; expect_status 200 "/partners/$A/1.1.0/" "${as_a[@]}"
# A portal in two languages: its other language's tree is behind the same login.
last="French portal"; expect_status 200 "/partners/atelier-rhone/latest/" -u "claire:atelier-pw-6b1f"; expect_body 'lang="fr"'
last="its English tree"; expect_status 200 "/partners/atelier-rhone/latest/en/" -u "claire:atelier-pw-6b1f"; expect_body 'lang="en"'
last="another partner on the tree"; expect_status 401 "/partners/atelier-rhone/latest/en/" "${as_a[@]}"
last="A item page"; expect_status 200 "/partners/$A/latest/objections/too-expensive/" "${as_a[@]}"
last="A versions.json"; expect_status 200 "/partners/$A/versions.json" "${as_a[@]}"; expect_body '"1.1.0"'
last="A B's portal"; expect_status 401 "/partners/$B/latest/" "${as_a[@]}"
last="A B's versioned page"; expect_status 401 "/partners/$B/1.0.0/index.html" "${as_a[@]}"
last="A B's versions.json"; expect_status 401 "/partners/$B/versions.json" "${as_a[@]}"
last="A internal"; expect_status 401 "/internal/latest/" "${as_a[@]}"
last="A internal root"; expect_status 401 "/internal/" "${as_a[@]}"
# The other direction, and staff credentials are not a master key.
last="B home"; expect_status 200 "/partners/$B/latest/" "${as_b[@]}"; expect_body "$B_MARK"
last="B second user"; expect_status 200 "/partners/$B/latest/" -u "other:another-pw-5e1a9d"
last="B A's portal"; expect_status 401 "/partners/$A/latest/" "${as_b[@]}"
last="staff internal"; expect_status 200 "/internal/latest/" "${as_staff[@]}"; expect_body "$S_MARK"
last="staff A's portal"; expect_status 401 "/partners/$A/latest/" "${as_staff[@]}"

# --- /<portal>/ redirects to latest/, after authentication ---
last="A root"; expect_status 302 "/partners/$A/" "${as_a[@]}"; expect_header Location "/partners/$A/latest/"
expect_header X-Content-Type-Options nosniff
last="staff root"; expect_status 302 "/internal/" "${as_staff[@]}"; expect_header Location "/internal/latest/"
last="A root, B's credentials"; expect_status 401 "/partners/$A/" "${as_b[@]}"
last="A latest without slash"; fetch "/partners/$A/latest" "${as_a[@]}"
if [ "$status" = 301 ] && [ "$(header Location)" = "/partners/$A/latest/" ]; then ok; else bad "$last: HTTP $status to $(header Location)"; fi

# --- traversal and encoding tricks with A's credentials never reach B or staff ---
echo "traversal attempts with partner A's credentials (HTTP status):"
tricks=(
  "/partners/$A/../$B/latest/"
  "/partners/$A/%2e%2e/$B/latest/"
  "/partners/$A/%2E%2E/$B/latest/"
  "/partners/$A/.%2e/$B/latest/"
  "/partners/$A/..%2f$B/latest/"
  "/partners/$A/%2e%2e%2f$B/latest/"
  "/partners/$A/latest/../../$B/latest/"
  "/partners/$A/latest/..%2f..%2f$B/latest/index.html"
  "/partners/$A/%252e%252e/$B/latest/"
  "/partners/$A/..;/$B/latest/"
  "/partners/$A/..%5c$B/latest/"
  "//partners/$B/latest/"
  "/partners//$B/latest/"
  "/partners/$A//../$B/latest/"
  "/partners/$A/./../$B/latest/index.html"
  "/partners/$A/../../internal/latest/"
  "/partners/$A/%2e%2e/%2e%2e/internal/latest/"
  "/partners/$A/latest/%00/../../$B/latest/"
  "/partners/$A/latest/..%00/$B/latest/"
  "/%70artners/$B/latest/"
)
for t in "${tricks[@]}"; do
  last="trick $t"
  fetch "$t" "${as_a[@]}"
  printf '  %s %s\n' "$status" "$t"
  case "$status" in 2*|3*) bad "$t: HTTP $status for A's credentials" ;; *) ok ;; esac
  if grep -qF -e "$B_MARK" -e "Prepared for Northwind Digital" -e "$S_MARK" "$tmp/b"; then bad "$t: B's or staff content in the body"; else ok; fi
done
# The same tricks without credentials: never content.
for t in "${tricks[@]}"; do
  last="anonymous $t"; fetch "$t"
  case "$status" in 2*|3*) bad "$t: HTTP $status without credentials" ;; *) ok ;; esac
done

# --- security headers and caching ---
check_security_headers() {
  expect_header Content-Security-Policy "$csp"
  expect_header X-Content-Type-Options nosniff
  expect_header Referrer-Policy same-origin
  expect_header X-Frame-Options DENY
}
immutable="private, max-age=31536000, immutable"
for p in "/partners/$A/1.0.0/" "/partners/$A/1.1.0/index.html" "/partners/$A/1.0.0/static/style.css" \
         "/partners/$A/1.0.0/static/enablekit.js" "/partners/$A/1.0.0/manifest.json"; do
  last="$p"; expect_status 200 "$p" "${as_a[@]}"; check_security_headers; expect_header Cache-Control "$immutable"
done
for p in "/partners/$A/latest/" "/partners/$A/latest/static/style.css" "/partners/$A/latest/manifest.json" \
         "/partners/$A/versions.json" "/partners/$A/index.html" /internal/versions.json /internal/index.html; do
  creds=("${as_a[@]}"); case "$p" in /internal/*) creds=("${as_staff[@]}") ;; esac
  last="$p"; expect_status 200 "$p" "${creds[@]}"; check_security_headers; expect_header Cache-Control "private, no-cache"
done
# A brief's e-mail copy: its own policy (inline styles, nothing else), the
# same auth; every other page keeps the strict one.
email_csp="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
for v in latest 1.1.0; do
  p="/partners/$A/$v/briefs/partner-brief-november-2026/email.html"
  last="$p"; expect_status 200 "$p" "${as_a[@]}"; expect_body "Prepared for Atlas Cloud Group"
  expect_header Content-Security-Policy "$email_csp"; expect_header X-Frame-Options DENY
  expect_header Cache-Control "private, no-cache"
  # Its 401 carries the e-mail policy too, for every slug alike (checked above).
  last="$p anonymous"; expect_status 401 "$p"; expect_header Content-Security-Policy "$email_csp"
  last="$p as B"; expect_status 401 "$p" "${as_b[@]}"
done
p="/partners/$A/latest/briefs/partner-brief-november-2026/"
last="$p"; expect_status 200 "$p" "${as_a[@]}"; expect_header Content-Security-Policy "$csp"
last="404 inside a portal"; expect_status 404 "/partners/$A/1.0.0/no-such-page/" "${as_a[@]}"
check_security_headers; expect_header Cache-Control "private, no-cache"
expect_body "find that page"; expect_body "Prepared for Atlas Cloud Group"
last="no listing of a folder without index.html"; fetch "/partners/$A/1.0.0/static/" "${as_a[@]}"
case "$status" in 403|404) ok ;; *) bad "$last: HTTP $status" ;; esac
if grep -q "Index of" "$tmp/b"; then bad "$last: a directory listing"; else ok; fi
last="server version hidden"; fetch /; expect_header Server nginx

# --- content types (nosniff makes wrong ones fatal for CSS and JS) ---
last="css type"; fetch "/partners/$A/latest/static/style.css" "${as_a[@]}"; expect_header Content-Type text/css
last="js type"; fetch "/partners/$A/latest/static/enablekit.js" "${as_a[@]}"; expect_header Content-Type application/javascript
last="json type"; fetch "/partners/$A/versions.json" "${as_a[@]}"; expect_header Content-Type application/json

# --- the htpasswd files: one per portal, SHA-512-crypt, outside <out> ---
for f in internal "$A" "$B"; do
  last="htpasswd $f"
  if grep -q '^[^:]*:\$6\$rounds=5000\$' "$auth/$f.htpasswd"; then ok; else bad "$last: not SHA-512-crypt"; fi
done
if grep -rqs -e "$A_PW" -e '\$6\$' "$out" "$tmp/site.conf"; then bad "a password or hash in the output or config"; else ok; fi

# --- a login per person, revoked when the profile no longer names them ---
# A copy of the kit's profiles in a git repository of its own, so the
# review can say since when each person is named.
kit="$tmp/kit"
mkdir -p "$kit"
cp -r kit.yaml partners "$kit/"
commit() { # commit DATE MESSAGE
  git -C "$kit" add -A
  GIT_AUTHOR_DATE="$1T10:00:00Z" GIT_COMMITTER_DATE="$1T10:00:00Z" \
    git -C "$kit" -c user.name=Test -c user.email=test@example.com commit -qm "$2"
}
git -C "$kit" init -q
commit 2026-01-15 "profiles"
sed -i '/^people:/a\  - {name: "Lea Novak", role: "Account executive", email: "lea.novak@northwind.example"}' \
  "$kit/partners/$B.yaml"
commit 2026-03-01 "Lea joins Northwind"
G_PW="grace-own-pw-2c8e41"; L_PW="lea-own-pw-9d03b7"; T_PW="tom-own-pw-51fa6e"; P_PW="priya-own-pw-e07c3d"
{
  echo "grace.okafor@northwind.example: \"$G_PW\""
  echo "Lea.Novak@northwind.example: \"$L_PW\""
  echo "tom.becker@atlascloud.example: \"$T_PW\""
  echo "priya.okafor@lumora.example: \"$P_PW\""
} >"$tmp/secrets.yaml"
host_config() { # host_config LOG [args…]: people for internal, A and B; shared logins for the rest
  local log=$1
  shift
  env \
    ENABLEKIT_AUTH_PIPEWISE_LABS="pia:pipewise-pw-7c2b" \
    ENABLEKIT_AUTH_SUNBEAM_ADVISORY="sol:sunbeam-pw-3d8f" \
    ENABLEKIT_AUTH_KESTREL_CONSULTING="kit:kestrel-pw-9e4a" \
    ENABLEKIT_AUTH_ATELIER_RHONE="claire:atelier-pw-6b1f" \
    "$bin" host-config --server nginx --root "$kit" --out-dir "$out" --secrets "$tmp/secrets.yaml" \
      --htpasswd-dir "$auth" --listen 127.0.0.1:8080 "$@" 2>"$log" || { cat "$log" >&2; exit 1; }
}
reconfigure() { # write the files again, hand them to nginx's group, reload
  host_config "$tmp/people.log" --config "$tmp/site.conf"
  if [ "$(id -u)" -eq 0 ]; then chgrp "$group" "$auth"/*.htpasswd; fi
  sed "s/listen 127.0.0.1:8080;/listen 127.0.0.1:$port;/" "$tmp/site.conf" >"$prefix/site.conf"
  nginx -p "$prefix" -c "$prefix/nginx.conf" -s reload 2>>"$prefix/reload.log"
  sleep 1
}
reconfigure
as_grace=(-u "grace.okafor@northwind.example:$G_PW"); as_lea=(-u "lea.novak@northwind.example:$L_PW")
as_tom=(-u "tom.becker@atlascloud.example:$T_PW"); as_priya=(-u "priya.okafor@lumora.example:$P_PW")
last="grace at B"; expect_status 200 "/partners/$B/latest/" "${as_grace[@]}"; expect_body "$B_MARK"
last="lea at B (address written in another case)"; expect_status 200 "/partners/$B/latest/" "${as_lea[@]}"
last="tom at A"; expect_status 200 "/partners/$A/latest/" "${as_tom[@]}"; expect_body "$A_MARK"
last="priya at staff"; expect_status 200 /internal/latest/ "${as_priya[@]}"; expect_body "$S_MARK"
for p in "/partners/$A/latest/" /internal/latest/ /partners/no-such-partner/latest/; do
  last="grace at $p"; expect_status 401 "$p" "${as_grace[@]}"
done
for p in "/partners/$B/latest/" /internal/latest/; do last="tom at $p"; expect_status 401 "$p" "${as_tom[@]}"; done
for p in "/partners/$A/latest/" "/partners/$B/latest/"; do
  last="staff login at $p"; expect_status 401 "$p" "${as_priya[@]}"
done
last="grace, wrong password"; expect_status 401 "/partners/$B/latest/" -u "grace.okafor@northwind.example:$T_PW"
last="the shared B login is gone"; expect_status 401 "/partners/$B/latest/" "${as_b[@]}"
last="the shared staff login is gone"; expect_status 401 /internal/latest/ "${as_staff[@]}"
last="a shared login where the env gives one"; expect_status 200 /partners/pipewise-labs/latest/ -u "pia:pipewise-pw-7c2b"
# The warning for shared passwords: every portal in the first run, only
# the env-configured ones now.
if grep -q "W0806.*portal \`$B\` opens with a shared password" "$tmp/host-config.log"; then ok; else bad "no W0806 for $B's shared password"; fi
if grep -q "W0806.*portal \`pipewise-labs\`" "$tmp/people.log"; then ok; else bad "no W0806 for pipewise-labs"; fi
if grep -q "W0806.*portal \`$B\`" "$tmp/people.log"; then bad "W0806 for $B, which has only its people now"; else ok; fi
if grep -q "W0807.*marco.rossi@northwind.example" "$tmp/people.log"; then ok; else bad "no W0807 for Marco (no password)"; fi
if grep -rqs -e "$G_PW" -e "$L_PW" "$out" "$tmp/site.conf" "$tmp/people.log"; then bad "a person's password in the output, config or log"; else ok; fi

# The review, in JSON and for people.
host_config "$tmp/report.err" --report --format json >"$tmp/report.json"
host_config "$tmp/report.err" --report >"$tmp/report.txt"
check_report() { # check_report PYTHON: `r` is the JSON review, `by[portal][email]` its people
  if python3 - "$tmp/report.json" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
by = {p["portal"]: {x["email"]: x for x in p["people"]} for p in r["portals"]}
shared = {p["portal"]: [s["user"] for s in p["shared"]] for p in r["portals"]}
exec(sys.argv[2])
PY
  then ok; else bad "report: $1"; fi
}
check_report "assert r['sign_in'] == 'basic'"
check_report "g = by['$B']['grace.okafor@northwind.example']; assert g['can_open'] and g['since'] == '2026-01-15' and g['since_from'] == 'git', g"
check_report "l = by['$B']['lea.novak@northwind.example']; assert l['can_open'] and l['since'] == '2026-03-01', l"
check_report "m = by['$B']['marco.rossi@northwind.example']; assert not m['can_open'] and 'password' in m['why_not'], m"
check_report "p = by['internal']['priya.okafor@lumora.example']; assert p['can_open'] and p['named_in'] == ['partners/northwind-digital.yaml'], p"
check_report "assert by['internal']['dana.whitfield@lumora.example']['named_in'] == ['kit.yaml']"
check_report "assert 'grace.okafor@northwind.example' not in by['$A'] and 'priya.okafor@lumora.example' not in by['$B']"
check_report "assert shared['pipewise-labs'] == ['pia'] and shared['$B'] == [] and shared['internal'] == []"
for want in "/partners/$B/" "Grace Okafor <grace.okafor@northwind.example>, Head of partnerships: since 2026-01-15" \
            "Lea Novak <lea.novak@northwind.example>, Account executive: since 2026-03-01" \
            "shared login \`pia\` (ENABLEKIT_AUTH_PIPEWISE_LABS)"; do
  if grep -qF "$want" "$tmp/report.txt"; then ok; else bad "human report lacks: $want"; fi
done
# The review writes nothing.
before="$(ls -l --time-style=full-iso "$auth")"
host_config "$tmp/report.err" --report >/dev/null
if [ "$(ls -l --time-style=full-iso "$auth")" = "$before" ]; then ok; else bad "--report wrote files"; fi

# Grace leaves Northwind: removing her from the profile revokes her login
# at the next host-config; Lea keeps hers.
sed -i '/grace.okafor@northwind.example/d' "$kit/partners/$B.yaml"
reconfigure
last="grace after leaving"; expect_status 401 "/partners/$B/latest/" "${as_grace[@]}"
last="grace after leaving, staff"; expect_status 401 /internal/latest/ "${as_grace[@]}"
last="lea stays"; expect_status 200 "/partners/$B/latest/" "${as_lea[@]}"
if grep -q "W0808.*grace.okafor@northwind.example" "$tmp/people.log"; then ok; else bad "no W0808 naming Grace's revoked password"; fi
if grep -q "^grace" "$auth/$B.htpasswd"; then bad "Grace still in $B.htpasswd"; else ok; fi
host_config "$tmp/report.err" --report --format json >"$tmp/report.json"
check_report "assert 'grace.okafor@northwind.example' not in by['$B'] and r['not_named'] == ['grace.okafor@northwind.example'], r['not_named']"
check_report "assert by['$B']['lea.novak@northwind.example']['since'] == '2026-03-01'"

echo "nginx.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
