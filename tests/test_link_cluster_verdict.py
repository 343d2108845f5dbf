"""Linking, clustering and verdicts on small hand-made cases."""
from __future__ import annotations

import dataclasses
import math

import networkx as nx
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.blocking import Units, candidate_pairs
from reconcile.cluster import cluster, node, pair_key
from reconcile.fsmodel import COMPARISONS, probability
from reconcile.link import Comparer, Linker
from reconcile.model import Link, Source
from reconcile.pipeline import reconcile_entries, split_claims
from reconcile.text import Analyzer

from .helpers import entry

SOURCES = [Source(s, (f"{s}.txt",), s, "UTC", "rule", None) for s in ("a", "b", "c")]
FILLER = [
    entry("a-x1", "a", "Grain exports through the Black Sea corridor resumed after talks in Istanbul.", "2023-07-11T08:00"),
    entry("b-x2", "b", "Wildfires forced evacuations on the Greek island of Rhodes, officials said.", "2023-07-11T09:00"),
    entry("c-x3", "c", "The central bank raised interest rates by a quarter point to curb inflation.", "2023-07-11T10:00"),
    entry("a-x4", "a", "Floods in northern Italy killed several people and destroyed farmland.", "2023-07-11T12:00"),
    entry("b-x5", "b", "A court in Ankara sentenced two journalists over a report on corruption.", "2023-07-11T13:00"),
]


def run(entries):
    from reconcile.rules import load_rules
    rules = load_rules()
    return reconcile_entries(split_claims(list(entries) + FILLER, rules, Analyzer(rules)), SOURCES, rules)


def together(events, x, y):
    return any(x in ev.entries and y in ev.entries for ev in events)


def test_same_event_two_outlets_is_corroborated_and_the_waterfall_adds_up():
    events = run([
        entry("a-1", "a", "Russian drones struck grain silos in the Odesa port overnight, damaging warehouses.",
              "2023-07-11T06:00", headline="Drones hit Odesa grain silos"),
        entry("b-1", "b", "An overnight drone attack on Odessa damaged grain warehouses at the port, the governor said.",
              "2023-07-11T07:30", headline="Odessa port grain warehouses damaged in drone attack"),
    ])
    ev = next(ev for ev in events if "a-1" in ev.entries)
    assert "b-1" in ev.entries and ev.verdict == "corroborated" and 0 < ev.confidence <= 1
    link = ev.links[0]
    names = [s.name for s in link.signals]
    assert names == ["prior", *COMPARISONS]
    # The contributions are log2 Bayes factors: they add up to the match weight, whose
    # probability is the link's score.
    weight = sum(s.contribution for s in link.signals)
    assert abs(float(probability(weight)) - link.score) < 0.01
    assert "odesa" in [m.lower() for m in link.matched]


def test_same_topic_next_night_stays_apart():
    events = run([
        entry("a-1", "a", "Russia launched a wave of drones at Kyiv overnight; air defence shot them down, Popko said.",
              "2023-07-11T01:00"),
        entry("b-1", "b", "Russia attacked Kyiv with drones for the second night; air defence shot them down, Popko said.",
              "2023-07-11T23:30"),
    ])
    assert not together(events, "a-1", "b-1")


def test_outcome_words_alone_never_link_unrelated_front_line_reports():
    # One claims an advance, the other repels an attack elsewhere: outcome words are
    # checked on linked pairs only, they are never evidence for a link.
    events = run([
        entry("a-1", "a", "Russian forces advanced near Kupiansk, the defence ministry in Moscow said.",
              "2023-07-11T10:00", headline="Russia says it advanced near Kupiansk"),
        entry("b-1", "b", "Ukraine repelled a drone attack on Odesa port overnight, the southern command said.",
              "2023-07-11T10:30", headline="Drone attack on Odesa port repelled"),
    ])
    assert not together(events, "a-1", "b-1")


def test_summary_joins_each_event_it_mentions_without_merging_them():
    events = run([
        entry("a-1", "a", "France has started delivering SCALP cruise missiles to Ukraine, a military source said.",
              "2023-07-11T11:33"),
        entry("a-2", "a", "The Kremlin said the SCALP decision was erroneous and warned of consequences for Kyiv.",
              "2023-07-11T11:42"),
        entry("b-s", "b", "France began delivering SCALP cruise missiles to Ukraine. The Kremlin warned of "
              "consequences for Kyiv.", kind="summary", day="2023-07-11"),
    ])
    with_summary = [ev for ev in events if "b-s" in ev.entries and len(ev.entries) > 1]
    assert len(with_summary) == 2
    assert not together(events, "a-1", "a-2")


