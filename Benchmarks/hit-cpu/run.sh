#!/usr/bin/env bash
# The cache hit's CPU time against a Mutex<[Int: Int]> lookup (README "Speed"): builds CacheCPUTime (release) and runs
# each mode N times, alternating, at each key count; prints the fastest run per mode and the ratios to the dictionary.
#
#   Benchmarks/hit-cpu/run.sh                     # N=5 runs, 5,000,000 gets, 1,000 and 100,000 keys, dict s3fifo learned
#   N=3 KEYS=1000 MODES="dict learned" Benchmarks/hit-cpu/run.sh
#
# `learned` reads the models in ADVISOR_CACHE_MODELS (default /tmp/cache-models: `advisor train
# ../shared/datasets/caffeine-sim-traces/web07.trace.xz --format cache2k --out /tmp/cache-models`).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product CacheCPUTime >&2
B=.build/release/CacheCPUTime
export ADVISOR_CACHE_MODELS=${ADVISOR_CACHE_MODELS:-/tmp/cache-models}
N=${N:-5}
GETS=${GETS:-5000000}
MODES=${MODES:-dict s3fifo learned}
for keys in ${KEYS:-1000 100000}; do
    declare -A best=()
    for _ in $(seq "$N"); do
        for mode in $MODES; do
            value=$("$B" "$keys" "$mode" "$GETS" | awk '{ print $(NF - 1) }')
            if [[ -z "${best[$mode]:-}" ]] || awk -v a="$value" -v b="${best[$mode]}" 'BEGIN { exit !(a < b) }'; then best[$mode]=$value; fi
        done
    done
    line="$keys keys, fastest of $N (ns per get):"
    for mode in $MODES; do
        line="$line $mode ${best[$mode]}"
        [[ $mode != dict && -n "${best[dict]:-}" ]] && line="$line ($(awk -v a="${best[$mode]}" -v b="${best[dict]}" 'BEGIN { printf "%.2f", a / b }')x)"
    done
    echo "$line"
    unset best
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
