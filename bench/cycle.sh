#!/usr/bin/env bash
# Benchmark (not a test): how long a full cycle of many contracts takes, all due at the same moment, against a
# loopback provider that answers after LATENCY_MS — the daemon's scheduled cycle and one `verify` of the same checks.
#
#   bash bench/cycle.sh
#   CONTRACTS=200 LATENCY_MS=50 bash bench/cycle.sh
#
# CONTRACTS contracts (default 1,000), each with its `models` and `endpoint` checks on "0/30 * * * * ?" (a schedule
# that fires more than once a minute gets no jitter, so every check is due at the same instant). The daemon runs them
# once at start (a fresh trail), then at each of the next CYCLES half minutes B (default 8): a cycle is the time from B
# to the last of those runs recorded in the trail (each check's first run at or after B). The first is reported; the
# goal is held against the steady cycle, the median of the last three, once the JIT has compiled what a cycle runs (a
# long-lived daemon's usual state). `verify` of the same checks.yaml, VERIFY_RUNS times (default 3, the medians) on a
# fresh trail each, with VERIFY_FLAGS (the daemon's plus -XX:TieredStopAtLevel=1, how the Dockerfile advises running a
# one-shot command): the same figure from its trail (the first check's start to the last verdict), and the process's
# wall and CPU time (user + system), JVM start and loading the file included. Both with IN_FLIGHT requests in flight (default 64; the file sets http.maxInFlight and
# maxInFlightPerHost to it). The limit the provider then sets: ceil(checks / IN_FLIGHT) x LATENCY_MS; the goal is
# 1.25 x that.
# Last line: `RESULT daemon_cycle_s=<x> daemon_first_cycle_s=<f> verify_cycle_s=<v> verify_wall_s=<y> verify_cpu_s=<z> ...`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONTRACTS="${CONTRACTS:-1000}"
IN_FLIGHT="${IN_FLIGHT:-64}"
CYCLES="${CYCLES:-8}"
VERIFY_RUNS="${VERIFY_RUNS:-3}"
export LATENCY_MS="${LATENCY_MS:-50}"
JVM_FLAGS="${JVM_FLAGS:-}"
JAR="$ROOT/target/driftwatch.jar"
BENCH_KEY="bench-key-not-a-secret"
die() { echo "cycle: $*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ "$CONTRACTS" =~ ^[0-9]+$ ]] && (( CONTRACTS >= 1 && CONTRACTS <= 5000 )) || die "CONTRACTS must be 1..5000, got '$CONTRACTS'"
[[ "$IN_FLIGHT" =~ ^[0-9]+$ ]] && (( IN_FLIGHT >= 1 )) || die "IN_FLIGHT must be a positive number, got '$IN_FLIGHT'"
[[ "$CYCLES" =~ ^[0-9]+$ ]] && (( CYCLES >= 3 )) || die "CYCLES must be 3 or more, got '$CYCLES'"
[[ "$VERIFY_RUNS" =~ ^[0-9]+$ ]] && (( VERIFY_RUNS >= 1 )) || die "VERIFY_RUNS must be 1 or more, got '$VERIFY_RUNS'"
[[ "$LATENCY_MS" =~ ^[0-9]+$ ]] || die "LATENCY_MS must be milliseconds, got '$LATENCY_MS'"
[[ -f "$JAR" ]] || mvn -B -q -DskipTests package
[[ -n "$JVM_FLAGS" ]] || JVM_FLAGS="$(container_jvm_flags)"
# A one-shot command as the Dockerfile advises running it (and as verify-wall-time.sh measures it): C1 only, since a
# short run ends before C2's code would pay for its compile time.
VERIFY_FLAGS="${VERIFY_FLAGS:-$JVM_FLAGS -XX:TieredStopAtLevel=1}"

bench_workdir cycle
cp "$JAR" "$WORK/driftwatch.jar"
start_standin
unset SLACK_WEBHOOK_URL SLACK_BOT_TOKEN
CHECKS=$(( 2 * CONTRACTS ))
LIMIT="$(python3 -c "import math; print(round(math.ceil($CHECKS / $IN_FLIGHT) * $LATENCY_MS / 1000, 2))")"
GOAL="$(python3 -c "print(round(1.25 * $LIMIT, 2))")"
echo "java: $(java -version 2>&1 | head -n1)   flags: $JVM_FLAGS   verify: $VERIFY_FLAGS   nproc: $(nproc)"
echo "$CONTRACTS contracts x models + endpoint = $CHECKS checks, provider latency $LATENCY_MS ms;" \
     "limit with $IN_FLIGHT in flight: $LIMIT s, goal $GOAL s"

mkdir -p "$WORK/config" && cp -r "$ROOT/schemas" "$WORK/config/schemas"
python3 "$ROOT/bench/contracts.py" "$WORK/config/checks.yaml" "$CONTRACTS" "0/30 * * * * ?" models,endpoint --in-flight="$IN_FLIGHT"

# verify: VERIFY_RUNS processes (default 3), each on a fresh trail; the median of each figure. Wall and CPU time of
# the process; its cycle, read from its trail, is the same figure as the daemon's: from the first check's start to
# the last verdict recorded.
read -r VERIFY_CYCLE VERIFY_WALL VERIFY_CPU < <(python3 - "$WORK" "$VERIFY_FLAGS" "$VERIFY_RUNS" <<'PY'
import datetime, os, resource, sqlite3, statistics, subprocess, sys, time
work, flags, runs = sys.argv[1], sys.argv[2].split(), int(sys.argv[3])
def at(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
cycles, walls, cpus = [], [], []
for n in range(1, runs + 1):
    data = "%s/verify-data-%d" % (work, n)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    with open(work + "/verify.out", "w") as out:
        rc = subprocess.run(["java", *flags, "-jar", work + "/driftwatch.jar", "verify", "--config", work + "/config/checks.yaml"],
                            stdout=out, stderr=subprocess.STDOUT, env=dict(os.environ, DRIFTWATCH_DATA=data)).returncode
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if rc != 0:
        sys.exit("verify run %d exited %d (expected 0: every check PASS); see %s/verify.out" % (n, rc, work))
    first, last = sqlite3.connect(data + "/driftwatch.db").execute("SELECT min(started_at), max(recorded_at) FROM verdicts").fetchone()
    cycles.append(at(last) - at(first))
    walls.append(wall)
    cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print("verify %d: cycle %.2f s, wall %.2f s, CPU %.2f s" % (n, cycles[-1], wall, cpus[-1]), file=sys.stderr)
print(round(statistics.median(cycles), 2), round(statistics.median(walls), 2), round(statistics.median(cpus), 2))
PY
)
[[ -n "${VERIFY_CPU:-}" ]] || die "verify failed (above)"
echo "verify: $(tail -n 1 "$WORK/verify.out")"

# The daemon: its start-up runs, then CYCLES scheduled cycles, each at a half minute B. Nothing asks the daemon
# anything while a cycle runs (a /metrics scrape of 2,000 series costs it CPU); the cycle is read from the trail after.
PORT="$(free_port)"
start_daemon "$WORK/config/checks.yaml" "$WORK/data" "$PORT" "$WORK/daemon.log"
for _ in $(seq 1 600); do (( $(runs "$PORT") >= CHECKS )) && break; sleep 0.5; done
(( $(runs "$PORT") >= CHECKS )) || die "the daemon did not finish its start-up runs within 5 minutes"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
: >"$WORK/cycles.txt"
for _ in $(seq 1 "$CYCLES"); do
    # The next half minute at least 2 s away; the CPU counted from just before it to 20 s after (the cycle is long over).
    B="$(python3 -c "import time; t = time.time() + 2; print(int(t // 30 + 1) * 30)")"
    python3 -c "import time; time.sleep(max(0, $B - 0.2 - time.time()))"
    D0="$(cpu_ticks "$DAEMON_PID")"; S0="$(cpu_ticks "$STANDIN_PID")"
    python3 -c "import time; time.sleep(max(0, $B + 20 - time.time()))"
    echo "$B $(( $(cpu_ticks "$DAEMON_PID") - D0 )) $(( $(cpu_ticks "$STANDIN_PID") - S0 ))" >>"$WORK/cycles.txt"
done
stop_daemon

printf '%-44s %10s %10s %8s\n' "" "seconds" "goal" "met"
met() { python3 -c "print('met' if $1 <= $2 else 'MISSED')"; }
read -r FIRST_CYCLE DAEMON_CYCLE DAEMON_CPU STANDIN_CPU < <(python3 - "$WORK/data/driftwatch.db" "$WORK/cycles.txt" "$CHECKS" \
        "$(getconf CLK_TCK)" <<'PY'
import datetime, sqlite3, statistics, sys
db, cycles, checks, tck = sqlite3.connect(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def text(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
rows = []
for n, line in enumerate(open(cycles), 1):
    b, daemon_ticks, standin_ticks = (int(x) for x in line.split())
    first = {}
    for contract, check, recorded in db.execute("SELECT contract, check_name, recorded_at FROM verdicts"
                                                " WHERE started_at >= ? AND started_at < ? ORDER BY id", (text(b), text(b + 30))):
        first.setdefault((contract, check), recorded)
    if len(first) < checks:
        sys.exit("cycle %d: only %d of %d checks ran" % (n, len(first), checks))
    last = max(datetime.datetime.fromisoformat(r.replace("Z", "+00:00")).timestamp() for r in first.values())
    rows.append((round(last - b, 2), daemon_ticks / tck, standin_ticks / tck))
    print("cycle %d: %.2f s, daemon CPU %.2f s, stand-in CPU %.2f s" % (n, *rows[-1]), file=sys.stderr)
steady = rows[-3:]  # a long-lived daemon's cycle: the JIT has compiled what a cycle runs
print(rows[0][0], statistics.median(r[0] for r in steady), round(statistics.median(r[1] for r in steady), 2),
      round(statistics.median(r[2] for r in steady), 2))
PY
)
[[ -n "${STANDIN_CPU:-}" ]] || die "could not read the cycles from the daemon's trail"
printf '%-44s %10s %10s %8s\n' "daemon: first scheduled cycle after start" "$FIRST_CYCLE" "$GOAL" "$(met "$FIRST_CYCLE" "$GOAL")"
printf '%-44s %10s %10s %8s\n' "daemon: steady cycle (median of last 3)" "$DAEMON_CYCLE" "$GOAL" "$(met "$DAEMON_CYCLE" "$GOAL")"
printf '%-44s %10s %10s %8s\n' "verify: first check to last verdict (median)" "$VERIFY_CYCLE" "$GOAL" "$(met "$VERIFY_CYCLE" "$GOAL")"
printf '%-44s %10s\n' "verify: wall time of the process (median)" "$VERIFY_WALL"
printf '%-44s %10s\n' "verify: CPU time, user + system (median)" "$VERIFY_CPU"
printf '%-44s %10s\n' "daemon: CPU time of a steady cycle" "$DAEMON_CPU"
printf '%-44s %10s\n' "stand-in: CPU time of a steady cycle" "$STANDIN_CPU"
echo "RESULT daemon_cycle_s=$DAEMON_CYCLE daemon_first_cycle_s=$FIRST_CYCLE verify_cycle_s=$VERIFY_CYCLE verify_wall_s=$VERIFY_WALL verify_cpu_s=$VERIFY_CPU daemon_cycle_cpu_s=$DAEMON_CPU standin_cycle_cpu_s=$STANDIN_CPU limit_s=$LIMIT goal_s=$GOAL"
