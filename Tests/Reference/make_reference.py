#!/usr/bin/env python3
"""Reference numbers for advisor's regression agreement tests.

Reads one REAL metric file of the Nezha microservice testbed in place, fits the
models advisor's trainer fits (ridge/OLS, weighted ridge, L2 logistic,
unpenalized linear quantile regression) with scikit-learn, cross-checks every
fit with an independent solver, and writes

    Tests/AdvisorLearningTests/Fixtures/nezha-frontend-reference.json

(pretty-printed; every float is written with Python's repr, i.e. the shortest
string that round-trips to the same double).

Usage (from the repository root; deterministic, no randomness anywhere):

    pip install numpy pandas scikit-learn statsmodels
    python3 Tests/Reference/make_reference.py [--data-root /work/shared/datasets]

Data: nezha-microservice-testbed/ob_2022-08-23/metric/frontend-579b9bff58-t2dbm_metric.csv.gz
(721 rows, rows used in file order, no blank/NaN cell in any column used).
Numbers are parsed with Python's float() (correctly rounded, like Swift's
Double(String)), not with pandas' fast float parser.

Conventions (they are advisor's; see the JSON "conventions" entry):

* Standardization: z = (x - mean) / std with the population std (ddof=0, as
  sklearn's StandardScaler), computed on the fitted rows.  For weighted fits
  mean and std are the WEIGHTED mean and weighted population std
  (sum w (x - m)^2 / sum w).  Coefficients are reported on the raw feature
  scale: coef_raw = beta / std, intercept = b0 - sum(beta * mean / std).
* ridge(alpha): minimise sum w_i (y_i - b0 - z_i.beta)^2 + alpha ||beta||^2,
  intercept unpenalized; == Pipeline(StandardScaler(), Ridge(alpha)).
  alpha = 0 is OLS == LinearRegression.
* logistic(alpha): label = PodServerLatencyP90(s) > its median; minimise
  sum logloss_i + (alpha/2) ||beta||^2 on standardized features, intercept
  unpenalized; == LogisticRegression(C=1/alpha) on StandardScaler output.
* quantile(q): unpenalized linear quantile regression on raw features
  (the solution set is invariant to affine feature scaling); the objective is
  sum pinball_q(y - yhat) with pinball_q(r) = max(q r, (q - 1) r).
* Metrics are computed on the fitted rows, unweighted (also for the weighted
  fit): R2 = 1 - SSres/SStot, MAE, RMSE, MAPE = mean |err|/|y| over y != 0;
  logistic: mean log loss and ROC AUC of the probabilities; quantile: mean
  pinball loss and coverage = fraction of rows with y <= yhat, where a row
  whose residual is within 1e-9 * max(1, |y|) of zero counts as covered
  (the LP interpolates >= p+1 rows exactly; float noise must not decide them).

Cross-checks: ridge/OLS against numpy lstsq on the augmented system; logistic
newton-cholesky against newton-cg and a numpy Newton iteration (sklearn's lbfgs
is only reported: its ftol stops it at ~1e-5); quantile objective against
statsmodels QuantReg (run on standardized features, where its IRLS converges)
and uniqueness of the LP optimum by the Koenker-Bassett dual certificate.
Every asserted check fails the script rather than write numbers that two
solvers do not agree on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import warnings

import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import LinearRegression, LogisticRegression, QuantileRegressor, Ridge
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RELATIVE_FILE = "nezha-microservice-testbed/ob_2022-08-23/metric/frontend-579b9bff58-t2dbm_metric.csv.gz"
OUTPUT = os.path.join(REPO_ROOT, "Tests", "AdvisorLearningTests", "Fixtures", "nezha-frontend-reference.json")
TARGET = "PodServerLatencyP90(s)"
FEATURES = [
    "CpuUsageRate(%)",
    "MemoryUsageRate(%)",
    "SyscallRead",
    "SyscallWrite",
    "NetworkReceiveBytes",
    "NetworkTransmitBytes",
    "PodWorkload(Ops)",
    "NodeCpuUsageRate(%)",
]
WEIGHT_NAME = "PodWorkload(Ops)+1"
EXPECTED_ROWS = 721
COVERAGE_TOL = 1e-9


# ----------------------------------------------------------------------------- helpers

def rel_diff(a, b) -> float:
    """max |a - b| / max(|b|, tiny), elementwise, as one number."""
    a = np.atleast_1d(np.asarray(a, dtype=float))
    b = np.atleast_1d(np.asarray(b, dtype=float))
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def check(name: str, value: float, tol: float) -> None:
    status = "ok" if value <= tol else "FAILED"
    print(f"  check {name}: {value:.3e} (tol {tol:.0e}) {status}")
    if value > tol:
        raise SystemExit(f"cross-check failed: {name}")


def floats(values) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=float).ravel()]


def load(data_root: str) -> tuple[np.ndarray, np.ndarray, str]:
    path = os.path.join(data_root, RELATIVE_FILE)
    # Read every cell as text, then parse with float(): correctly rounded.
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if len(frame) != EXPECTED_ROWS:
        raise SystemExit(f"{path}: expected {EXPECTED_ROWS} rows, found {len(frame)}")
    columns = FEATURES + [TARGET]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SystemExit(f"{path}: missing columns {missing}")
    data = np.empty((len(frame), len(columns)))
    for j, column in enumerate(columns):
        cells = frame[column].tolist()
        blank = [i for i, c in enumerate(cells) if c.strip() == ""]
        if blank:
            raise SystemExit(f"{path}: blank cells in {column} at rows {blank[:5]}")
        data[:, j] = [float(c) for c in cells]
    if not np.all(np.isfinite(data)):
        raise SystemExit(f"{path}: non-finite values in the used columns")
    constant = [c for j, c in enumerate(FEATURES) if np.ptp(data[:, j]) == 0]
    if constant:
        raise SystemExit(f"{path}: constant feature columns {constant}")
    return data[:, :-1], data[:, -1], path


def standardization(X: np.ndarray, w: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Mean and population std (weighted if w is given), as advisor computes them."""
    if w is None:
        mean = X.mean(axis=0)
        std = X.std(axis=0, ddof=0)
    else:
        mean = (w[:, None] * X).sum(axis=0) / w.sum()
        std = np.sqrt((w[:, None] * (X - mean) ** 2).sum(axis=0) / w.sum())
    return mean, std


