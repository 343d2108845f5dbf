"""Hypothesis strategies that write random live blogs whose truth is known."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import assume
from hypothesis import strategies as st

from reconcile.rules import zone_from_value

WORDS = ("army", "drone", "talks", "summit", "grain", "port", "leaders", "minister", "troops", "border",
         "strike", "convoy", "aid", "sanctions", "bridge", "council", "ceasefire", "envoy", "harbour", "mayor")

# (zone as printed on the stamp or page, zone value) — fixed-offset abbreviations are only
# printed on the side of the daylight-saving change they name, as outlets do.
PAGE_ZONES = [("Paris time", "Europe/Paris"), ("Kyiv time", "Europe/Kyiv"), ("UK time", "Europe/London"),
              ("ET", "America/New_York"), ("GMT", "UTC")]
STAMP_ZONES = [("GMT", "UTC"), ("UTC", "UTC"), ("BST", "+01:00"), ("CEST", "+02:00"), ("EEST", "+03:00"),
               ("EDT", "-04:00"), ("UTC+3", "+03:00"), ("GMT+2", "+02:00")]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def render_time(t: datetime, style: str) -> str:
    h12 = t.hour % 12 or 12
    ampm = "am" if t.hour < 12 else "pm"
    return {
        "colon": f"{t:%H:%M}", "dot": f"{t:%H.%M}", "h": f"{t.hour}h{t:%M}", "compact": f"{t:%H%M}",
        "12": f"{h12}:{t:%M}{ampm}", "12sp": f"{h12}:{t:%M} {ampm.upper()}",
        "12dots": f"{h12}:{t:%M} {ampm[0]}.m.", "12malformed": f"{h12}:{t:%M}:{ampm}",
    }[style]


@dataclass(frozen=True)
class Blog:
    text: str
    times: list[datetime]          # UTC, in page order
    headlines: list[str]


def _sentence(draw, n_min: int, n_max: int) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=n_min, max_size=n_max))
    return " ".join(words).capitalize()


@st.composite
def blogs(draw) -> Blog:
    style = draw(st.sampled_from(["colon", "dot", "h", "compact", "12", "12sp", "12dots", "12malformed"]))
    zone_on_stamp = draw(st.booleans()) or style == "compact"
    printed_zone, value = draw(st.sampled_from(STAMP_ZONES if zone_on_stamp else PAGE_ZONES))
    zone: tzinfo = zone_from_value(value)
    newest_first = draw(st.booleans())
    start = draw(st.datetimes(min_value=datetime(2021, 1, 1), max_value=datetime(2025, 12, 31))).replace(
        second=0, microsecond=0, tzinfo=UTC)
    gaps = draw(st.lists(st.integers(min_value=1, max_value=300), min_size=1, max_size=12))
    if len(gaps) >= 6 and draw(st.booleans()):
        # an overnight pause longer than half a day, once the page's order is clear
        gaps[draw(st.integers(min_value=4, max_value=len(gaps) - 1))] = draw(st.integers(min_value=600, max_value=840))
    times = [start]
    for g in gaps:
        times.append(times[-1] + timedelta(minutes=g))
    if newest_first:
        times.reverse()
    for t in times:   # a local time printed twice a year (the hour after clocks go back) is ambiguous
        local = t.astimezone(zone).replace(tzinfo=None)
        if isinstance(zone, ZoneInfo):
            assume(local.replace(tzinfo=zone, fold=0).utcoffset() == local.replace(tzinfo=zone, fold=1).utcoffset())
    # The page prints its own day: on an oldest-first page the day it began (its top post's),
    # on a newest-first page the day most of its posts are on (ties: the top post's).
    days = [t.astimezone(zone).date() for t in times]
    d = days[0] if not newest_first else max(dict.fromkeys(days), key=lambda day: days.count(day))
    date_style = draw(st.sampled_from(["long", "iso", "dmy"]))
    page_date = {"long": f"{d:%A}, {MONTHS[d.month - 1]} {d.day}, {d.year}",
                 "iso": f"date {d.isoformat()}", "dmy": f"{d.day} {MONTHS[d.month - 1]} {d.year}"}[date_style]
    lines = ["Live updates: " + _sentence(draw, 2, 5), page_date]
    if not zone_on_stamp:
        lines.append(f"All times are {printed_zone}.")
    sep = draw(st.sampled_from([" — ", ": ", " - ", " "]))
    day_separators = draw(st.booleans())
    headlines = []
    current = days[0]
    for i, t in enumerate(times):
        local_day = t.astimezone(zone).date()
        if day_separators and local_day != current:
            current = local_day
            lines.append(f"{local_day:%A} {local_day.day} {MONTHS[local_day.month - 1]} {local_day.year}")
        stamp = render_time(t.astimezone(zone), style) + (f" {printed_zone}" if zone_on_stamp else "")
        headline = f"Update {i} " + _sentence(draw, 2, 6).lower()
        headlines.append(headline)
        lines.append(f"{stamp}{sep}{headline}")
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            if draw(st.booleans()):
                lines.append("")
            lines.append(_sentence(draw, 4, 20) + ".")
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            lines.append("Advertising Read more")
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            lines.append(_sentence(draw, 3, 8) + " pic.twitter.com/AbC123")
            lines.append(f"— Some Person (@someone) {MONTHS[d.month - 1]} {d.day}, {d.year}")
    lines.append("Daily newsletter Receive essential news every morning Subscribe")
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return Blog(text=eol.join(lines) + eol, times=times, headlines=headlines)
