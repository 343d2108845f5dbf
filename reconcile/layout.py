"""Decide, from the page itself, which candidate stamps are post stamps and where each
post begins relative to its stamp.

A live blog repeats one shape for every post: that recurrence is the evidence. Shapes
that occur once beside a recurring one (a page "Updated" header, a related-story teaser),
that sit inside sentences (times in bodies, schedule lines) or that only occur stacked in
one block with no text between them (a world-clock box) are decoys.

Where a stamp alone on its line sits relative to its post is decided from the page too:

- ``before``: stamp, then headline and body (the most common layout);
- ``after_headline``: headline, then stamp (and byline), then body;
- ``after``: headline and body, then the stamp closing the post (a trailing byline stamp,
  or an index list of headlines each followed by its time).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .stamps import Candidate

_STATEMENT_END = re.compile(r"(?<!\.\.)[.…][\"”’')\]]*\s*$")


def headline_like(text: str) -> bool:
    """Short and not closed by a full stop (headlines may ask or exclaim)."""
    return 0 < len(text.split()) <= 20 and not _STATEMENT_END.search(text)


@dataclass(frozen=True)
class Layout:
    stamps: dict[int, Candidate]       # line index -> the post stamp on that line
    side: str                           # before | after_headline | after (for stamps on their own line)
    shapes: tuple[tuple[str, ...], ...]


def _shape_key(c: Candidate) -> tuple[str, ...]:
    return c.shape


def decide(candidates: dict[int, Candidate], content: list[int], text: dict[int, str]) -> Layout:
    """`candidates`: the best candidate per line (own/start/end/bracket positions only);
    `content`: indexes of lines that are text (not blank, not boilerplate), in order."""
    if not candidates:
        return Layout({}, "before", ())
    order = {n: i for i, n in enumerate(content)}
    by_shape: dict[tuple[str, ...], list[int]] = {}
    for n, c in sorted(candidates.items()):
        by_shape.setdefault(_shape_key(c), []).append(n)

    def one_block(lines: list[int]) -> bool:
        # All occurrences on consecutive content lines with nothing else between: a
        # world-clock box or a schedule, not stamps of separate posts.
        idx = sorted(order[n] for n in lines if n in order)
        return len(idx) >= 2 and idx[-1] - idx[0] == len(idx) - 1 and \
            all(candidates[content[i]].position == "own" for i in idx)

    recurring = {s for s, ns in by_shape.items() if len(ns) >= 2 and not one_block(ns)}
    if not recurring:
        # One stamp-shaped string on a page is a header, a teaser or a programme time far
        # more often than a one-post blog: without recurrence the only evidence accepted is
        # a stamp opening a line, set off from its headline by a dash or colon ("10:00 - ...").
        accepted = {c.shape for c in candidates.values()
                    if c.position == "start" and c.punctuated and not c.shape[4] and not c.shape[3]}
    else:
        accepted = set(recurring)
        heads = {(s[0], s[1], s[4]) for s in recurring}
        dated = {(s[0], s[1], s[4]) for s in recurring if s[3]}
        for s, ns in by_shape.items():
            # A variant of a recurring shape (the same clock, place and label, with or
            # without a zone) is that shape printed once differently; one that adds a date
            # the posts never print is the page's own header stamp.
            if s not in accepted and (s[0], s[1], s[4]) in heads and (not s[3] or (s[0], s[1], s[4]) in dated):
                accepted.add(s)
    # A label that marks edits ("Updated at 17.12", a page's "Updated" header) names post
    # stamps only on a page where nothing else does (CBS's "Updated 5m ago").
    plain = {s for s in accepted if not s[4].startswith("updated")}
    if plain:
        accepted = plain
    # 'end' stamps (time after the headline on one line) need a zone, a label or recurrence.
    accepted = {s for s in accepted if s[1] != "end" or s[2] or s[4] or len(by_shape[s]) >= 2}
    stamps = {n: c for n, c in candidates.items() if _shape_key(c) in accepted}
    side = _side(stamps, content, order, text)
    return Layout(stamps, side, tuple(sorted(accepted)))


def _side(stamps: dict[int, Candidate], content: list[int], order: dict[int, int], text: dict[int, str]) -> str:
    own = sorted(n for n, c in stamps.items() if c.position == "own")
    if len(own) < 2 or len(own) < 0.5 * len(stamps):
        return "before"
    stamp_lines = set(stamps)

    def neighbour(n: int, step: int) -> int | None:
        i = order.get(n)
        if i is None:
            return None
        j = i + step
        return content[j] if 0 <= j < len(content) else None

    # What follows the last stamp: a post (stamps open posts) or nothing (stamps close them:
    # a trailing "Author11 July 2024 09:40", or an index of headlines each followed by its time).
    last = own[-1]
    after_last = [m for m in content[order[last] + 1:] if m not in stamp_lines] if last in order else []
    if not any(len(text[m].split()) >= 12 or not headline_like(text[m]) for m in after_last) and \
            len(after_last) <= 2 and (_signed(own, stamps, text) or _index(own, content, order, stamp_lines, text)):
        return "after"
    votes_after_headline = votes_before = 0
    for n in own:
        p, q = neighbour(n, -1), neighbour(n, 1)
        prev_head = p is not None and p not in stamp_lines and headline_like(text[p])
        next_head = q is not None and q not in stamp_lines and headline_like(text[q])
        if prev_head and not next_head:
            votes_after_headline += 1
        elif next_head or (p is not None and not headline_like(text[p])):
            votes_before += 1
    return "after_headline" if votes_after_headline > votes_before else "before"


def _signed(own: list[int], stamps: dict[int, Candidate], text: dict[int, str]) -> bool:
    """Most stamps print a byline before them ("Liam Hardy11 July 2024 09:40"): a post's
    signature, which closes it."""
    signed = sum(1 for n in own if stamps[n].byline and 0 <= text[n].find(stamps[n].byline) < stamps[n].start)
    return 2 * signed >= len(own)


def _index(own: list[int], content: list[int], order: dict[int, int], stamp_lines: set[int],
           text: dict[int, str]) -> bool:
    """An index of headlines each followed by its time: between most pairs of stamps
    there is a headline and no paragraph, and no stamp has a paragraph right under it (a
    stamp under its headline, then the body, is a post)."""
    gaps = [[m for m in content[order[a] + 1:order[b]] if m not in stamp_lines]
            for a, b in zip(own, own[1:]) if a in order and b in order]
    if any(g and not headline_like(text[g[0]]) for g in gaps):
        return False
    bare = sum(1 for g in gaps if len(g) <= 2 and all(headline_like(text[m]) for m in g))
    return bool(gaps) and 2 * bare >= len(gaps)


def shape_counts(candidates: dict[int, Candidate]) -> Counter[tuple[str, ...]]:
    return Counter(c.shape for c in candidates.values())