def to_raw(beta: np.ndarray, b0: float, mean: np.ndarray, std: np.ndarray) -> tuple[np.ndarray, float]:
    coef = beta / std
    return coef, float(b0 - np.sum(beta * mean / std))


def regression_metrics(y: np.ndarray, yhat: np.ndarray) -> dict:
    err = y - yhat
    nz = y != 0
    return {
        "r2": float(1.0 - np.sum(err**2) / np.sum((y - y.mean()) ** 2)),
        "mae": float(np.mean(np.abs(err))),
        "rmse": float(np.sqrt(np.mean(err**2))),
        "mape": float(np.mean(np.abs(err[nz]) / np.abs(y[nz]))),
    }


def pinball(y: np.ndarray, yhat: np.ndarray, q: float) -> np.ndarray:
    r = y - yhat
    return np.maximum(q * r, (q - 1.0) * r)


# ----------------------------------------------------------------------------- cases

def ridge_case(X, y, alpha: float, w: np.ndarray | None) -> dict:
    name = ("ols" if alpha == 0 else f"ridge-alpha{alpha:g}") + ("-weighted" if w is not None else "")
    print(f"{name}:")
    mean, std = standardization(X, w)
    Z = (X - mean) / std
    if w is None:
        # The library convention, literally: sklearn's pipeline on raw X.
        if alpha == 0:
            pipe = make_pipeline(StandardScaler(), LinearRegression())
        else:
            pipe = make_pipeline(StandardScaler(), Ridge(alpha=alpha, solver="cholesky"))
        pipe.fit(X, y)
        scaler, model = pipe[0], pipe[-1]
        check("StandardScaler mean == numpy mean", rel_diff(scaler.mean_, mean), 1e-15)
        check("StandardScaler scale == numpy std(ddof=0)", rel_diff(scaler.scale_, std), 1e-14)
        beta, b0 = model.coef_, float(model.intercept_)
        yhat_sklearn = pipe.predict(X)
    else:
        # Weighted mean/std computed here; Ridge on those Z with sample_weight.
        model = Ridge(alpha=alpha, solver="cholesky").fit(Z, y, sample_weight=w)
        beta, b0 = model.coef_, float(model.intercept_)
        yhat_sklearn = model.predict(Z)
    # Independent solution: augmented least squares (QR/SVD via lstsq, no normal equations).
    # rows sqrt(w)*[1, Z] | sqrt(w)*y  and  sqrt(alpha)*[0, I] | 0
    sw = np.sqrt(w) if w is not None else np.ones(len(y))
    A = np.hstack([sw[:, None], sw[:, None] * Z])
    b = sw * y
    if alpha > 0:
        p = Z.shape[1]
        A = np.vstack([A, np.hstack([np.zeros((p, 1)), np.sqrt(alpha) * np.eye(p)])])
        b = np.concatenate([b, np.zeros(p)])
    sol = np.linalg.lstsq(A, b, rcond=None)[0]
    check("coefficients sklearn vs lstsq (std scale)", rel_diff(beta, sol[1:]), 1e-9)
    check("intercept sklearn vs lstsq", rel_diff(b0, sol[0]), 1e-9)
    coef, intercept = to_raw(beta, b0, mean, std)
    yhat = X @ coef + intercept
    check("raw-scale predictions vs sklearn predict", rel_diff(yhat, yhat_sklearn), 1e-10)
    return {
        "name": name,
        "model": "ridge",
        "alpha": alpha,
        "weights": WEIGHT_NAME if w is not None else None,
        "quantile": None,
        "label": None,
        "intercept": intercept,
        "coefficients": floats(coef),
        "standardization": {"mean": floats(mean), "std": floats(std)},
        "predictions_first": floats(yhat[:5]),
        "metrics": regression_metrics(y, yhat),
    }


