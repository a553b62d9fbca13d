#!/usr/bin/env bash
# Benchmark (not a test): CPU per page and wall time of driftwatch's docs checks against urlwatch
# (Debian package `urlwatch`) with equivalent filters, side by side in one run, on N realistic
# ~200 KB docs pages served from 127.0.0.1. Goal: driftwatch uses at least 3x less CPU per page.
#
#   bash bench/docs-vs-urlwatch.sh                     # 200 pages, 3 timed runs of each tool
#   RUNS=5 bash bench/docs-vs-urlwatch.sh
#   JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" bash bench/docs-vs-urlwatch.sh
#
# Each tool first reads every page once untimed (first reading: snapshots / cache filled), then the
# tools run alternately, RUNS times each, every run a full pass over all pages as a new process,
# timed by /usr/bin/time (wall, and user+sys CPU of the process and its children). driftwatch's
# figure includes JVM start; urlwatch's includes the Python interpreter start.
# Everything stays on 127.0.0.1; the page server (bench/docs_server.py) is killed on exit and the
# temporary directory (pages, configs, caches, audit trail) removed. Last line: `ratio=<x>`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS="${RUNS:-3}"
PAGES="${PAGES:-200}"
SIZE_KB="${SIZE_KB:-200}"
SEED="${SEED:-42}"
JAVA_OPTS="${JAVA_OPTS:-}"
HTML2TEXT="${HTML2TEXT:-re}"        # urlwatch's html2text method: re (its default), bs4, pyhtml2text ...
RUN_TIMEOUT="${RUN_TIMEOUT:-600}"   # seconds one pass of one tool may take
LIVE_WARMUP="${LIVE_WARMUP:-40}"    # long-lived driftwatch: passes in the same JVM before the timed ones
LIVE_RUNS="${LIVE_RUNS:-5}"         # long-lived driftwatch: timed passes (the median is reported)
GOAL=3
JAR="$ROOT/target/driftwatch.jar"
CONTRACT_ID="wisgate-gpt-image-2"   # the shipped contract, whose docs list is replaced
UNSET_KEY_VAR="BENCH_UNSET_KEY"     # its apiKeyEnv: left unset, so the live-API checks are SKIPPED

