"""A Fellegi-Sunter comparison model: every signal is a comparison with ordered levels;
each level has m = P(level | same event) and u = P(level | different events). A pair's
match weight is the prior log2 odds plus the sum of log2(m/u) over its levels — a
waterfall that adds up, shown as such in every report — and its match probability is
2^w / (1 + 2^w).

u is measured on random cross-outlet pairs of each run (dense coverage makes shared
words common, and u says so); m comes from rules/model.toml, learnt on labelled days,
and is refined by EM on the run's own candidates when the run is large enough.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .errors import RulesError

# Comparison name -> level labels, best evidence first. Features are turned into these
# levels in link.py; thresholds come from rules/linking.toml.
COMPARISONS: dict[str, tuple[str, ...]] = {
    "tfidf_cosine": ("≥0.55", "≥0.42", "≥0.32", "≥0.24", "≥0.17", "≥0.11", "≥0.06", "<0.06"),
    "best_sentence": ("≥0.6", "≥0.45", "≥0.33", "≥0.24", "≥0.15", "<0.15"),
    "headline_ratio": ("≥75", "≥60", "≥48", "≥38", "<38"),
    "time_gap": ("≤0.5 h", "≤1.5 h", "≤3 h", "≤6 h", "≤12 h", "≤24 h", ">24 h", "date only", "unknown"),
    "entities": ("rare name shared", "name shared", "different names", "no names"),
    "names_apart": ("no rare name on one side only", "rare names on one side only", "rare names on both sides only"),
    "headline_names": ("a headline name shared", "different headline names", "no names to compare"),
    "figures": ("same figure", "different figures", "no figures to compare"),
    "numbers": ("same quantity", "different figure, same noun", "no shared noun"),
    "speaker": ("same speaker", "different speakers", "no speaker"),
}


# Null levels (Splink's "null level"): the comparison cannot be made, so it is no evidence
# either way (0 bits), whatever m and u a run would measure for it. A date-only summary has
# no clock time to compare; an undated entry has none at all.
NULL_LEVELS: dict[str, frozenset[int]] = {"time_gap": frozenset({7, 8})}


@dataclass(frozen=True)
class Model:
    """m and u per comparison level, and the prior probability that a candidate matches."""

    m: dict[str, tuple[float, ...]]
    u: dict[str, tuple[float, ...]]
    prior: float
    correction: dict[str, tuple[float, ...]] = field(default_factory=dict)   # bits per level
    source: str = ""                          # how m was made (for the report)
    notes: tuple[str, ...] = field(default=())

    def bayes_factors(self) -> dict[str, np.ndarray]:
        """log2(m/u) per level, plus the learnt correction for dependence between comparisons."""
        out = {}
        for c, labels in COMPARISONS.items():
            bf = np.log2(np.asarray(self.m[c]) / np.asarray(self.u[c]))
            bf = bf + np.asarray(self.correction.get(c, (0.0,) * len(labels)))
            for k in NULL_LEVELS.get(c, ()):
                bf[k] = 0.0
            out[c] = bf
        return out

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1.0 - self.prior))

    def weights(self, levels: dict[str, np.ndarray]) -> np.ndarray:
        """Match weight of every pair (levels: comparison -> level index per pair)."""
        bf = self.bayes_factors()
        n = len(next(iter(levels.values()))) if levels else 0
        w = np.full(n, self.prior_weight)
        for c in COMPARISONS:
            w += bf[c][levels[c]]
        return w

    def waterfall(self, levels: dict[str, int]) -> list[tuple[str, str, float, float, float]]:
        """(comparison, level label, m, u, log2 Bayes factor) per comparison."""
        out = []
        for c, labels in COMPARISONS.items():
            k = levels[c]
            m, u = self.m[c][k], self.u[c][k]
            corr = self.correction.get(c, (0.0,) * len(labels))[k]
            bits = 0.0 if k in NULL_LEVELS.get(c, ()) else math.log2(m / u) + corr
            out.append((c, labels[k], m, u, bits))
        return out


def probability(weight: float | np.ndarray) -> float | np.ndarray:
    return 1.0 / (1.0 + np.power(2.0, -np.asarray(weight, dtype=float)))


def load_model(path: Path) -> Model:
    """m (and default u, prior) from rules/model.toml, validated."""
    problems: list[str] = []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError([f"{path.name}: cannot be read ({exc})"]) from None
    m: dict[str, tuple[float, ...]] = {}
    u: dict[str, tuple[float, ...]] = {}
    for c, labels in COMPARISONS.items():
        for table, out in (("m", m), ("u", u)):
            values = data.get(table, {}).get(c)
            if not isinstance(values, list) or len(values) != len(labels) or \
                    not all(isinstance(v, (int, float)) and v > 0 for v in values):
                problems.append(f"{path.name}: {table}.{c} = {values!r}: {len(labels)} positive numbers "
                                f"(levels {', '.join(labels)})")
                continue
            total = float(sum(values))
            out[c] = tuple(float(v) / total for v in values)
    correction: dict[str, tuple[float, ...]] = {}
    for c, labels in COMPARISONS.items():
        values = data.get("correction", {}).get(c)
        if values is None:
            continue
        if not isinstance(values, list) or len(values) != len(labels):
            problems.append(f"{path.name}: correction.{c} = {values!r}: {len(labels)} numbers")
            continue
        correction[c] = tuple(float(v) for v in values)
    prior = data.get("prior")
    if not isinstance(prior, (int, float)) or not 0 < prior < 1:
        problems.append(f"{path.name}: prior = {prior!r}: a probability strictly between 0 and 1")
        prior = 0.1
    if problems:
        raise RulesError(problems)
    return Model(m=m, u=u, prior=float(prior), correction=correction, source=str(data.get("made_by", "")))


def estimate_u(levels: dict[str, np.ndarray], default: dict[str, tuple[float, ...]] | None = None,
               prior_pairs: float = 0.0, smoothing: float = 1.0) -> dict[str, tuple[float, ...]]:
    """u from the levels of random cross-outlet pairs (almost all of them non-matches). With
    a default, that u counts as `prior_pairs` pairs: a small run's few pairs refine the
    default, a large run's many pairs replace it."""
    out = {}
    for c, labels in COMPARISONS.items():
        counts = np.bincount(levels[c], minlength=len(labels)).astype(float) + smoothing
        if default is not None:
            counts = counts + prior_pairs * np.asarray(default[c])
        out[c] = tuple((counts / counts.sum()).tolist())
    return out


