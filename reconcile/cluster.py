"""Stage 6: links -> events. A graph of statements, split by complete linkage.

Nodes are statements ("entry#claim"; a post is one statement). Connected components of
the link graph (networkx) are split greedily: strongest link first, two groups merge only
if every cross-source pair between them was scored at least `model.cluster_min_probability` (rules/linking.toml).
So a broad summary cannot chain two unrelated events into one, and two claims of one
summary never share an event.
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from .model import Link
from .rules import Rules


def node(entry_id: str, claim: int) -> str:
    return f"{entry_id}#{claim}"


def entry_of(n: str) -> str:
    return n.rsplit("#", 1)[0]


def pair_key(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x <= y else (y, x)


def cluster(links: Iterable[Link], pair_scores: dict[tuple[str, str], float],
            source_of: dict[str, str], rules: Rules) -> list[tuple[frozenset[str], tuple[Link, ...]]]:
    """Groups of statement nodes, each with the links inside it; deterministic order."""
    floor = float(rules.linking["model"]["cluster_min_probability"])
    graph = nx.Graph()
    for link in links:
        graph.add_edge(node(link.a, link.claim_a), node(link.b, link.claim_b), link=link)

    def compatible(g1: set[str], g2: set[str]) -> bool:
        for x in g1:
            for y in g2:
                ex, ey = entry_of(x), entry_of(y)
                if ex == ey:
                    return False              # two claims of one entry: two events
                if source_of[ex] != source_of[ey] and pair_scores.get(pair_key(x, y), 0.0) < floor:
                    return False
        return True

    out = []
    for component in sorted(nx.connected_components(graph), key=min):
        group_of = {n: frozenset([n]) for n in component}
        edges = sorted(graph.subgraph(component).edges(data="link"), key=lambda e: (-e[2].score, e[2].a, e[2].b))
        for u, v, _ in edges:
            gu, gv = group_of[u], group_of[v]
            if gu is gv or not compatible(set(gu), set(gv)):
                continue
            merged = gu | gv
            for n in merged:
                group_of[n] = merged
        for group in sorted(set(group_of.values()), key=min):
            inside = tuple(sorted((d for u, v, d in graph.subgraph(group).edges(data="link")),
                                  key=lambda l: (-l.score, l.a, l.b)))
            out.append((group, inside))
    return out
