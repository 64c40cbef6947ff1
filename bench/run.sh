#!/usr/bin/env bash
# enablekit performance benchmark: clean builds of synthetic kits, compared
# with Hugo (and Zola, when ZOLA= names a binary) on the same markdown.
# Prints the machine, the tool versions and ONE markdown table on stdout;
# progress goes to stderr.
#
#   bench/run.sh                    # full set, 7 runs per scenario (half an hour or more on 2 cores)
#   BENCH_QUICK=1 bench/run.sh      # smaller set, 3 runs (a few minutes)
#   BENCH_RUNS=11 bench/run.sh      # more runs per scenario
#   BENCH_BIN=path/to/enablekit bench/run.sh   # benchmark that binary, skip cargo build
#   ZOLA=path/to/zola bench/run.sh  # add Zola rows and a "ratio to Zola" column
#
# Linux only: needs GNU time (/usr/bin/time, Debian package `time`), GNU
# coreutils (du -b), python3 and cargo; hugo and zola are optional. See
# bench/README.md.
set -euo pipefail
export LC_ALL=C   # decimal points in printf/awk, plain sort order

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD

QUICK=${BENCH_QUICK:-0}
SEED=${BENCH_SEED:-1}
if [[ $QUICK == 1 ]]; then
  RUNS=${BENCH_RUNS:-3}
  INTERNAL_PAGES=(1000 5000)
  PARTNER_COUNTS=(10 50)
  VERSIONS_PARTNERS=10
  NEED_GIB=5
else
  RUNS=${BENCH_RUNS:-7}
  INTERNAL_PAGES=(1000 5000 20000)
  PARTNER_COUNTS=(10 50 200)
  VERSIONS_PARTNERS=50
  NEED_GIB=12   # the 200-portal output and the 10-version folder are the big ones
fi
PORTAL_PAGES=2000        # pages of the multi-portal and versioning kits
EXISTING_VERSIONS=10     # versions already in the out folder for (d)
INTERNAL_PARTNERS=10     # partner profiles in the (a) kits (only `internal` is built)

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer (got '$RUNS')"
[[ $SEED =~ ^[0-9]+$ ]] || die "BENCH_SEED must be a non-negative integer (got '$SEED')"
if ! /usr/bin/time -f '%e' true 2>/dev/null; then
  die "GNU time is required at /usr/bin/time (Debian/Ubuntu: apt-get install time)"
fi
command -v python3 >/dev/null || die "python3 is required"
[[ -n ${BENCH_BIN:-} ]] || command -v cargo >/dev/null || die "cargo is required (https://rustup.rs)"
du -sb "$REPO/bench" >/dev/null 2>&1 || die "GNU du (du -b) is required"
HAVE_HUGO=0
if command -v hugo >/dev/null; then HAVE_HUGO=1; fi
HAVE_ZOLA=0
if [[ -n ${ZOLA:-} ]]; then
  ZOLA_BIN=$(command -v "$ZOLA" 2>/dev/null) || ZOLA_BIN=$ZOLA
  [[ -f $ZOLA_BIN && -x $ZOLA_BIN ]] || die "ZOLA=$ZOLA is not an executable"
  ZOLA_BIN=$(cd "$(dirname "$ZOLA_BIN")" && pwd)/$(basename "$ZOLA_BIN")
  HAVE_ZOLA=1
fi
if awk -v n="$(nproc)" '{ exit !($1 > n / 2) }' /proc/loadavg; then
  log "warning: load average is $(cut -d' ' -f1 /proc/loadavg) on $(nproc) CPUs; timings will be noisy"
fi

# --- build ---------------------------------------------------------------
if [[ -n ${BENCH_BIN:-} ]]; then
  BIN=$(cd "$(dirname "$BENCH_BIN")" && pwd)/$(basename "$BENCH_BIN")
  [[ -x $BIN ]] || die "BENCH_BIN=$BENCH_BIN is not an executable"
  log "using $BIN (BENCH_BIN set: no cargo build)"
