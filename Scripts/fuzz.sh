#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ with AddressSanitizer (advisor's own modules instrumented for
# coverage too) and runs each one to RUNS executions (default 10 million), seeded from the real traces
# in ../shared/datasets. A crash, a leak, an out-of-memory or an input taking over a second stops that
# target and leaves the input as crash-*/leak-*/oom-*/timeout-* in its folder under WORK. Needs GNU time (/usr/bin/time).
#
#   bash Scripts/fuzz.sh [RUNS] [TARGET...]      # targets: access requests csv decompress model
#   WORK=/tmp/advisor-fuzz bash Scripts/fuzz.sh 100000 model
#   SECONDS_EACH=600 bash Scripts/fuzz.sh         # stop each target after 10 minutes instead
#   FUZZ_BIN=/tmp/fuzz-bin bash Scripts/fuzz.sh    # run binaries built earlier (copied out of Fuzz/.build/release),
#                                                  # so that editing Sources during a long run cannot change them
#
# Prints one summary line per target: executions, seconds, corpus size, and the outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10000000}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(access requests csv decompress model)
WORK=${WORK:-/tmp/advisor-fuzz}
SECONDS_EACH=${SECONDS_EACH:-0}
export OPENBLAS_NUM_THREADS=1

BIN=${FUZZ_BIN:-Fuzz/.build/release}
if [ -z "${FUZZ_BIN:-}" ]; then
    for target in "${TARGETS[@]}"; do
        (cd Fuzz && swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product "fuzz-$target" >&2)
    done
fi
BIN=$(cd "$BIN" && pwd)
python3 Scripts/fuzz-seeds.py "$WORK/seeds"
ADVISOR_FUZZ_WRITE_SEEDS="$WORK/seeds/model" ADVISOR_FUZZ_SERIES=../shared/datasets/nab-aws-cloudwatch/ec2_cpu_utilization_24ae8d.csv \
    "$BIN/fuzz-model" >/dev/null 2>&1 || { echo "fuzz-model could not write its seed models" >&2; exit 1; }

# The CPU time one input takes when run alone, in milliseconds: the process's user + system time minus that of
# the same binary on an empty input (its start-up). libFuzzer's timeout is wall-clock time, so on a machine shared
# with other work it may be the scheduler's; CPU time is not inflated by other processes, so a timeout counts
# only when the input alone needs over a second of CPU again (the best of three).
cpu_ms() {
    /usr/bin/time -f "%U %S" -o "$WORK/.time" "$BIN/fuzz-$1" "$2" >/dev/null 2>&1 || true
    awk '{ printf "%d", ($1 + $2) * 1000 }' "$WORK/.time"
}
rerun_ms() {
    local best=999999 ms empty
    : > "$WORK/.empty"
    empty=$(cpu_ms "$1" "$WORK/.empty")
    for _ in 1 2 3; do
        ms=$(($(cpu_ms "$1" "$2") - empty))
        [ "$ms" -lt "$best" ] && best=$ms
    done
    echo "$best"
}

status=0
for target in "${TARGETS[@]}"; do
    folder="$WORK/$target"
    mkdir -p "$folder/corpus" "$folder/spurious"
    start=$(date +%s)
    executions=0
    spurious=0
    while :; do
        left=$((RUNS - executions))
        budget=0
        if [ "$SECONDS_EACH" -gt 0 ]; then
            budget=$((SECONDS_EACH - ($(date +%s) - start)))
            [ "$budget" -le 0 ] && { outcome=0; break; }
        fi
        set +e
        # -max_len bounds an input (4 KB, about the seeds' size); -timeout 1 makes a second per input a failure;
        # -rss_limit_mb keeps one input's memory to 2 GB. Leaks are checked in a second pass over the corpus the
        # run built: checked during the run, every input that leaves an allocation behind (Dispatch's worker
        # threads keep theirs) costs a whole-heap scan, 17x slower for the CSV scanner.
        (cd "$folder" && "$BIN/fuzz-$target" -runs="$left" -max_len=4096 -timeout=1 -rss_limit_mb=2048 \
            -max_total_time="$budget" -detect_leaks=0 -print_final_stats=1 corpus "$WORK/seeds/$target" >"$folder/log.txt" 2>&1)
        outcome=$?
        set -e
        done_now=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)$/\1/p' "$folder/log.txt")
        executions=$((executions + ${done_now:-0}))
        [ $outcome -eq 0 ] && break
        artifact=$(ls -t "$folder"/timeout-* 2>/dev/null | head -1 || true)
        [ -n "$artifact" ] && grep -q "ERROR: libFuzzer: timeout" "$folder/log.txt" || break
        ms=$(rerun_ms "$target" "$artifact")
        [ "$ms" -ge 1000 ] && break
        mv "$artifact" "$folder/spurious/"
        spurious=$((spurious + 1))
    done
    if [ $outcome -eq 0 ]; then
        set +e
        (cd "$folder" && "$BIN/fuzz-$target" -runs=0 -detect_leaks=1 -timeout=1 -rss_limit_mb=2048 corpus >"$folder/leaks.txt" 2>&1)
        outcome=$?
        set -e
    fi
    seconds=$(($(date +%s) - start))
    corpus=$(ls "$folder/corpus" | wc -l)
    if [ $outcome -eq 0 ]; then
        verdict="no crash, leak, OOM or timeout ($spurious timeouts under load did not reproduce alone)"
    else
        verdict="FAILED (exit $outcome; see $folder/log.txt and leaks.txt)"
        status=1
    fi
    echo "fuzz-$target: $executions executions in $seconds s, corpus $corpus inputs: $verdict"
done
exit $status
