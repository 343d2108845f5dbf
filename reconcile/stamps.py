"""Classify: every candidate time stamp on a line, wherever it sits, with its shape.

A candidate is a time as printed (absolute clock, relative "5m ago", or a stamp label with
no value) with what surrounds it on the line: a date before or after it, a zone, a label
("published at", "Update at", "UPDATE"), a relative part ("5m ago (15:57 GMT)"), a byline
("15:57 , Maira Butt"). Its *position* says how it sits on the line:

- ``own``: the line is the stamp (plus label, date, byline) and nothing else;
- ``start``: the stamp opens the line and a headline or text follows it;
- ``end``: a headline precedes the stamp, glued or spaced ("...onpublished at 15:39 ...");
- ``bracket``: "(1544 GMT)" between text on both sides (flattened wire feeds);
- ``inner``: anywhere else — a time inside a sentence, never a post stamp on its own.

Nothing here decides which candidates are post stamps: the page's recurring shape does
(layout.py). The time formats, labels and zone names come from rules/.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .grammar import DateMatch, Grammar
from .model import Stamp
from .rules import FLAGS, Rules

# A line longer than this is a paragraph: only its edges and bracketed stamps are read,
# which keeps classification linear in the input.
_EDGE = 160
_MAX_BRACKETED = 8
_DIGIT = re.compile(r"\d")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*|de|van|von|al|el|bin|da|du|la|le)$")


@dataclass(frozen=True)
class Candidate:
    """A time-shaped string on one line and how it sits there."""

    stamp: Stamp | None          # None: a stamp label printed with no value ("Posted at")
    position: str                # own | start | end | bracket | inner
    shape: tuple[str, ...]       # what recurs on a page: format, position, zone?, date?, label
    rest: str                    # the text that shares the line (headline), if any
    byline: str                  # an author printed with the stamp, if any
    start: int
    end: int
    punctuated: bool = False     # a dash, colon or bar between the stamp and its text
    after: str = ""              # text after a bracketed stamp: its post's body ("HEADLINE (1544 GMT) Body")


class StampFinder:
    def __init__(self, rules: Rules, grammar: Grammar) -> None:
        self.rules = rules
        self.grammar = grammar

    @cached_property
    def _zone_part(self) -> str:
        return (r"(?:\s*,?\s*\(?\s*(?P<zone>" + self.grammar.zone_alternation
                + r")(?![^\W\d_])\s*\)?)?")

    @cached_property
    def _formats(self) -> list[tuple[str, bool, re.Pattern[str]]]:
        out = []
        for fmt in self.rules.time_formats:
            out.append((fmt.name, fmt.strong, re.compile(
                r"(?<![\d:.,])(?P<time>" + fmt.pattern + r")" + self._zone_part, FLAGS)))
        return out

    @cached_property
    def _relative(self) -> re.Pattern[str]:
        return re.compile(r"(?:(?<=live)|(?<![^\W\d_]))(?P<time>" + self.rules.relative_pattern + r")", FLAGS)

    @cached_property
    def _label_before(self) -> re.Pattern[str]:
        return re.compile(r"(?P<label>" + self.rules.stamp_label + r")\s*:?\s*$", FLAGS)

    @cached_property
    def _label_only(self) -> re.Pattern[str]:
        return re.compile(r"^\W{0,3}(?P<label>" + self.rules.stamp_label + r")\s*:?\s*$", FLAGS)

    @cached_property
    def _date_after(self) -> re.Pattern[str]:
        return re.compile(r"^\s*(?:,|/|·|on\b)?\s*", FLAGS)

    # -- the classifier --------------------------------------------------------------
    def candidates(self, line: str) -> list[Candidate]:
        """Every candidate stamp on `line`, left to right, none overlapping."""
        s = line.rstrip()
        if not s or not _DIGIT.search(s):
            m = self._label_only.match(s) if s and len(s) < 40 else None
            if m:
                label = " ".join(m["label"].lower().split())
                return [Candidate(None, "own", ("label-only", "own", "", "", label), "", "", 0, len(s))]
            return []
        if len(s) > 2 * _EDGE:
            windows = [(0, s[:_EDGE]), (len(s) - _EDGE, s[-_EDGE:])]
        else:
            windows = [(0, s)]
        found: list[tuple[int, int, str, bool, re.Match[str] | None, re.Match[str] | None]] = []
        for offset, text in windows:
            for name, strong, pattern in self._formats:
                for m in pattern.finditer(text):
                    found.append((m.start() + offset, m.end() + offset, name, strong, m, None))
            for r in self._relative.finditer(text):
                found.append((r.start() + offset, r.end() + offset, "relative", True, None, r))
        if len(s) > 2 * _EDGE:
            # Flattened feeds: "(1544 GMT)" stamps inside one long paragraph. Only the first
            # few are read: a line has one post stamp, and each candidate reads the text
            # around it, so reading them all would cost the square of the line's length.
            groups = 0
            for m in re.finditer(r"\((?P<in>[^()]{3,30})\)", s[_EDGE:len(s) - _EDGE]):
                hit = False
                for name, strong, pattern in self._formats:
                    inner = pattern.fullmatch(m["in"].strip())
                    if inner and inner["zone"]:
                        base = _EDGE + m.start("in") + (len(m["in"]) - len(m["in"].lstrip()))
                        found.append((base, base + inner.end(), name, strong, inner, None))
                        hit = True
                groups += hit
                if groups >= _MAX_BRACKETED:
                    break
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        out: list[Candidate] = []
        taken_until = -1
        relatives: list[tuple[int, int, re.Match[str]]] = []
        for start, end, name, strong, m, r in found:
            if start < taken_until:
                continue
            if r is not None:
                relatives.append((start, end, r))
                taken_until = end
                continue
            assert m is not None
            cand = self._absolute(s, start, end, name, strong, m)
            if cand is not None:
                out.append(cand)
                taken_until = end
        for start, end, r in relatives:
            # "5m ago (15:57 GMT)": the clock in the brackets is the stamp, the relative part a label.
            if any(c.start - end <= 4 and c.start >= end for c in out):
                continue
            cand = self._relative_candidate(s, start, end, r)
            if cand is not None:
                out.append(cand)
        out.sort(key=lambda c: c.start)
        return out

    def _absolute(self, s: str, start: int, end: int, name: str, strong: bool,
                  m: re.Match[str]) -> Candidate | None:
        g = m.groupdict()
        hour = int(g["h"])
        minute = int(g.get("m") or 0)
        ampm = (g.get("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm:
            if hour > 12 or hour == 0 and ampm == "pm":
                return None
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59:
            return None
        zone = " ".join(g["zone"].split()) if g.get("zone") else None
        if zone and self.rules.zone(zone) is None:
            zone = None
        # "Liam Hardy23 September 2022 16:40": a byline glued to the date before the time.
        prefix, suffix = re.sub(r"(?<=[^\W\d_])(?=\d)", " ", s[:start]), s[end:]
        day, month_day, prefix, suffix = self._dates_around(prefix, suffix)
        if zone is None and (day is not None or month_day is not None):
            # "15:39 British Summer Time 12 July 2023" read the date first; a zone may follow it.
            z = re.match(r"\s*,?\s*\(?\s*(?P<zone>" + self.grammar.zone_alternation + r")(?![^\W\d_])\s*\)?",
                         suffix, FLAGS)
            if z and self.rules.zone(z["zone"]) is not None:
                zone, suffix = " ".join(z["zone"].split()), suffix[z.end():]
        label, days_ago, prefix = self._label(prefix)
        printed = m["time"].strip() + (f" {zone}" if zone else "")
        # A 12-hour reading is certain only with am/pm; "2: 32 IST" on a 12-hour page is not.
        stamp = Stamp(printed=printed, hour=hour, minute=minute, zone=zone, day=day,
                      ampm_unknown=(not ampm and name.endswith("12-hour no am/pm")),
                      month_day=month_day, days_ago=days_ago)
        return self._place(s, start, end, prefix, suffix, stamp,
                           (name, zone is not None, day is not None or month_day is not None, label), strong)

    def _relative_candidate(self, s: str, start: int, end: int, r: re.Match[str]) -> Candidate | None:
        n = int(r["n"])
        minutes = n * self.rules.relative_units.get(r["unit"].lower(), 1)
        stamp = Stamp(printed=r["time"].strip(), hour=0, minute=0, ago_minutes=minutes)
        label, _, prefix = self._label(s[:start])
        return self._place(s, start, end, prefix, s[end:], stamp, ("relative", False, False, label), True)

    def _dates_around(self, prefix: str, suffix: str
                      ) -> tuple[date | None, tuple[int, int] | None, str, str]:
        """A date printed just before or just after the time (with or without its year),
        and the text without it."""
        if prefix.strip():
            tail = prefix[-40:]
            for d in reversed(self.grammar.find_dates(tail)):
                if d.month and re.fullmatch(r"[\s,·|/\-–—]*(?:at\s*)?", tail[d.end:], FLAGS):
                    return (*self._day(d), prefix[: len(prefix) - len(tail) + d.start], suffix)
                break
        head = self._date_after.match(suffix)
        rest = suffix[head.end():] if head else suffix
        if rest[:1].isalnum():
            for d in self.grammar.find_dates(rest[:40]):
                if d.start == 0 and d.month:
                    return (*self._day(d), prefix, rest[d.end:])
                break
        return None, None, prefix, suffix

    @staticmethod
    def _day(d: DateMatch) -> tuple[date | None, tuple[int, int] | None]:
        if d.year is None:
            return None, (d.month, d.day)     # "12 July": the year comes from the page (times.py)
        try:
            return date(d.year, d.month, d.day), None
        except ValueError:
            return None, None

    def _label(self, prefix: str) -> tuple[str, int | None, str]:
        """A stamp label ending the prefix ("published at", "UPDATE", "5m ago ("), removed;
        with the whole days of a relative part ("2d ago / 3:57 AM UTC")."""
        core = prefix.rstrip(" \t(:/·|-–—•")
        label = ""
        days_ago = None
        r = re.search(r"(?:(?<=live)|(?<![^\W\d_]))" + self.rules.relative_pattern + r"\s*$", core, FLAGS)
        if r:
            minutes = int(r["n"]) * self.rules.relative_units.get(r["unit"].lower(), 1)
            days_ago = minutes // 1440 if minutes >= 1440 else None
            label, core = "relative", core[: r.start()].rstrip(" \t(:/·|-–—•")
        m = self._label_before.search(core)
        if m and (m.start() == 0 or not core[m.start() - 1].isalpha() or m["label"][:1].islower()):
            label = (" ".join(m["label"].lower().split()) + (" " + label if label else "")).strip()
            core = core[: m.start()]
        return label, days_ago, core

    def _place(self, s: str, start: int, end: int, prefix: str, suffix: str, stamp: Stamp,
               shape: tuple[object, ...], strong: bool) -> Candidate | None:
        name, has_zone, has_day, label = shape
        if not strong and not has_zone:
            # Bare digits (1557, "2: 32") are a stamp only with a zone: otherwise they are
            # years, counts and scores far more often than times.
            return None
        pre = self._strip_furniture(prefix, leading=True)
        post = suffix.strip().lstrip(")").strip()
        byline = after = ""
        sep = re.match(r"^[\s—–\-:|•·,.;)]*", post)
        sep_text = sep.group(0) if sep else ""
        post_text = post[len(sep_text):].strip()
        if post_text and self._bylineish(post_text, sep_text):
            byline, post_text = post_text, ""
        if pre and not post_text and self._nameish(pre):
            # "Maira Butt11 July 2024 09:40": a byline glued to a trailing stamp.
            byline, pre = pre, ""
        if not pre and not post_text:
            position, rest = "own", ""
        elif not pre:
            # A weak (bare digit) stamp opens a post only with a separator or a zone.
            if not strong and not has_zone and not re.search(r"[—–\-:|•·,]", sep_text):
                return None
            if not strong and not has_zone and post_text[:1].isdigit():
                return None
            position, rest = "start", post_text
        elif not post_text:
            rest = pre.rstrip(" —–-|,(")
            words = rest.split()
            # A time closing a sentence ("... carried live at 18:06.") is not a stamp after
            # a headline: that is a short line, not ended by a full stop, whose last word
            # does not lead into the time.
            if suffix.strip().startswith(".") and not suffix.strip().startswith("..") or len(words) > 25 \
                    or (not label and words and words[-1].lower().strip(",") in self.rules.time_prepositions):
                position, rest = "inner", ""
            else:
                position = "end"
        elif s[:start].rstrip().endswith("(") and has_zone and (
                suffix.lstrip().startswith(")") or s[:end].rstrip().endswith(")")) and (
                re.fullmatch(r"\s*[—–\-]?\s*", sep_text) and len(pre.split()) <= 20
                and not re.search(r"[.!?…][\"”’')\]]*$", pre)):
            # "HEADLINE (1544 GMT) Body": a headline before the bracket, the body straight
            # after it. A bracket inside a sentence ("at 0417 local time (0117 GMT), AFAD
            # said") converts a time. Read on the line itself: the prefix has lost its "("
            # to _label, and the zone pattern may have taken the ")" with it.
            position, rest, after = "bracket", pre, post_text
        else:
            position, rest = "inner", ""
        full_shape = (str(name), position, "zone" if has_zone else "", "date" if has_day else "", str(label))
        punctuated = bool(re.search(r"[—–\-:|]", sep_text))
        return Candidate(stamp, position, full_shape, rest, byline, start, end, punctuated, after)

    @staticmethod
    def _strip_furniture(prefix: str, leading: bool) -> str:
        # Bullets, list numbers and separators around a stamp are not text.
        t = re.sub(r"^\s*(?:[•*▪►‣◦\-–—]\s*|\d{1,3}[.)](?:\s+|$))?", "", prefix)
        return t.strip(" \t(:/·|-–—•,")

    @staticmethod
    def _nameish(text: str) -> bool:
        words = text.split()
        return 1 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words) and not text.endswith(".")

    def _bylineish(self, text: str, sep: str) -> bool:
        words = text.split()
        if re.match(r"^(?:posted by|by|from)\s", text, FLAGS) and len(words) <= 8:
            return True
        return "," in sep and self._nameish(text)
