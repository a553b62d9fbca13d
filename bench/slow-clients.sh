#!/usr/bin/env bash
# Benchmark (not a test): does /healthz keep answering while bad clients hold connections to the daemon?
#
#   bash bench/slow-clients.sh
#   JAR=/tmp/old/driftwatch.jar bash bench/slow-clients.sh          # another build, e.g. before a change
#   JAVA_OPTS="-Dsun.net.httpserver.maxReqTime=5" JAR=... bash bench/slow-clients.sh
#   SECONDS_EACH=60 SCENARIOS="half:2 idle:200" bash bench/slow-clients.sh
#
# Starts `driftwatch run` with the shipped checks.yaml against bench/standin.py (everything on 127.0.0.1), with
# the container's JVM flags (Dockerfile, JAVA_TOOL_OPTIONS, without its CDS archive) and -XX:MaxRAM=$MAX_RAM.
# Then, one scenario after the other, bench/slow_clients.py holds KIND:CLIENTS bad clients (idle: send nothing;
# half: half a request line; slowloris: headers trickled, never finished; each connects again when cut off)
# for SECONDS_EACH seconds while it probes /healthz once a second with a 10 s timeout. Prints one line a
# scenario: probes answered 200, their median and max milliseconds, how often the server cut a bad client off,
# and the daemon's VmRSS and threads halfway through. Goal: every probe answered, in every scenario.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

JAR="${JAR:-$ROOT/target/driftwatch.jar}"
SECONDS_EACH="${SECONDS_EACH:-30}"
SCENARIOS="${SCENARIOS:-none:0 half:2 slowloris:2 idle:200 half:200 slowloris:200}"
MAX_RAM="${MAX_RAM:-512m}"
JAVA_OPTS="${JAVA_OPTS:-}"
BENCH_KEY="bench-key-not-a-secret"

die() { echo "slow-clients: $*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ "$SECONDS_EACH" =~ ^[0-9]+$ ]] && (( SECONDS_EACH >= 5 && SECONDS_EACH <= 600 )) || die "SECONDS_EACH must be 5..600, got '$SECONDS_EACH'"
for s in $SCENARIOS; do
    [[ "$s" =~ ^(none|idle|half|slowloris):[0-9]+$ ]] || die "a scenario is KIND:CLIENTS with KIND none, idle, half or slowloris; got '$s'"
done
command -v java >/dev/null || die "java not found on PATH"
command -v python3 >/dev/null || die "python3 not found on PATH"
(( $(ulimit -n) >= 1024 )) || die "ulimit -n is $(ulimit -n); 200 clients need more descriptors"
if [[ ! -f "$JAR" ]]; then
    [[ "$JAR" == "$ROOT/target/driftwatch.jar" ]] || die "no $JAR"
    echo "building $JAR (mvn -B -q -DskipTests package) ..." >&2
    mvn -B -q -DskipTests package
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi
JVM_FLAGS="$(container_jvm_flags) -XX:MaxRAM=$MAX_RAM $JAVA_OPTS"

bench_workdir slow-clients
start_standin
unset SLACK_WEBHOOK_URL SLACK_BOT_TOKEN DRIFTWATCH_HTTP_TOKEN DRIFTWATCH_HTTP_USER DRIFTWATCH_HTTP_PASSWORD DRIFTWATCH_BIND

mkdir -p "$WORK/config"
cp "$ROOT/checks.yaml" "$WORK/config/checks.yaml"
cp -r "$ROOT/schemas" "$WORK/config/schemas"
PORT=$(free_port)
# shellcheck disable=SC2086
DRIFTWATCH_DATA="$WORK/data" java $JVM_FLAGS -jar "$JAR" run --config "$WORK/config/checks.yaml" --port "$PORT" \
    --log-format json >"$WORK/daemon.log" 2>&1 &
DAEMON_PID=$!
for _ in $(seq 1 300); do   # up to 60 s
    if python3 -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "http://127.0.0.1:$PORT/readyz" 2>/dev/null; then
        break
    fi
    kill -0 "$DAEMON_PID" 2>/dev/null || { tail -n 30 "$WORK/daemon.log" >&2; die "the daemon exited before it was ready"; }
    sleep 0.2
done
sleep 5 # the catch-up runs of the checks at start

echo "jar:     $JAR ($(( $(stat -c %s "$JAR") / 1024 / 1024 )) MB)"
echo "java:    $(java -version 2>&1 | head -n1)   flags: $JVM_FLAGS"
echo "nproc:   $(nproc)   each scenario: $SECONDS_EACH s, one /healthz probe a second, 10 s timeout"
all_ok=1
for s in $SCENARIOS; do
    kind="${s%%:*}"; clients="${s##*:}"
    python3 "$ROOT/bench/slow_clients.py" 127.0.0.1 "$PORT" "$kind" "$clients" "$SECONDS_EACH" >"$WORK/result" &
    bench_pid=$!
    sleep $(( SECONDS_EACH / 2 + 2 ))
    rss=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$DAEMON_PID/status")
    threads=$(awk '/^Threads:/ {print $2}' "/proc/$DAEMON_PID/status")
    wait "$bench_pid" || die "slow_clients.py failed"
    line="$(cat "$WORK/result") rss_mb=$rss threads=$threads"
    echo "$line"
    [[ "$line" =~ healthz_ok=([0-9]+)/([0-9]+) ]] && (( BASH_REMATCH[1] == BASH_REMATCH[2] )) || all_ok=0
    kill -0 "$DAEMON_PID" 2>/dev/null || { tail -n 30 "$WORK/daemon.log" >&2; die "the daemon died"; }
    sleep 2 # the server notices the closed connections
done
echo "goal: every /healthz probe answered in every scenario ($( (( all_ok )) && echo met || echo NOT met ))"
