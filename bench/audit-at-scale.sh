#!/usr/bin/env bash
# Benchmark (not a test): the audit trail's reads and the daemon's start on a trail of years.
#
#   bash bench/audit-at-scale.sh                          # builds a 10,000,000-verdict trail (~4.5 GB, ~10-20 min)
#   ROWS=1000000 bash bench/audit-at-scale.sh             # a smaller one
#   TRAIL=/path/to/driftwatch.db bash bench/audit-at-scale.sh   # reuse a trail built before (it is written to: see 5.)
#
# 1. bench/SyntheticTrail.java builds ROWS verdicts over CHECKS checks and DAYS days (unless TRAIL is given);
# 2. one `audit head` applies any pending migration to it (timed: a migration adding an index reads every row);
# 3. bench/AuditQueries.java times the reads in one warm JVM: last verified, the latest verdict per check (read
#    at the daemon's start), one check's history over 30 days (and the check page, where the build has it);
# 4. the CLI, JVM start included, RUNS times each: `audit last-verified`, `audit history` of one check over 30 days;
# 5. the daemon on the shipped checks.yaml against bench/standin.py, DRIFTWATCH_DATA at the trail: from the fork
#    to /readyz answering 200, RUNS times (each start records the shipped checks' verdicts into the trail, and its
#    retention sweep starts folding the trail's old PASS verdicts); then the page of one check of the trail
#    (/checks/contract-0/production/models), RUNS times per start, over HTTP.
# Goals (10M verdicts, 1,000 checks, two years): last verified <= 50 ms, history of one check over 30 days
# <= 100 ms, the check page <= 200 ms, the daemon start to ready <= 5 s.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ROWS="${ROWS:-10000000}"
CHECKS="${CHECKS:-1000}"
DAYS="${DAYS:-730}"
RUNS="${RUNS:-5}"
TRAIL="${TRAIL:-}"
JAR="$ROOT/target/driftwatch.jar"
BENCH_KEY="bench-key-not-a-secret"

die() { echo "audit-at-scale: $*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ "$ROWS" =~ ^[0-9]+$ ]] && (( ROWS >= CHECKS )) || die "ROWS must be a number >= CHECKS, got '$ROWS'"
[[ "$CHECKS" =~ ^[0-9]+$ ]] && (( CHECKS >= 1 )) || die "CHECKS must be a positive number, got '$CHECKS'"
[[ "$DAYS" =~ ^[0-9]+$ ]] && (( DAYS >= 31 )) || die "DAYS must be 31 or more, got '$DAYS'"
[[ "$RUNS" =~ ^[0-9]+$ ]] && (( RUNS >= 1 && RUNS <= 100 )) || die "RUNS must be 1..100, got '$RUNS'"
command -v java >/dev/null || die "java not found on PATH"
command -v python3 >/dev/null || die "python3 not found on PATH"
if [[ ! -f "$JAR" ]]; then
    echo "building $JAR (mvn -B -q -DskipTests package) ..." >&2
    mvn -B -q -DskipTests package
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi

bench_workdir audit-at-scale
if [[ -z "$TRAIL" ]]; then
    TRAIL="$WORK/data/driftwatch.db"
    mkdir -p "$WORK/data"
    echo "--- building a trail of $ROWS verdicts over $CHECKS checks and $DAYS days ---"
    java -cp "$JAR" "$ROOT/bench/SyntheticTrail.java" "$TRAIL" "$ROWS" "$CHECKS" "$DAYS"
fi
[[ -f "$TRAIL" ]] || die "no trail at $TRAIL"
DATA="$(dirname "$TRAIL")"
[[ "$(basename "$TRAIL")" == driftwatch.db ]] || die "TRAIL must be a file named driftwatch.db (DRIFTWATCH_DATA is its directory)"
echo "trail: $(du -h "$TRAIL" | cut -f1)   nproc: $(nproc)   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java:  $(java -version 2>&1 | head -n1)"

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

t0=$(date +%s%N)
DRIFTWATCH_DATA="$DATA" java -jar "$JAR" audit head >/dev/null || die "audit head failed on $TRAIL"
echo "open and migrate: $(ms_since "$t0") ms"

echo "--- in one warm JVM ---"
java -cp "$JAR" "$ROOT/bench/AuditQueries.java" "$TRAIL" 5 21

echo "--- the CLI, JVM start included ($RUNS runs each, median) ---"
CHECK_ARGS=(--contract contract-0 --env production --check models)
for cmd in "audit last-verified" "audit history ${CHECK_ARGS[*]} --since 30d"; do
    times=()
    for _ in $(seq 1 "$RUNS"); do
        t0=$(date +%s%N)
        # shellcheck disable=SC2086
        DRIFTWATCH_DATA="$DATA" java -jar "$JAR" $cmd >/dev/null || die "'$cmd' failed"
        times+=("$(ms_since "$t0")")
    done
    echo "cli=\"$cmd\" median_ms=$(printf '%s\n' "${times[@]}" | median) runs_ms=${times[*]}"
done

echo "--- the daemon, fork to /readyz 200 ($RUNS starts) ---"
start_standin
unset SLACK_WEBHOOK_URL SLACK_BOT_TOKEN
mkdir -p "$WORK/config"
cp "$ROOT/checks.yaml" "$WORK/config/checks.yaml"
cp -r "$ROOT/schemas" "$WORK/config/schemas"
times=()
page_times=()
for _ in $(seq 1 "$RUNS"); do
    PORT=$(free_port)
    t0=$(date +%s%N)
    DRIFTWATCH_DATA="$DATA" java -jar "$JAR" run --config "$WORK/config/checks.yaml" --port "$PORT" >"$WORK/daemon.log" 2>&1 &
    DAEMON_PID=$!
    until curl -fs -o /dev/null "http://127.0.0.1:$PORT/readyz"; do
        kill -0 "$DAEMON_PID" 2>/dev/null || { tail -n 20 "$WORK/daemon.log" >&2; die "the daemon exited"; }
        (( $(ms_since "$t0") < 120000 )) || die "the daemon was not ready within 120 s"
        sleep 0.02
    done
    times+=("$(ms_since "$t0")")
    # The page of one check of the trail (its 90 days, run times, verdicts, incidents), RUNS times after the start.
    for _ in $(seq 1 "$RUNS"); do
        page_times+=("$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/checks/contract-0/production/models" \
            | awk '{printf "%d", $1 * 1000}')") || die "the check page did not answer 200"
    done
    kill -TERM "$DAEMON_PID"; wait "$DAEMON_PID" || true; DAEMON_PID=""
done
echo "daemon_start_to_ready median_ms=$(printf '%s\n' "${times[@]}" | median) runs_ms=${times[*]}"
echo "check_page median_ms=$(printf '%s\n' "${page_times[@]}" | median) runs_ms=${page_times[*]}"
