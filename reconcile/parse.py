"""Stage 2: a decoded dump -> entries as printed, page facts, and every skipped line.

Each non-blank line ends in exactly one place: an entry's headline, body or embeds, or
the skipped list with a reason. Times are read here but placed on a day in times.py.
"""
from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from dateutil import parser as dateutil_parser

from .grammar import YEARS, DateMatch, Grammar
from .layout import Layout, decide, headline_like
from .stamps import Candidate, StampFinder
from .times import date_in_name
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

    def add_text(self, text: str) -> None:
        """More body from a line already counted (the text after a bracketed stamp)."""
        if text:
            self.paragraphs.append(text)
            self.last = "body"

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


def _stackable(a: Stamp | None, b: Stamp | None) -> bool:
    """Two stamps in a row name one post when one is relative ("3h ago" over "14.05 BST")
    or both print the same clock time (a 12-hour and a 24-hour copy of one stamp); a dated
    header above the first post's stamp is not that post's stamp."""
    if a is None or b is None or a.ago_minutes is not None or b.ago_minutes is not None:
        return True
    return a.minute == b.minute and a.hour % 12 == b.hour % 12


def _more_exact(a: Stamp | None, b: Stamp | None) -> Stamp | None:
    if a is None:
        return b
    if b is None:
        return a
    rank = lambda st: (st.ago_minutes is None, st.day is not None, st.zone is not None)  # noqa: E731
    return b if rank(b) > rank(a) else a


def _drop_key_event_links(entries: list[RawEntry]) -> tuple[list[RawEntry], list[RawEntry]]:
    """A 'key events' list repeats the headlines of posts further down, with no body: such a
    headline-only entry is a link to the post, not a second report of the event."""
    full = {" ".join(e.headline.casefold().split()) for e in entries if e.paragraphs and e.headline}
    kept, dropped = [], []
    for e in entries:
        key = " ".join(e.headline.casefold().split())
        # A key-points bullet that repeats a headline word for word is a link to that post.
        bullet = " ".join(e.paragraphs[0].casefold().split()).rstrip(".") \
            if e.kind == "summary" and len(e.paragraphs) == 1 and not e.headline else ""
        if (e.kind == "post" and not e.paragraphs and not e.embeds and key and key in full) or \
                (bullet and bullet in full):
            dropped.append(e)
        else:
            kept.append(e)
    return kept, dropped


def _looks_like_headline(text: str) -> bool:
    return len(text.split()) <= 20 and not _SENTENCE_END.search(text)


def _classify(lines: list[str], rules: Rules, grammar: Grammar, finder: StampFinder,
              skip_rules: tuple[SkipRule, ...]) -> tuple[list[str | None], list[DateMatch | None], dict[int, Candidate]]:
    """Per line: a boilerplate reason, a date-only reading, and the best candidate stamp."""
    reasons: list[str | None] = []
    date_lines: list[DateMatch | None] = []
    candidates: dict[int, Candidate] = {}
    for n, s in enumerate(lines, 1):
        if not s:
            reasons.append(None)
            date_lines.append(None)
            continue
        found = [c for c in finder.candidates(s) if c.position in ("own", "start", "end", "bracket")]
        reason = None if found and found[0].position != "inner" and len(s.split()) <= 12 else _skip_reason(s, skip_rules)
        reasons.append(reason)
        dl = grammar.date_only_line(s) if len(s) <= 70 and not found else None
        date_lines.append(dl)
        if reason or dl is not None or rules.embed_attribution.search(s) or rules.embed_link.search(s):
            continue
        if found:
            # One post stamp per line: a stamp that opens or closes the line before one inside it.
            candidates[n] = min(found, key=lambda c: ("own", "start", "end", "bracket").index(c.position))
    return reasons, date_lines, candidates


