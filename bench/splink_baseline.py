"""An off-the-shelf Splink baseline on a synthetic corpus (bench/generate.py): pair F1.

usage: python bench/splink_baseline.py TRUTH_DIR [--json] [--threshold 0.5] [--seed 1]

Splink is NOT a dependency of reconcile. Install it into the same environment first:

    pip install 'splink>=5,<6'        # brings duckdb and pyarrow

The baseline is handed what reconcile has to find for itself: each post's boundaries, text
and UTC time (TRUTH_DIR/records.jsonl.gz). It links posts across outlets with a plain
Fellegi-Sunter model on the DuckDB backend:
- one input table per outlet, link_type "link_only", so only cross-outlet pairs are scored;
- comparisons: lead (the headline, or the first sentence when a layout has none) by
  Jaro-Winkler at 0.9 / 0.8 / 0.7; the text's word sets (headline and body, words of 3+
  letters, stopwords out) by Jaccard at 0.5 / 0.3 / 0.15; the time gap at 30 / 90 / 180 min;
- blocking for prediction: the same 6-hour time bucket (two grids 3 hours apart, so any two
  posts within 3 hours share a bucket) plus one shared word of 4+ letters of the lead;
- u by random sampling; m by EM in two sessions (same bucket and same longest lead word; same
  two longest lead words at any time); the prior from a deterministic rule (same bucket, lead
  Jaro-Winkler >= 0.9) assumed to find half the matches;
- links at match probability >= 0.5, clustered into connected components at 0.5.
It prints cross-outlet pairwise precision/recall/F1 with exactly score_synthetic's definition,
plus run time and peak memory (of this process, DuckDB included).
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import resource
import sys
import time
from pathlib import Path

from score_synthetic import pair_scores

try:
    import duckdb
    import splink
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
except ImportError as exc:  # pragma: no cover - depends on the environment
    sys.exit(f"splink_baseline.py needs Splink 5, which reconcile does not depend on: "
             f"pip install 'splink>=5,<6'  ({exc})")

STOPWORDS = sorted(set("""the and for with from that this was were has have had are but not its his her their
they them than then into onto over after about said says say also more most some any all been being
who whom which what when where while would could should will can may might one two three per off out
under near amid since until again just only very such other others another new fresh""".split()))


def load(con: duckdb.DuckDBPyConnection, folder: Path) -> list[str]:
    """records.jsonl.gz -> table `records` with the derived columns; returns the outlets."""
    src = folder / "records.jsonl.gz"
    if not src.exists():
        sys.exit(f"{src}: not found (make the corpus with bench/generate.py)")
    stop = "[" + ", ".join(f"'{w}'" for w in STOPWORDS) + "]"
    con.execute(f"""
        CREATE TABLE records AS
        WITH raw AS (
            SELECT file, outlet, line, event, headline, body,
                   CAST(replace(utc, 'Z', '') AS TIMESTAMP) AS ts,
                   lower(coalesce(nullif(headline, ''), regexp_extract(body, '^[^.!?]*'))) AS lead
            FROM read_json('{src.as_posix()}', format = 'newline_delimited',
                           columns = {{file: 'VARCHAR', outlet: 'VARCHAR', line: 'INTEGER', utc: 'VARCHAR',
                                       headline: 'VARCHAR', body: 'VARCHAR', event: 'BIGINT'}})
        )
        , base AS (
            SELECT row_number() OVER (ORDER BY file, line) AS unique_id,
                   file, outlet, line, event, ts, lead,
                   -- two 6-hour grids 3 hours apart: posts <= 3 h apart share a bucket in one
                   CAST(floor(epoch(ts) / 21600) AS BIGINT) AS tb_a,
                   CAST(floor((epoch(ts) + 10800) / 21600) AS BIGINT) AS tb_b,
                   list_distinct(list_filter(regexp_split_to_array(lead, '[^a-z0-9]+'),
                                             lambda x: length(x) >= 4 AND NOT list_contains({stop}, x))) AS keys,
                   list_distinct(list_filter(regexp_split_to_array(lower(coalesce(headline, '') || ' ' || body),
                                                                   '[^a-z0-9]+'),
                                             lambda x: length(x) >= 3 AND NOT list_contains({stop}, x))) AS words
            FROM raw
        ), ranked AS (
            -- the lead's words, longest first: its two longest are scalar keys for EM blocking
            SELECT *, list_transform(list_reverse_sort(list_transform(keys, lambda x: printf('%03d%s', length(x), x))),
                                     lambda y: y[4:]) AS by_length
            FROM base
        )
        SELECT * EXCLUDE (by_length), by_length[1] AS key1, by_length[2] AS key2 FROM ranked
    """)
    return [r[0] for r in con.execute("SELECT DISTINCT outlet FROM records ORDER BY outlet").fetchall()]


def word_jaccard(threshold: float) -> cll.CustomLevel:
    """|A & B| / |A | B| >= t  <=>  |A & B| * (1 + t) >= t * (|A| + |B|) for sets A, B. The
    intersection is counted with list_filter/list_contains: list_intersect is ~15 times slower
    in DuckDB 2.0 and made this comparison the run's main cost."""
    inter = "len(list_filter(words_l, lambda w: list_contains(words_r, w)))"
    sql = f"{inter} * {1 + threshold} >= {threshold} * (len(words_l) + len(words_r))"
    return cll.CustomLevel(sql, label_for_charts=f"word Jaccard >= {threshold}")


