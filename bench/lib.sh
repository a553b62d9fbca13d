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