def parse_document(doc: Document, rules: Rules, grammar: Grammar, source_rule: SourceRule | None = None) -> Page:
    """Classify every line, let the page's recurring shape pick the post stamps, assemble."""
    skip_rules = rules.skip + (source_rule.skip if source_rule else ())
    lines = [raw.strip() for raw in doc.lines]
    finder = StampFinder(rules, grammar)
    reasons, date_lines, candidates = _classify(lines, rules, grammar, finder, skip_rules)
    content = [n for n, s in enumerate(lines, 1) if s and not reasons[n - 1] and date_lines[n - 1] is None]
    # An embedded post (its text with a pic.twitter.com link, its "— Name (@handle)" line)
    # is neither a headline nor a paragraph of the page's own: it says nothing of its shape.
    own_text = [n for n in content if not (rules.embed_attribution.search(lines[n - 1])
                                           or rules.embed_link.search(lines[n - 1]))]
    layout = decide(candidates, own_text, {n: lines[n - 1] for n in own_text})
    following = dict(zip(content, content[1:]))
    shaped = set(own_text)
    headers = layout.stamps
    heads = _post_heads(layout, own_text, lines)
    if not headers:
        heads = _unstamped_heads(content, lines, rules)

    entries: list[RawEntry] = []
    skipped: list[Skipped] = []
    notices: list[Notice] = list(doc.notices)
    # The page's own date, wherever it is printed (else its file name's), anchors dates
    # printed without a year ("Key developments from Monday, February 6:").
    printed_date = next((grammar.resolve(d, None) for d in date_lines if d is not None and d.year), None)
    name_date = date_in_name(doc.name)
    year_hint = printed_date or name_date
    page_date: date | None = None
    page_zone: str | None = None
    capture: datetime | None = None
    day_hint: date | None = None
    section: tuple[date | None] | None = None      # set while inside "Key developments ...:"
    started = False                                 # past the first entry or section
    draft: _Draft | None = None
    closing = layout.side == "after"

    def skip(n: int, text: str, reason: str) -> None:
        skipped.append(Skipped(doc.name, n, text, reason))

    def finish() -> None:
        nonlocal draft
        if draft is not None and draft.lines:
            entries.append(draft.freeze())
        draft = None

    def open_post(stamp: Stamp | None, awaiting: bool) -> None:
        nonlocal draft, started, section
        finish()
        started, section = True, None
        draft = _Draft("post", stamp, day_hint, awaiting_headline=awaiting)

    for n, s in enumerate(lines, 1):
        if not s:
            continue
        if page_zone is None:
            page_zone = grammar.zone_statement(s)
        m = rules.capture.match(s)
        if m and not started:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")      # dateutil warns of zone names it does not know
                    when = dateutil_parser.parse(m["when"], fuzzy=True)
                when.utcoffset()                         # "UTC-99": ValueError, an offset of a day or more
                if when.year in YEARS:
                    capture = when
                    skip(n, s, "capture time of the dump")
                    continue
            except (ValueError, OverflowError, ArithmeticError):  # dateutil can raise decimal errors
                pass
        reason = reasons[n - 1]
        if reason:
            skip(n, s, reason)
            continue
        if n in heads and n not in headers:
            # The headline of a post whose stamp follows on the next line.
            open_post(None, True)
            assert draft is not None
            draft.add(n, _strip_number(s), "headline")
            draft.awaiting_headline = False
            continue
        h = headers.get(n)
        if h is None and n in candidates and candidates[n].position == "own" and (
                candidates[n].shape[4].startswith("updated") or (candidates[n].stamp and candidates[n].stamp.day
                                                                  and not started)):
            skip(n, s, "page header or update stamp, not a post stamp")
            continue
        if h is not None:
            if closing:
                if draft is None or draft.kind != "post":
                    open_post(h.stamp, False)
                assert draft is not None
                draft.stamp = _more_exact(draft.stamp, h.stamp) if draft.stamp else h.stamp
                draft.lines.append(n)
                if h.rest and not draft.headline:
                    draft.headline = h.rest
                finish()
                continue
            if draft is not None and draft.kind == "post" and (
                    (draft.awaiting_headline and not draft.paragraphs and _stackable(draft.stamp, h.stamp))
                    or (n in heads and draft.lines == [n - 1]
                                                                           or _only_headline_above(draft, n, heads))):
                # Stamp lines in a row ("3h ago" then "10.31 BST"), or the stamp under its
                # post's headline: one post, the more exact stamp wins.
                draft.stamp = _more_exact(draft.stamp, h.stamp)
                if h.rest and not draft.headline:
                    draft.add(n, h.rest, "headline")
                else:
                    draft.lines.append(n)
                draft.add_text(h.after)
                continue
            open_post(h.stamp, not h.rest)
            assert draft is not None
            if h.rest:
                draft.add(n, _strip_number(h.rest), "headline")
            else:
                draft.lines.append(n)
            draft.add_text(h.after)
            draft.awaiting_headline = not h.rest and not h.after
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
                if not closing:
                    finish()
                day_hint, section = d, None
                skip(n, s, "day separator")
            continue
        in_post = draft is not None and draft.kind == "post"
        if len(s.split()) <= rules.max_section_heading_words and not (closing and in_post) and (
                s.endswith(":") or (headers and rules.summary_heading.match(s) and not _SENTENCE_END.search(s))) and (
                # Inside a post only a dated heading ("Key developments from Monday, July 10:")
                # opens a section; any other is the post's own headline or lead-in.
                not in_post or (grammar.find_dates(s) and not (draft is not None and draft.awaiting_headline))):
            finish()
            started = True
            found = [d for d in grammar.find_dates(s)]
            sec_date = grammar.resolve(found[0], day_hint or page_date or year_hint) if found else None
            section = (sec_date,)
            skip(n, s, "section heading" + (f" (dates what follows {sec_date.isoformat()})" if sec_date else ""))
            continue
        if closing and headers and (draft is None or draft.kind != "post") and n in heads:
            open_post(None, True)
        # A paragraph.
        if section is not None and not (closing and n in heads):
            finish()
            draft = _Draft("summary", None, section[0] or day_hint)
            bullet = _BULLET_ITEM.match(s)
            draft.add(n, s[bullet.end():] if bullet else s, "body")
            finish()
        elif draft is not None and draft.kind == "post":
            if draft.awaiting_headline and (rules.byline.search(s) or StampFinder._nameish(s)) and \
                    following.get(n) in shaped and following[n] not in headers and \
                    _looks_like_headline(lines[following[n] - 1]):
                # "15.39 BST / Liam Hardy / Headline": the author between stamp and text.
                skip(n, s, "byline")
            elif draft.awaiting_headline and _looks_like_headline(s):
                draft.add(n, _strip_number(s), "headline")
            elif not draft.paragraphs and (rules.byline.search(s) or _role_line(s, draft)):
                skip(n, s, "byline")
            else:
                draft.add(n, s, "body")
        elif headers or heads:
            finish()
            bullet = _BULLET_ITEM.match(s)
            if bullet:
                # A bulleted list above the first post is a summary, whatever its length.
                draft = _Draft("summary", None, day_hint)
                draft.add(n, s[bullet.end():], "body")
                finish()
            elif len(_SENTENCE_SPLIT.findall(s.rstrip(".!?"))) == 0 and _ends_with_full_date(s, grammar):
                # Above the posts, one sentence ending with the day the picture was taken is
                # the lead picture's caption ("... in Paris on March 23, 2023."). Inside a
                # post the same sentence is news and is kept.
                skip(n, s, "photo caption")
            elif len(s.split()) < rules.min_lead_words or headline_like(s) or (
                    not entries and len(s.split()) <= rules.max_standfirst_words
                    and len(_SENTENCE_SPLIT.findall(s.rstrip(".!?"))) == 0 and _first_text_line(n, lines, reasons)):
                # Above the first post, a line without a closing full stop is the page's title
                # or standfirst, not a report; so is one short sentence straight under the title.
                skip(n, s, "page title or strapline (before the first entry)")
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

    entries, links = _drop_key_event_links(entries)
    dropped = [(n, "key-events link to a post on this page") for e in links for n in e.line_numbers]
    # A stamp with nothing under it (a page header's "Mon 26 Aug 2024 17.20 BST", an embed
    # that did not survive the copy) is not a post: it would only mislead the day chain.
    empty = [e for e in entries if e.kind == "post" and not e.headline and not e.paragraphs and not e.embeds]
    entries = [e for e in entries if not (e.kind == "post" and not e.headline and not e.paragraphs and not e.embeds)]
    dropped.extend((n, "time stamp with no post under it") for e in empty for n in e.line_numbers)
    first_post = min((e.line_numbers[0] for e in entries if e.kind == "post"), default=0)
    header = next((e.stamp for e in sorted(empty + links, key=lambda e: e.line_numbers[0])
                   if e.stamp and e.stamp.day and e.line_numbers[0] < first_post), None)
    if header is None:
        # The page's own "Updated ..." stamp above the posts (the latest, when it also
        # prints when it was created).
        tops = [c.stamp for n, c in sorted(candidates.items()) if n < first_post and n not in headers
                and c.position == "own" and c.stamp and c.stamp.day]
        header = max(tops, key=lambda st: (st.day, st.hour, st.minute), default=None)
    skipped.extend(Skipped(doc.name, n, lines[n - 1], why) for n, why in dropped)

    if not headers and entries:
        notices.append(Notice(doc.name, None, "no-timestamps",
                              f"no time stamps found; {len(entries)} paragraphs kept as untimed entries"))
    return Page(document=doc, page_date=page_date or year_hint, page_zone=page_zone, capture=capture,
                entries=tuple(entries), skipped=tuple(skipped), notices=tuple(notices), header=header,
                date_from_name=not (page_date or printed_date) and name_date is not None)