else
  log "cargo build --release"
  cargo build --release >&2
  BIN=${CARGO_TARGET_DIR:-$REPO/target}/release/enablekit
  [[ -x $BIN ]] || die "no binary at $BIN after cargo build"
fi

# --- work folder: tmpfs when it has room, else a temp dir on disk --------
WORK_BASE=${TMPDIR:-/tmp}
WORK_KIND=disk
if [[ -d /dev/shm && -w /dev/shm ]]; then
  shm_free_kib=$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')
  if (( shm_free_kib >= NEED_GIB * 1024 * 1024 )); then
    WORK_BASE=/dev/shm
    WORK_KIND=tmpfs
  else
    log "/dev/shm has less than ${NEED_GIB} GiB free: using $WORK_BASE (disk) instead"
  fi
fi
WORK=$(mktemp -d "$WORK_BASE/enablekit-bench.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
log "work folder: $WORK ($WORK_KIND)"

# --- helpers ---------------------------------------------------------------

# Median of the numbers given as arguments.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
    END { if (NR % 2) printf "%.6f\n", v[(NR + 1) / 2];
          else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Arithmetic on decimals: calc '<awk expression>'.
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

# 20000 -> 20,000
commas() { printf '%s' "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }

corpus_kit() { # PAGES PARTNERS -> path of the generated kit (made once)
  local dir=$WORK/corpus/kit-$1-$2
  if [[ ! -d $dir ]]; then
    log "generating kit: $1 pages, $2 partners"
    python3 "$REPO/bench/gen_corpus.py" --format kit --pages "$1" --partners "$2" \
      --seed "$SEED" --out "$dir" >&2
  fi
  printf '%s' "$dir"
}

corpus_site() { # FORMAT (hugo|zola) PAGES -> path of the generated site (made once)
  local dir=$WORK/corpus/$1-$2
  if [[ ! -d $dir ]]; then
    log "generating $1 site: $2 pages"
    python3 "$REPO/bench/gen_corpus.py" --format "$1" --pages "$2" \
      --seed "$SEED" --out "$dir" >&2
  fi
  printf '%s' "$dir"
}

OUT=$WORK/out
fresh_out() { rm -rf "$OUT"; mkdir -p "$OUT"; }

# measure LABEL PREP POST -- COMMAND...
# Runs PREP (untimed), then COMMAND under GNU time, then POST (untimed),
# RUNS times. Sets M_WALL, M_CPU (user+sys), M_RSS_MIB to the medians and
# leaves the last run's output in $WORK/run.log.
measure() {
  local label=$1 prep=$2 post=$3
  shift 4
  local walls=() cpus=() rss=() i e u s m
  for (( i = 1; i <= RUNS; i++ )); do
    log "$label: run $i/$RUNS"
    "$prep"
    if ! /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$@" >"$WORK/run.log" 2>&1; then
      echo "bench: command failed: $*" >&2
      tail -n 40 "$WORK/run.log" >&2
      exit 1
    fi
    read -r e u s m < <(tail -n 1 "$WORK/time.txt")
    walls+=("$e")
    cpus+=("$(calc "$u + $s")")
    rss+=("$(calc "$m / 1024")")
    "$post"
  done
  M_WALL=$(median "${walls[@]}")
  M_CPU=$(median "${cpus[@]}")
  M_RSS_MIB=$(median "${rss[@]}")
}
nothing() { :; }

# Pages enablekit reports having built ("built N pages (M items) into ...").
built_pages() {
  local n
  n=$(sed -n 's/^built \([0-9][0-9]*\) pages .*/\1/p' "$WORK/run.log" | tail -n 1)
  [[ -n $n ]] || die "could not read the page count from enablekit's output"
  printf '%s' "$n"
}

ROWS=()
# row SCENARIO PAGES PORTALS WALL CPU RSS PAGES_BUILT RATIO_HUGO RATIO_ZOLA
row() {
  local pps
  pps=$(awk -v p="$7" -v w="$4" 'BEGIN { if (w > 0) printf "%.0f", p / w; else print "n/a" }')
  ROWS+=("$(printf '| %s | %s | %s | %.2f | %.2f | %.0f | %s | %s | %s |' \
    "$1" "$(commas "$2")" "$3" "$4" "$5" "$6" "$(commas "$pps")" "$8" "$9")")
}

ratio() { # ENABLEKIT_WALL OTHER_WALL -> "0.42×", or "–" without the other time
  awk -v a="$1" -v b="${2:-}" 'BEGIN { if (b == "" || b + 0 <= 0) printf "–"; else printf "%.2f×", a / b }'
}

# --- (c) Hugo first, so enablekit rows can show their ratio ---------------
declare -A HUGO_WALL HUGO_CPU HUGO_RSS HUGO_PAGES
hugo_counts=("${INTERNAL_PAGES[@]}" "$PORTAL_PAGES")
if (( HAVE_HUGO )); then
  for n in $(printf '%s\n' "${hugo_counts[@]}" | sort -n -u); do
    site=$(corpus_site hugo "$n")
    measure "(c) hugo $n pages" fresh_out nothing -- \
      hugo --quiet --noBuildLock --source "$site" --destination "$OUT" \
      --cacheDir "$WORK/hugo-cache"
    HUGO_WALL[$n]=$M_WALL
    HUGO_CPU[$n]=$M_CPU
    HUGO_RSS[$n]=$M_RSS_MIB
    HUGO_PAGES[$n]=$(find "$OUT" -name '*.html' | wc -l)
    rm -rf "$OUT"
  done
else
  log "hugo is not on PATH: skipping the Hugo comparison"
fi

# --- (c) Zola, when ZOLA= names a binary: the same page counts as Hugo -------
declare -A ZOLA_WALL ZOLA_CPU ZOLA_RSS ZOLA_PAGES
if (( HAVE_ZOLA )); then
  for n in $(printf '%s\n' "${hugo_counts[@]}" | sort -n -u); do
    site=$(corpus_site zola "$n")
    measure "(c) zola $n pages" fresh_out nothing -- \
      "$ZOLA_BIN" --root "$site" build --output-dir "$OUT" --force
    ZOLA_WALL[$n]=$M_WALL
    ZOLA_CPU[$n]=$M_CPU
    ZOLA_RSS[$n]=$M_RSS_MIB
    ZOLA_PAGES[$n]=$(find "$OUT" -name '*.html' | wc -l)
    rm -rf "$OUT"
  done
else
  log "ZOLA is not set: skipping the Zola comparison (ZOLA=path/to/zola adds it)"
fi

# --- (a) internal portal only -------------------------------------------------
for n in "${INTERNAL_PAGES[@]}"; do
  kit=$(corpus_kit "$n" "$INTERNAL_PARTNERS")
  measure "(a) internal portal, $n pages" fresh_out nothing -- \
    "$BIN" build --root "$kit" --out "$OUT" --portal internal
  pages=$(built_pages)
  row "(a) enablekit, internal portal only" "$n" 1 "$M_WALL" "$M_CPU" "$M_RSS_MIB" "$pages" \
    "$(ratio "$M_WALL" "${HUGO_WALL[$n]:-}")" "$(ratio "$M_WALL" "${ZOLA_WALL[$n]:-}")"
  if (( HAVE_HUGO )); then
    row "(c) Hugo, 1 build" "$n" 1 "${HUGO_WALL[$n]}" "${HUGO_CPU[$n]}" "${HUGO_RSS[$n]}" \
      "${HUGO_PAGES[$n]}" "1.00×" "–"
  fi
  if (( HAVE_ZOLA )); then
    row "(c) Zola, 1 build" "$n" 1 "${ZOLA_WALL[$n]}" "${ZOLA_CPU[$n]}" "${ZOLA_RSS[$n]}" \
      "${ZOLA_PAGES[$n]}" "–" "1.00×"
  fi
  rm -rf "$OUT"
done

# --- (b) every portal: internal + P partners ------------------------------------
if (( HAVE_HUGO )); then
  row "(c) Hugo, 1 build (basis of the Hugo rows below)" "$PORTAL_PAGES" 1 \
    "${HUGO_WALL[$PORTAL_PAGES]}" "${HUGO_CPU[$PORTAL_PAGES]}" "${HUGO_RSS[$PORTAL_PAGES]}" \
    "${HUGO_PAGES[$PORTAL_PAGES]}" "1.00×" "–"
fi
if (( HAVE_ZOLA )); then
  row "(c) Zola, 1 build (basis of the Zola rows below)" "$PORTAL_PAGES" 1 \
    "${ZOLA_WALL[$PORTAL_PAGES]}" "${ZOLA_CPU[$PORTAL_PAGES]}" "${ZOLA_RSS[$PORTAL_PAGES]}" \
    "${ZOLA_PAGES[$PORTAL_PAGES]}" "–" "1.00×"
fi
for p in "${PARTNER_COUNTS[@]}"; do
  kit=$(corpus_kit "$PORTAL_PAGES" "$p")
  portals=$(( p + 1 ))
  measure "(b) $PORTAL_PAGES pages x $portals portals" fresh_out nothing -- \
    "$BIN" build --root "$kit" --out "$OUT"
  pages=$(built_pages)
  hw=""
  if (( HAVE_HUGO )); then hw=$(calc "${HUGO_WALL[$PORTAL_PAGES]} * $portals"); fi
  zw=""
  if (( HAVE_ZOLA )); then zw=$(calc "${ZOLA_WALL[$PORTAL_PAGES]} * $portals"); fi
  row "(b) enablekit, all portals ($p partners + internal)" "$PORTAL_PAGES" "$portals" \
    "$M_WALL" "$M_CPU" "$M_RSS_MIB" "$pages" "$(ratio "$M_WALL" "$hw")" "$(ratio "$M_WALL" "$zw")"
  if (( HAVE_HUGO )); then
    row "(c) Hugo, $portals separate builds (1 build × $portals)" "$PORTAL_PAGES" "$portals" \
      "$hw" "$(calc "${HUGO_CPU[$PORTAL_PAGES]} * $portals")" "${HUGO_RSS[$PORTAL_PAGES]}" \
      "$(( ${HUGO_PAGES[$PORTAL_PAGES]} * portals ))" "1.00×" "–"
  fi
  if (( HAVE_ZOLA )); then
    row "(c) Zola, $portals separate builds (1 build × $portals)" "$PORTAL_PAGES" "$portals" \
      "$zw" "$(calc "${ZOLA_CPU[$PORTAL_PAGES]} * $portals")" "${ZOLA_RSS[$PORTAL_PAGES]}" \
      "$(( ${ZOLA_PAGES[$PORTAL_PAGES]} * portals ))" "–" "1.00×"
  fi
  rm -rf "$OUT"
done

# --- (d) add a version to an out folder holding EXISTING_VERSIONS versions ----
kit=$(corpus_kit "$PORTAL_PAGES" "$VERSIONS_PARTNERS")
BASE_OUT=$WORK/versions-base
for (( v = 0; v < EXISTING_VERSIONS; v++ )); do
  log "(d) setup: publishing version 1.$v.0"
  "$BIN" build --quiet --root "$kit" --out "$BASE_OUT" --version "1.$v.0" >&2
done
NEW_VERSION=1.$EXISTING_VERSIONS.0
ADDED=()
BEFORE=0
# Each run starts from a hard-linked copy of the 10-version folder (cp -al:
# no bytes copied). enablekit never rewrites a published file in place (it
# writes new files and renames), so the base stays intact; a checksum of
# every portal's versions.json checks that after each run.
base_sum() { find "$BASE_OUT" -name versions.json -print0 | sort -z | xargs -0 cat | cksum; }
BASE_SUM=$(base_sum)
copy_versions() { rm -rf "$OUT"; cp -al "$BASE_OUT" "$OUT"; BEFORE=$(du -sb "$OUT" | cut -f1); }
count_added() {
  ADDED+=("$(( $(du -sb "$OUT" | cut -f1) - BEFORE ))")
  [[ $(base_sum) == "$BASE_SUM" ]] \
    || die "(d): building into the hard-linked copy changed the original; use cp -a in copy_versions"
}
measure "(d) add version $NEW_VERSION" copy_versions count_added -- \
  "$BIN" build --root "$kit" --out "$OUT" --version "$NEW_VERSION"
pages=$(built_pages)
added_mib=$(calc "$(median "${ADDED[@]}") / 1048576")
row "(d) enablekit, add version $NEW_VERSION to $EXISTING_VERSIONS published ($VERSIONS_PARTNERS partners + internal): +$(printf '%.1f' "$added_mib") MiB on disk" \
  "$PORTAL_PAGES" "$(( VERSIONS_PARTNERS + 1 ))" "$M_WALL" "$M_CPU" "$M_RSS_MIB" "$pages" "n/a" "n/a"
rm -rf "$OUT" "$BASE_OUT"

# --- report ------------------------------------------------------------------
cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
[[ -n $cpu_model ]] || cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem_gib=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
hugo_version="not installed"
if (( HAVE_HUGO )); then hugo_version=$(hugo version | head -n 1); fi
zola_tool=""
if (( HAVE_ZOLA )); then zola_tool=", zola: $("$ZOLA_BIN" --version | head -n 1)"; fi

echo "## enablekit benchmark"
echo
echo "- machine: $(nproc) CPUs ($cpu_model), $mem_gib GiB RAM, $(uname -sr)"
echo "- tools: $("$BIN" --version) ($(rustc --version 2>/dev/null || echo 'rustc unknown')), hugo: $hugo_version$zola_tool, $(python3 --version 2>&1)"
echo "- corpus: bench/gen_corpus.py --seed $SEED; files in $WORK_KIND; $RUNS runs per scenario, each a clean build into an empty folder; median of each column"
echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (numbers are only meaningful on an otherwise idle machine)"
echo
echo "| scenario | pages | portals | wall median (s) | CPU user+sys (s) | peak RSS (MiB) | pages/s | ratio to Hugo | ratio to Zola |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
if (( HAVE_ZOLA )); then
  echo "Notes: pages = markdown pages in the corpus; pages/s = HTML pages written (enablekit's own count, or Hugo's or Zola's .html files) per wall second."
else
  echo "Notes: pages = markdown pages in the corpus; pages/s = HTML pages written (enablekit's own count, or Hugo's .html files) per wall second."
fi
echo "Ratio to Hugo = enablekit wall time ÷ Hugo wall time on the same markdown (below 1: enablekit is faster)."
if (( HAVE_ZOLA )); then
  echo "Ratio to Zola = enablekit wall time ÷ Zola wall time on the same markdown (below 1: enablekit is faster)."
fi
if (( HAVE_HUGO )); then
  echo "Hugo has no per-audience portals, so the Hugo rows next to (b) are not P+1 real builds: ONE $PORTAL_PAGES-page Hugo build was measured (median of $RUNS runs) and its wall and CPU time multiplied by the number of portals (RSS is one build's)."
else
  echo "hugo was not on PATH, so there is no Hugo comparison."
fi
if (( HAVE_ZOLA )); then
  echo "Zola has no per-audience portals: likewise, the Zola rows next to (b) are ONE $PORTAL_PAGES-page Zola build (\`zola build\`, median of $RUNS runs), its wall and CPU time multiplied by the number of portals (RSS is one build's)."
fi
echo "(d): the out folder already holds $EXISTING_VERSIONS versions of the same kit (content unchanged); bytes added = du -sb after − before (hard links counted once, apparent sizes on $WORK_KIND)."
