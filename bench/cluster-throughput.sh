#!/usr/bin/env bash
# Benchmark (not a test): CONTRACTS contracts (default 1,000), each with its models check every 30 s, run by 3 replicas
# of `driftwatch run` on one PostgreSQL and then by 1 replica, against the loopback stand-in answering after LATENCY_MS
# (default 50 ms). For each: checks run per second by each replica and in all (from their /metrics), how late the
# scheduled runs started (p50/p99 of fire time minus scheduled time, the driftwatch_schedule_delay metric), verdicts
# appended per second to the shared chain, and the connections PostgreSQL saw. A throw-away PostgreSQL cluster of
# Debian's postgresql package, on loopback; everything is removed on exit.
#
#   bash bench/cluster-throughput.sh
#   EVERY=10 bash bench/cluster-throughput.sh     # 100 checks due a second: past one replica's 80 (4 at a time x 50 ms)
#   CONTRACTS=300 DURATION=60 REPLICAS="3 1" bash bench/cluster-throughput.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONTRACTS="${CONTRACTS:-1000}"
REPLICAS="${REPLICAS:-3 1}"
WARMUP="${WARMUP:-40}"
DURATION="${DURATION:-90}"
LATENCY_MS="${LATENCY_MS:-50}"
EVERY="${EVERY:-30}"
JAVA_OPTS="${JAVA_OPTS:-}"
JAR="$ROOT/target/driftwatch.jar"
BENCH_KEY="bench-key-not-a-secret"
die() { echo "cluster-throughput: $*" >&2; exit 1; }
[[ "$CONTRACTS" =~ ^[0-9]+$ ]] && (( CONTRACTS >= 1 && CONTRACTS <= 10000 )) || die "CONTRACTS must be 1..10000, got '$CONTRACTS'"
[[ "$EVERY" =~ ^[0-9]+$ ]] && (( EVERY >= 1 && EVERY <= 59 && 60 % EVERY == 0 )) || die "EVERY must be seconds dividing a minute (1..30), got '$EVERY'"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[[ -x "$PGBIN/initdb" ]] || die "no PostgreSQL server binaries: apt-get install -y postgresql"
[[ -f "$JAR" ]] || mvn -B -q -DskipTests package

WORK="$(mktemp -d "${TMPDIR:-/tmp}/driftwatch-cluster.XXXXXX")"
chmod 755 "$WORK"
PIDS=()
as_postgres() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
[[ "$(id -u)" == 0 ]] && chown postgres "$WORK"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PGPORT="$(free_port)"
as_postgres "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=300" -l "$WORK/pg.log" start >/dev/null
sql() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$1" -tAc "$2"; }

LATENCY_MS="$LATENCY_MS" BENCH_KEY="$BENCH_KEY" python3 "$ROOT/bench/standin.py" 0 >"$WORK/standin.out" 2>"$WORK/standin.err" &
PIDS+=($!)
for _ in $(seq 1 100); do [[ -s "$WORK/standin.out" ]] && break; sleep 0.1; done
STANDIN="http://127.0.0.1:$(head -n1 "$WORK/standin.out")"

mkdir -p "$WORK/config" && cp -r "$ROOT/schemas" "$WORK/config/schemas"
python3 "$ROOT/bench/contracts.py" "$WORK/config/checks.yaml" "$CONTRACTS" "0/$EVERY * * * * ?" models --shared-audit
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), $CONTRACTS contracts x models every $EVERY s" \
     "($(python3 -c "print(round($CONTRACTS / $EVERY, 1))") due a second), provider latency ${LATENCY_MS} ms," \
     "4 checks at a time per replica; nproc $(nproc); $(java -version 2>&1 | head -n1)"

metric() { { curl -s "http://127.0.0.1:$1/metrics" || true; } | awk -v m="$2" '$1 ~ "^"m {s += $2} END {printf "%.3f", s}'; }
printf '%-9s %-12s %14s %12s %12s %16s %12s\n' "replicas" "replica" "checks/s" "delay p50 s" "delay p99 s" "appends/s (all)" "pg conns"
for r in $REPLICAS; do
    db="dw_$r"
    as_postgres "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$db"
    ports=()
    for i in $(seq 1 "$r"); do
        port="$(free_port)"
        ports+=("$port")
        mkdir -p "$WORK/data-$r-$i"
        # shellcheck disable=SC2086
        env WISGATE_API_BASE="$STANDIN" WISGATE_API_KEY="$BENCH_KEY" DRIFTWATCH_DATA="$WORK/data-$r-$i" \
            DRIFTWATCH_AUDIT_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$db" DRIFTWATCH_AUDIT_USER=postgres \
            DRIFTWATCH_INSTANCE_ID="replica-$i" DRIFTWATCH_LOG_LEVEL=WARN \
            java $JAVA_OPTS -jar "$JAR" run --config "$WORK/config/checks.yaml" --port "$port" --log-format text --grace 5s \
            >"$WORK/replica-$r-$i.log" 2>&1 &
        PIDS+=($!)
    done
    for i in "${!ports[@]}"; do
        for _ in $(seq 1 120); do
            [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[$i]}/readyz" || true)" == 200 ]] && break
            sleep 0.5
        done
        [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[$i]}/readyz" || true)" == 200 ]] \
            || { tail -n 20 "$WORK/replica-$r-$((i + 1)).log" >&2; die "replica $((i + 1)) of $r is not ready after 60 s"; }
    done
    sleep "$WARMUP"
    declare -A runs0=()
    for port in "${ports[@]}"; do runs0[$port]="$(metric "$port" driftwatch_check_runs_total)"; done
    v0="$(sql "$db" "SELECT count(*) FROM verdicts")"
    conns="$(sql "$db" "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db'")"
    sleep "$DURATION"
    v1="$(sql "$db" "SELECT count(*) FROM verdicts")"
    total=0
    for i in "${!ports[@]}"; do
        port="${ports[$i]}"
        runs1="$(metric "$port" driftwatch_check_runs_total)"
        rate="$(python3 -c "print(round(($runs1 - ${runs0[$port]}) / $DURATION, 1))")"
        total="$(python3 -c "print(round($total + $rate, 1))")"
        p50="$(metric "$port" 'driftwatch_schedule_delay_seconds{.*quantile="0.5"')"
        p99="$(metric "$port" 'driftwatch_schedule_delay_seconds{.*quantile="0.99"')"
        printf '%-9s %-12s %14s %12s %12s %16s %12s\n' "$r" "replica-$((i + 1))" "$rate" "$p50" "$p99" "" ""
    done
    appends="$(python3 -c "print(round(($v1 - $v0) / $DURATION, 1))")"
    printf '%-9s %-12s %14s %12s %12s %16s %12s\n' "$r" "all" "$total" "" "" "$appends" "$conns"
    for p in "${PIDS[@]:1}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]:1}"; do wait "$p" 2>/dev/null || true; done
    PIDS=("${PIDS[0]}")
done
