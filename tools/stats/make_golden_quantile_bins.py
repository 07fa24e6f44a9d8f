#!/usr/bin/env python3
"""Golden quantile bin edges computed by numpy, for TrainingReferencesTest.

Driftwatch's rule (docs/references.md): with the n samples sorted, cut point i (1 <= i < bins) is the smallest sample
whose empirical CDF exceeds i/bins -- numpy's quantile(method="inverted_cdf") evaluated just above i/bins; a cut
equal to the previous one or to the minimum is dropped; the outer bins are open-ended. This script draws seeded samples
(continuous, heavily tied, skewed), asks numpy for the cuts, applies the two drop rules and writes
src/test/resources/golden/quantile_bins.json: per case its samples and, per bins, the expected cut points.

Run: python3 tools/stats/make_golden_quantile_bins.py  (numpy >= 1.22)
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "resources", "golden", "quantile_bins.json")


def cuts(x, bins):
    x = np.asarray(x, dtype=np.float64)
    edges = []
    lo = np.min(x)
    for i in range(1, bins):
        # just above i/bins: any q in (i/bins, (floor(i*n/bins) + 1)/n] gives the same inverted-CDF sample; the middle
        # of that interval, because np.nextafter(i/bins, 1) lands on the wrong side when i*n/bins is a whole number
        # and float rounding puts n*q a hair below it (seen at n=5000, q=0.85)
        n = len(x)
        q = (i * n / bins + (i * n) // bins + 1) / (2 * n)
        c = float(np.quantile(x, q, method="inverted_cdf"))
        if c > lo and (not edges or c > edges[-1]):
            edges.append(c)
    return edges


def main():
    rng = np.random.default_rng(20261202)
    cases = []
    for name, samples in [
        ("normal-1001", np.round(rng.normal(0, 1, 1001), 6)),
        ("lognormal-5000", np.round(rng.lognormal(0, 1, 5000), 4)),
        ("ties-4000", rng.integers(0, 7, 4000).astype(float)),
        ("uniform-1024", np.round(rng.uniform(-5, 5, 1024), 5)),
    ]:
        cases.append({
            "case": name,
            "samples": samples.tolist(),
            "cuts": {str(bins): cuts(samples, bins) for bins in (4, 8, 10, 16, 20)},
        })
    with open(OUT, "w") as f:
        json.dump({"generator": "tools/stats/make_golden_quantile_bins.py", "numpy": np.__version__, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
