"""Stage 3: place every printed time on a calendar day and convert it to UTC.

The clock comes from, in order: the entry's own stamp, a statement on the page
("All times are ..."), the outlet's rule file, then a --tz option. The day comes from a
date printed with the stamp, else the day separator or section above the entry, else from
its neighbour: each stamp is placed on the day that puts it nearest the entry before it.
That one rule handles newest-first and oldest-first pages and midnight in either
direction, without guessing the page's order.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from .model import Entry, Notice, Page, Source, Stamp
from zoneinfo import ZoneInfoNotFoundError

from .errors import UsageError
from .grammar import YEARS
from .rules import Rules, SourceRule, zone_from_value


@dataclass(frozen=True)
class ClockOptions:
    """What the command line adds: --tz SOURCE=ZONE, --date SOURCE=YYYY-MM-DD, --now."""

    zones: tuple[tuple[str, str], ...] = ()
    dates: tuple[tuple[str, date], ...] = ()
    now: datetime | None = None

    def zone_for(self, *keys: str) -> str | None:
        return next((z for k, z in self.zones if k in keys or k == "*"), None)

    def date_for(self, *keys: str) -> date | None:
        return next((d for k, d in self.dates if k in keys or k == "*"), None)


def fingerprint(*parts: str) -> str:
    text = unicodedata.normalize("NFKC", " ".join(parts)).casefold()
    text = re.sub(r"\W+", " ", text).strip()
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def entry_id(source: str, when: datetime | None, day: date | None, headline: str, body: str) -> str:
    """Stable across runs and re-dumps: source + time + text fingerprint."""
    if when is not None:
        key = when.strftime("%Y%m%dT%H%MZ")
    elif day is not None:
        key = day.strftime("%Y%m%d")
    else:
        key = "undated"
    return f"{source}-{key}-{fingerprint(headline, body)[:6]}"


def date_in_name(name: str) -> date | None:
    """A dump named like blog_2023-07-11.txt or 20230711-blog.html carries its date."""
    m = re.search(r"(?<!\d)(20\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)", name)
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def option_zone(value: str, rules: Rules) -> tzinfo:
    """The zone a --tz value names: a zone name from rules/timezones.toml, IANA, or +HH:MM."""
    zone = rules.zone(value)
    if zone is not None:
        return zone
    try:
        return zone_from_value(value)
    except (ValueError, ZoneInfoNotFoundError):
        raise UsageError(f"--tz {value!r}: not a known zone (IANA name, abbreviation or +HH:MM)") from None


def to_utc(day: date, stamp: Stamp, zone: tzinfo) -> datetime:
    local = datetime(day.year, day.month, day.day, stamp.hour, stamp.minute, tzinfo=zone)
    return local.astimezone(UTC)


def place_stamp(stamp: Stamp, zone: tzinfo, previous: datetime, order: int = 0,
                max_against: timedelta = timedelta(hours=6)) -> datetime:
    """The instant for `stamp` nearest the previous entry's instant (a day either side).

    On a page whose order is known (order +1: oldest first, -1: newest first), a step
    against that order longer than `max_against` is not believed: a blog that pauses
    overnight for 13 hours resumes the next day, not 11 hours earlier.
    """
    around = previous.astimezone(zone).date()
    options = [to_utc(around + timedelta(days=k), stamp, zone) for k in (-1, 0, 1)]
    best = min(options, key=lambda t: (abs(t - previous), t))
    if order and (best - previous) * order < -max_against:
        along = [t for t in options if (t - previous) * order >= -max_against]
        if along:
            best = min(along, key=lambda t: (abs(t - previous), t))
    return best


def page_order(instants: list[datetime | None], near: timedelta = timedelta(hours=6)) -> int:
    """+1 if the page runs oldest first, -1 if newest first, 0 if it does not clearly say.
    Only short steps vote: long ones are what is being decided."""
    placed = [t for t in instants if t is not None]
    steps = [b - a for a, b in zip(placed, placed[1:]) if abs(b - a) < near and b != a]
    up = sum(1 for s in steps if s > timedelta(0))
    down = len(steps) - up
    return 1 if up - down >= 2 else -1 if down - up >= 2 else 0


def _zone_name(zone: tzinfo) -> str:
    return getattr(zone, "key", None) or str(zone)


def check_options(options: ClockOptions) -> None:
    """--date and --now must name a day a live blog can be on (a year in grammar.YEARS):
    a day at the ends of the calendar cannot be stepped from."""
    for key, d in options.dates:
        if d.year not in YEARS:
            raise UsageError(f"--date {'' if key == '*' else key + '='}{d.isoformat()}: the year must be {YEARS.start}-{YEARS.stop - 1}")
    if options.now is not None and options.now.year not in YEARS:
        raise UsageError(f"--now {options.now.isoformat()}: the year must be {YEARS.start}-{YEARS.stop - 1}")


def normalise(page: Page, source_id: str, publisher: str, rule: SourceRule | None,
              rules: Rules, options: ClockOptions = ClockOptions()) -> tuple[Source, tuple[Entry, ...], tuple[Notice, ...]]:
    check_options(options)
    name = page.document.name
    notices: list[Notice] = []

    page_zone: tzinfo | None = None
    zone_from = "unknown"
    if page.page_zone:
        page_zone, zone_from = rules.zone(page.page_zone), "page"
    if page_zone is None and rule is not None and rule.timezone:
        page_zone, zone_from = zone_from_value(rule.timezone), "rule"
    if page_zone is None and (opt := options.zone_for(source_id, name)):
        page_zone, zone_from = option_zone(opt, rules), "option"
    stamps = [e.stamp for e in page.entries if e.stamp is not None]
    stamped = bool(stamps) and all(st.zone for st in stamps)

    anchor = page.page_date or options.date_for(source_id, name)
    if anchor is None and page.capture is not None:
        anchor = page.capture.date()
    if page.date_from_name and not options.date_for(source_id, name):
        notices.append(Notice(name, None, "date-from-name", f"no date printed in the dump; page date {anchor} "
                              "taken from the file name"))
    if anchor is None and (anchor := date_in_name(name)) is not None:
        notices.append(Notice(name, None, "date-from-name", f"no date in the dump; page date {anchor} "
                              "taken from the file name"))
    timed = [e for e in page.entries if e.stamp is not None]
    if anchor is None and any(e.stamp and e.stamp.day is None and e.stamp.ago_minutes is None for e in timed):
        notices.append(Notice(name, None, "no-date",
                              "no page date found (add a date line or --date SOURCE=YYYY-MM-DD); times left unplaced"))

    capture = page.capture or options.now
    if capture is not None and capture.tzinfo is None:
        capture = capture.replace(tzinfo=page_zone or UTC)

    page = _resolve_ampm(page)
    max_against = timedelta(hours=rules.t("time", "max_step_against_order_hours"))
    placed, notices_placing = _place(page, page_zone, anchor, capture, rules, 0, max_against)
    order = page_order([when for when, _ in placed])
    if order:
        placed, notices_placing = _place(page, page_zone, anchor, capture, rules, order, max_against)
    notices.extend(notices_placing)
    header_zone = (rules.zone(page.header.zone) if page.header and page.header.zone else None) or page_zone
    if page.header is not None and page.header.day is not None and header_zone is not None:
        # "Fri 5 Jul 2024 07.04 BST" above the posts: the newest post is no later than that.
        updated = to_utc(page.header.day, page.header, header_zone)
        anchor = page.header.day
        placed, notices_placing = _place(page, page_zone, anchor, capture, rules, order, max_against, updated)
    elif anchor is not None and page.capture is None and not any(
            (e.day_hint and e.kind == "post")
            or (e.stamp and (e.stamp.day or e.stamp.month_day or e.stamp.days_ago is not None
                             or e.stamp.ago_minutes is not None))
            for e in page.entries):
        # A date printed on the page is the page's day: most of its posts are on it. A date
        # from the file name is the day the blog began, unless the page sums up an earlier
        # day ("Key developments from Monday"), which makes it that page's day too.
        # On an oldest-first page the printed date sits by the oldest post, which the chain
        # already places on it.
        earlier = any(e.kind == "summary" and e.day_hint and e.day_hint < anchor for e in page.entries)
        if page.date_from_name or order <= 0:
            placed = _shift_chain(anchor, placed, page_zone, page.entries, rules, earlier or not page.date_from_name)
    entries: list[Entry] = []
    for raw, (when, day) in zip(page.entries, placed):
        stamp = raw.stamp
        headline = raw.headline
        body = "\n".join(raw.paragraphs)
        entries.append(Entry(
            id=entry_id(source_id, when, day, headline, body), source=source_id, file=name,
            headline=headline, body=body, embeds=raw.embeds,
            printed_time=stamp.printed if stamp else None, time=when,
            date=when.date() if when is not None else day,
            kind=raw.kind, line_numbers=raw.line_numbers,
        ))

    shown_zone = page_zone
    if stamped:
        # Every stamp names its clock (the first place a zone comes from): report the one
        # printed most often ("GMT" on every TRT World stamp).
        common = max(sorted({st.zone for st in stamps if st.zone}), key=lambda z: sum(st.zone == z for st in stamps))
        shown_zone, zone_from = rules.zone(common) or page_zone, "stamp"
    source = Source(
        id=source_id, files=(name,), publisher=publisher,
        timezone=_zone_name(shown_zone) if shown_zone else None, timezone_from=zone_from,
        page_date=page.page_date, wires=rule.wires if rule else (),
    )
    return source, tuple(entries), tuple(notices)


def _resolve_ampm(page: Page) -> Page:
    """12-hour stamps printed without am/pm ("2: 32 IST"): choose am or pm for each so the
    page's sequence of times steps as little as possible. When every stamp is ambiguous
    and nothing breaks the symmetry (no crossing of noon or midnight), all-am and all-pm
    read equally well: such stamps stay ambiguous and are left unplaced."""
    from dataclasses import replace as _replace
    seq = [(i, e.stamp) for i, e in enumerate(page.entries)
           if e.stamp is not None and e.stamp.ago_minutes is None]
    if not any(st.ampm_unknown for _, st in seq):
        return page

    def options(st: Stamp) -> list[int]:
        base = (st.hour % 12) * 60 + st.minute
        return [base, base + 720] if st.ampm_unknown else [st.hour * 60 + st.minute]

    def gap(a: int, b: int) -> int:
        d = abs(a - b) % 1440
        return min(d, 1440 - d)

    def best(first_choice: int | None) -> tuple[int, list[int]]:
        # Viterbi over the stamps in page order; cost = sum of clock steps between neighbours.
        costs: list[tuple[int, list[int]]] = []
        for k, (_, st) in enumerate(seq):
            opts = options(st)
            if first_choice is not None and st.ampm_unknown and all(not s2.ampm_unknown for _, s2 in seq[:k]):
                opts = [opts[first_choice]]
            if not costs:
                costs = [(0, [o]) for o in opts]
                continue
            costs = [min(((c + gap(path[-1], o), path + [o]) for c, path in costs), key=lambda t: t[0])
                     for o in opts]
        return min(costs, key=lambda t: t[0])

    am, pm = best(0), best(1)
    if am[0] == pm[0]:
        return page                      # left ambiguous: placed as unplaceable in _place
    chosen = (am if am[0] < pm[0] else pm)[1]
    entries = list(page.entries)
    for (i, st), minutes in zip(seq, chosen):
        if st.ampm_unknown:
            entries[i] = _replace(entries[i], stamp=_replace(st, hour=minutes // 60, ampm_unknown=False))
    return _replace(page, entries=tuple(entries))


def _nearest_year(month_day: tuple[int, int], near: date) -> date:
    options = []
    for y in (near.year - 1, near.year, near.year + 1):
        try:
            options.append(date(y, *month_day))
        except ValueError:
            pass
    return min(options, key=lambda o: abs((o - near).days)) if options else near


def _shift_chain(anchor: date, placed: list[tuple[datetime | None, date | None]], page_zone: tzinfo | None,
                 raws: tuple, rules: Rules, dated_page: bool) -> list[tuple[datetime | None, date | None]]:
    """Stamps without dates are chained from the top post, placed on the page's date. What
    that date means decides the whole chain: the page's own day (`dated_page`) has most of
    its posts; the day a blog began has none before it (a newest-first page whose top posts
    are past midnight)."""
    days = [(when, raw) for (when, _), raw in zip(placed, raws) if when is not None]
    if not days:
        return placed
    local = [when.astimezone((rules.zone(raw.stamp.zone) if raw.stamp and raw.stamp.zone else None)
                             or page_zone or UTC).date() for when, raw in days]
    if dated_page:
        shift = max((0, 1, -1, 2, -2, 3, -3), key=lambda k: (sum(d + timedelta(days=k) == anchor for d in local), -abs(k)))
    else:
        shift = (anchor - min(local)).days     # a blog that ran three days began two before its top post
        if shift <= 0:
            return placed
    if shift == 0:
        return placed
    step = timedelta(days=shift)

    def moved(when: datetime, raw) -> tuple[datetime, date]:
        # The printed time on another day: across a daylight-saving change that is not 24
        # hours later (and a time the clocks skipped on the first day exists on the next).
        zone = (rules.zone(raw.stamp.zone) if raw.stamp and raw.stamp.zone else None) or page_zone or UTC
        new = to_utc(when.astimezone(zone).date() + step, raw.stamp, zone)
        return new, new.astimezone(page_zone or UTC).date()

    return [moved(when, raw) if when is not None else (when, day) for (when, day), raw in zip(placed, raws)]


def _place(page: Page, page_zone: tzinfo | None, anchor: date | None, capture: datetime | None, rules: Rules,
           order: int, max_against: timedelta, not_after: datetime | None = None) -> tuple[list[tuple[datetime | None, date | None]], list[Notice]]:
    """(UTC instant, day) for every entry of the page, in page order."""
    name = page.document.name
    notices: list[Notice] = []
    out: list[tuple[datetime | None, date | None]] = []
    previous: datetime | None = None
    warned_zone = False
    chained: list[int] = []          # entries placed only from the page's date, before any fixed one
    fixed_at: int | None = None      # the first entry whose day the page itself fixes
    for k, raw in enumerate(page.entries):
        when: datetime | None = None
        day: date | None = raw.day_hint or anchor
        stamp = raw.stamp
        if stamp is not None:
            zone = (rules.zone(stamp.zone) if stamp.zone else None) or page_zone
            if stamp.ago_minutes is not None:
                if capture is None:
                    notices.append(Notice(name, raw.line_numbers[0], "no-capture-time",
                                          f"relative stamp {stamp.printed!r} needs a capture time (--now)"))
                else:
                    when = (capture - timedelta(minutes=stamp.ago_minutes)).astimezone(UTC)
            elif stamp.ampm_unknown:
                notices.append(Notice(name, raw.line_numbers[0], "no-am-pm",
                                      f"{stamp.printed!r} is a 12-hour time without am/pm and the page's order "
                                      "does not settle which: time left unplaced"))
            elif zone is None:
                if not warned_zone:
                    notices.append(Notice(name, raw.line_numbers[0], "no-zone",
                                          "the clock of this page is unknown (no zone on the stamps, no 'All times "
                                          "are ...' statement, no rule file): add --tz SOURCE=ZONE; times left unplaced"))
                    warned_zone = True
            elif stamp.day is not None:
                when = to_utc(stamp.day, stamp, zone)
                fixed_at = k if fixed_at is None else fixed_at
            elif stamp.month_day is not None and (near := previous.astimezone(zone).date() if previous else anchor):
                # "21:48 Greenwich Mean Time 1 January": the year that puts it nearest.
                when = to_utc(_nearest_year(stamp.month_day, near), stamp, zone)
            elif stamp.days_ago is not None and anchor is not None and previous is None:
                when = to_utc(anchor - timedelta(days=stamp.days_ago), stamp, zone)
            elif raw.day_hint is not None:
                # Under a day separator ("Tuesday 11 July") every stamp is on that day.
                when = to_utc(raw.day_hint, stamp, zone)
                fixed_at = k if fixed_at is None else fixed_at
            elif previous is not None:
                when = place_stamp(stamp, zone, previous, order, max_against)
                if fixed_at is None:
                    chained.append(k)
            elif anchor is not None:
                when = to_utc(anchor, stamp, zone)
                chained.append(k)
                if not_after is not None and when > not_after + timedelta(minutes=5):
                    when = to_utc(anchor - timedelta(days=1), stamp, zone)
            if when is not None:
                previous = when
                day = when.astimezone(zone or UTC).date() if zone else when.date()
            elif stamp.day is not None:
                day = stamp.day
            # else: the time cannot be placed; the entry keeps the page's date, as untimed ones do
        out.append((when, day))
    if fixed_at is not None and chained and chained[-1] < fixed_at:
        # Posts above the first day separator or dated stamp are placed from it, walking up
        # the page: on a page whose days run newest first they are later than it (the top
        # post past midnight is the day after the separator below it), else earlier.
        hints = [d for d in dict.fromkeys(e.day_hint for e in page.entries if e.day_hint)]
        if anchor is not None and anchor not in hints:
            hints.insert(0, anchor)
        days_order = (1 if hints[1] > hints[0] else -1) if len(hints) >= 2 else order
        up = -(days_order or order)
        nxt = out[fixed_at][0]
        for k in reversed(chained):
            raw = page.entries[k]
            st = raw.stamp
            zone = (rules.zone(st.zone) if st and st.zone else None) or page_zone
            if st is None or zone is None or nxt is None:
                continue
            when = place_stamp(st, zone, nxt, up, timedelta(0) if up else max_against)
            out[k] = (when, when.astimezone(zone).date())
            nxt = when
    return out, notices


def normalise_rows(rows: list[tuple[int, dict[str, object]]], name: str, source_id: str, publisher: str,
                   rule: SourceRule | None, rules: Rules, options: ClockOptions = ClockOptions()
                   ) -> tuple[Source, tuple[Entry, ...], tuple[Notice, ...]]:
    """Entries from a JSONL dump: `time` is ISO 8601; without an offset, the source's clock applies."""
    from dateutil import parser as dateutil_parser

    notices: list[Notice] = []
    if rule is not None and rule.timezone:
        zone: tzinfo | None = zone_from_value(rule.timezone)
    else:
        opt = options.zone_for(source_id, name)
        zone = option_zone(opt, rules) if opt else None
    entries = []
    for n, row in rows:
        raw_time = str(row.get("time") or "").strip()
        when: datetime | None = None
        day: date | None = None
        if raw_time:
            try:
                parsed = dateutil_parser.isoparse(raw_time)
            except (ValueError, OverflowError, ArithmeticError):  # dateutil can raise decimal errors
                notices.append(Notice(name, n, "time-not-read", f"time {raw_time!r} is not ISO 8601"))
                parsed = None
            if parsed is not None and len(raw_time) <= 10:
                day = parsed.date()
            elif parsed is not None and parsed.tzinfo is None and zone is None:
                notices.append(Notice(name, n, "no-zone", f"time {raw_time!r} has no offset and the clock of "
                                      "this source is unknown: add --tz SOURCE=ZONE"))
                day = parsed.date()
            elif parsed is not None:
                when = (parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)).astimezone(UTC)
        headline = " ".join(str(row.get("headline") or "").split())
        body = str(row.get("text") or "").strip()
        entries.append(Entry(
            id=entry_id(source_id, when, day, headline, body), source=source_id, file=name,
            headline=headline, body=body, embeds=(), printed_time=raw_time or None, time=when,
            date=when.date() if when else day, kind="post" if when else "untimed", line_numbers=(n,),
        ))
    source = Source(id=source_id, files=(name,), publisher=publisher, timezone=_zone_name(zone) if zone else None,
                    timezone_from="stamp", page_date=None, wires=rule.wires if rule else ())
    return source, tuple(entries), tuple(notices)
