"""Linking, clustering and verdicts on small hand-made cases."""
from __future__ import annotations


import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile.cluster import cluster, node, pair_key
from reconcile.link import Linker, build_idf
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
    rules_entries = list(entries) + FILLER
    from reconcile.rules import load_rules
    rules = load_rules()
    return reconcile_entries(split_claims(rules_entries, rules, Analyzer(rules)), SOURCES, rules)


def together(events, x, y):
    return any(x in ev.entries and y in ev.entries for ev in events)


def test_same_event_two_outlets_is_corroborated():
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
    assert {"statement_overlap", "entities", "time"} <= set(names)
    assert abs(sum(s.contribution for s in link.signals) - link.score) < 0.01
    assert "odesa" in [m.lower() for m in link.matched]


def test_same_topic_next_night_stays_apart():
    events = run([
        entry("a-1", "a", "Russia launched a wave of drones at Kyiv overnight; air defence shot them down, Popko said.",
              "2023-07-11T01:00"),
        entry("b-1", "b", "Russia attacked Kyiv with drones for the second night; air defence shot them down, Popko said.",
              "2023-07-11T23:30"),
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


def test_conflicting_outcomes_and_numbers():
    events = run([
        entry("a-1", "a", "Russian forces advanced 2 km near Bakhmut, the defence ministry in Moscow said.",
              "2023-07-11T10:00", headline="Russia says forces advanced near Bakhmut"),
        entry("b-1", "b", "Ukraine said its troops repelled the Russian attack near Bakhmut on Tuesday.",
              "2023-07-11T12:00", headline="Ukraine says attack near Bakhmut repelled"),
        entry("a-2", "a", "Air defence downed 26 drones over the Odesa region overnight, the air force said.",
              "2023-07-11T05:00"),
        entry("c-2", "c", "Ukraine's air force said 28 drones were downed over the Odesa region overnight.",
              "2023-07-11T05:30"),
    ])
    ev = next(ev for ev in events if "a-1" in ev.entries)
    assert ev.verdict == "conflicting" and ev.conflicts[0].kind == "outcome"
    ev = next(ev for ev in events if "a-2" in ev.entries)
    assert "c-2" in ev.entries and ev.verdict == "conflicting"
    assert any(c.kind == "number" and "26" in c.detail and "28" in c.detail for c in ev.conflicts)


def test_same_wire_copy_is_one_origin():
    copy = ("Russia sees no grounds for peace talks with Ukraine, the Interfax news agency reported, citing "
            "upper house speaker Valentina Matviyenko during a visit to China.")
    events = run([entry("a-1", "a", copy, "2023-07-11T10:47"), entry("b-1", "b", copy, "2023-07-11T10:50")])
    ev = next(ev for ev in events if "a-1" in ev.entries)
    assert "b-1" in ev.entries
    assert ev.verdict == "single_source" and "same wire copy" in ev.detail and "Interfax" in ev.detail


def test_blocking_never_pairs_one_source_or_distant_times(rules):
    an = Analyzer(rules)
    es = split_claims([entry(f"{'ab'[i % 2]}-{i}", "ab"[i % 2], f"Common words about ports grain {i % 3} silos",
                             f"2023-07-{10 + i // 4:02d}T{(i * 5) % 24:02d}:00") for i in range(16)], rules, an)
    linker = Linker(rules, an)
    profiles = [linker.profile(i, e, {s.id: s for s in SOURCES}) for i, e in enumerate(es)]
    idf = build_idf([p.terms for p in profiles])
    pairs = linker.candidates(profiles, idf)
    window = rules.t("blocking", "window_hours")
    for i, j in pairs:
        assert es[i].source != es[j].source
        assert abs((es[i].time - es[j].time).total_seconds()) / 3600 <= window + 24
    assert len(pairs) < len(es) * (len(es) - 1) // 2


def test_scoring_is_symmetric(rules):
    an = Analyzer(rules)
    es = split_claims([
        entry("a-1", "a", "Stoltenberg said NATO will invite Ukraine when allies agree.", "2023-07-11T15:57"),
        entry("b-1", "b", "NATO leaders agreed Ukraine's future is in the alliance, Stoltenberg said.", "2023-07-11T18:00"),
    ], rules, an)
    linker = Linker(rules, an)
    p = [linker.profile(i, e, {}) for i, e in enumerate(es)]
    idf = build_idf([x.terms for x in p])
    eidf = build_idf([x.entities for x in p])
    assert max(s.score for s in linker.score(p[0], p[1], idf, eidf)) == \
        max(s.score for s in linker.score(p[1], p[0], idf, eidf))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(0.31, 1.0)), max_size=25))
def test_clusters_without_floor_are_networkx_components(rules, edges):
    """With no complete-linkage floor, events are exactly the graph's connected components."""
    import dataclasses

    loose = dataclasses.replace(rules, thresholds={**rules.thresholds, "cluster": {"min_pair_score": 0.0}})
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
