#!/usr/bin/env python3
"""Build the 2,000,000-row, 16-column benchmark CSV from real traffic.

Source: /work/shared/datasets/nasa-http-1995-per-second/nasa_requests_per_second.txt.gz
(NASA Kennedy Space Center HTTP log, July-August 1995, as 5,059,950 per-second
request counts, whitespace-separated integers).

Task: load forecasting.  For every second t the row holds

  ewma_1 .. ewma_15  exponentially weighted moving averages of the per-second
                     count with half-lives 2, 4, 8, ..., 32768 s (2**k, k=1..15),
                     using only the counts at seconds <= t.  They are the
                     normalised ("adjusted") EWMA, identical to
                     pandas Series.ewm(halflife=h, adjust=True).mean():
                         e_t = sum_k (1-a)^k x_{t-k} / sum_k (1-a)^k,  a = 1 - 2**(-1/h)
                     so no arbitrary initial state enters.
  next_60s           the number of requests in seconds t+1 .. t+60 (target).

Rows: t = 131072 (2**17 s, about 1.5 days = 4 longest half-lives of warm-up)
through t = 2131071, i.e. 2,000,000 consecutive seconds (1995-07-02 to
1995-07-26; the 37.7-hour outage of the log, starting at second 2,435,065, is
not in the window).  Values are written with '%.10g'.

Usage:  python3 make_csv.py [OUTPUT]        (default /tmp/advisor-fit-2m.csv)

The file is written to OUTPUT.tmp.<pid> in the same directory and renamed into
place, so a reader never sees a partial file.  Deterministic: the same input
gives a byte-identical file.
"""

from __future__ import annotations

import gzip
import os
import sys
import time

import numpy as np
from scipy.signal import lfilter

SOURCE = "/work/shared/datasets/nasa-http-1995-per-second/nasa_requests_per_second.txt.gz"
EXPECTED_SECONDS = 5_059_950
HALF_LIVES = [2**k for k in range(1, 16)]  # 2 .. 32768 s
WARMUP = 2**17
ROWS = 2_000_000
HORIZON = 60
FORMAT = "%.10g"
CHUNK = 100_000


def ewma(x: np.ndarray, half_life: float) -> np.ndarray:
    """Adjusted EWMA of x (pandas ewm(halflife, adjust=True).mean()), causal."""
    a = 1.0 - 2.0 ** (-1.0 / half_life)
    decay = 1.0 - a
    numerator = lfilter([1.0], [1.0, -decay], x)  # sum_k decay^k x_{t-k}
    t = np.arange(1, x.size + 1, dtype=np.float64)
    denominator = -np.expm1(t * np.log1p(-a)) / a  # sum_{k<=t} decay^k
    return numerator / denominator


def build(x: np.ndarray) -> tuple[np.ndarray, list[str]]:
    start, stop = WARMUP, WARMUP + ROWS
    if stop + HORIZON > x.size:
        raise SystemExit("source too short for the requested window")
    xf = x.astype(np.float64)
    table = np.empty((ROWS, len(HALF_LIVES) + 1))
    for j, h in enumerate(HALF_LIVES):
        table[:, j] = ewma(xf, h)[start:stop]
    csum = np.concatenate([[0], np.cumsum(x)])  # csum[i] = sum x[:i]
    t = np.arange(start, stop)
    table[:, -1] = csum[t + HORIZON + 1] - csum[t + 1]  # x[t+1 .. t+60]
    header = [f"ewma_{j + 1}" for j in range(len(HALF_LIVES))] + [f"next_{HORIZON}s"]
    return table, header


def write_csv(path: str, table: np.ndarray, header: list[str]) -> int:
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".{os.path.basename(path)}.tmp.{os.getpid()}")
    row_format = ",".join([FORMAT] * table.shape[1])
    try:
        with open(tmp, "w", encoding="ascii", newline="\n") as out:
            out.write(",".join(header) + "\n")
            for lo in range(0, table.shape[0], CHUNK):
                block = table[lo:lo + CHUNK].tolist()
                out.write("\n".join(row_format % tuple(row) for row in block))
                out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return os.path.getsize(path)


def main() -> None:
    output = sys.argv[1] if len(sys.argv) > 1 else "/tmp/advisor-fit-2m.csv"
    began = time.perf_counter()
    with gzip.open(SOURCE, "rb") as f:
        x = np.array(f.read().split(), dtype=np.int64)
    if x.size != EXPECTED_SECONDS:
        raise SystemExit(f"{SOURCE}: expected {EXPECTED_SECONDS} counts, found {x.size}")
    table, header = build(x)
    built = time.perf_counter()
    size = write_csv(output, table, header)
    done = time.perf_counter()
    z = (table[:, :-1] - table[:, :-1].mean(0)) / table[:, :-1].std(0)
    condition = np.linalg.cond(z)
    print(f"{output}: {table.shape[0]} rows x {table.shape[1]} columns, {size} bytes ({size / 1e6:.1f} MB); "
          f"build {built - began:.1f} s, write {done - built:.1f} s; "
          f"condition number of the standardized features {condition:.3g}")


if __name__ == "__main__":
    main()
