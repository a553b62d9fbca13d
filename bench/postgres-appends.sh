#!/usr/bin/env bash
# Benchmark (not a test): verdicts appended per second to the shared hash chain on PostgreSQL, durability on, by
# REPLICAS replicas of THREADS_EACH writers each (every write takes the journal's advisory lock), the connections used,
# and `audit verify`'s walk; against a throw-away PostgreSQL cluster of Debian's postgresql package on loopback.
#
#   bash bench/postgres-appends.sh                          # 30,000 verdicts, 1 and 3 replicas of 4 writers
#   N=100000 REPLICAS="3" THREADS_EACH=8 bash bench/postgres-appends.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${N:-30000}"
REPLICAS="${REPLICAS:-1 3}"
THREADS_EACH="${THREADS_EACH:-4}"
CHECKS="${CHECKS:-1000}"
JAVA_OPTS="${JAVA_OPTS:-}"
JAR="$ROOT/target/driftwatch.jar"
die() { echo "postgres-appends: $*" >&2; exit 1; }

[[ "$N" =~ ^[0-9]+$ ]] && (( N >= 1 )) || die "N must be a positive number, got '$N'"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[[ -x "$PGBIN/initdb" ]] || die "no PostgreSQL server binaries: apt-get install -y postgresql"
if [[ ! -f "$JAR" ]]; then
    mvn -B -q -DskipTests package
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/driftwatch-pg.XXXXXX")"
chmod 755 "$WORK"
as_postgres() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" stop -m immediate >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
[[ "$(id -u)" == 0 ]] && chown postgres "$WORK"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
as_postgres "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$WORK/pg.log" start >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT; nproc: $(nproc); $(java -version 2>&1 | head -n1)"
for r in $REPLICAS; do
    db="dw_$r"
    as_postgres "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$db"
    # shellcheck disable=SC2086
    java $JAVA_OPTS -cp "$JAR" "$ROOT/bench/AppendRatePostgres.java" "jdbc:postgresql://127.0.0.1:$PORT/$db" postgres "$N" "$r" "$THREADS_EACH" "$CHECKS"
done
