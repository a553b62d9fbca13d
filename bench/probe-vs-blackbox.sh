#!/usr/bin/env bash
# Benchmark (not a test): CPU per API check of the long-lived daemon against Prometheus' blackbox_exporter probing
# the same endpoint, in the same run, against the same loopback stand-in.
#
#   bash bench/probe-vs-blackbox.sh
#   CONTRACTS=50 WARMUP=30 DURATION=60 bash bench/probe-vs-blackbox.sh
#
# driftwatch: CONTRACTS contracts, each with its `models` and `endpoint` checks every second (2 x CONTRACTS checks
# a second: the request, its JSON Schema, the known-state comparison and the hash-chained SQLite append included),
# the container's JVM flags and -XX:MaxRAM=$MAX_RAM (default 512m) standing in for its memory limit. blackbox_exporter (Debian's prometheus-blackbox-exporter, installed when missing and
# this runs as root): its HTTP prober on GET /v1/models with the key, a status check and a body check (the pinned
# model listed), asked for the same number of probes a second by a driver whose own CPU is not counted.
# After WARMUP seconds each process's CPU (utime + stime from /proc) is read over DURATION seconds and divided by
# the checks or probes it completed; resident memory (VmRSS) at the end. Then the daemon watching WATCHED (1,000)
# contracts, models + endpoint every minute: its resident memory after 150 s. Everything stays on 127.0.0.1.
# Last line: `RESULT cpu_ms_per_check=<x> blackbox_cpu_ms_per_probe=<y> rss_mb=<a> blackbox_rss_mb=<b>`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONTRACTS="${CONTRACTS:-50}"
WARMUP="${WARMUP:-30}"
DURATION="${DURATION:-60}"
WATCHED="${WATCHED:-1000}"
JVM_FLAGS="${JVM_FLAGS:-}"
MAX_RAM="${MAX_RAM:-512m}"   # the container's memory limit, as bench/daemon-memory.sh
JAR="$ROOT/target/driftwatch.jar"
BENCH_KEY="bench-key-not-a-secret"
die() { echo "probe-vs-blackbox: $*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ "$CONTRACTS" =~ ^[0-9]+$ ]] && (( CONTRACTS >= 1 && CONTRACTS <= 500 )) || die "CONTRACTS must be 1..500, got '$CONTRACTS'"
[[ "$WARMUP" =~ ^[0-9]+$ && "$DURATION" =~ ^[0-9]+$ ]] && (( DURATION >= 10 )) || die "WARMUP and DURATION are seconds, DURATION >= 10"
BLACKBOX="$(command -v prometheus-blackbox-exporter || command -v blackbox_exporter || true)"
if [[ -z "$BLACKBOX" ]]; then
    [[ "$(id -u)" == 0 ]] || die "blackbox_exporter is not installed: apt-get install -y prometheus-blackbox-exporter (as root)"
    echo "installing prometheus-blackbox-exporter (apt-get) ..." >&2
    apt-get install -y -q prometheus-blackbox-exporter >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q prometheus-blackbox-exporter >/dev/null; }
    BLACKBOX="$(command -v prometheus-blackbox-exporter)" || die "prometheus-blackbox-exporter did not install"
fi
[[ -f "$JAR" ]] || mvn -B -q -DskipTests package
[[ -n "$JVM_FLAGS" ]] || JVM_FLAGS="$(container_jvm_flags)"
JVM_FLAGS="$JVM_FLAGS -XX:MaxRAM=$MAX_RAM"

bench_workdir probe-vs-blackbox
cp "$JAR" "$WORK/driftwatch.jar"
start_standin
unset SLACK_WEBHOOK_URL SLACK_BOT_TOKEN
BLACKBOX_PID=""
DRIVER_PID=""
trap 'kill $BLACKBOX_PID $DRIVER_PID 2>/dev/null || true; bench_cleanup' EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
per_event_ms() { python3 -c "import os; print(round(($2 - $1) * 1000 / os.sysconf('SC_CLK_TCK') / max(1, $4 - $3), 3))"; }
PER_SECOND=$(( 2 * CONTRACTS ))
echo "java: $(java -version 2>&1 | head -n1)   flags: $JVM_FLAGS"
echo "nproc: $(nproc)   blackbox: $("$BLACKBOX" --version 2>&1 | head -n1)"
echo "$CONTRACTS contracts x models + endpoint every second = $PER_SECOND checks a second; warm-up ${WARMUP} s, measured ${DURATION} s"

mkdir -p "$WORK/dw" && cp -r "$ROOT/schemas" "$WORK/dw/schemas"
python3 "$ROOT/bench/contracts.py" "$WORK/dw/checks.yaml" "$CONTRACTS" "* * * * * ?" models,endpoint
PORT="$(free_port)"
start_daemon "$WORK/dw/checks.yaml" "$WORK/dw/data" "$PORT" "$WORK/daemon.log"
sleep "$WARMUP"
r0="$(runs "$PORT")"; c0="$(cpu_ticks "$DAEMON_PID")"
sleep "$DURATION"
r1="$(runs "$PORT")"; c1="$(cpu_ticks "$DAEMON_PID")"
DW_RSS=$(( $(rss_kb "$DAEMON_PID") / 1024 ))
DW_MS="$(per_event_ms "$c0" "$c1" "$r0" "$r1")"
DW_RATE="$(python3 -c "print(round(($r1 - $r0) / $DURATION, 1))")"
stop_daemon

