"""The vocabulary passed between stages: frozen dataclasses, nothing else.

Stages read and return these types only (see pipeline.py for the order):
Document -> Page (parse) -> Entry (times) -> Claim (claims) -> Link (link)
-> Event (cluster + verdict) -> Report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Verdict = Literal["corroborated", "conflicting", "single_source"]
VERDICTS: tuple[Verdict, ...] = ("conflicting", "corroborated", "single_source")


@dataclass(frozen=True)
class Notice:
    """A warning worth an editor's attention, gathered into the report."""

    file: str
    line: int | None
    code: str
    message: str


@dataclass(frozen=True)
class Skipped:
    """An input line that is in no entry, and why."""

    file: str
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Document:
    """One decoded dump: its lines, numbered from 1."""

    path: str
    name: str
    lines: tuple[str, ...]
    encoding: str
    notices: tuple[Notice, ...] = ()
    origin: tuple[int, ...] = ()     # for extracted text (.html): each line's line in the file


@dataclass(frozen=True)
class Stamp:
    """A time as printed at the head of an entry, read but not yet placed on a day."""

    printed: str
    hour: int
    minute: int
    zone: str | None = None          # zone text as printed ("GMT", "Kyiv time", "UTC+3")
    day: date | None = None          # a full date printed with the time
    ago_minutes: int | None = None   # a relative stamp ("2h ago"), resolved against capture time
    ampm_unknown: bool = False       # a 12-hour clock printed without am/pm: hour or hour + 12
    month_day: tuple[int, int] | None = None   # "12 July" printed without a year: placed near the page date
    days_ago: int | None = None      # "2d ago / 3:57 AM UTC": the clock's day counted back from the page date


@dataclass(frozen=True)
class RawEntry:
    """An entry as found on the page, before its time is normalised."""

    headline: str
    paragraphs: tuple[str, ...]
    embeds: tuple[str, ...]
    stamp: Stamp | None
    day_hint: date | None            # date of the day separator or section it sits under
    kind: Literal["post", "lead", "summary", "untimed"]
    line_numbers: tuple[int, ...]


@dataclass(frozen=True)
class Page:
    """What parsing a document yields: entries, page facts and the lines it skipped."""

    document: Document
    page_date: date | None
    page_zone: str | None            # zone named by a statement such as "All times are ..."
    capture: datetime | None         # capture time printed in the dump, for relative stamps
    entries: tuple[RawEntry, ...]
    skipped: tuple[Skipped, ...]
    notices: tuple[Notice, ...]
    header: Stamp | None = None      # a dated stamp above every post: when the page was last updated
    date_from_name: bool = False     # page_date was read from the file name, not printed on the page


@dataclass(frozen=True)
class Source:
    id: str
    files: tuple[str, ...]
    publisher: str
    timezone: str | None
    timezone_from: str               # "stamp", "page", "rule", "option" or "unknown"
    page_date: date | None
    wires: tuple[str, ...] = ()
    grouped_by: str = "file"         # what made these files one outlet: a rule file, the file-name stem, ...


@dataclass(frozen=True)
class Claim:
    """One sentence-level statement of an entry, with who is reported to have said it."""

    index: int
    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Entry:
    id: str
    source: str
    file: str
    headline: str
    body: str
    embeds: tuple[str, ...]
    printed_time: str | None
    time: datetime | None            # UTC, or None when only the date is known
    date: date | None
    kind: str
    line_numbers: tuple[int, ...]
    claims: tuple[Claim, ...] = ()

    @property
    def lines(self) -> tuple[int, int]:
        return (self.line_numbers[0], self.line_numbers[-1])

    @property
    def text(self) -> str:
        return self.body


@dataclass(frozen=True)
class Signal:
    """One ingredient of a link score: the raw measure, its weight and what it added."""

    name: str
    value: float
    weight: float
    contribution: float
    detail: str = ""


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    score: float
    claim_a: int
    claim_b: int
    signals: tuple[Signal, ...]
    matched: tuple[str, ...]         # shared terms, rarest first
    text_a: str                      # the best-matching statements
    text_b: str


@dataclass(frozen=True)
class Conflict:
    kind: str                        # "number" or "outcome"
    detail: str
    entry_a: str
    statement_a: str
    entry_b: str
    statement_b: str


@dataclass(frozen=True)
class Event:
    id: str
    verdict: Verdict
    confidence: float
    entries: tuple[str, ...]
    sources: tuple[str, ...]
    origins: tuple[str, ...]
    summary: str
    start: datetime | None
    end: datetime | None
    links: tuple[Link, ...]
    conflicts: tuple[Conflict, ...]
    detail: str = ""
    reviewed: str = ""
    # Single-source events: the match probability of the nearest candidate from another
    # outlet; None when the entry was never compared with anything (and for linked events).
    nearest: float | None = None


@dataclass(frozen=True)
class Report:
    sources: tuple[Source, ...]
    entries: tuple[Entry, ...]
    events: tuple[Event, ...]
    skipped: tuple[Skipped, ...]
    notices: tuple[Notice, ...]
    stats: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
