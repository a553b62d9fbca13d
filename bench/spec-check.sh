#!/usr/bin/env bash
# Benchmark (not a test): one run of the spec:openai check of the shipped contract in a long-lived JVM, against a
# ~3 MB published spec that does not change (the stand-in answers every conditional GET 200 with the same body).
# Goal: under 1 s of CPU and under 64 MB of extra heap per run. Pass 1 (the first reading: the document parsed and
# the pinned operation taken out) is printed apart from the steady state.
#
#   bash bench/spec-check.sh                         # 3 MB, 40 runs
#   SPEC_PAD_MB=6 RUNS=20 bash bench/spec-check.sh
#   SPEC_VARY=1 bash bench/spec-check.sh          # the document changes elsewhere on every request: parsed every run
#   JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" bash bench/spec-check.sh   # the container's flags
#
# Starts bench/standin.py (SPEC_PAD_MB pads OpenAI's images spec with other paths to that size), copies the shipped
# checks.yaml, then bench/SpecSteadyState.java runs the check RUNS times and prints one line per run; last, the
# medians of runs 2..RUNS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-40}"
SPEC_PAD_MB="${SPEC_PAD_MB:-3}"
JAVA_OPTS="${JAVA_OPTS:-}"
JAR="$ROOT/target/driftwatch.jar"
BENCH_KEY="bench-key-not-a-secret"

die() { echo "spec-check: $*" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

[[ "$RUNS" =~ ^[0-9]+$ ]] && (( RUNS >= 2 && RUNS <= 10000 )) || die "RUNS must be 2..10000, got '$RUNS'"
[[ "$SPEC_PAD_MB" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "SPEC_PAD_MB must be a number of megabytes, got '$SPEC_PAD_MB'"
command -v java >/dev/null || die "java not found on PATH"
command -v python3 >/dev/null || die "python3 not found on PATH"
if [[ ! -f "$JAR" ]]; then
    echo "building $JAR (mvn -B -q -DskipTests package) ..." >&2
    mvn -B -q -DskipTests package
    [[ -f "$JAR" ]] || die "the build did not produce $JAR"
fi

SPEC_VARY="${SPEC_VARY:-0}"
[[ "$SPEC_VARY" == 0 || "$SPEC_VARY" == 1 ]] || die "SPEC_VARY must be 0 or 1, got '$SPEC_VARY'"
bench_workdir spec
export SPEC_PAD_MB SPEC_VARY
start_standin
export DRIFTWATCH_DATA="$WORK/data"
mkdir -p "$DRIFTWATCH_DATA"
cp "$ROOT/checks.yaml" "$WORK/checks.yaml"
cp -r "$ROOT/schemas" "$WORK/schemas"
bytes=$(curl -s "$OPENAI_SPEC_URL" | wc -c)
echo "spec: $OPENAI_SPEC_URL, $bytes bytes; nproc: $(nproc); $(java -version 2>&1 | head -n1)"

# shellcheck disable=SC2206
JAVA_CMD=(java $JAVA_OPTS -cp "$JAR" "$ROOT/bench/SpecSteadyState.java" "$RUNS" "$WORK/checks.yaml" wisgate-gpt-image-2 openai)
echo "command: ${JAVA_CMD[*]}"
"${JAVA_CMD[@]}" | tee "$WORK/runs.out"
grep -q "^pass $RUNS " "$WORK/runs.out" || die "the runs did not finish"
if grep -E '^pass [0-9]+ ' "$WORK/runs.out" | grep -vq 'verdict=PASS'; then
    die "a run did not PASS (see above): the stand-in's spec must hold against the shipped contract"
fi
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
steady() { grep -E '^pass [0-9]+ ' "$WORK/runs.out" | tail -n +2 | sed -E "s/.* $1=([0-9]+).*/\1/"; }
first_cpu=$(grep '^pass 1 ' "$WORK/runs.out" | sed -E 's/.* cpu_ms=([0-9]+).*/\1/')
first_heap=$(grep '^pass 1 ' "$WORK/runs.out" | sed -E 's/.* heap_peak_extra_mb=([0-9]+).*/\1/')
echo "first reading: cpu_ms=$first_cpu heap_peak_extra_mb=$first_heap"
echo "steady state (runs 2..$RUNS): cpu_ms_median=$(steady cpu_ms | median) cpu_ms_max=$(steady cpu_ms | sort -n | tail -n1)" \
     "heap_peak_extra_mb_median=$(steady heap_peak_extra_mb | median) heap_peak_extra_mb_max=$(steady heap_peak_extra_mb | sort -n | tail -n1)"