def logistic_case(X, y_cont, alpha: float) -> dict:
    name = f"logistic-alpha{alpha:g}"
    print(f"{name}:")
    label = (y_cont > np.median(y_cont)).astype(float)
    mean, std = standardization(X, None)
    scaler = StandardScaler().fit(X)
    Z = scaler.transform(X)
    check("StandardScaler scale == numpy std(ddof=0)", rel_diff(scaler.scale_, std), 1e-14)
    fits = {}
    for solver in ("newton-cholesky", "newton-cg", "lbfgs"):
        with warnings.catch_warnings():
            warnings.simplefilter("error", category=sklearn.exceptions.ConvergenceWarning)
            m = LogisticRegression(C=1.0 / alpha, solver=solver, tol=1e-12, max_iter=10000).fit(Z, label)
        fits[solver] = np.concatenate([m.intercept_, m.coef_.ravel()])
        print(f"  {solver}: n_iter={int(np.max(m.n_iter_))}")
    check("newton-cholesky vs newton-cg", rel_diff(fits["newton-cg"], fits["newton-cholesky"]), 1e-9)
    # lbfgs is NOT asserted: sklearn runs scipy's L-BFGS-B with ftol = 64 * eps, which
    # stops it on the relative objective decrease long before tol=1e-12 on the
    # gradient is reached (observed: ~1e-5 relative in the coefficients).
    print(f"  info lbfgs vs newton-cholesky: {rel_diff(fits['lbfgs'], fits['newton-cholesky']):.3e} (stops on ftol)")

    # Independent Newton iteration on the exact objective (numpy only).
    n, p = Z.shape
    A = np.hstack([np.ones((n, 1)), Z])
    pen = np.full(p + 1, alpha)
    pen[0] = 0.0
    theta = np.zeros(p + 1)
    for _ in range(100):
        eta = A @ theta
        prob = 0.5 * (1.0 + np.tanh(0.5 * eta))
        grad = A.T @ (prob - label) + pen * theta
        hess = (A * (prob * (1 - prob))[:, None]).T @ A + np.diag(pen)
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.max(np.abs(step)) < 1e-15 * max(1.0, np.max(np.abs(theta))):
            break
    eta = A @ theta
    prob = 0.5 * (1.0 + np.tanh(0.5 * eta))
    gnorm = np.max(np.abs(A.T @ (prob - label) + pen * theta))
    print(f"  numpy Newton: max |gradient| = {gnorm:.3e}")
    check("newton-cholesky vs numpy Newton", rel_diff(fits["newton-cholesky"], theta), 1e-9)

    b0, beta = float(theta[0]), theta[1:]
    coef, intercept = to_raw(beta, b0, mean, std)
    eta = X @ coef + intercept
    prob = 1.0 / (1.0 + np.exp(-eta))
    objective = float(np.sum(np.logaddexp(0.0, eta) - label * eta) + 0.5 * alpha * np.sum(beta**2))
    return {
        "name": name,
        "model": "logistic",
        "alpha": alpha,
        "weights": None,
        "quantile": None,
        "label": "above-median",
        "label_threshold": float(np.median(y_cont)),
        "positives": int(label.sum()),
        "intercept": intercept,
        "coefficients": floats(coef),
        "standardization": {"mean": floats(mean), "std": floats(std)},
        "objective": objective,
        "predictions_first": floats(prob[:5]),
        "metrics": {
            "log_loss": float(log_loss(label, prob)),
            "auc": float(roc_auc_score(label, prob)),
        },
    }


