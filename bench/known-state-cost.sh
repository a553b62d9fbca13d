#!/usr/bin/env bash
# Benchmark (not a test): CPU and wall time of one run of the `models` check, recorded, at 0, 10,000
# and 100,000 verdict rows of that check in the audit trail. Goal: flat — the cost at 100,000 rows
# within noise of the cost at 0 (the known state is read by primary key, not searched in the history).
#
#   bash bench/known-state-cost.sh                        # 300 warm-up runs, 2000 timed runs per row count
#   ROWS="0 100000" RUNS=5000 bash bench/known-state-cost.sh
#   JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" bash bench/known-state-cost.sh
#
# bench/KnownStateCost.java does the work in one JVM, with its own loopback stand-in (JDK HttpServer on
# 127.0.0.1) and a temporary audit trail per row count, removed afterwards. One line per row count:
# `rows=<N> runs=<R> cpu_ms_median=<x> cpu_ms_p90=<x> wall_ms_median=<x> old_lookup_ms_median=<x>`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ROWS="${ROWS:-0 10000 100000}"
WARMUP="${WARMUP:-300}"
RUNS="${RUNS:-2000}"
JAVA_OPTS="${JAVA_OPTS:-}"
JAR="$ROOT/target/driftwatch.jar"

die() { echo "known-state-cost: $*" >&2; exit 1; }

[[ "$WARMUP" =~ ^[0-9]+$ ]] && (( WARMUP <= 100000 )) || die "WARMUP must be 0..100000, got '$WARMUP'"
[[ "$RUNS" =~ ^[0-9]+$ ]] && (( RUNS >= 1 && RUNS <= 100000 )) || die "RUNS must be 1..100000, got '$RUNS'"
read -r -a rows <<<"$ROWS"
(( ${#rows[@]} >= 1 )) || die "ROWS must list at least one row count"
for n in "${rows[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] && (( n <= 10000000 )) || die "each of ROWS must be 0..10000000, got '$n'"
done
command -v java >/dev/null || die "java not found on PATH"

if [[ ! -f "$JAR" ]]; then
    echo "building $JAR (mvn -B -q -DskipTests package) ..." >&2
    mvn -B -q -DskipTests package
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi

# shellcheck disable=SC2206
JAVA_CMD=(java $JAVA_OPTS -cp "$JAR" "$ROOT/bench/KnownStateCost.java" "$ROOT/checks.yaml" "$WARMUP" "$RUNS" "${rows[@]}")
echo "command: ${JAVA_CMD[*]}"
echo "nproc: $(nproc)  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"${JAVA_CMD[@]}"
