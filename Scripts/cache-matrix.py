#!/usr/bin/env python3
"""The learned cache against the best of the ten heuristics on the reference traces.

Runs `advisor simulate cache --json` (a release build; OPENBLAS_NUM_THREADS=1) once per trace with
every heuristic, Belady and `learned` at the sizes asked for (default 1% and 10% of the distinct
objects, the cells of ../shared/reference/libcachesim_reference.md), on advisor's default split:
the first half trains and warms, the second half is counted. Prints one row per trace x size:
the best heuristic and its miss ratio, the learned miss ratio, win or loss, the share of the best
heuristic's gap to Belady the learned policy closes, its refits and overrides, the learned and
LRU replay rates of the same run, and the totals issue 14's "Done when" asks for.

    swift build -c release --product advisor
    python3 Scripts/cache-matrix.py                      # the 24 reference cells
    python3 Scripts/cache-matrix.py --sizes 3%,30%       # cells nobody tuned on
    python3 Scripts/cache-matrix.py --traces web07,arc-P6 --json-dir /tmp/matrix
    python3 Scripts/cache-matrix.py --json-dir /tmp/matrix --reuse   # one table from runs made in parallel
"""

import argparse
import json
import os
import subprocess
import sys
import time

DATA = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets"))

# name -> (path under shared/datasets, --format or None to let advisor guess from the name)
TRACES = {
    "cloudphysics": ("cloudphysics-block-sample/cloudPhysicsIO.csv", "libcachesim-csv"),
    "arc-OLTP": ("arc-storage-traces/OLTP.lis.zst", None),
    "arc-P3": ("arc-storage-traces/P3.lis.zst", None),
    "arc-P6": ("arc-storage-traces/P6.lis.zst", None),
    "orm-busy": ("caffeine-sim-traces/orm-busy.trace.xz", None),
    "orm-night": ("caffeine-sim-traces/orm-night.trace.xz", None),
    "web07": ("caffeine-sim-traces/web07.trace.xz", None),
    "web12": ("caffeine-sim-traces/web12.trace.xz", None),
    "scarab-recs": ("caffeine-sim-traces/scarab-recs.trace.xz", None),
    "mooncake-conversation": ("mooncake-kvcache-trace-2025/conversation_trace.jsonl.gz", None),
    "cachelib-short-bigcache": ("meta-cachelib-samples/short_bigcache_traces.csv.gz", None),
    "apache-logs-2015": ("apache-access-log-2015/apache_logs.gz", None),
}

HEURISTICS = ["fifo", "lru", "clock", "arc", "slru", "2q", "s3fifo", "sieve", "wtinylfu", "wtinylfu-adaptive"]


def run(binary, name, sizes, extra):
    path, fmt = TRACES[name]
    command = [binary, "simulate", "cache", "--trace", os.path.join(DATA, path), "--policy",
               ",".join(HEURISTICS + ["belady", "learned"]), "--size", sizes, "--json", "--quiet"] + extra
    if fmt:
        command += ["--format", fmt]
    environment = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    started = time.time()
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=environment).stdout
    print(f"# {name}: {time.time() - started:.0f} s", file=sys.stderr)
    return json.loads(output)


def cells(name, report):
    by_size = {}
    for result in report["results"]:
        by_size.setdefault(result["size"], {})[result["policy"]] = result
    for size, results in by_size.items():
        best = min(HEURISTICS, key=lambda policy: results[policy]["miss_ratio"])
        learned = results["learned"]
        yield {
            "trace": name, "size": size, "capacity": learned["capacity"],
            "best": best, "best_miss": results[best]["miss_ratio"], "belady": results["belady"]["miss_ratio"],
            "s3fifo": results["s3fifo"]["miss_ratio"], "learned": learned["miss_ratio"],
            "gap_closed": learned.get("belady_gap_closed"), "refits": learned.get("refits"),
            "overrides": learned.get("overrides"),
            "learned_rate": learned["requests_per_second"], "lru_rate": results["lru"]["requests_per_second"],
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", ".build", "release", "advisor"))
    parser.add_argument("--traces", default=",".join(TRACES), help="comma-separated names (default: all 12)")
    parser.add_argument("--sizes", default="1%,10%")
    parser.add_argument("--json-dir", help="also keep each trace's JSON report here")
    parser.add_argument("--reuse", action="store_true",
                        help="read the reports already in --json-dir instead of replaying (to join runs made in parallel)")
    parser.add_argument("extra", nargs="*", help="further arguments for advisor simulate cache (after --)")
    arguments = parser.parse_args()

    rows = []
    for name in arguments.traces.split(","):
        if arguments.reuse:
            with open(os.path.join(arguments.json_dir, f"{name}.json")) as file:
                rows += list(cells(name, json.load(file)))
            continue
        report = run(arguments.binary, name, arguments.sizes, arguments.extra)
        if arguments.json_dir:
            os.makedirs(arguments.json_dir, exist_ok=True)
            with open(os.path.join(arguments.json_dir, f"{name}.json"), "w") as file:
                json.dump(report, file, indent=1)
        rows += list(cells(name, report))

    print("| trace | size | best heuristic | its miss | s3fifo | learned | verdict | gap closed | refits | overrides"
          " | learned req/s | LRU req/s |")
    print("|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for row in rows:
        verdict = "win" if row["learned"] < row["best_miss"] else ("tie" if row["learned"] == row["best_miss"] else "loss")
        gap = "-" if row["gap_closed"] is None else f"{100 * row['gap_closed']:+.1f}%"
        print(f"| {row['trace']} | {row['size']} ({row['capacity']}) | {row['best']} | {row['best_miss']:.4f} | {row['s3fifo']:.4f}"
              f" | {row['learned']:.4f} | {verdict} | {gap} | {row['refits']} | {row['overrides']}"
              f" | {row['learned_rate'] / 1e6:.2f}M | {row['lru_rate'] / 1e6:.2f}M |")
    wins = sum(row["learned"] < row["best_miss"] for row in rows)
    beats_s3fifo = sum(row["learned"] < row["s3fifo"] for row in rows)
    gaps = [row["gap_closed"] for row in rows if row["gap_closed"] is not None]
    ratios = [row["learned_rate"] / row["lru_rate"] for row in rows if row["lru_rate"] > 0]
    print()
    print(f"learned beats the best heuristic in {wins} of {len(rows)} cells (needed: {-(-2 * len(rows) // 3)});"
          f" beats its S3-FIFO floor in {beats_s3fifo}")
    if gaps:
        print(f"mean share of the best heuristic's gap to Belady closed: {100 * sum(gaps) / len(gaps):+.1f}% (needed: +25%)")
    if ratios:
        print(f"learned replay rate / LRU's, same run: min {min(ratios):.2f}, median {sorted(ratios)[len(ratios) // 2]:.2f}"
              " (needed: at least 1/6 = 0.17)")


if __name__ == "__main__":
    main()
