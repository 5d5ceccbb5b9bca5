#!/usr/bin/env python3
"""Replays every trace of ../shared/reference/libcachesim_reference.csv with `advisor simulate cache`
and prints three tables (markdown) from one run on this machine:

1. baselines with --train-fraction 0 against libCacheSim's miss ratios (|difference| in points);
2. replay throughput of LRU and of the learned policy against libCacheSim's LRU and LRB;
3. the learned policy (with and without prefetching) against the best baseline on the counted
   second half of each trace (first half trains and warms), losses included.

Usage: python3 Benchmarks/cache-replay/compare.py [--advisor .build/release/advisor] [--traces a,b] [--skip-matching]
"""
import argparse
import csv
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
TRACES = {
    "cloudphysics": ("cloudphysics-block-sample/cloudPhysicsIO.csv", "libcachesim-csv"),
    "arc-OLTP": ("arc-storage-traces/OLTP.lis.zst", "arc"),
    "arc-P3": ("arc-storage-traces/P3.lis.zst", "arc"),
    "arc-P6": ("arc-storage-traces/P6.lis.zst", "arc"),
    "orm-busy": ("caffeine-sim-traces/orm-busy.trace.xz", "cache2k"),
    "orm-night": ("caffeine-sim-traces/orm-night.trace.xz", "cache2k"),
    "web07": ("caffeine-sim-traces/web07.trace.xz", "cache2k"),
    "web12": ("caffeine-sim-traces/web12.trace.xz", "cache2k"),
    "scarab-recs": ("caffeine-sim-traces/scarab-recs.trace.xz", "scarab"),
    "mooncake-conversation": ("mooncake-kvcache-trace-2025/conversation_trace.jsonl.gz", "mooncake"),
    "cachelib-short-bigcache": ("meta-cachelib-samples/short_bigcache_traces.csv.gz", "meta-cdn"),
    "apache-logs-2015": ("apache-access-log-2015/apache_logs.gz", "apache-log"),
}
# libCacheSim names of the policies advisor implements.
NAMES = {"FIFO": "fifo", "LRU": "lru", "Clock": "clock", "ARC": "arc", "SLRU": "slru", "TwoQ": "2q",
         "S3FIFO": "s3fifo", "Sieve": "sieve", "WTinyLFU": "wtinylfu", "Belady": "belady"}
MATCHED = {"fifo", "lru", "clock", "arc", "s3fifo", "sieve", "belady"}
BASELINES = ["fifo", "lru", "clock", "arc", "slru", "2q", "s3fifo", "sieve", "wtinylfu"]


