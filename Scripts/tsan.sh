#!/usr/bin/env bash
# The concurrent tests of the runtime types under ThreadSanitizer: PredictiveCache (stress, loading,
# prefetch), the runtime Balancer, and the shared request controls. Fails on any TSan report.
#
#   Scripts/tsan.sh [EXTRA swift test ARGS]
#
# A TSan build is a separate build folder (.build-tsan), so it does not disturb the normal one; the first
# build takes several minutes on 2 cores. Not in .ci/run: with the normal build and tests it would not fit
# CI's time on 2 cores.
#
# On Linux, ThreadSanitizer cannot see Synchronization.Mutex hand the lock over under contention (the
# kernel does it, through a priority-inheritance futex), so it reports accesses that are all inside one
# Mutex's withLock as races (the script first shows it on a correct program, tsan/mutex-handoff.swift).
# The runtime types lock through `withVisibleLock` (AdvisorSupport), which this build (-DADVISOR_TSAN) makes
# tell ThreadSanitizer about each acquire and release, so what it reports here is a real race.
set -euo pipefail
cd "$(dirname "$0")/.."
PROBE="$(mktemp -d /tmp/advisor-tsan-probe.XXXXXX)"
swiftc -sanitize=thread -O Scripts/tsan/mutex-handoff.swift -o "$PROBE/probe" 2>/dev/null
if TSAN_OPTIONS="halt_on_error=0" "$PROBE/probe" 2>&1 | grep -q "WARNING: ThreadSanitizer"; then
    echo "tsan: on this machine ThreadSanitizer reports a correct Mutex-protected counter (Scripts/tsan/mutex-handoff.swift):" >&2
    echo "tsan: the runtime types' locks are annotated in this build (-DADVISOR_TSAN), so reports below are real" >&2
fi
rm -rf "$PROBE"
FILTER='PredictiveCacheStressTests|PredictiveCacheLoadingTests|PredictiveCachePrefetchTests|BalancerRuntimeTests|RuntimeControlTests|ConcurrencyLimiterTests|CircuitBreakerTests'
LOG="$(mktemp /tmp/advisor-tsan.XXXXXX)"
# halt_on_error: the first race fails the run instead of scrolling past.
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
set +e
swift test --sanitize=thread -Xswiftc -DADVISOR_TSAN --scratch-path .build-tsan --filter "$FILTER" "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e
if grep -q "WARNING: ThreadSanitizer" "$LOG"; then
    echo "tsan: ThreadSanitizer reported (see $LOG)" >&2
    exit 1
fi
[[ $status -eq 0 ]] || { echo "tsan: the tests failed (status $status; see $LOG)" >&2; exit "$status"; }
echo "tsan: no reports in $(grep -c 'passed after' "$LOG") passing tests ($LOG)"