def quantile_uniqueness(X: np.ndarray, y: np.ndarray, yhat: np.ndarray, q: float) -> dict:
    """Koenker-Bassett certificate for the LP solution (Koenker 2005, Thm 2.1).

    A basic solution interpolates a set h of p+1 rows.  With psi_i = q - 1[r_i < 0]
    for the other rows, it is optimal iff the multipliers d solving
    A_h^T d = -A_~h^T psi lie in [q-1, q], and it is the UNIQUE optimum iff they lie
    strictly inside (and no further row is interpolated).  margin = min distance
    of d to the ends of the interval; margin > 0 certifies uniqueness.
    """
    n, p = X.shape
    r = y - yhat
    h = np.abs(r) <= COVERAGE_TOL * np.maximum(1.0, np.abs(y))
    A = np.hstack([np.ones((n, 1)), X])
    out = {"interpolated_rows": [int(i) for i in np.flatnonzero(h)]}
    if h.sum() != p + 1:
        out.update({"unique": False, "reason": f"{int(h.sum())} interpolated rows, expected {p + 1} (degenerate basis)"})
        return out
    psi = q - (r[~h] < 0)
    d = np.linalg.solve(A[h].T, -A[~h].T @ psi)
    margin = float(np.min(np.minimum(d - (q - 1.0), q - d)))
    gap = float(np.min(np.abs(r[~h]) / np.maximum(1.0, np.abs(y[~h]))))
    out.update({"unique": bool(margin > 1e-9), "dual_margin": margin, "dual_multipliers": floats(d),
                "smallest_other_relative_residual": gap})
    return out


def quantile_case(X, y, q: float) -> dict:
    name = f"quantile-q{q:g}"
    print(f"{name}:")
    model = QuantileRegressor(quantile=q, alpha=0.0, solver="highs").fit(X, y)
    coef, intercept = model.coef_.copy(), float(model.intercept_)
    yhat = X @ coef + intercept
    objective = float(np.sum(pinball(y, yhat, q)))

    mean, std = standardization(X, None)
    Z = (X - mean) / std
    # Cross-check 1: statsmodels QuantReg (IRLS), tight tolerance.  It is run on the
    # standardized features: on the raw ones (columns up to ~3e5) its IRLS stalls at
    # a clearly worse objective (+0.9 % at q=0.5, +5.7 % at q=0.9), even with
    # max_iter=100000.  The LP solution set is invariant to this affine rescaling.
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an IRLS max-iteration warning must fail the script
        sm_fit = sm.QuantReg(y, sm.add_constant(Z, has_constant="add")).fit(q=q, p_tol=1e-12, max_iter=100000)
    sm_params = np.asarray(sm_fit.params)
    sm_coef, sm_int = to_raw(sm_params[1:], float(sm_params[0]), mean, std)
    sm_objective = float(np.sum(pinball(y, X @ sm_coef + sm_int, q)))
    check("objective highs vs statsmodels", abs(sm_objective - objective) / objective, 1e-6)
    # Cross-check 2: the same LP on standardized features (scale invariance).
    zmodel = QuantileRegressor(quantile=q, alpha=0.0, solver="highs").fit(Z, y)
    zcoef, zint = to_raw(zmodel.coef_, float(zmodel.intercept_), mean, std)
    z_objective = float(np.sum(pinball(y, X @ zcoef + zint, q)))
    check("objective raw vs standardized features", abs(z_objective - objective) / objective, 1e-9)
    print(f"  info highs raw vs standardized coefficients: {rel_diff(np.concatenate([[zint], zcoef]), np.concatenate([[intercept], coef])):.3e}")

    coef_agree = rel_diff(np.concatenate([[sm_int], sm_coef]), np.concatenate([[intercept], coef]))
    certificate = quantile_uniqueness(X, y, yhat, q)
    unique = certificate["unique"]
    print(f"  highs vs statsmodels coefficients: max rel diff {coef_agree:.3e} (IRLS only approaches the vertex)")
    print(f"  Koenker-Bassett: {len(certificate['interpolated_rows'])} interpolated rows, "
          f"dual margin {certificate.get('dual_margin', float('nan')):.3e} -> unique={unique}")

    r = y - yhat
    tol = COVERAGE_TOL * np.maximum(1.0, np.abs(y))
    metrics = regression_metrics(y, yhat)
    metrics.update({
        "mean_pinball": objective / len(y),
        "coverage": float(np.mean(r <= tol)),
    })
    return {
        "name": name,
        "model": "quantile",
        "alpha": 0,
        "weights": None,
        "quantile": q,
        "label": None,
        "intercept": intercept,
        "coefficients": floats(coef),
        "standardization": {"mean": floats(mean), "std": floats(std)},
        "objective": objective,
        "solution_unique": unique,
        "uniqueness": dict(certificate, **{
            "statsmodels_objective": sm_objective,
            "statsmodels_coefficients_max_rel_diff": coef_agree,
            "statsmodels_coefficients_agree_1e-6": bool(coef_agree <= 1e-6),
        }),
        "predictions_first": floats(yhat[:5]),
        "metrics": metrics,
    }