def simulate(advisor, trace, policies, extra):
    path, fmt = TRACES[trace]
    # Small traces replay in milliseconds: take the fastest of 5 so one context switch does not set the rate.
    repeat = "1" if trace in ("arc-P3", "arc-P6", "orm-busy", "orm-night") else "5"
    command = [advisor, "simulate", "cache", "--trace", os.path.join(SHARED, "datasets", path), "--format", fmt,
               "--policy", ",".join(policies), "--size", "1%,10%", "--json", "--quiet", "--repeat", repeat] + extra
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--advisor", default=os.path.join(ROOT, ".build/release/advisor"))
    parser.add_argument("--traces", default=",".join(TRACES))
    parser.add_argument("--skip-matching", action="store_true")
    args = parser.parse_args()
    traces = args.traces.split(",")

    reference = {}
    with open(os.path.join(SHARED, "reference/libcachesim_reference.csv")) as handle:
        for row in csv.DictReader(handle):
            reference[(row["trace"], int(row["cache_size"]), row["policy"])] = row

    if not args.skip_matching:
        print("## Baselines vs libCacheSim (--train-fraction 0, object-count capacity)\n")
        print("| trace | size | policy | advisor | libCacheSim | diff (points) | advisor req/s | libCacheSim req/s | ratio |")
        print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
        worst = 0.0
        for trace in traces:
            report = simulate(args.advisor, trace, list(NAMES.values()), ["--train-fraction", "0"])
            for result in report["results"]:
                lib = next((k for k, v in NAMES.items() if v == result["policy"]), None)
                row = reference.get((trace, result["capacity"], lib))
                if row is None:
                    continue
                ok = row["status"] == "ok"
                diff = (result["miss_ratio"] - float(row["miss_ratio"])) * 100
                if ok and result["policy"] in MATCHED:
                    worst = max(worst, abs(diff))
                ratio = result["requests_per_second"] / float(row["requests_per_second"])
                print(f"| {trace} | {result['capacity']} | {result['policy']} | {result['miss_ratio']:.4f} | {float(row['miss_ratio']):.4f}"
                      f"{'' if ok else ' (' + row['status'].split(';')[0] + ')'} | {diff:+.2f} | {result['requests_per_second'] / 1e6:.1f}M"
                      f" | {float(row['requests_per_second']) / 1e6:.1f}M | {ratio:.2f} |")
            sys.stdout.flush()
        print(f"\nlargest |difference| over plain-ok rows of FIFO, LRU, CLOCK, ARC, S3-FIFO, SIEVE, Belady: {worst:.3f} points\n")

    print("## Learned vs best baseline on the counted second half\n")
    print("Backend fetches per request = misses + prefetches: prefetching turns demand misses into earlier fetches,")
    print("so a miss-ratio win with prefetching can still cost as many backend fetches; both verdicts are shown.\n")
    print("| trace | size | best baseline | learned | learned+prefetch | prefetch precision | extra fetches/req | fetches/req with prefetch | learned req/s | LRB req/s (libCacheSim) | speed ratio | miss-ratio verdict | fetch verdict |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    wins = cells = fetch_wins = fast = 0
    for trace in traces:
        report = simulate(args.advisor, trace, BASELINES + ["learned", "learned+prefetch"], [])
        for capacity in sorted({r["capacity"] for r in report["results"]}):
            rows = {r["policy"]: r for r in report["results"] if r["capacity"] == capacity}
            best = min(BASELINES, key=lambda name: rows[name]["miss_ratio"])
            learned, prefetch = rows["learned"], rows["learned+prefetch"]
            ours = min(learned["miss_ratio"], prefetch["miss_ratio"])
            lrb = reference.get((trace, capacity, "LRB"))
            lrb_rate = float(lrb["requests_per_second"]) if lrb else float("nan")
            verdict = "win" if ours < rows[best]["miss_ratio"] else "loss"
            fetches = prefetch["miss_ratio"] + prefetch["prefetch"]["extra_fetches_per_request"]
            fetch_verdict = "win" if min(learned["miss_ratio"], fetches) < rows[best]["miss_ratio"] else "loss"
            speed = learned["requests_per_second"] / lrb_rate
            wins += verdict == "win"
            fetch_wins += fetch_verdict == "win"
            fast += speed >= 10
            cells += 1
            print(f"| {trace} | {capacity} | {best} {rows[best]['miss_ratio']:.4f} | {learned['miss_ratio']:.4f} | {prefetch['miss_ratio']:.4f}"
                  f" | {prefetch['prefetch']['precision']:.2f} | {prefetch['prefetch']['extra_fetches_per_request']:.3f} | {fetches:.4f}"
                  f" | {learned['requests_per_second'] / 1e6:.1f}M | {lrb_rate / 1e3:.0f}k | {speed:.1f}x | {verdict} | {fetch_verdict} |")
            sys.stdout.flush()
    print(f"\nlearned (with prefetch where it helps) has a lower miss ratio than the best baseline in {wins} of {cells} cells;")
    print(f"counting prefetches as fetches, it needs fewer backend fetches than the best baseline in {fetch_wins} of {cells};")
    print(f"the learned replay runs at least 10x libCacheSim's LRB rate in {fast} of {cells}")


if __name__ == "__main__":
    main()