def test_different_numbers_for_one_quantity_is_a_conflict():
    events = run([
        entry("a-2", "a", "Air defence downed 26 drones over the Odesa region overnight, the air force said.",
              "2023-07-11T05:00", headline="Air defence downs 26 drones over Odesa region"),
        entry("c-2", "c", "Ukraine's air force said 28 drones were downed over the Odesa region overnight.",
              "2023-07-11T05:30", headline="28 drones downed over Odesa region, air force says"),
    ])
    ev = next(ev for ev in events if "a-2" in ev.entries)
    assert "c-2" in ev.entries and ev.verdict == "conflicting"
    assert any(c.kind == "number" and "26" in c.detail and "28" in c.detail for c in ev.conflicts)


def test_same_wire_copy_is_one_origin():
    copy = ("Russia sees no grounds for peace talks with Ukraine, the Interfax news agency reported, citing "
            "upper house speaker Valentina Matviyenko during a visit to China.")
    events = run([entry("a-1", "a", copy, "2023-07-11T10:47"), entry("b-1", "b", copy, "2023-07-11T10:50")])
    ev = next(ev for ev in events if "a-1" in ev.entries)
    assert "b-1" in ev.entries
    assert "same wire copy" in ev.detail and "Interfax" in ev.detail


def _units(rules, texts_times):
    an = Analyzer(rules)
    es = split_claims([entry(f"{'abc'[i % 3]}-{i}", "abc"[i % 3], text, when)
                       for i, (text, when) in enumerate(texts_times)], rules, an)
    linker = Linker(rules, an)
    return es, Units.build([linker.profile(i, e, {s.id: s for s in SOURCES}) for i, e in enumerate(es)], an)


WORDS = ["port", "grain", "silos", "drones", "kyiv", "odesa", "missile", "power", "grid", "talks", "summit",
         "border", "troops", "ministry", "airport", "flights", "outage", "storm", "rescue", "toll"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(WORDS), min_size=3, max_size=8),
                          st.integers(0, 96)), min_size=4, max_size=40))
def test_blocking_pairs_other_outlets_near_in_time_and_never_all(rules, posts):
    texts = [(" ".join(words).capitalize() + ".", f"2023-07-{10 + h // 24:02d}T{h % 24:02d}:00") for words, h in posts]
    es, units = _units(rules, texts)
    (a, b), per_rule = candidate_pairs(units, rules)
    window = max(rules.linking["blocking"][k] for k in ("window_hours", "rare_window_hours", "quantity_window_hours"))
    for i, j in zip(a.tolist(), b.tolist()):
        assert i < j and units.source[i] != units.source[j]
        assert abs(units.start[i] - units.start[j]) <= 2 * window
    k = rules.linking["blocking"]["neighbours_k"]
    assert per_rule["tfidf_neighbours"] <= k * len(units)


def test_comparison_is_symmetric(rules):
    es, units = _units(rules, [
        ("Stoltenberg said NATO will invite Ukraine when allies agree.", "2023-07-11T15:57"),
        ("NATO leaders agreed Ukraine's future is in the alliance, Stoltenberg said.", "2023-07-11T18:00"),
    ])
    comparer = Comparer(units, rules)
    ab = comparer.compare(np.array([0]), np.array([1]))
    ba = comparer.compare(np.array([1]), np.array([0]))
    assert all(int(ab.levels[c][0]) == int(ba.levels[c][0]) for c in COMPARISONS)
    assert math.isclose(float(rules.model.weights(ab.levels)[0]), float(rules.model.weights(ba.levels)[0]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(0.31, 1.0)), max_size=25))
def test_clusters_without_floor_are_networkx_components(rules, edges):
    """With no complete-linkage floor, events are exactly the graph's connected components."""
    loose = dataclasses.replace(rules, linking={**rules.linking,
                                                "model": {**rules.linking["model"], "cluster_min_probability": 0.0}})
    links = [Link(f"e{a}", f"e{b}", s, 0, 0, (), (), "", "") for a, b, s in edges if a != b]
    source_of = {f"e{i}": f"s{i}" for i in range(10)}
    got = {frozenset(g) for g, _ in cluster(links, {}, source_of, loose)}
    graph = nx.Graph((node(l.a, 0), node(l.b, 0)) for l in links)
    assert got == {frozenset(c) for c in nx.connected_components(graph)}


def test_complete_linkage_stops_chaining(rules):
    # a1-b1 strong, b1-c1 strong, but a1-c1 never scored: one broad entry must not glue them.
    links = [Link("a1", "b1", 0.9, 0, 0, (), (), "", ""), Link("b1", "c1", 0.8, 0, 0, (), (), "", "")]
    scores = {pair_key(node("a1", 0), node("b1", 0)): 0.9, pair_key(node("b1", 0), node("c1", 0)): 0.8}
    groups = [set(g) for g, _ in cluster(links, scores, {"a1": "a", "b1": "b", "c1": "c"}, rules)]
    assert {"a1#0", "b1#0"} in groups and {"c1#0"} in groups