def run(folder: Path, threshold: float, seed: int) -> dict:
    t0 = time.perf_counter()
    stages: dict[str, float] = {}
    con = duckdb.connect()
    outlets = load(con, folder)
    stages["load"] = time.perf_counter()
    n_records = con.execute("SELECT count(*) FROM records").fetchall()[0][0]
    for o in outlets:  # one input table per outlet (ids are file-name stems: letters and digits)
        if not re.fullmatch(r"[A-Za-z0-9_-]+", o):
            sys.exit(f"outlet id {o!r} is not a plain file-name stem")
        con.execute(f"CREATE VIEW \"rec_{o}\" AS SELECT * FROM records WHERE outlet = '{o}'")
    db_api = DuckDBAPI(connection=con)
    tables = [db_api.register(f"rec_{o}", dataset_display_name=o) for o in outlets]

    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("lead", [0.9, 0.8, 0.7]),
            cl.CustomComparison(
                output_column_name="words",
                comparison_levels=[cll.NullLevel("words"), word_jaccard(0.5), word_jaccard(0.3),
                                   word_jaccard(0.15), cll.ElseLevel()],
                comparison_description="Jaccard of the text's word sets"),
            cl.AbsoluteTimeDifferenceAtThresholds("ts", input_is_string=False, metrics=["minute"] * 3,
                                                  thresholds=[30, 90, 180]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("tb_a", "keys", arrays_to_explode=["keys"]),
            block_on("tb_b", "keys", arrays_to_explode=["keys"]),
        ],
        additional_columns_to_retain=["event", "outlet"],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        ["l.tb_a = r.tb_a and jaro_winkler_similarity(l.lead, r.lead) >= 0.9"], recall=0.5)
    stages["prior"] = time.perf_counter()
    linker.training.estimate_u_using_random_sampling(max_pairs=min(1e7, 20.0 * n_records ** 1.5), seed=seed)
    stages["u"] = time.perf_counter()
    # EM needs blocked pairs rich in matches: a time bucket alone holds ~1% matches and EM then
    # learns "close in time" instead of "same event". Session 1 (same bucket and longest lead
    # word) trains the text comparisons; session 2 (two longest lead words, any time) the gap.
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("tb_a", "key1"), max_pairs=2e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("key1", "key2"), max_pairs=2e6)
    stages["train"] = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    # How many links are right before clustering joins them into components.
    n_links, right_links = con.execute(f"SELECT count(*), count(*) FILTER (WHERE event_l = event_r) "
                                       f"FROM {predictions.physical_name}").fetchall()[0]
    stages["predict"] = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold)
    rows = con.execute(f"SELECT event, outlet, cluster_id FROM {clusters.physical_name} "
                       "ORDER BY unique_id").fetchall()
    stages["cluster"] = time.perf_counter()
    seconds = time.perf_counter() - t0
    if len(rows) != n_records:
        raise RuntimeError(f"clustering returned {len(rows)} rows for {n_records} records")
    scores = pair_scores([r[0] for r in rows], [r[2] for r in rows], [r[1] for r in rows])
    return {"records": n_records, "outlets": len(outlets), "links": n_links,
            "link_precision": round(right_links / n_links, 4) if n_links else 0.0,
            "clusters": len({r[2] for r in rows}), **scores,
            "seconds": round(seconds, 1),
            "stage_seconds": {k: round(v - prev, 1) for (k, v), prev in
                              zip(stages.items(), [t0, *stages.values()][:-1], strict=True)},
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "splink": splink.__version__, "duckdb": duckdb.__version__, "threshold": threshold}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("truth_dir", type=Path)
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    ap.add_argument("--threshold", type=float, default=0.5, help="match probability for links and clusters")
    ap.add_argument("--seed", type=int, default=1, help="seed of Splink's u sampling")
    a = ap.parse_args(argv)
    r = run(a.truth_dir, a.threshold, a.seed)
    if a.json:
        print(json.dumps(r))
        return 0
    print(f"Splink {r['splink']} (DuckDB {r['duckdb']}) on {r['records']} posts from {r['outlets']} outlets: "
          f"{r['links']} links >= {r['threshold']} ({r['link_precision']:.1%} right), {r['clusters']} clusters")
    print(f"cross-outlet pairs: truth {r['truth_pairs']}, predicted {r['predicted_pairs']}, "
          f"right {r['true_positive_pairs']}; precision {r['precision']:.3f} recall {r['recall']:.3f} "
          f"F1 {r['f1']:.3f}")
    stages = ", ".join(f"{k} {v}" for k, v in r["stage_seconds"].items())
    print(f"{r['seconds']} s ({stages}), peak memory {r['peak_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