_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+")


_SENTENCE_SPLIT = re.compile(r"[.!?][\"”’')\]]*\s+[A-Z“\"]")


def _ends_with_full_date(s: str, grammar: Grammar) -> bool:
    tail = s.rstrip()
    if not tail.endswith("."):
        return False
    tail = tail[:-1][-40:]
    return any(d.year and d.month and d.end == len(tail) for d in grammar.find_dates(tail))


def _first_text_line(n: int, lines: list[str], reasons: list[str | None]) -> bool:
    """Line n is the first text under the page's title (only the title, blank lines and
    skipped furniture above it)."""
    texts = [k for k in range(1, n) if lines[k - 1] and not reasons[k - 1]]
    return len(texts) <= 1


def _strip_number(text: str) -> str:
    return _NUMBERED.sub("", text)


def _role_line(s: str, draft: _Draft) -> bool:
    """A short name or role line under a headline ("Rachel Odunsi", "Political reporter")."""
    return bool(draft.headline) and len(s.split()) <= 4 and not _SENTENCE_END.search(s) and not any(
        ch.isdigit() for ch in s)


def _only_headline_above(draft: _Draft, n: int, heads: set[int]) -> bool:
    return bool(draft.headline) and not draft.paragraphs and draft.lines and draft.lines[0] in heads