# The daemon watching WATCHED contracts (default 1,000), models + endpoint every minute (jittered over 15 s, as the
# shipped schedules are): its resident memory after two full minutes.
mkdir -p "$WORK/many" && cp -r "$ROOT/schemas" "$WORK/many/schemas"
python3 "$ROOT/bench/contracts.py" "$WORK/many/checks.yaml" "$WATCHED" "0 * * * * ?" models,endpoint
PORT="$(free_port)"
start_daemon "$WORK/many/checks.yaml" "$WORK/many/data" "$PORT" "$WORK/many.log"
sleep 150
MANY_RSS=$(( $(rss_kb "$DAEMON_PID") / 1024 ))
MANY_RUNS="$(runs "$PORT")"
stop_daemon

cat >"$WORK/blackbox.yml" <<EOF
modules:
  models:
    prober: http
    timeout: 5s
    http:
      method: GET
      headers:
        Authorization: "Bearer $BENCH_KEY"
      valid_status_codes: [200]
      fail_if_body_not_matches_regexp: ['"id": *"gpt-image-2"']
EOF
BB_PORT="$(free_port)"
"$BLACKBOX" --config.file="$WORK/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" >"$WORK/blackbox.log" 2>&1 &
BLACKBOX_PID=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$BB_PORT/-/healthy" >/dev/null 2>&1 && break
    kill -0 "$BLACKBOX_PID" 2>/dev/null || { cat "$WORK/blackbox.log" >&2; die "blackbox_exporter exited"; }
    sleep 0.1
done
# The driver asks for PER_SECOND probes a second, as Prometheus would with that many targets at a 1 s interval,
# and counts the probes that succeeded in the file it is given.
python3 - "$BB_PORT" "$STANDIN/v1/models" "$PER_SECOND" "$WORK/probes" <<'PY' &
import http.client, os, sys, threading, time, urllib.parse
port, target, rate, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
path = "/probe?module=models&target=" + urllib.parse.quote(target, safe="")
done = {"ok": 0, "failed": 0}
lock = threading.Lock()
def worker(offset, every):
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    next_at = time.monotonic() + offset
    while True:
        time.sleep(max(0.0, next_at - time.monotonic()))
        next_at += every
        try:
            conn.request("GET", path)
            body = conn.getresponse().read()
            ok = b"probe_success 1" in body
        except Exception:
            conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
            ok = False
        with lock:
            done["ok" if ok else "failed"] += 1
            with open(out + ".tmp", "w") as f:
                f.write("%d %d\n" % (done["ok"], done["failed"]))
            os.replace(out + ".tmp", out)  # whole, never half-written, when the script reads it
for i in range(rate):
    threading.Thread(target=worker, args=(i / rate, 1.0), daemon=True).start()
while True:
    time.sleep(3600)
PY
DRIVER_PID=$!
probes() { awk '{print $1}' "$WORK/probes" 2>/dev/null || echo 0; }
sleep "$WARMUP"
p0="$(probes)"; b0="$(cpu_ticks "$BLACKBOX_PID")"
sleep "$DURATION"
p1="$(probes)"; b1="$(cpu_ticks "$BLACKBOX_PID")"
BB_RSS=$(( $(rss_kb "$BLACKBOX_PID") / 1024 ))
BB_MS="$(per_event_ms "$b0" "$b1" "$p0" "$p1")"
BB_RATE="$(python3 -c "print(round(($p1 - $p0) / $DURATION, 1))")"
FAILED="$(awk '{print $2}' "$WORK/probes")"
kill "$DRIVER_PID" "$BLACKBOX_PID" 2>/dev/null || true

printf '%-34s %12s %16s\n' "" "driftwatch" "blackbox_exporter"
printf '%-34s %12s %16s\n' "checks / probes completed a second" "$DW_RATE" "$BB_RATE"
printf '%-34s %12s %16s\n' "CPU per check / probe (ms)" "$DW_MS" "$BB_MS"
printf '%-34s %12s %16s\n' "resident memory (MB)" "$DW_RSS" "$BB_RSS"
printf '%-34s %12s\n' "resident memory, $WATCHED contracts (MB)" "$MANY_RSS"
echo "($WATCHED contracts: $MANY_RUNS check runs in the 150 s it was sampled after)"
echo "blackbox probes failed in all: $FAILED"
echo "RESULT cpu_ms_per_check=$DW_MS blackbox_cpu_ms_per_probe=$BB_MS rss_mb=$DW_RSS blackbox_rss_mb=$BB_RSS checks_per_s=$DW_RATE probes_per_s=$BB_RATE rss_watching_mb=$MANY_RSS"
