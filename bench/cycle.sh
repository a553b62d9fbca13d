#!/usr/bin/env bash
# Benchmark (not a test): how long a full cycle of many contracts takes, all due at the same moment, against a
# loopback provider that answers after LATENCY_MS — the daemon's scheduled cycle and one `verify` of the same checks.
#
#   bash bench/cycle.sh
#   CONTRACTS=200 LATENCY_MS=50 bash bench/cycle.sh
#
# CONTRACTS contracts (default 1,000), each with its `models` and `endpoint` checks on "0/30 * * * * ?" (a schedule
# that fires more than once a minute gets no jitter, so every check is due at the same instant). The daemon runs them
# once at start (a fresh trail), then at the next half minute B: the cycle is the time from B to the last of those
# runs recorded in the trail (each check's first run at or after B). `verify` of the same checks.yaml on a fresh trail:
# wall time and CPU (user + system) of the process. Both with IN_FLIGHT requests in flight (default 64; the file sets
# http.maxInFlight and maxInFlightPerHost to it). The limit the provider then sets: ceil(checks / IN_FLIGHT) x
# LATENCY_MS; the goal is 1.25 x that.
# Last line: `RESULT daemon_cycle_s=<x> verify_wall_s=<y> verify_cpu_s=<z> limit_s=<l>`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONTRACTS="${CONTRACTS:-1000}"
IN_FLIGHT="${IN_FLIGHT:-64}"
export LATENCY_MS="${LATENCY_MS:-50}"
JVM_FLAGS="${JVM_FLAGS:-}"
JAR="$ROOT/target/driftwatch.jar"
BENCH_KEY="bench-key-not-a-secret"
die() { echo "cycle: $*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ "$CONTRACTS" =~ ^[0-9]+$ ]] && (( CONTRACTS >= 1 && CONTRACTS <= 5000 )) || die "CONTRACTS must be 1..5000, got '$CONTRACTS'"
[[ "$IN_FLIGHT" =~ ^[0-9]+$ ]] && (( IN_FLIGHT >= 1 )) || die "IN_FLIGHT must be a positive number, got '$IN_FLIGHT'"
[[ "$LATENCY_MS" =~ ^[0-9]+$ ]] || die "LATENCY_MS must be milliseconds, got '$LATENCY_MS'"
[[ -f "$JAR" ]] || mvn -B -q -DskipTests package
[[ -n "$JVM_FLAGS" ]] || JVM_FLAGS="$(container_jvm_flags)"

bench_workdir cycle
cp "$JAR" "$WORK/driftwatch.jar"
start_standin
unset SLACK_WEBHOOK_URL SLACK_BOT_TOKEN
CHECKS=$(( 2 * CONTRACTS ))
LIMIT="$(python3 -c "import math; print(round(math.ceil($CHECKS / $IN_FLIGHT) * $LATENCY_MS / 1000, 2))")"
GOAL="$(python3 -c "print(round(1.25 * $LIMIT, 2))")"
echo "java: $(java -version 2>&1 | head -n1)   flags: $JVM_FLAGS   nproc: $(nproc)"
echo "$CONTRACTS contracts x models + endpoint = $CHECKS checks, provider latency $LATENCY_MS ms;" \
     "limit with $IN_FLIGHT in flight: $LIMIT s, goal $GOAL s"

mkdir -p "$WORK/config" && cp -r "$ROOT/schemas" "$WORK/config/schemas"
python3 "$ROOT/bench/contracts.py" "$WORK/config/checks.yaml" "$CONTRACTS" "0/30 * * * * ?" models,endpoint --in-flight="$IN_FLIGHT"

# verify: one process, fresh trail, wall and CPU time of the child.
read -r VERIFY_WALL VERIFY_CPU VERIFY_RC < <(python3 - "$WORK" "$JVM_FLAGS" <<'PY'
import os, resource, subprocess, sys, time
work, flags = sys.argv[1], sys.argv[2].split()
env = dict(os.environ, DRIFTWATCH_DATA=work + "/verify-data")
start = time.monotonic()
with open(work + "/verify.out", "w") as out:
    rc = subprocess.run(["java", *flags, "-jar", work + "/driftwatch.jar", "verify", "--config", work + "/config/checks.yaml"],
                        stdout=out, stderr=subprocess.STDOUT, env=env).returncode
wall = time.monotonic() - start
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(round(wall, 2), round(ru.ru_utime + ru.ru_stime, 2), rc)
PY
)
(( VERIFY_RC == 0 )) || { tail -n 5 "$WORK/verify.out" >&2; die "verify exited $VERIFY_RC (expected 0: every check PASS)"; }
echo "verify: $(tail -n 1 "$WORK/verify.out")"

PORT="$(free_port)"
start_daemon "$WORK/config/checks.yaml" "$WORK/data" "$PORT" "$WORK/daemon.log"
for _ in $(seq 1 600); do (( $(runs "$PORT") >= CHECKS )) && break; sleep 0.5; done
(( $(runs "$PORT") >= CHECKS )) || die "the daemon did not finish its start-up runs within 5 minutes"
# The next half minute at least 2 s away: the cycle measured starts there.
B="$(python3 -c "import time; t = time.time() + 2; print(int(t // 30 + 1) * 30)")"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
python3 -c "import time; time.sleep(max(0, $B - 0.2 - time.time()))"
D0="$(cpu_ticks "$DAEMON_PID")"; S0="$(cpu_ticks "$STANDIN_PID")"
for _ in $(seq 1 600); do (( $(runs "$PORT") >= 2 * CHECKS )) && break; sleep 0.1; done
D1="$(cpu_ticks "$DAEMON_PID")"; S1="$(cpu_ticks "$STANDIN_PID")"
(( $(runs "$PORT") >= 2 * CHECKS )) || die "the scheduled cycle did not finish within 5 minutes"
sleep 1
DAEMON_CYCLE="$(python3 - "$WORK/data/driftwatch.db" "$B" "$CHECKS" <<'PY'
import datetime, sqlite3, sys
db, b, checks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
since = datetime.datetime.fromtimestamp(b, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
first = {}
for contract, check, recorded in sqlite3.connect(db).execute(
        "SELECT contract, check_name, recorded_at FROM verdicts WHERE started_at >= ? ORDER BY id", (since,)):
    first.setdefault((contract, check), recorded)
if len(first) < checks:
    sys.exit("only %d of %d checks ran after the half minute" % (len(first), checks))
last = max(datetime.datetime.fromisoformat(r.replace("Z", "+00:00")).timestamp() for r in first.values())
print(round(last - b, 2))
PY
)"
stop_daemon
TCK="$(getconf CLK_TCK)"
DAEMON_CPU="$(python3 -c "print(round(($D1 - $D0) / $TCK, 2))")"
STANDIN_CPU="$(python3 -c "print(round(($S1 - $S0) / $TCK, 2))")"

printf '%-44s %10s %10s %8s\n' "" "seconds" "goal" "met"
met() { python3 -c "print('met' if $1 <= $2 else 'MISSED')"; }
printf '%-44s %10s %10s %8s\n' "daemon: scheduled cycle, due time to last verdict" "$DAEMON_CYCLE" "$GOAL" "$(met "$DAEMON_CYCLE" "$GOAL")"
printf '%-44s %10s %10s %8s\n' "verify: wall time of the process" "$VERIFY_WALL" "$GOAL" "$(met "$VERIFY_WALL" "$GOAL")"
printf '%-44s %10s\n' "verify: CPU time (user + system)" "$VERIFY_CPU"
printf '%-44s %10s\n' "daemon: CPU time during the cycle" "$DAEMON_CPU"
printf '%-44s %10s\n' "stand-in: CPU time during the cycle" "$STANDIN_CPU"
echo "RESULT daemon_cycle_s=$DAEMON_CYCLE verify_wall_s=$VERIFY_WALL verify_cpu_s=$VERIFY_CPU daemon_cycle_cpu_s=$DAEMON_CPU standin_cycle_cpu_s=$STANDIN_CPU limit_s=$LIMIT goal_s=$GOAL"
