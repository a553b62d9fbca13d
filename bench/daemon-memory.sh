#!/usr/bin/env bash
# Benchmark (not a test): memory of the long-lived `driftwatch run` daemon.
#
#   bash bench/daemon-memory.sh                 # idle, then a soak of 100,000 check runs
#   MODE=idle bash bench/daemon-memory.sh       # only the idle figure
#   MODE=soak SOAK_RUNS=20000 bash bench/daemon-memory.sh
#
# Idle: the shipped checks.yaml (its real schedules) against bench/standin.py. On a fresh audit trail the
# daemon runs each of its 8 checks once at start (catch-up), then waits for their schedules; once all 8
# have run, the resident memory (VmRSS, from /proc) is sampled every 5 s for IDLE_SECONDS. The figure is
# the largest sample after the first SETTLE_SECONDS (the JIT still compiles the start-up's code then);
# the largest before is reported as the start-up peak. Goal: <= 128 MB.
# Soak: CONTRACTS copies of the shipped contract (models, endpoint, its four docs pages and its spec; the paid
# generation probe off), every check scheduled every second, until the daemon's /metrics count
# SOAK_RUNS check runs. VmRSS, threads and open file descriptors are read after the first FIRST_MARK
# runs and at the end. Goal: resident memory at the end <= 5 % above the first mark; no thread or
# descriptor growth.
# The JVM runs with the container's flags (Dockerfile, JAVA_TOOL_OPTIONS) and -XX:MaxRAM=$MAX_RAM,
# standing in for the container's memory limit. Everything stays on 127.0.0.1; the daemon and the
# stand-in are stopped on exit and the temporary directory removed. Last lines: `idle_rss_mb=<n>`,
# `soak_rss_growth_pct=<x>`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MODE="${MODE:-both}"
IDLE_SECONDS="${IDLE_SECONDS:-300}"
SETTLE_SECONDS="${SETTLE_SECONDS:-60}"
CONTRACTS="${CONTRACTS:-40}"
SOAK_RUNS="${SOAK_RUNS:-100000}"
FIRST_MARK="${FIRST_MARK:-10000}"
SOAK_TIMEOUT="${SOAK_TIMEOUT:-3600}"   # seconds the soak may take
MAX_RAM="${MAX_RAM:-512m}"
JVM_FLAGS="${JVM_FLAGS:-}"             # empty: the Dockerfile's JAVA_TOOL_OPTIONS without its CDS archive
JAR="$ROOT/target/driftwatch.jar"
BENCH_KEY="bench-key-not-a-secret"

