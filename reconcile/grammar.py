"""Recognisers built once from rules/: time stamps, zones and dates as they appear in dumps.

Parsing (parse.py) asks these questions of single lines; nothing here knows about pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from .model import Stamp
from .rules import FLAGS, Rules

_BULLET = r"^\s*(?:[•*▪►‣◦]\s*|-\s+|\d{1,3}[.)]\s+)?"

# The years a live blog can be dated in. A date printed outside them ("December 31, 9999",
# "0001-01-01") is not read as a date: it names no day a post was written, and a day
# next to the ends of the calendar cannot be stepped from.
YEARS = range(1900, 2200)


@dataclass(frozen=True)
class HeaderMatch:
    """A line that opens an entry: the stamp, the headline after it, and how it was written."""

    stamp: Stamp
    headline: str
    style: tuple[str, str, bool]     # (format name, "start" or "end", has zone)
    strong: bool
    punctuated: bool                 # a dash, colon or bar separated stamp and headline


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    year: int | None
    month: int
    day: int
    weekday: int | None


class Grammar:
    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    # -- zones -------------------------------------------------------------------------
    @cached_property
    def zone_alternation(self) -> str:
        names = [r"\s+".join(map(re.escape, name.split())) for name in self.rules.zones]
        return "(?:" + self.rules.offset_pattern + "|" + "|".join(names) + ")"

    @cached_property
    def _zone_after(self) -> re.Pattern[str]:
        return re.compile(r"\s*\(?(?P<zone>" + self.zone_alternation + r")(?![a-z])\)?", FLAGS)

    def zone_statement(self, line: str) -> str | None:
        """The zone named by "All times are Paris time (GMT+2)", as printed."""
        for pattern in self.rules.statements:
            m = pattern.search(line)
            if m:
                z = re.search(r"(?<![a-z])(?P<zone>" + self.zone_alternation + r")(?![a-z])",
                              line[m.end(): m.end() + 60], FLAGS)
                if z:
                    return z["zone"]
        return None

    # -- time stamps ---------------------------------------------------------------------
    @cached_property
    def _headers(self) -> list[tuple[str, bool, re.Pattern[str], re.Pattern[str] | None]]:
        out = []
        zone = r"(?:,?\s*\(?(?P<zone>" + self.zone_alternation + r")(?![a-z])\)?)?"
        for fmt in self.rules.time_formats:
            start = re.compile(
                _BULLET + r"(?:" + self.rules.stamp_prefix + r")?(?P<time>" + fmt.pattern + r")" + zone
                + r"(?P<sep>" + self.rules.separators + r")(?P<rest>.*)$", FLAGS)
            end = None
            if fmt.strong:
                end = re.compile(
                    r"^(?P<rest>.*?[^\s—–\-|,(])\s*[—–\-|,(]?\s*(?P<time>" + fmt.pattern + r")"
                    + zone + r"\)?\s*$", FLAGS)
            out.append((fmt.name, fmt.strong, start, end))
        return out

    @cached_property
    def _relative(self) -> re.Pattern[str]:
        return re.compile(_BULLET + r"(?P<time>" + self.rules.relative_pattern + r")"
                          + r"(?P<sep>" + self.rules.separators + r")(?P<rest>.*)$", FLAGS)

    def header(self, line: str) -> HeaderMatch | None:
        """Read a time stamp at the start (or end) of a line, with any date printed beside it."""
        if len(line) > 400:
            return None                     # a paragraph, not a header; keeps regexes linear
        day, line_wo_date = self._leading_date(line)
        for name, strong, start, _end in self._headers:
            m = start.match(line_wo_date)
            if m:
                stamp_day = day
                rest = m["rest"].strip()
                if stamp_day is None:
                    stamp_day, rest = self._leading_date(rest, before_time=False)
                h = self._stamp(m, stamp_day)
                if h is None:
                    continue
                punct = bool(re.search(r"[—–\-:|•·,]", m["sep"] or ""))
                return HeaderMatch(h, rest, (name, "start", bool(m["zone"])), strong, punct)
        r = self._relative.match(line)
        if r:
            n = int(r["n"])
            minutes = n * self.rules.relative_units.get(r["unit"].lower(), 1)
            stamp = Stamp(printed=r["time"].strip(), hour=0, minute=0, ago_minutes=minutes)
            return HeaderMatch(stamp, r["rest"].strip(), ("relative", "start", False), True, True)
        if not any(ch.isdigit() for ch in line[-30:]):
            return None                     # no time at the end either
        for name, strong, _, end in self._headers:
            if end is None:
                continue
            m = end.match(line)
            if m and len(m["rest"].split()) >= 3:
                h = self._stamp(m, None)
                if h is not None:
                    return HeaderMatch(h, m["rest"].strip(" —–-|,("), (name, "end", bool(m["zone"])), strong, True)
        return None

    def _stamp(self, m: re.Match[str], day: date | None) -> Stamp | None:
        hour = int(m["h"])
        minute = int(m["m"] or 0) if "m" in m.groupdict() else 0
        ampm = (m.groupdict().get("ampm") or "").lower().replace(".", "").replace(" ", "")
        if ampm:
            if hour > 12:
                return None
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        if hour > 23 or minute > 59:
            return None
        zone = m["zone"].strip() if m["zone"] else None
        printed = m["time"].strip() + (f" {zone}" if zone else "")
        return Stamp(printed=printed, hour=hour, minute=minute, zone=zone, day=day)

    # -- dates -------------------------------------------------------------------------
    @cached_property
    def _date(self) -> re.Pattern[str]:
        r = self.rules
        month = "|".join(sorted(r.months + tuple(re.escape(m) for m in r.foreign_months)
                                + tuple(a + r"\.?" for a in r.month_abbreviations), key=len, reverse=True))
        wd = "|".join(r.weekdays) + "|" + "|".join(w[:3] + r"\.?" for w in r.weekdays)
        wd_opt = r"(?:(?P<wd{n}>" + wd + r"),?\s+(?:the\s+)?)?"
        alts = [
            r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?=T\d|(?![\w-]))",
            # 02.07.2023: day.month.year, as printed across Europe.
            r"(?P<dd>[0-3]?\d)\.(?P<dm>[01]?\d)\.(?P<dy>\d{4})(?![\w.])",
            wd_opt.format(n=1) + r"(?P<m1>" + month + r")\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?!\d|:\d)(?:,?\s+(?P<y1>\d{4}))?",
            wd_opt.format(n=2) + r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>" + month + r")(?:,?\s+(?P<y2>\d{4}))?",
            r"(?P<wd3>" + "|".join(r.weekdays) + r")(?!\s*,?\s*(?:" + month + r"|\d))",
        ]
        return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?=T\d|(?![\w-]))", FLAGS)

    @cached_property
    def _date_openers(self) -> frozenset[str]:
        """First three letters of anything a date can start with (month or weekday names)."""
        return frozenset(w[:3] for w in self.rules.months + self.rules.month_abbreviations + self.rules.weekdays)

    def _month(self, name: str) -> int:
        key = name.lower().rstrip(".")
        if key in self.rules.months:
            return self.rules.months.index(key) + 1
        if key in self.rules.foreign_months:
            return self.rules.foreign_months[key]
        return self.rules.month_abbreviations.index(key[:3]) + 1

    def _weekday(self, name: str | None) -> int | None:
        if not name:
            return None
        key = name.lower().rstrip(".")[:3]
        return [w[:3] for w in self.rules.weekdays].index(key)

    def find_dates(self, text: str) -> list[DateMatch]:
        out = []
        for m in self._date.finditer(text):
            g = m.groupdict()
            try:
                if g["iy"]:
                    out.append(DateMatch(m.start(), m.end(), int(g["iy"]), int(g["im"]), int(g["id"]), None))
                elif g["dd"]:
                    if not (1 <= int(g["dm"]) <= 12 and 1 <= int(g["dd"]) <= 31):
                        continue
                    out.append(DateMatch(m.start(), m.end(), int(g["dy"]), int(g["dm"]), int(g["dd"]), None))
                elif g["m1"]:
                    out.append(DateMatch(m.start(), m.end(), int(g["y1"]) if g["y1"] else None,
                                         self._month(g["m1"]), int(g["d1"]), self._weekday(g["wd1"])))
                elif g["m2"]:
                    out.append(DateMatch(m.start(), m.end(), int(g["y2"]) if g["y2"] else None,
                                         self._month(g["m2"]), int(g["d2"]), self._weekday(g["wd2"])))
                elif g["wd3"]:
                    out.append(DateMatch(m.start(), m.end(), None, 0, 0, self._weekday(g["wd3"])))
            except ValueError:
                continue
        return [d for d in out if d.year is None or d.year in YEARS]

    def _leading_date(self, line: str, before_time: bool = True) -> tuple[date | None, str]:
        """A full date opening the line and the line without it: before a time
        ("11 July 2023 15:57 ...") or, after the time was read, before the headline."""
        stripped = line.lstrip()
        head = stripped[:3].lower()
        if not head or not (head[0].isdigit() or head in self._date_openers):
            return None, line
        for d in self.find_dates(stripped[:40]):
            if d.start == 0 and d.year and d.month:
                rest = stripped[d.end:].lstrip(" ,—–-|:")
                if rest[:1] == "T" and rest[1:2].isdigit():
                    rest = rest[1:]          # ISO 8601: 2023-07-11T15:57
                if not before_time or (rest and rest[0].isdigit()):
                    try:
                        return date(d.year, d.month, d.day), rest
                    except ValueError:
                        return None, line
            break
        return None, line

    def date_only_line(self, line: str) -> DateMatch | None:
        """A line that is a date and little else: "Tuesday, July 11, 2023", "date 2023-07-12"."""
        if len(line) > 70 or not any(ch.isdigit() for ch in line):
            return None
        found = [d for d in self.find_dates(line) if d.month]
        if len(found) != 1:
            return None
        d = found[0]
        if line.rstrip().endswith(":"):
            return None                    # a section heading, not a day separator
        rest = line[: d.start] + " " + line[d.end:]
        # Words beside the date are labels: filler words ("Updated", "Published on") or a
        # page's label in capitals ("HOUR BY HOUR"); any other word makes it a sentence.
        words = re.findall(r"[^\W\d_]+", rest)
        weekdays = {w for d in self.rules.weekdays for w in (d, d[:3])}
        if len(words) > 5 or any(w.lower() not in self.rules.date_line_fillers and w.lower() not in weekdays
                                 and not (w.isupper() and len(w) > 1) for w in words):
            return None
        return d

    @staticmethod
    def resolve(d: DateMatch, near: date | None) -> date | None:
        """A calendar date for a match, taking a missing year or a bare weekday from `near`."""
        if d.year and d.month:
            try:
                return date(d.year, d.month, d.day)
            except ValueError:
                return None
        if near is None:
            return None
        if d.month:
            options = []
            for y in (near.year - 1, near.year, near.year + 1):
                try:
                    options.append(date(y, d.month, d.day))
                except ValueError:
                    pass
            return min(options, key=lambda o: abs((o - near).days)) if options else None
        if d.weekday is not None:
            # "Key developments from Tuesday": the latest such weekday on or before `near`.
            return near - timedelta(days=(near.weekday() - d.weekday) % 7)
        return None