# ----------------------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-root", default="/work/shared/datasets")
    parser.add_argument("--output", default=OUTPUT)
    args = parser.parse_args()

    X, y, path = load(args.data_root)
    print(f"read {path}: {X.shape[0]} rows, {X.shape[1]} features")
    w = X[:, FEATURES.index("PodWorkload(Ops)")] + 1.0

    cases = [
        ridge_case(X, y, 0.0, None),
        ridge_case(X, y, 1.0, None),
        ridge_case(X, y, 100.0, None),
        ridge_case(X, y, 1.0, w),
        logistic_case(X, y, 1.0),
        logistic_case(X, y, 0.01),
        quantile_case(X, y, 0.5),
        quantile_case(X, y, 0.9),
    ]
    cases[0]["alpha"] = 0  # written as the integer 0, as in the spec

    document = {
        "generator": "Tests/Reference/make_reference.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "pandas": pd.__version__,
            "scikit-learn": sklearn.__version__,
            "statsmodels": statsmodels.__version__,
        },
        "file": RELATIVE_FILE,
        "rows": int(X.shape[0]),
        "target": TARGET,
        "features": FEATURES,
        "conventions": {
            "standardization": "mean and population std (ddof=0) of the fitted rows; weighted mean/std when weighted",
            "coefficients": "raw feature scale: coef = beta/std, intercept = b0 - sum(beta*mean/std)",
            "ridge": "min sum w (y - b0 - Z beta)^2 + alpha ||beta||^2, intercept unpenalized; alpha 0 = OLS",
            "weights": "PodWorkload(Ops) + 1, multiplying squared errors",
            "logistic": "label = target > median; min sum logloss + alpha/2 ||beta||^2 on Z, intercept unpenalized; objective reported",
            "quantile": "unpenalized; objective = sum pinball_q(y - yhat), pinball_q(r) = max(q r, (q-1) r)",
            "metrics": "on the fitted rows, unweighted; mape over y != 0; coverage counts |y - yhat| <= 1e-9*max(1,|y|) as covered",
            "predictions_first": "first 5 rows: linear predictor (ridge, quantile) or probability (logistic)",
        },
        "cases": cases,
    }

    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(args.output), suffix=".tmp")
    with os.fdopen(fd, "w") as out:
        json.dump(document, out, indent=2, allow_nan=False)
        out.write("\n")
    os.chmod(tmp, 0o644)  # mkstemp creates 0600
    os.replace(tmp, args.output)
    print(f"wrote {os.path.relpath(args.output, REPO_ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