def em(model: Model, levels: dict[str, np.ndarray], iterations: int, prior_pairs: float) -> Model:
    """Refine m and the prior by expectation-maximisation on the run's candidates, u held
    fixed (measured on random pairs). The learnt m acts as `prior_pairs` pseudo-pairs, so a
    run whose candidates are mostly one kind cannot drag m to a degenerate solution."""
    n = len(next(iter(levels.values())))
    if n == 0:
        return model
    m = {c: np.asarray(model.m[c]) for c in COMPARISONS}
    prior = model.prior
    for _ in range(iterations):
        cur = replace(model, m={c: tuple(m[c]) for c in COMPARISONS}, prior=prior)
        p = probability(cur.weights(levels))
        total = p.sum()
        for c, labels in COMPARISONS.items():
            counts = np.bincount(levels[c], weights=p, minlength=len(labels))
            counts = counts + prior_pairs * np.asarray(model.m[c])
            m[c] = np.maximum(counts / counts.sum(), 1e-6)
        prior = float(min(max((total + prior_pairs * model.prior) / (n + prior_pairs), 1e-4), 0.5))
    notes = model.notes + (f"m refined by EM on {n} candidate pairs",)
    return replace(model, m={c: tuple(float(x) for x in m[c]) for c in COMPARISONS}, prior=prior, notes=notes)
