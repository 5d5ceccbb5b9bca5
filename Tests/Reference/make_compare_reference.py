#!/usr/bin/env python3
"""Reference numbers for advisor compare's statistics, computed with SciPy.

Reads the two REAL hyperfine exports in Tests/AdvisorSimulationTests/Fixtures
(compare-baseline.json: `advisor detect` on a 4,032-row NAB series and
`advisor detect --help`; compare-candidate.json: the same on the 18,050-row
series, a real 4x slower workload, and the same --help), and writes

    Tests/AdvisorSimulationTests/Fixtures/compare-reference.json

Per metric ("detect", "help"), candidate versus baseline as advisor compares them:
  * scipy.stats.mannwhitneyu(candidate, baseline) (default: method="auto",
    two-sided, continuity correction): statistic (U of candidate) and p-value;
  * scipy.stats.ttest_ind(candidate, baseline, equal_var=False): t and p;
  * medians (numpy.median), ratio = median(candidate) / median(baseline);
  * Cohen's d with the pooled (n-1) standard deviation, Hedges' g with the
    exact correction J = gamma(df/2) / (sqrt(df/2) * gamma((df-1)/2));
  * MAD outliers: 0.6745 * |x - median| / MAD > 3.5;
  * the bootstrap 95% interval of the ratio of medians with advisor's resampling
    (SplitMix64 seeded 42; per resample, baseline indices then candidate indices,
    index = high 64 bits of next() * count; percentiles by advisor's
    EmpiricalQuantile rule: sorted[min(n - 1, floor(n * q))]), 10,000 resamples;
  * the exact Mann-Whitney p-value on the first 7 candidate and 6 baseline
    "help" samples (SciPy's method="auto" picks the exact test there);
  * Holm-adjusted Mann-Whitney p-values (scipy.stats.false_discovery_control
    has no Holm, so the step-down rule is applied by hand).

Usage (from the repository root): python3 Tests/Reference/make_compare_reference.py
Versions used: Python 3.11.7, numpy 2.4.6, scipy 1.17.1 (recorded in the JSON).
"""
import json, math, os, sys
import numpy as np
import scipy
from scipy import stats
from scipy.special import gammaln

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "AdvisorSimulationTests", "Fixtures")
MASK = (1 << 64) - 1


def splitmix(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def median(values):
    s = sorted(values)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def bootstrap(baseline, candidate, resamples=10_000, seed=42):
    gen = splitmix(seed)
    ratios = []
    for _ in range(resamples):
        left = [baseline[(next(gen) * len(baseline)) >> 64] for _ in baseline]
        right = [candidate[(next(gen) * len(candidate)) >> 64] for _ in candidate]
        ratios.append(median(right) / median(left))
    ratios.sort()
    pick = lambda q: ratios[min(len(ratios) - 1, int(len(ratios) * q))]
    return pick(0.025), pick(0.975)


def times(path):
    with open(path) as f:
        return {r["command"]: r["times"] for r in json.load(f)["results"]}


def main():
    base = times(os.path.join(FIXTURES, "compare-baseline.json"))
    cand = times(os.path.join(FIXTURES, "compare-candidate.json"))
    metrics = {}
    for name in sorted(set(base) & set(cand)):
        b, c = base[name], cand[name]
        mw = stats.mannwhitneyu(c, b)
        welch = stats.ttest_ind(c, b, equal_var=False)
        n1, n2 = len(b), len(c)
        sb, sc = np.std(b, ddof=1), np.std(c, ddof=1)
        pooled = math.sqrt(((n1 - 1) * sb * sb + (n2 - 1) * sc * sc) / (n1 + n2 - 2))
        d = (np.mean(c) - np.mean(b)) / pooled
        df = n1 + n2 - 2
        j = math.exp(gammaln(df / 2) - gammaln((df - 1) / 2)) / math.sqrt(df / 2)

        def outliers(x):
            med = np.median(x)
            mad = np.median(np.abs(np.asarray(x) - med))
            return int(np.sum(0.6745 * np.abs(np.asarray(x) - med) / mad > 3.5)) if mad > 0 else 0

        lo, hi = bootstrap(b, c)
        metrics[name] = {
            "baseline_median": float(np.median(b)), "candidate_median": float(np.median(c)),
            "ratio": float(np.median(c) / np.median(b)), "ratio_ci_lower": lo, "ratio_ci_upper": hi,
            "mann_whitney_u": float(mw.statistic), "mann_whitney_p": float(mw.pvalue),
            "welch_t": float(welch.statistic), "welch_p": float(welch.pvalue),
            "cohens_d": float(d), "hedges_g": float(d * j),
            "baseline_outliers": outliers(b), "candidate_outliers": outliers(c),
        }
    names = sorted(metrics, key=lambda k: metrics[k]["mann_whitney_p"])
    running = 0.0
    for rank, name in enumerate(names):
        running = max(running, min(1.0, (len(names) - rank) * metrics[name]["mann_whitney_p"]))
        metrics[name]["holm_p"] = running
    # The exact branch of the Mann-Whitney test (at most 8 samples, no ties): the first 7 and 6 "help" samples.
    small = stats.mannwhitneyu(cand["help"][:7], base["help"][:6])
    out = {"exact_mann_whitney": {"u": float(small.statistic), "p": float(small.pvalue)},
           "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
           "metrics": metrics}
    with open(os.path.join(FIXTURES, "compare-reference.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
