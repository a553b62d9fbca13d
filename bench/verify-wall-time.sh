#!/usr/bin/env bash
# Benchmark (not a test): wall time of `driftwatch verify` of the shipped contract against a
# loopback stand-in of the provider, JVM start included. Goal: median <= 1.5 s on a 2-core machine.
#
#   bash bench/verify-wall-time.sh                      # 3 warm-up runs, then 21 timed runs
#   RUNS=51 bash bench/verify-wall-time.sh
#   JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" bash bench/verify-wall-time.sh
#   APPCDS=1 bash bench/verify-wall-time.sh             # first warm-up dumps an AppCDS archive, the rest use it
#
# Everything stays on 127.0.0.1; the stand-in (bench/standin.py, Python 3 standard library) is
# killed on exit. The last line is `median_ms=<n>`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS="${RUNS:-21}"
WARMUP="${WARMUP:-3}"
JAVA_OPTS="${JAVA_OPTS:-}"
APPCDS="${APPCDS:-0}"
RUN_TIMEOUT="${RUN_TIMEOUT:-60}"   # seconds; one verify run that takes longer is a failure
JAR="$ROOT/target/driftwatch.jar"
BENCH_KEY="bench-key-not-a-secret"

die() { echo "verify-wall-time: $*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ "$RUNS" =~ ^[0-9]+$ ]] && (( RUNS >= 1 && RUNS <= 500 )) || die "RUNS must be 1..500, got '$RUNS'"
[[ "$WARMUP" =~ ^[0-9]+$ ]] && (( WARMUP <= 50 )) || die "WARMUP must be 0..50, got '$WARMUP'"
[[ "$APPCDS" == 0 || "$APPCDS" == 1 ]] || die "APPCDS must be 0 or 1, got '$APPCDS'"
(( APPCDS == 0 || WARMUP >= 1 )) || die "APPCDS=1 needs at least one warm-up run (it dumps the archive)"
command -v java >/dev/null || die "java not found on PATH"
command -v python3 >/dev/null || die "python3 not found on PATH"

if [[ ! -f "$JAR" ]]; then
    echo "building $JAR (mvn -B -q -DskipTests package) ..." >&2
    mvn -B -q -DskipTests package
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi

bench_workdir bench
start_standin
export DRIFTWATCH_DATA="$WORK/data"
mkdir -p "$DRIFTWATCH_DATA"

# --- the shipped contract, with a budget that lets the paid probe run every time ------------------
grep -qE '^[[:space:]]*dailyBudget:[[:space:]]*1([[:space:]]|$)' "$ROOT/checks.yaml" \
    || die "checks.yaml has no 'dailyBudget: 1' line to raise; update this script"
sed -E 's/^([[:space:]]*dailyBudget:[[:space:]]*)1([[:space:]]|$)/\11000000\2/' "$ROOT/checks.yaml" >"$WORK/checks.yaml"
cp -r "$ROOT/schemas" "$WORK/schemas"     # schema paths are relative to the config file's directory
CONFIG="$WORK/checks.yaml"

# shellcheck disable=SC2206
JAVA_CMD=(java $JAVA_OPTS -jar "$JAR" verify --config "$CONFIG")
if (( APPCDS == 1 )); then
    # The first warm-up run writes a dynamic AppCDS archive of the classes verify loads (JDK 13+).
    # shellcheck disable=SC2206
    JAVA_CMD=(java $JAVA_OPTS -Xlog:cds=off -XX:ArchiveClassesAtExit="$WORK/app.jsa" -jar "$JAR" verify --config "$CONFIG")
fi

run_once() {  # prints the wall time in ms; fails loudly unless exit 0 and "8 PASS"
    local start end rc=0
    start=$(date +%s%N)
    timeout "$RUN_TIMEOUT" "${JAVA_CMD[@]}" >"$WORK/out" 2>&1 || rc=$?
    end=$(date +%s%N)
    if (( rc != 0 )) || ! grep -q "8 check(s): 8 PASS" "$WORK/out"; then
        {
            echo "verify-wall-time: run failed (exit $rc; expected 0 and '8 PASS'): ${JAVA_CMD[*]}"
            cat "$WORK/out"
        } >&2
        return 1
    fi
    echo $(( (end - start) / 1000000 ))
}

echo "command:  ${JAVA_CMD[*]}"
echo "stand-in: $WISGATE_API_BASE (bench/standin.py)"
for i in $(seq 1 "$WARMUP"); do
    ms=$(run_once) || exit 1
    echo "warm-up $i: ${ms} ms"
    if (( APPCDS == 1 && i == 1 )); then
        [[ -f "$WORK/app.jsa" ]] || die "no AppCDS archive was written"
        # shellcheck disable=SC2206
        JAVA_CMD=(java $JAVA_OPTS -Xlog:cds=off -XX:SharedArchiveFile="$WORK/app.jsa" -jar "$JAR" verify --config "$CONFIG")
        echo "AppCDS archive written; from now on: ${JAVA_CMD[*]}"
    fi
done
echo "--- verify output of the last run ---"
[[ -f "$WORK/out" ]] && sed 's/^/    /' "$WORK/out"

times=()
for i in $(seq 1 "$RUNS"); do
    ms=$(run_once) || exit 1
    times+=("$ms")
    echo "run $i: ${ms} ms"
done
[[ -f "$WORK/out" ]] && { echo "--- verify output of the last timed run ---"; sed 's/^/    /' "$WORK/out"; }

mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
n=${#sorted[@]}
if (( n % 2 == 1 )); then
    median=${sorted[$(( n / 2 ))]}
else
    median=$(( (sorted[n / 2 - 1] + sorted[n / 2]) / 2 ))
fi
p90_rank=$(( (90 * n + 99) / 100 ))      # nearest-rank percentile
p90=${sorted[$(( p90_rank - 1 ))]}

echo "--- summary ($n timed runs after $WARMUP warm-up) ---"
echo "min_ms=${sorted[0]} median_ms=$median p90_ms=$p90 max_ms=${sorted[$(( n - 1 ))]}"
echo "java: $(java $JAVA_OPTS -version 2>&1 | head -n1)"
echo "JAVA_OPTS: ${JAVA_OPTS:-(none)}  APPCDS: $APPCDS"
echo "nproc: $(nproc)"
echo "goal: median <= 1500 ms ($( (( median <= 1500 )) && echo met || echo NOT met ))"
echo "median_ms=$median"
