#!/usr/bin/env bash
# Benchmark (not a test): throughput of `driftwatch audit export` and of `audit verify --file` on the file it
# wrote, in records per second, on a synthetic trail of ROWS verdicts over CHECKS checks written through
# AuditTrail (bench/ExportTrail.java), with `audit verify` of the database beside them for scale. Each command
# is a new process, JVM start included, run with a small heap (HEAP, default 64m) to show they stream: the
# export of 100,000 verdicts is about 120 MB of text, which would not fit.
#
#   bash bench/export-throughput.sh                    # 100,000 verdicts over 1,000 checks, 3 runs of each command
#   ROWS=20000 RUNS=5 bash bench/export-throughput.sh
#   TRAIL_DIR=/var/tmp bash bench/export-throughput.sh # write the trail on disk instead of tmpfs
#
# The trail is written on tmpfs (/dev/shm) when there is one: every append is a durable commit, and on a disk
# that takes several ms per fsync writing the trail would take most of the run; what is measured here is
# reading it. The last lines are `export ...`, `verify-file ...` and `verify-db ...`, each with the median
# over RUNS of wall seconds and records/s, of CPU seconds and records per CPU second, and the largest resident set seen.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ROWS="${ROWS:-100000}"
CHECKS="${CHECKS:-1000}"
RUNS="${RUNS:-3}"
HEAP="${HEAP:-64m}"
JAVA_OPTS="${JAVA_OPTS:-}"
JAR="$ROOT/target/driftwatch.jar"
if [[ -z "${TRAIL_DIR:-}" ]]; then
    if [[ -d /dev/shm && -w /dev/shm ]]; then TRAIL_DIR=/dev/shm; else TRAIL_DIR="${TMPDIR:-/tmp}"; fi
fi

die() { echo "export-throughput: $*" >&2; exit 1; }

[[ "$ROWS" =~ ^[0-9]+$ ]] && (( ROWS >= 1 && ROWS <= 10000000 )) || die "ROWS must be 1..10000000, got '$ROWS'"
[[ "$CHECKS" =~ ^[0-9]+$ ]] && (( CHECKS >= 1 && CHECKS <= 100000 )) || die "CHECKS must be 1..100000, got '$CHECKS'"
[[ "$RUNS" =~ ^[0-9]+$ ]] && (( RUNS >= 1 && RUNS <= 50 )) || die "RUNS must be 1..50, got '$RUNS'"
[[ "$HEAP" =~ ^[0-9]+[mMgG]$ ]] || die "HEAP must be a size such as 64m, got '$HEAP'"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed for the resident set; install the 'time' package"
command -v java >/dev/null || die "java not found on PATH"

if [[ ! -f "$JAR" ]]; then
    echo "building $JAR (mvn -B -q -DskipTests package) ..." >&2
    mvn -B -q -DskipTests package
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi

WORK="$(mktemp -d "$TRAIL_DIR/driftwatch-export.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
export DRIFTWATCH_DATA="$WORK/data"
unset DRIFTWATCH_AUDIT_KEY
mkdir -p "$DRIFTWATCH_DATA"

echo "nproc: $(nproc)  load average: $(cut -d' ' -f1-3 /proc/loadavg)  java: $(java -version 2>&1 | head -n1)"
echo "trail: $ROWS verdicts over $CHECKS checks in $WORK (java -cp $JAR bench/ExportTrail.java)"
java -cp "$JAR" "$ROOT/bench/ExportTrail.java" "$DRIFTWATCH_DATA" "$ROWS" "$CHECKS"

# shellcheck disable=SC2206
JAVA_CMD=(java -Xmx"$HEAP" $JAVA_OPTS -jar "$JAR")

# Runs "$@" with stdout to $2 (a file) and prints "wall_s cpu_s max_rss_kb"; stops the script unless it exits 0.
timed() {
    local out="$1"; shift
    /usr/bin/time -o "$WORK/time" -f "%e %U %S %M" "$@" >"$out" 2>"$WORK/err" \
        || { cat "$WORK/err" >&2; die "failed: $*"; }
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$WORK/time"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# name, output file, command...: runs it RUNS times, prints each run, and adds "name wall_median cpu_median max_rss_kb" to $WORK/summary.
measure() {
    local name="$1" out="$2"; shift 2
    local walls=() cpus=() rss=0 wall cpu kb
    echo "command: $* > $out"
    for i in $(seq 1 "$RUNS"); do
        read -r wall cpu kb <<<"$(timed "$out" "$@")"
        walls+=("$wall")
        cpus+=("$cpu")
        (( kb > rss )) && rss=$kb
        echo "  run $i: wall ${wall} s, cpu ${cpu} s, max rss $(( kb / 1024 )) MB"
    done
    echo "$name $(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $rss" >>"$WORK/summary"
}

FILE="$WORK/audit.jsonl"
measure export "$FILE" "${JAVA_CMD[@]}" audit export
grep -q '^{"head":' <(tail -n1 "$FILE") || die "the export does not end with its head line"
RECORDS=$(( $(wc -l <"$FILE") - 1 ))
echo "file: $(du -h "$FILE" | cut -f1) for $RECORDS records"

measure verify-file "$WORK/verify.out" "${JAVA_CMD[@]}" audit verify --file "$FILE"
grep -q '^export intact' "$WORK/verify.out" || die "the file did not verify: $(cat "$WORK/verify.out")"

measure verify-db "$WORK/verify.out" "${JAVA_CMD[@]}" audit verify
grep -q '^audit trail intact' "$WORK/verify.out" || die "the trail did not verify: $(cat "$WORK/verify.out")"

echo "--- summary: median of $RUNS runs, JVM start included; load average now $(cut -d' ' -f1-3 /proc/loadavg) ---"
# Records per CPU second (user + sys, every thread) as well as per wall second: on a shared machine the wall time
# is mostly waiting for a core; the CPU time is what the work costs.
while read -r name wall cpu kb; do
    echo "$name records=$RECORDS wall_s=$wall records_per_s=$(awk -v n="$RECORDS" -v s="$wall" 'BEGIN { printf "%.0f", n / s }')" \
        "cpu_s=$cpu records_per_cpu_s=$(awk -v n="$RECORDS" -v s="$cpu" 'BEGIN { printf "%.0f", n / s }') max_rss_mb=$(( kb / 1024 ))"
done <"$WORK/summary"
