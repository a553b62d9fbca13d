# Shared by the bench/*.sh scripts that start the stand-in and a daemon; sourced, not run.
# The sourcing script sets ROOT, BENCH_KEY and defines die() first.

# The container's JVM flags (the Dockerfile's JAVA_TOOL_OPTIONS), minus the CDS archive that only exists
# in the image, so a benchmark measures what the container runs.
container_jvm_flags() {
    local flags
    flags="$(sed -n 's/^ENV JAVA_TOOL_OPTIONS="\(.*\)"$/\1/p' "$ROOT/Dockerfile" | tr ' ' '\n' \
        | grep -v -e SharedArchiveFile -e '^-Xshare' | tr '\n' ' ')"
    [[ -n "$flags" ]] || die "cannot read JAVA_TOOL_OPTIONS from the Dockerfile"
    printf '%s' "$flags"
}

# A temporary directory WORK, removed on exit together with the daemon and stand-in this script started
# (DAEMON_PID, STANDIN_PID), also on Ctrl-C.
STANDIN_PID=""
DAEMON_PID=""
bench_workdir() {
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/driftwatch-$1.XXXXXX")"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}
bench_cleanup() {
    local pid
    for pid in "$DAEMON_PID" "$STANDIN_PID"; do
        if [[ -n "$pid" ]]; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$WORK"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Waits up to 10 s for a server started in the background (PID $2) to print its port as the first line of
# file $1, and prints the port; $3 names the server in the error.
await_port() {
    local port=""
    for _ in $(seq 1 100); do
        if [[ -s "$1" ]]; then
            port="$(head -n1 "$1" | tr -dc '0-9')"
            [[ -n "$port" ]] && break
        fi
        kill -0 "$2" 2>/dev/null || { cat "${1%.out}.err" >&2 2>/dev/null; die "$3 exited"; }
        sleep 0.1
    done
    [[ -n "$port" ]] || die "$3 did not report its port within 10 s"
    printf '%s' "$port"
}

# Starts bench/standin.py on a free loopback port and points the provider variables at it.
# Sets STANDIN_PID and STANDIN (its base URL).
start_standin() {
    local port
    BENCH_KEY="$BENCH_KEY" python3 "$ROOT/bench/standin.py" 0 >"$WORK/standin.out" 2>"$WORK/standin.err" &
    STANDIN_PID=$!
    port="$(await_port "$WORK/standin.out" "$STANDIN_PID" "the stand-in")"
    STANDIN="http://127.0.0.1:$port"
    export WISGATE_API_BASE="$STANDIN" WISGATE_DOCS_BASE="$STANDIN" WISGATE_API_KEY="$BENCH_KEY"
    export OPENAI_SPEC_URL="$STANDIN/openai/openapi.yaml"
}

# A daemon started by start_daemon (the sourcing script copied the jar to $WORK/driftwatch.jar and set JVM_FLAGS).
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }
fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
runs() {  # check runs so far, from the daemon's own /metrics (asked again if a busy daemon does not answer at once)
    python3 - "$1" <<'PY'
import re, sys, time, urllib.request
for attempt in range(5):
    try:
        text = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=10).read().decode()
        break
    except OSError:
        if attempt == 4:
            raise
        time.sleep(1)
print(int(sum(float(m.group(1)) for m in re.finditer(r'^driftwatch_check_runs_total\{[^}]*\} ([0-9.eE+]+)$', text, re.M))))
PY
}

# start_daemon CONFIG DATA_DIR PORT LOG: starts `driftwatch run`, waits for /readyz
start_daemon() {
    # shellcheck disable=SC2086
    DRIFTWATCH_DATA="$2" java $JVM_FLAGS -jar "$WORK/driftwatch.jar" run --config "$1" --port "$3" --log-format json >"$4" 2>&1 &
    DAEMON_PID=$!
    for _ in $(seq 1 300); do   # up to 60 s
        if python3 -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "http://127.0.0.1:$3/readyz" 2>/dev/null; then
            return 0
        fi
        kill -0 "$DAEMON_PID" 2>/dev/null || { tail -n 30 "$4" >&2; die "the daemon exited before it was ready"; }
        sleep 0.2
    done
    tail -n 30 "$4" >&2
    die "the daemon was not ready within 60 s"
}

stop_daemon() {
    kill -TERM "$DAEMON_PID"
    local rc=0
    wait "$DAEMON_PID" || rc=$?
    DAEMON_PID=""
    (( rc == 0 )) || die "the daemon exited $rc on SIGTERM (expected 0)"
}