die() { echo "daemon-memory: $*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ "$MODE" =~ ^(idle|soak|both)$ ]] || die "MODE must be idle, soak or both, got '$MODE'"
[[ "$SETTLE_SECONDS" =~ ^[0-9]+$ ]] && [[ "$IDLE_SECONDS" =~ ^[0-9]+$ ]] && (( IDLE_SECONDS >= SETTLE_SECONDS + 5 )) \
    || die "need IDLE_SECONDS >= SETTLE_SECONDS + 5, got IDLE_SECONDS=$IDLE_SECONDS SETTLE_SECONDS=$SETTLE_SECONDS"
[[ "$CONTRACTS" =~ ^[0-9]+$ ]] && (( CONTRACTS >= 1 && CONTRACTS <= 500 )) || die "CONTRACTS must be 1..500, got '$CONTRACTS'"
[[ "$SOAK_RUNS" =~ ^[0-9]+$ ]] && [[ "$FIRST_MARK" =~ ^[0-9]+$ ]] && (( FIRST_MARK >= 100 && SOAK_RUNS > FIRST_MARK )) \
    || die "need 100 <= FIRST_MARK < SOAK_RUNS, got FIRST_MARK=$FIRST_MARK SOAK_RUNS=$SOAK_RUNS"
command -v java >/dev/null || die "java not found on PATH"
command -v python3 >/dev/null || die "python3 not found on PATH"
if [[ ! -f "$JAR" ]]; then
    echo "building $JAR (mvn -B -q -DskipTests package) ..." >&2
    mvn -B -q -DskipTests package
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi
[[ -n "$JVM_FLAGS" ]] || JVM_FLAGS="$(container_jvm_flags)"
JVM_FLAGS="$JVM_FLAGS -XX:MaxRAM=$MAX_RAM"

bench_workdir daemon-bench
cp "$JAR" "$WORK/driftwatch.jar"
start_standin
unset SLACK_WEBHOOK_URL SLACK_BOT_TOKEN

echo "java:    $(java -version 2>&1 | head -n1)   flags: $JVM_FLAGS"
echo "nproc:   $(nproc)   stand-in: $STANDIN"

if [[ "$MODE" != soak ]]; then
    mkdir -p "$WORK/idle"
    cp "$ROOT/checks.yaml" "$WORK/idle/checks.yaml"
    cp -r "$ROOT/schemas" "$WORK/idle/schemas"
    PORT=$(free_port)
    start_daemon "$WORK/idle/checks.yaml" "$WORK/idle/data" "$PORT" "$WORK/idle.log"
    for _ in $(seq 1 120); do   # the catch-up runs of the 8 checks, up to 60 s
        (( $(runs "$PORT") >= 8 )) && break
        sleep 0.5
    done
    (( $(runs "$PORT") >= 8 )) || { tail -n 30 "$WORK/idle.log" >&2; die "the daemon did not run its 8 checks at start"; }
    echo "--- idle: the shipped checks.yaml, each check run once, then sampled every 5 s for $IDLE_SECONDS s ---"
    IDLE_RSS=0; PEAK_RSS=0
    for (( t = 5; t <= IDLE_SECONDS; t += 5 )); do
        sleep 5
        rss=$(rss_kb "$DAEMON_PID")
        if (( t <= SETTLE_SECONDS )); then
            (( rss > PEAK_RSS )) && PEAK_RSS=$rss
        elif (( rss > IDLE_RSS )); then
            IDLE_RSS=$rss
        fi
        (( t % 60 == 0 )) && echo "  after ${t} s: VmRSS $(( rss / 1024 )) MB"
    done
    echo "start-up peak (first $SETTLE_SECONDS s): VmRSS $(( PEAK_RSS / 1024 )) MB"
    echo "idle: VmRSS at most $(( IDLE_RSS / 1024 )) MB from $SETTLE_SECONDS s to $IDLE_SECONDS s, threads $(threads "$DAEMON_PID"), open fds $(fds "$DAEMON_PID"), check runs $(runs "$PORT")"
    stop_daemon
    echo "goal: idle resident memory <= 128 MB ($( (( IDLE_RSS <= 128 * 1024 )) && echo met || echo NOT met ))"
    echo "idle_rss_mb=$(( IDLE_RSS / 1024 ))"
fi

if [[ "$MODE" != idle ]]; then
    mkdir -p "$WORK/soak"
    cp -r "$ROOT/schemas" "$WORK/soak/schemas"
    # CONTRACTS copies of the shipped contract, every check every second, the paid probe off.
    python3 - "$ROOT/checks.yaml" "$WORK/soak/checks.yaml" "$CONTRACTS" <<'PY'
import re, sys
shipped, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(shipped, encoding="utf-8").read()
head, sep, contracts = text.partition("\ncontracts:\n")
if not sep:
    sys.exit("daemon-memory: no 'contracts:' in the shipped checks.yaml; update this script")
one = re.sub(r'(?m)^(\s*schedule:\s*)"[^"]*"', r'\1"* * * * * ?"', contracts)
one = re.sub(r'(?m)^(\s*)(dailyBudget:.*)$', r'\1enabled: false', one)
if "* * * * * ?" not in one or "enabled: false" not in one:
    sys.exit("daemon-memory: cannot rewrite the schedules or switch the paid probe off; update this script")
blocks = [one.replace("id: wisgate-gpt-image-2", "id: soak-%03d" % i, 1) for i in range(n)]
open(out, "w", encoding="utf-8").write(head + sep + "".join(blocks))
PY
    PORT=$(free_port)
    start_daemon "$WORK/soak/checks.yaml" "$WORK/soak/data" "$PORT" "$WORK/soak.log"
    echo "--- soak: $CONTRACTS contracts, every check every second, until $SOAK_RUNS check runs ---"
    start=$(date +%s)
    mark_rss=""; mark_threads=""; mark_fds=""
    while :; do
        n=$(runs "$PORT")
        now=$(date +%s)
        if [[ -z "$mark_rss" ]] && (( n >= FIRST_MARK )); then
            mark_rss=$(rss_kb "$DAEMON_PID"); mark_threads=$(threads "$DAEMON_PID"); mark_fds=$(fds "$DAEMON_PID")
            echo "after $n runs ($(( now - start )) s): VmRSS $(( mark_rss / 1024 )) MB, threads $mark_threads, open fds $mark_fds"
        fi
        if (( n >= SOAK_RUNS )); then
            break
        fi
        (( now - start <= SOAK_TIMEOUT )) || die "only $n of $SOAK_RUNS check runs within $SOAK_TIMEOUT s"
        kill -0 "$DAEMON_PID" 2>/dev/null || { tail -n 30 "$WORK/soak.log" >&2; die "the daemon died during the soak"; }
        sleep 5
    done
    end_rss=$(rss_kb "$DAEMON_PID"); end_threads=$(threads "$DAEMON_PID"); end_fds=$(fds "$DAEMON_PID")
    echo "after $n runs ($(( $(date +%s) - start )) s): VmRSS $(( end_rss / 1024 )) MB, threads $end_threads, open fds $end_fds"
    stop_daemon
    growth=$(python3 -c 'import sys; print("%.1f" % (100.0 * (int(sys.argv[2]) - int(sys.argv[1])) / int(sys.argv[1])))' "$mark_rss" "$end_rss")
    ok=met
    python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= 5.0 else 1)' "$growth" || ok="NOT met"
    (( end_threads <= mark_threads && end_fds <= mark_fds )) || ok="NOT met"
    echo "goal: resident memory <= 5 % above the first mark, no thread or descriptor growth ($ok): RSS ${growth} %, threads $mark_threads -> $end_threads, fds $mark_fds -> $end_fds"
    echo "soak_rss_growth_pct=$growth"
fi