def _unstamped_heads(content: list[int], lines: list[str], rules: Rules) -> set[int]:
    """A page with no time stamps (a legacy or stripped copy) still has posts: a headline
    (a short line not closed by a full stop) followed by a paragraph. They count only when
    the page repeats that shape (at least three times)."""
    heads: set[int] = set()
    for k, n in enumerate(content[:-1]):
        if k == 0:
            continue                      # the first line of a page is its title
        s, nxt = lines[n - 1], lines[content[k + 1] - 1]
        if _BULLET_ITEM.match(s) or s.endswith(":") or not headline_like(_strip_number(s)):
            continue
        if len(nxt.split()) >= 8 and not headline_like(nxt) and not _BULLET_ITEM.match(nxt):
            heads.add(n)
    return heads if len(heads) >= 3 else set()


def _post_heads(layout: Layout, content: list[int], lines: list[str]) -> set[int]:
    """Lines where a post's own text begins, when that is not its stamp line."""
    heads: set[int] = set()
    if layout.side == "before":
        return heads
    order = {n: i for i, n in enumerate(content)}
    stamp_lines = set(layout.stamps)
    own = sorted(n for n, c in layout.stamps.items() if c.position == "own")
    if layout.side == "after_headline":
        for n in own:
            i = order.get(n)
            # The page's shape is decided: the line above each stamp is its headline
            # unless it is clearly a paragraph.
            if i and content[i - 1] not in stamp_lines and len(lines[content[i - 1] - 1].split()) <= 30:
                heads.add(content[i - 1])
        return heads
    # Stamps close their posts: a post begins after the previous stamp. Before the first
    # stamp the page's own furniture comes first, so walk back over the post's body to
    # its headline.
    if own and own[0] in order:
        i = order[own[0]] - 1
        while i >= 0 and not headline_like(lines[content[i] - 1]):
            i -= 1
        if i >= 0:
            heads.add(content[i])
    for n in own:
        i = order.get(n)
        if i is not None and i + 1 < len(content) and content[i + 1] not in stamp_lines:
            heads.add(content[i + 1])
    return heads


def identify_source(doc: Document, rules: Rules) -> SourceRule | None:
    """The outlet rule whose patterns hit the dump most often (file name included)."""
    # The head of the dump is enough to recognise an outlet (and keeps a 1 MB paragraph cheap).
    text = doc.name + "\n" + "\n".join(line[:2000] for line in doc.lines[:2000])
    best, best_hits = None, 0
    for rule in rules.sources:
        hits = sum(len(p.findall(text)) for p in rule.detect)
        if hits > best_hits:
            best, best_hits = rule, hits
    return best
