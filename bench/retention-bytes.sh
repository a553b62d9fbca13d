#!/usr/bin/env bash
# Benchmark (not a test): bytes on disk per stored PASS verdict before and after retention's compaction.
# Builds a trail of CHECKS checks passing every ten minutes for DAYS days through the real audit trail,
# VACUUMs and measures it, compacts it RAW_DAYS days after its last day (every day written is due: all but
# each check's first and newest PASS folded into one row per check and day), verifies the chain, VACUUMs
# and measures again.
#
#   bash bench/retention-bytes.sh                         # 10 checks x 20 days (28,800 verdicts), rawDays 5
#   CHECKS=100 DAYS=365 RAW_DAYS=90 bash bench/retention-bytes.sh
#
# bench/RetentionBytes.java does the work in one JVM on a temporary directory, removed afterwards. The last
# line is `bytes_per_pass_before=<x> bytes_per_pass_after=<x>`; exit 1 if the compacted chain does not verify.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CHECKS="${CHECKS:-10}"
DAYS="${DAYS:-20}"
RAW_DAYS="${RAW_DAYS:-5}"
JAVA_OPTS="${JAVA_OPTS:-}"
JAR="$ROOT/target/driftwatch.jar"

die() { echo "retention-bytes: $*" >&2; exit 1; }

[[ "$CHECKS" =~ ^[0-9]+$ ]] && (( CHECKS >= 1 && CHECKS <= 10000 )) || die "CHECKS must be 1..10000, got '$CHECKS'"
[[ "$DAYS" =~ ^[0-9]+$ ]] && (( DAYS >= 2 && DAYS <= 3650 )) || die "DAYS must be 2..3650, got '$DAYS'"
[[ "$RAW_DAYS" =~ ^[0-9]+$ ]] && (( RAW_DAYS >= 1 && RAW_DAYS < DAYS )) || die "RAW_DAYS must be 1..DAYS-1, got '$RAW_DAYS'"
command -v java >/dev/null || die "java not found on PATH"

if [[ ! -f "$JAR" ]]; then
    echo "building $JAR (mvn -B -q -DskipTests package) ..." >&2
    mvn -B -q -DskipTests package
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# shellcheck disable=SC2206
JAVA_CMD=(java $JAVA_OPTS -cp "$JAR" "$ROOT/bench/RetentionBytes.java" "$WORK" "$CHECKS" "$DAYS" "$RAW_DAYS")
echo "command: ${JAVA_CMD[*]}"
echo "nproc: $(nproc)  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"${JAVA_CMD[@]}"
