"""Stage 2: a decoded dump -> entries as printed, page facts, and every skipped line.

Each non-blank line ends in exactly one place: an entry's headline, body or embeds, or
the skipped list with a reason. Times are read here but placed on a day in times.py.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from dateutil import parser as dateutil_parser

from .grammar import Grammar, HeaderMatch
from .model import Document, Notice, Page, RawEntry, Skipped, Stamp
from .rules import Rules, SkipRule, SourceRule

_BULLET_ITEM = re.compile(r"^[•*▪►‣◦–-]\s+|^•\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s*$")


@dataclass
class _Draft:
    """An entry being assembled line by line (mutable on purpose; frozen on finish)."""

    kind: Literal["post", "lead", "summary", "untimed"]
    stamp: Stamp | None
    day_hint: date | None
    headline: str = ""
    awaiting_headline: bool = False
    paragraphs: list[str] = field(default_factory=list)
    embeds: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    last: str = ""

    def add(self, n: int, text: str, part: str) -> None:
        self.lines.append(n)
        if part == "headline":
            self.headline = text
        elif part == "embed":
            self.embeds.append(text)
        else:
            self.paragraphs.append(text)
        self.awaiting_headline = False
        self.last = part

    def add_attribution(self, n: int, text: str) -> None:
        # The paragraph just above "— Name (@handle) date" is the embedded post itself.
        if self.last == "body" and self.paragraphs:
            self.embeds.append(self.paragraphs.pop())
        self.add(n, text, "embed")

    def freeze(self) -> RawEntry:
        return RawEntry(
            headline=self.headline, paragraphs=tuple(self.paragraphs), embeds=tuple(self.embeds),
            stamp=self.stamp, day_hint=self.day_hint, kind=self.kind, line_numbers=tuple(sorted(self.lines)),
        )


def _skip_reason(line: str, skip_rules: tuple[SkipRule, ...]) -> str | None:
    words = len(line.split())
    for rule in skip_rules:
        if rule.matches(line, words):
            return rule.reason
    return None


def _accepted(h: HeaderMatch, styles: Counter[tuple[str, str, bool]]) -> bool:
    """Strong stamps open an entry at once; weak ones (bare 1557) need a zone or recurrence."""
    if h.style[1] == "end":
        return styles[h.style] >= 2
    if h.strong:
        return True
    return h.style[2] or (h.punctuated and styles[h.style] >= 2)


def _more_exact(a: Stamp | None, b: Stamp) -> Stamp:
    if a is None:
        return b
    rank = lambda st: (st.ago_minutes is None, st.day is not None, st.zone is not None)  # noqa: E731
    return b if rank(b) > rank(a) else a


def _drop_key_event_links(entries: list[RawEntry]) -> tuple[list[RawEntry], list[tuple[int, str]]]:
    """A 'key events' list repeats the headlines of posts further down, with no body: such a
    headline-only entry is a link to the post, not a second report of the event."""
    full = {" ".join(e.headline.casefold().split()) for e in entries if e.paragraphs and e.headline}
    kept, dropped = [], []
    for e in entries:
        key = " ".join(e.headline.casefold().split())
        if e.kind == "post" and not e.paragraphs and not e.embeds and key and key in full:
            dropped.extend((n, "key-events link to a post on this page") for n in e.line_numbers)
        else:
            kept.append(e)
    return kept, dropped


def _looks_like_headline(text: str) -> bool:
    return len(text.split()) <= 20 and not _SENTENCE_END.search(text)


def parse_document(doc: Document, rules: Rules, grammar: Grammar, source_rule: SourceRule | None = None) -> Page:
    skip_rules = rules.skip + (source_rule.skip if source_rule else ())
    lines = [raw.strip() for raw in doc.lines]

    # Pass 1: which lines open entries (weak stamp styles must recur to count), which are
    # boilerplate, which are date lines.
    reasons = [_skip_reason(s, skip_rules) if s else None for s in lines]
    date_lines = [grammar.date_only_line(s) if s and len(s) <= 70 else None for s in lines]
    candidates: dict[int, HeaderMatch] = {}
    for n, s in enumerate(lines, 1):
        if s and not reasons[n - 1] and not date_lines[n - 1]:
            h = grammar.header(s)
            if h is not None:
                candidates[n] = h
    styles = Counter(h.style for h in candidates.values())
    headers = {n: h for n, h in candidates.items() if _accepted(h, styles)}

    entries: list[RawEntry] = []
    skipped: list[Skipped] = []
    notices: list[Notice] = list(doc.notices)
    # The page's own date, wherever it is printed, anchors dates printed without a year.
    year_hint = next((grammar.resolve(d, None) for d in date_lines if d is not None and d.year), None)
    page_date: date | None = None
    page_zone: str | None = None
    capture: datetime | None = None
    day_hint: date | None = None
    section: tuple[date | None] | None = None      # set while inside "Key developments ...:"
    started = False                                 # past the first entry or section
    draft: _Draft | None = None

    def skip(n: int, text: str, reason: str) -> None:
        skipped.append(Skipped(doc.name, n, text, reason))

    def finish() -> None:
        nonlocal draft
        if draft is not None and draft.lines:
            entries.append(draft.freeze())
        draft = None

    for n, s in enumerate(lines, 1):
        if not s:
            continue
        if page_zone is None:
            page_zone = grammar.zone_statement(s)
        m = rules.capture.match(s)
        if m and not started:
            try:
                capture = dateutil_parser.parse(m["when"], fuzzy=True)
                skip(n, s, "capture time of the dump")
                continue
            except (ValueError, OverflowError):
                pass
        reason = reasons[n - 1]
        if reason:
            skip(n, s, reason)
            continue
        h = headers.get(n)
        if h is not None:
            if draft is not None and draft.kind == "post" and draft.awaiting_headline and not draft.paragraphs:
                # Stamp lines in a row ("3h ago" then "10.31 BST") stamp one entry: keep the
                # more exact one (absolute over relative, with a zone over without).
                draft.stamp = _more_exact(draft.stamp, h.stamp)
                if h.headline:
                    draft.add(n, h.headline, "headline")
                else:
                    draft.lines.append(n)
                continue
            finish()
            started, section = True, None
            draft = _Draft("post", h.stamp, day_hint, awaiting_headline=not h.headline)
            draft.add(n, h.headline, "headline")
            draft.awaiting_headline = not h.headline
            continue
        bad = rules.impossible_time.match(s)
        if bad:
            notices.append(Notice(doc.name, n, "time-not-read",
                                  f"'{bad['printed']}' is not a valid time; line kept as text"))
        if rules.embed_attribution.search(s):
            if draft is not None:
                draft.add_attribution(n, s)
            else:
                skip(n, s, "attribution of an embedded post outside any entry")
            continue
        if rules.embed_link.search(s):
            if draft is not None:
                draft.add(n, s, "embed")
            else:
                skip(n, s, "embedded post outside any entry")
            continue
        dl = date_lines[n - 1]
        if dl is not None:
            d = grammar.resolve(dl, day_hint or page_date or year_hint)
            if d is None:
                notices.append(Notice(doc.name, n, "date-not-read", f"date line {s!r} has no year to place it"))
                skip(n, s, "date line without a year")
            elif not started and page_date is None:
                page_date = d
                skip(n, s, "page date")
            else:
                finish()
                day_hint, section = d, None
                skip(n, s, "day separator")
            continue
        if len(s.split()) <= rules.max_section_heading_words and (
                s.endswith(":") or (headers and rules.summary_heading.match(s) and not _SENTENCE_END.search(s))):
            finish()
            started = True
            found = [d for d in grammar.find_dates(s)]
            sec_date = grammar.resolve(found[0], day_hint or page_date or year_hint) if found else None
            section = (sec_date,)
            skip(n, s, "section heading" + (f" (dates what follows {sec_date.isoformat()})" if sec_date else ""))
            continue
        # A paragraph.
        if section is not None:
            finish()
            draft = _Draft("summary", None, section[0] or day_hint)
            bullet = _BULLET_ITEM.match(s)
            draft.add(n, s[bullet.end():] if bullet else s, "body")
            finish()
        elif draft is not None and draft.kind == "post":
            if draft.awaiting_headline and _looks_like_headline(s):
                draft.add(n, s, "headline")
            elif not draft.paragraphs and rules.byline.search(s):
                skip(n, s, "byline")
            else:
                draft.add(n, s, "body")
        elif headers:
            finish()
            bullet = _BULLET_ITEM.match(s)
            if bullet:
                # A bulleted list above the first post is a summary, whatever its length.
                draft = _Draft("summary", None, day_hint)
                draft.add(n, s[bullet.end():], "body")
                finish()
            elif len(s.split()) < rules.min_lead_words:
                skip(n, s, "page title or strapline (short line before the first entry)")
            else:
                draft = _Draft("lead", None, day_hint)
                draft.add(n, s, "body")
                finish()
        else:
            finish()
            draft = _Draft("untimed", None, day_hint)
            draft.add(n, s, "body")
            finish()
    finish()

    entries, dropped = _drop_key_event_links(entries)
    skipped.extend(Skipped(doc.name, n, lines[n - 1], why) for n, why in dropped)

    if not headers and entries:
        notices.append(Notice(doc.name, None, "no-timestamps",
                              f"no time stamps found; {len(entries)} paragraphs kept as untimed entries"))
    return Page(document=doc, page_date=page_date or year_hint, page_zone=page_zone, capture=capture,
                entries=tuple(entries), skipped=tuple(skipped), notices=tuple(notices))


def identify_source(doc: Document, rules: Rules) -> SourceRule | None:
    """The outlet rule whose patterns hit the dump most often (file name included)."""
    text = doc.name + "\n" + "\n".join(doc.lines[:2000])
    best, best_hits = None, 0
    for rule in rules.sources:
        hits = sum(len(p.findall(text)) for p in rule.detect)
        if hits > best_hits:
            best, best_hits = rule, hits
    return best