die() { echo "docs-vs-urlwatch: $*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ "$RUNS" =~ ^[0-9]+$ ]] && (( RUNS >= 1 && RUNS <= 50 )) || die "RUNS must be 1..50, got '$RUNS'"
[[ "$PAGES" =~ ^[0-9]+$ ]] && (( PAGES >= 1 && PAGES <= 1000 )) || die "PAGES must be 1..1000, got '$PAGES'"
[[ "$SIZE_KB" =~ ^[0-9]+$ ]] && (( SIZE_KB >= 4 && SIZE_KB <= 4096 )) || die "SIZE_KB must be 4..4096, got '$SIZE_KB'"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "SEED must be a number, got '$SEED'"
[[ "$LIVE_WARMUP" =~ ^[0-9]+$ ]] && (( LIVE_WARMUP <= 100 )) || die "LIVE_WARMUP must be 0..100, got '$LIVE_WARMUP'"
[[ "$LIVE_RUNS" =~ ^[0-9]+$ ]] && (( LIVE_RUNS >= 1 && LIVE_RUNS <= 50 )) || die "LIVE_RUNS must be 1..50, got '$LIVE_RUNS'"
[[ "$RUN_TIMEOUT" =~ ^[0-9]+$ ]] && (( RUN_TIMEOUT >= 10 )) || die "RUN_TIMEOUT must be >= 10 s, got '$RUN_TIMEOUT'"
[[ "$HTML2TEXT" =~ ^[a-z0-9]+$ ]] || die "HTML2TEXT must be a method name, got '$HTML2TEXT'"
[[ -z "${!UNSET_KEY_VAR:-}" ]] || die "$UNSET_KEY_VAR must not be set: the benchmark relies on the live-API checks being SKIPPED"
command -v java >/dev/null || die "java not found on PATH"
command -v python3 >/dev/null || die "python3 not found on PATH"

# --- tools: urlwatch and GNU time from Debian, installed only when missing and we are root ---------
apt_install() {  # apt_install PACKAGE WHY
    if (( EUID != 0 )); then
        die "$2 is missing; install the Debian package '$1' (sudo apt-get install -y $1) or run this script as root"
    fi
    echo "installing Debian package $1 (apt-get install -y $1) ..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >&2 \
        || die "apt-get install -y $1 failed (run apt-get update first?)"
}
command -v urlwatch >/dev/null || apt_install urlwatch urlwatch
[[ -x /usr/bin/time ]] || apt_install time /usr/bin/time
command -v urlwatch >/dev/null || die "urlwatch still not on PATH after installing it"

if [[ ! -f "$JAR" ]]; then
    echo "building $JAR (mvn -B -q -DskipTests package) ..." >&2
    mvn -B -q -DskipTests package
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/driftwatch-docs-bench.XXXXXX")"
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A private copy of the jar: a rebuild during the run (mvn package) must not change what is measured.
cp "$JAR" "$WORK/driftwatch.jar"
JAR="$WORK/driftwatch.jar"

# How busy the machine is before we add anything (the load average would count our own earlier runs).
BUSY=$(python3 -c '
import time
def sample():
    f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(f), f[3] + f[4]          # total, idle + iowait
t0, i0 = sample(); time.sleep(1); t1, i1 = sample()
print(round(100 * (1 - (i1 - i0) / max(1, t1 - t0))))')

# --- pages and their server -------------------------------------------------------------------------
echo "generating $PAGES pages of ~${SIZE_KB} KB (seed $SEED) ..."
python3 "$ROOT/bench/docs_pages.py" "$WORK/pages" --count "$PAGES" --size-kb "$SIZE_KB" --seed "$SEED"

python3 "$ROOT/bench/docs_server.py" "$WORK/pages" 0 >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
PORT="$(await_port "$WORK/server.out" "$SERVER_PID" "the page server")"
BASE="http://127.0.0.1:$PORT"

served() {  # pages served so far
    python3 -c 'import sys,urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode().strip())' "$BASE/_count"
}

# --- the two configurations, equivalent filters --------------------------------------------------------
# driftwatch: regions [main]; noise removed (script, style, noscript, template, svg, iframe, object,
#   embed, canvas, nav, footer, comments) plus ignore [.cookie-banner]; block text; volatile date.
# urlwatch: css main excluding the same elements; html2text; re.sub of the same date; strip.
VOLATILE='Last updated [A-Z][a-z]+ [0-9]{1,2}, [0-9]{4}( [0-9]{2}:[0-9]{2}(:[0-9]{2})? UTC)?'
EXCLUDE='.cookie-banner, script, style, noscript, template, svg, iframe, object, embed, canvas, nav, footer'
mkdir -p "$WORK/dw" "$WORK/dw-data" "$WORK/dw-data-nodocs" "$WORK/uw" "$WORK/home"
cp -r "$ROOT/schemas" "$WORK/dw/schemas"     # schema paths are relative to the config file's directory
python3 - "$ROOT/checks.yaml" "$WORK/dw/checks.yaml" "$WORK/uw/urls.yaml" "$WORK/uw/urlwatch.yaml" \
        "$BASE" "$PAGES" "$VOLATILE" "$EXCLUDE" "$UNSET_KEY_VAR" "$HTML2TEXT" <<'PY'
import json, re, sys
shipped, dw_out, uw_urls, uw_config, base, pages, volatile, exclude, unset_var, method = sys.argv[1:]
pages = int(pages)
q = json.dumps          # a JSON string is a valid YAML double-quoted scalar
text = open(shipped, encoding="utf-8").read()
# Only docs pages are compared: the contract's published spec (its comment lines and its specs: list) goes.
text = re.sub(r"(?m)^(?:    #[^\n]*\n)*    specs:\n(?:(?:      .*|\s*)\n)*?(?=^    checks:)", "", text)
# The shipped contract, its docs list replaced and its key variable renamed to one left unset.
m = re.search(r"(?m)^    docs:\n(?:(?:      .*|\s*)\n)*?(?=^    checks:)", text)
if not m:
    sys.exit("docs-vs-urlwatch: cannot find the docs list of the shipped checks.yaml; update this script")
if len(re.findall(r"(?m)^\s*apiKeyEnv:", text)) != 1:
    sys.exit("docs-vs-urlwatch: expected exactly one apiKeyEnv in the shipped checks.yaml; update this script")
docs = ["    docs:\n"]
for i in range(pages):
    docs.append(
        "      - name: page-%03d\n"
        "        url: %s\n"
        "        schedule: \"0 20 */6 * * ?\"\n"
        "        regions: [main]\n"
        "        ignore: [\".cookie-banner\"]\n"
        "        volatile: [%s]\n"
        "        facts:\n"
        "          - name: lists-gpt-image-2\n"
        "            contains: gpt-image-2\n" % (i, q("%s/page-%03d.html" % (base, i)), q(volatile)))
text = re.sub(r"(?m)^(\s*apiKeyEnv:\s*)\S+", r"\g<1>" + unset_var, text)
m = re.search(r"(?m)^    docs:\n(?:(?:      .*|\s*)\n)*?(?=^    checks:)", text)
open(dw_out, "w", encoding="utf-8").write(text[:m.start()] + "".join(docs) + text[m.end():])
# The same contract without docs pages: what one verify costs before the first page.
open(dw_out.replace(".yaml", "-nodocs.yaml"), "w", encoding="utf-8").write(text[:m.start()] + text[m.end():])

jobs = []
for i in range(pages):
    jobs.append(
        "name: page-%03d\n"
        "url: %s\n"
        "filter:\n"
        "  - css:\n"
        "      selector: main\n"
        "      exclude: %s\n"
        "  - html2text:\n"
        "      method: %s\n"
        "  - re.sub:\n"
        "      pattern: %s\n"
        "      repl: \"«volatile»\"\n"
        "  - strip\n" % (i, q("%s/page-%03d.html" % (base, i)), q(exclude), method, q(volatile)))
open(uw_urls, "w", encoding="utf-8").write("---\n".join(jobs))
open(uw_config, "w", encoding="utf-8").write(
    "display:\n  new: true\n  error: true\n  unchanged: true\n  empty-diff: true\n"
    "report:\n  text:\n    line_length: 75\n    details: false\n    footer: false\n    minimal: false\n"
    "  stdout:\n    enabled: true\n    color: false\n")
PY

export DRIFTWATCH_DATA="$WORK/dw-data"
export WISGATE_API_BASE="$BASE"       # never used (the key is unset), but never the real API either
export WISGATE_DOCS_BASE="$BASE"
unset "$UNSET_KEY_VAR"

# shellcheck disable=SC2206
DW_CMD=(java $JAVA_OPTS -jar "$JAR" verify --config "$WORK/dw/checks.yaml" --contract "$CONTRACT_ID")
UW_CMD=(env HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_CACHE_HOME="$WORK/home/.cache"
        urlwatch --urls "$WORK/uw/urls.yaml" --config "$WORK/uw/urlwatch.yaml"
        --hooks "$WORK/uw/hooks.py" --cache "$WORK/uw/cache.db")

# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" check-config --config "$WORK/dw/checks.yaml" >"$WORK/check-config.out" 2>&1 \
    || { cat "$WORK/check-config.out" >&2; die "driftwatch refuses the generated checks.yaml"; }

# run_tool TOOL FIRST: one timed pass; sets WALL and CPU (seconds); fails loudly unless all pages
# were fetched by this pass and each got a sound verdict (FIRST=1: first reading, else unchanged).
run_tool() {
    local tool="$1" first="$2" before after rc=0 out="$WORK/$1.out" t="$WORK/$1.time" n bad
    local -a cmd
    if [[ "$tool" == driftwatch ]]; then cmd=("${DW_CMD[@]}"); else cmd=("${UW_CMD[@]}"); fi
    before=$(served)
    /usr/bin/time -f '%e %U %S' -o "$t" timeout "$RUN_TIMEOUT" "${cmd[@]}" >"$out" 2>&1 || rc=$?
    after=$(served)
    if [[ "$tool" == driftwatch ]]; then
        # Exit 0: every check PASS, CHANGED or SKIPPED. Docs verdicts: "PASS  <contract>/public/docs:page-NNN".
        n=$(grep -cE "^PASS +$CONTRACT_ID/public/docs:page-[0-9]+ " "$out" || true)
        bad=$(grep -E "^(BROKEN|UNVERIFIED|CHANGED) +$CONTRACT_ID/public/docs:" "$out" || true)
        if (( first )); then
            (( $(grep -c "first reading recorded" "$out" || true) == PAGES )) || bad+=$'\n(not every page says "first reading recorded")'
        else
            (( $(grep -c "no change in the watched text" "$out" || true) == PAGES )) || bad+=$'\n(not every page says "no change in the watched text")'
        fi
    else
        local word=UNCHANGED
        (( first )) && word=NEW
        n=$(grep -cE "^[0-9]+\. $word: page-[0-9]+$" "$out" || true)
        bad=$(grep -E "^[0-9]+\. (ERROR|CHANGED|NEW|UNCHANGED): " "$out" | grep -vE "^[0-9]+\. $word: " || true)
    fi
    if (( rc != 0 )) || (( n != PAGES )) || [[ -n "$bad" ]] || (( after - before != PAGES )); then
        {
            echo "docs-vs-urlwatch: $tool run failed: exit $rc, $n of $PAGES pages with the expected verdict, $(( after - before )) pages served (expected $PAGES)"
            [[ -n "$bad" ]] && { echo "unexpected verdicts:"; echo "$bad" | head -n 20; }
            echo "command: ${cmd[*]}"
            echo "--- output (last 40 lines) ---"
            tail -n 40 "$out"
        } >&2
        return 1
    fi
    read -r WALL USR SYS <"$t"
    CPU=$(python3 -c 'import sys; print("%.2f" % (float(sys.argv[1]) + float(sys.argv[2])))' "$USR" "$SYS")
}

excerpt() {  # excerpt FILE HEAD TAIL: first and last lines, indented
    sed -n "1,$2p" "$1" | sed 's/^/    /'
    echo "    ..."
    tail -n "$3" "$1" | sed 's/^/    /'
}

median() { printf '%s\n' "$@" | python3 -c 'import sys, statistics; print("%.2f" % statistics.median(float(x) for x in sys.stdin))'; }

echo "pages:      $PAGES x ~${SIZE_KB} KB at $BASE/page-NNN.html (bench/docs_server.py; no ETag/Last-Modified, never 304)"
echo "driftwatch: ${DW_CMD[*]}"
echo "urlwatch:   $(urlwatch --version 2>&1): urlwatch --urls .../urls.yaml --config ... --hooks ... --cache .../cache.db (html2text method: $HTML2TEXT)"
echo "java:       $(java $JAVA_OPTS -version 2>&1 | head -n1)   JAVA_OPTS: ${JAVA_OPTS:-(none)}"
echo "python:     $(python3 --version 2>&1)   nproc: $(nproc)   other work on the machine: ${BUSY}% of all cores busy (1 s sample before the page generator)"
if (( BUSY > 25 )); then
    echo "warning:    the machine is busy: CPU figures of both tools will be inflated; close other work for a clean run"
fi

# The JVM alone, for scale: `java -jar driftwatch.jar --version` (start, picocli, exit).
jvm_cpu=()
for _ in 1 2 3; do
    /usr/bin/time -f '%e %U %S' -o "$WORK/jvm.time" java $JAVA_OPTS -jar "$JAR" --version >/dev/null 2>&1 \
        || die "java -jar $JAR --version failed"
    read -r _w u s <"$WORK/jvm.time"
    jvm_cpu+=("$(python3 -c 'import sys; print(float(sys.argv[1]) + float(sys.argv[2]))' "$u" "$s")")
done
JVM_CPU=$(median "${jvm_cpu[@]}")

# The fixed cost of one verify: the same contract without docs pages (3 SKIPPED live checks; JVM
# start, checks.yaml and schemas, audit trail), in a separate data directory.
fixed_cpu=()
for _ in 1 2 3; do
    rc=0
    DRIFTWATCH_DATA="$WORK/dw-data-nodocs" /usr/bin/time -f '%e %U %S' -o "$WORK/fixed.time" \
        java $JAVA_OPTS -jar "$JAR" verify --config "$WORK/dw/checks-nodocs.yaml" --contract "$CONTRACT_ID" >"$WORK/fixed.out" 2>&1 || rc=$?
    if (( rc != 0 )) || ! grep -q "3 check(s): 3 SKIPPED" "$WORK/fixed.out"; then
        cat "$WORK/fixed.out" >&2
        die "verify without docs pages failed (exit $rc; expected 0 and '3 check(s): 3 SKIPPED')"
    fi
    read -r _w u s <"$WORK/fixed.time"
    fixed_cpu+=("$(python3 -c 'import sys; print(float(sys.argv[1]) + float(sys.argv[2]))' "$u" "$s")")
done
FIXED_CPU=$(median "${fixed_cpu[@]}")

echo "--- first reading (untimed for the result; fills the snapshots / the cache) ---"
run_tool driftwatch 1 || exit 1
echo "driftwatch first pass: wall ${WALL} s, CPU ${CPU} s"
excerpt "$WORK/driftwatch.out" 4 2
run_tool urlwatch 1 || exit 1
echo "urlwatch   first pass: wall ${WALL} s, CPU ${CPU} s"
excerpt "$WORK/urlwatch.out" 3 1

echo "--- timed passes, alternating ---"
dw_wall=(); dw_cpu=(); uw_wall=(); uw_cpu=()
for i in $(seq 1 "$RUNS"); do
    order=(driftwatch urlwatch)
    (( i % 2 == 0 )) && order=(urlwatch driftwatch)
    for tool in "${order[@]}"; do
        run_tool "$tool" 0 || exit 1
        if [[ "$tool" == driftwatch ]]; then dw_wall+=("$WALL"); dw_cpu+=("$CPU"); else uw_wall+=("$WALL"); uw_cpu+=("$CPU"); fi
        printf 'run %d  %-10s  wall %6.2f s  CPU %6.2f s (user %s + sys %s)\n' "$i" "$tool" "$WALL" "$CPU" "$USR" "$SYS"
    done
done
echo "--- driftwatch output of the last timed pass (first and last lines) ---"
excerpt "$WORK/driftwatch.out" 4 2

DW_WALL=$(median "${dw_wall[@]}"); DW_CPU=$(median "${dw_cpu[@]}")
UW_WALL=$(median "${uw_wall[@]}"); UW_CPU=$(median "${uw_cpu[@]}")
read -r DW_MS UW_MS RATIO MET < <(python3 -c '
import sys
dw, uw, pages, goal = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
ratio = uw / dw
print("%.1f %.1f %.2f %s" % (dw * 1000 / pages, uw * 1000 / pages, ratio, "met" if ratio >= goal else "NOT_met"))
' "$DW_CPU" "$UW_CPU" "$PAGES" "$GOAL")

echo "--- medians of $RUNS timed passes over $PAGES pages (each pass a new process) ---"
printf '%-10s  %12s  %18s  %12s\n' tool "wall s" "CPU s (user+sys)" "CPU ms/page"
printf '%-10s  %12s  %18s  %12s\n' driftwatch "$DW_WALL" "$DW_CPU" "$DW_MS"
printf '%-10s  %12s  %18s  %12s\n' urlwatch "$UW_WALL" "$UW_CPU" "$UW_MS"
MARGINAL_MS=$(python3 -c 'import sys; print("%.1f" % ((float(sys.argv[1]) - float(sys.argv[2])) * 1000 / int(sys.argv[3])))' "$DW_CPU" "$FIXED_CPU" "$PAGES")
echo "driftwatch's CPU includes JVM start and everything a verify does before the first page:"
echo "  java -jar driftwatch.jar --version: ${JVM_CPU} s CPU; verify of the contract without docs pages: ${FIXED_CPU} s CPU"
echo "  so the pages themselves cost driftwatch ${MARGINAL_MS} ms CPU each (JIT compilation of the page code included)"

# --- driftwatch as it runs in production: one long-lived JVM reading the pages again and again ------
# bench/DocsSteadyState.java loads checks.yaml, opens the audit trail and builds the docs checks once,
# then runs all of them LIVE_WARMUP + LIVE_RUNS times in the same JVM (each run as verify runs it: fetch,
# normalize, facts, snapshot read and write, verdict recorded), and measures the CPU of the whole
# process (every thread: checks, JIT compiler, GC) per pass.
echo "--- driftwatch long-lived: $LIVE_WARMUP untimed + $LIVE_RUNS timed passes in one JVM (bench/DocsSteadyState.java) ---"
LIVE_PASSES=$(( LIVE_WARMUP + LIVE_RUNS ))
before=$(served)
rc=0
# shellcheck disable=SC2086
timeout "$(( RUN_TIMEOUT * LIVE_PASSES ))" java $JAVA_OPTS -cp "$JAR" "$ROOT/bench/DocsSteadyState.java" \
    "$LIVE_PASSES" "$WORK/dw/checks.yaml" "$CONTRACT_ID" >"$WORK/live.out" 2>"$WORK/live.err" || rc=$?
after=$(served)
ok=$(grep -cE "^pass [0-9]+ cpu_ms=[0-9]+ wall_ms=[0-9]+ checks=$PAGES pass=$PAGES unchanged=$PAGES\$" "$WORK/live.out" || true)
if (( rc != 0 )) || (( ok != LIVE_PASSES )) || (( after - before != PAGES * LIVE_PASSES )); then
    {
        echo "docs-vs-urlwatch: long-lived driftwatch failed: exit $rc, $ok of $LIVE_PASSES passes with all $PAGES pages PASS and unchanged,"
        echo "  $(( after - before )) pages served (expected $(( PAGES * LIVE_PASSES )))"
        tail -n 20 "$WORK/live.out"; tail -n 20 "$WORK/live.err"
    } >&2
    exit 1
fi
sed 's/^/  /' "$WORK/live.out"
mapfile -t live_cpu < <(tail -n "$LIVE_RUNS" "$WORK/live.out" | sed -E 's/.* cpu_ms=([0-9]+) .*/\1/')
mapfile -t live_wall < <(tail -n "$LIVE_RUNS" "$WORK/live.out" | sed -E 's/.* wall_ms=([0-9]+) .*/\1/')
LIVE_CPU_MS=$(median "${live_cpu[@]}"); LIVE_WALL_MS=$(median "${live_wall[@]}")
FIRST_CPU_MS=$(head -n1 "$WORK/live.out" | sed -E 's/.* cpu_ms=([0-9]+) .*/\1/')
read -r LIVE_MS LIVE_RATIO LIVE_MET < <(python3 -c '
import sys
cpu_ms, uw, pages, goal = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
per = cpu_ms / pages
ratio = uw * 1000 / pages / per
print("%.1f %.2f %s" % (per, ratio, "met" if ratio >= goal else "NOT_met"))
' "$LIVE_CPU_MS" "$UW_CPU" "$PAGES" "$GOAL")

echo "--- summary ---"
printf '%-34s  %10s  %12s  %12s\n' "" "wall s" "CPU s" "CPU ms/page"
printf '%-34s  %10s  %12s  %12s\n' "urlwatch, a new process per pass" "$UW_WALL" "$UW_CPU" "$UW_MS"
printf '%-34s  %10s  %12s  %12s\n' "driftwatch, a new JVM per pass" "$DW_WALL" "$DW_CPU" "$DW_MS"
printf '%-34s  %10.2f  %12.2f  %12s\n' "driftwatch, long-lived JVM" "$(python3 -c "print($LIVE_WALL_MS/1000)")" "$(python3 -c "print($LIVE_CPU_MS/1000)")" "$LIVE_MS"
echo "(long-lived: medians of the last $LIVE_RUNS of $LIVE_PASSES passes in one JVM; its first pass took $FIRST_CPU_MS ms CPU)"
echo "goal: urlwatch CPU per page / driftwatch CPU per page >= $GOAL"
echo "  driftwatch long-lived (as the daemon reads pages): $LIVE_RATIO ($( [[ "$LIVE_MET" == met ]] && echo met || echo NOT met ))"
echo "  driftwatch a new JVM per pass (a one-shot \`verify\` from cron): $RATIO ($( [[ "$MET" == met ]] && echo met || echo NOT met ))"
echo "ratio_long_lived=$LIVE_RATIO"
echo "ratio=$RATIO"
