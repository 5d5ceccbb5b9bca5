#!/usr/bin/env python3
"""The scikit-learn side of the fit benchmark.

    python3 sklearn_fit.py FILE [--target next_60s] [--predictions OUT.npy]

Reads FILE with pandas.read_csv (defaults), fits LinearRegression() (OLS with
intercept) of --target on every other column, and saves its predictions for
every row of FILE to OUT.npy (float64; default: FILE with '.sklearn.npy'
appended).

Timed inside the process with time.perf_counter():
  read_csv_s  pandas.read_csv(FILE)
  fit_s       splitting the frame into X, y (to_numpy) + LinearRegression().fit
  read_fit_s  the sum: the number the advisor fit time is compared against.
Prediction and saving are not in read_fit_s.  Prints one line
  TIMING read_csv_s=... fit_s=... read_fit_s=... rows=... features=...
(the format run.sh parses) and the fitted coefficients on stderr.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--target", default="next_60s")
    parser.add_argument("--predictions", default=None)
    args = parser.parse_args()
    out = args.predictions or args.file + ".sklearn.npy"

    t0 = time.perf_counter()
    frame = pd.read_csv(args.file)
    t1 = time.perf_counter()
    y = frame[args.target].to_numpy(dtype=np.float64)
    X = frame.drop(columns=[args.target]).to_numpy(dtype=np.float64)
    model = LinearRegression().fit(X, y)
    t2 = time.perf_counter()

    np.save(out, model.predict(X))
    print(f"intercept {model.intercept_!r}", file=sys.stderr)
    print("coefficients " + " ".join(repr(float(c)) for c in model.coef_), file=sys.stderr)
    print(f"TIMING read_csv_s={t1 - t0:.3f} fit_s={t2 - t1:.3f} read_fit_s={t2 - t0:.3f} "
          f"rows={X.shape[0]} features={X.shape[1]}")


if __name__ == "__main__":
    main()
