#!/usr/bin/env bash
# Peak memory of `advisor fit` on a gzip CSV of about 1 GB (uncompressed), against the same fit on the
# plain file: the held path maps the plain file, the compressed one is parsed window by window.
#
#   Benchmarks/fit-memory/run.sh [COPIES]   (default 3 copies of the 2,000,000-row fit benchmark CSV, ~1.04 GB)
#
# Environment:
#   ADVISOR               path to an advisor binary; skips `swift build -c release`
#   BASELINE              a second advisor binary to measure on the same files (e.g. an older build)
#   RUNS                  runs per binary and input, alternating between the binaries (default 1); the summary
#                         gives each one's fastest run and, with BASELINE, the ratio advisor / baseline
#   OPENBLAS_NUM_THREADS  BLAS threads (default 1; printed)
# Needs GNU time (/usr/bin/time) and gzip. Prints one line per run: binary, input, peak RSS, wall and CPU seconds.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
COPIES="${1:-3}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
WORK="$(mktemp -d /tmp/advisor-fit-memory.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

if [[ -z "${ADVISOR:-}" ]]; then
    (cd "$ROOT" && swift build -c release --product advisor >&2)
    ADVISOR="$(cd "$ROOT" && swift build -c release --show-bin-path)/advisor"
fi
SOURCE=/tmp/advisor-fit-2m.csv
[[ -f "$SOURCE" ]] || python3 "$ROOT/Benchmarks/fit-vs-sklearn/make_csv.py" "$SOURCE"
{ cat "$SOURCE"; for _ in $(seq 2 "$COPIES"); do tail -n +2 "$SOURCE"; done; } > "$WORK/big.csv"
gzip -1 -c "$WORK/big.csv" > "$WORK/big.csv.gz"
echo "OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $(stat -c %s "$WORK/big.csv") bytes plain, $(stat -c %s "$WORK/big.csv.gz") bytes gzip"

RUNS="${RUNS:-1}"
declare -A best=()
for run in $(seq "$RUNS"); do
    for binary in "$ADVISOR" ${BASELINE:+"$BASELINE"}; do
        for input in "$WORK/big.csv" "$WORK/big.csv.gz"; do
            /usr/bin/time -f "%M %e %U %S" -o "$WORK/time" "$binary" fit "$input" --target next_60s --out "$WORK/m.json" --quiet > /dev/null
            read -r rss seconds user system < "$WORK/time"
            printf '%s  %-12s  peak %6.1f MB  %6.2f s wall  %6.2f s CPU\n' "$binary" "$(basename "$input")" \
                "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$seconds" "$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')"
            key="$binary $(basename "$input")"
            if [[ -z "${best[$key]:-}" ]] || awk -v a="$seconds" -v b="${best[$key]}" 'BEGIN { exit !(a < b) }'; then best[$key]=$seconds; fi
        done
    done
done
echo "fastest of $RUNS:"
for input in big.csv big.csv.gz; do
    line="  $input: advisor ${best["$ADVISOR $input"]} s"
    if [[ -n "${BASELINE:-}" ]]; then
        line="$line, baseline ${best["$BASELINE $input"]} s, ratio $(awk -v a="${best["$ADVISOR $input"]}" -v b="${best["$BASELINE $input"]}" 'BEGIN { printf "%.3f", a / b }')"
    fi
    echo "$line"
done
