#!/usr/bin/env bash
# The concurrent tests of the runtime types under ThreadSanitizer: PredictiveCache (stress, loading,
# prefetch), the runtime Balancer, and the shared request controls. Fails on any TSan report.
#
#   Scripts/tsan.sh [EXTRA swift test ARGS]
#
# A TSan build is a separate build folder (.build-tsan), so it does not disturb the normal one; the first
# build takes several minutes on 2 cores. Not in .ci/run: with the normal build and tests it would not fit
# CI's time on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
FILTER='PredictiveCacheStressTests|PredictiveCacheLoadingTests|PredictiveCachePrefetchTests|BalancerRuntimeTests|RuntimeControlTests|ConcurrencyLimiterTests|CircuitBreakerTests'
LOG="$(mktemp /tmp/advisor-tsan.XXXXXX)"
# halt_on_error: the first race fails the run instead of scrolling past.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
set +e
swift test --sanitize=thread --scratch-path .build-tsan --filter "$FILTER" "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e
if grep -q "WARNING: ThreadSanitizer" "$LOG"; then
    echo "tsan: ThreadSanitizer reported (see $LOG)" >&2
    exit 1
fi
[[ $status -eq 0 ]] || { echo "tsan: the tests failed (status $status; see $LOG)" >&2; exit "$status"; }
echo "tsan: no reports in $(grep -c 'passed after' "$LOG") passing tests ($LOG)"
