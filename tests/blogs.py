"""Hypothesis strategies that write random live blogs whose truth is known.

Every layout family of the catalogue (/work/briefs/FORMATS.md, "Families") is written:

1. stamp on its own line above the post: a clock (`own`, the author's name may come
   between stamp and headline), a relative part with the clock in
   brackets (`own-relative`, "5m ago (15:44 GMT)"), a full date with the clock (`own-dated`);
2. stamp inline at the start of the headline (`inline`);
3. stamp after the headline: glued to it BBC-style (`glued`, "Headlinepublished at 15:39
   British Summer Time 12 July 2023"), on the next line Independent-style (`next-line`,
   "15:39 , Author"), in brackets on the same line (`bracket`, "HEADLINE (1544 GMT) Body");
4. relative stamps only (`relative`, "25 min ago"): timed only from a capture line;
5. no stamp at all (`none`): posts found from their shape, times None;
6. stamp after the body, glued to a byline (`trailing`, "Liam Hardy11 July 2023 15:39").

Pages run either way (newest or oldest first), cross midnight and daylight-saving changes.
The page's day follows the conventions the engine decided: a date printed at the top of an
oldest-first page is the day of its top (oldest) post; on a newest-first page it is the
day most posts are on (ties: the top post's); a file-name date is the day the blog began.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from reconcile.rules import zone_from_value

WORDS = ("army", "drone", "talks", "summit", "grain", "port", "leaders", "minister", "troops", "border",
         "strike", "convoy", "aid", "sanctions", "bridge", "council", "ceasefire", "envoy", "harbour", "mayor")
AUTHORS = ("Liam Hardy", "Maira Butt", "Ana de Souza", "Tom Ellis", "Sara Khan", "Jon Van Dyke")

# (zone as printed on the stamp or page, zone value) — fixed-offset abbreviations are only
# printed on the side of the daylight-saving change they name, as outlets do.
PAGE_ZONES = [("Paris time", "Europe/Paris"), ("Kyiv time", "Europe/Kyiv"), ("UK time", "Europe/London"),
              ("ET", "America/New_York"), ("GMT", "UTC")]
STAMP_ZONES = [("GMT", "UTC"), ("UTC", "UTC"), ("BST", "+01:00"), ("CEST", "+02:00"), ("EEST", "+03:00"),
               ("EDT", "-04:00"), ("UTC+3", "+03:00"), ("GMT+2", "+02:00")]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

# family -> its number in the catalogue's list of families
FAMILIES = {"own": 1, "own-relative": 1, "own-dated": 1, "inline": 2, "glued": 3, "next-line": 3, "bracket": 3,
            "relative": 4, "none": 5, "trailing": 6}
# Families whose stamps print their own day: the page's date is not needed to place them.
_DATED = {"own-dated", "trailing"}
# Families whose stamps sit alone on a line above their posts.
_ABOVE = {"own", "own-relative", "own-dated", "relative"}


def render_time(t: datetime, style: str) -> str:
    h12 = t.hour % 12 or 12
    ampm = "am" if t.hour < 12 else "pm"
    return {
        "colon": f"{t:%H:%M}", "dot": f"{t:%H.%M}", "h": f"{t.hour}h{t:%M}", "compact": f"{t:%H%M}",
        "12": f"{h12}:{t:%M}{ampm}", "12sp": f"{h12}:{t:%M} {ampm.upper()}",
        "12dots": f"{h12}:{t:%M} {ampm[0]}.m.", "12malformed": f"{h12}:{t:%M}:{ampm}",
    }[style]


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


@dataclass(frozen=True)
class Blog:
    text: str
    times: list[datetime | None]   # UTC, in page order (None: no time can be known)
    headlines: list[str]
    name: str = "blog.txt"
    family: str = "inline"


def _sentence(draw, n_min: int, n_max: int) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=n_min, max_size=n_max))
    return " ".join(words).capitalize()


def _dst_changes(value: str) -> list[datetime]:
    """The instants (UTC) at which a zone's clocks change, 2021-2025."""
    out = []
    for y in range(2021, 2026):
        if value.startswith("America/"):
            march = date(y, 3, 1) + timedelta(days=(6 - date(y, 3, 1).weekday()) % 7 + 7)
            november = date(y, 11, 1) + timedelta(days=(6 - date(y, 11, 1).weekday()) % 7)
            out += [datetime(march.year, 3, march.day, 7, tzinfo=UTC), datetime(y, 11, november.day, 6, tzinfo=UTC)]
        elif value.startswith("Europe/"):
            for m in (3, 10):
                last = date(y, m, 31)
                last -= timedelta(days=(last.weekday() - 6) % 7)
                out.append(datetime(y, m, last.day, 1, tzinfo=UTC))
    return out


def _ambiguous(t: datetime, zone: tzinfo) -> bool:
    """A local time printed twice a year (the hour after clocks go back) cannot be placed."""
    if not isinstance(zone, ZoneInfo):
        return False
    local = t.astimezone(zone).replace(tzinfo=None)
    return local.replace(tzinfo=zone, fold=0).utcoffset() != local.replace(tzinfo=zone, fold=1).utcoffset()


def _instants(draw, zone: tzinfo, value: str, max_gap: int, min_posts: int, unambiguous: bool) -> list[datetime]:
    """Post instants, oldest first: gaps of minutes, an overnight pause once the order is
    clear, often across a daylight-saving change of the zone."""
    changes = _dst_changes(value)
    if changes and draw(st.integers(min_value=0, max_value=2)) == 0:
        start = draw(st.sampled_from(changes)) - timedelta(minutes=draw(st.integers(min_value=0, max_value=900)))
    else:
        start = draw(st.datetimes(min_value=datetime(2021, 1, 1), max_value=datetime(2025, 12, 31))).replace(
            second=0, microsecond=0, tzinfo=UTC)
    gaps = draw(st.lists(st.integers(min_value=1, max_value=max_gap), min_size=min_posts - 1, max_size=12))
    if len(gaps) >= 6 and max_gap >= 300 and draw(st.booleans()):
        # an overnight pause longer than half a day, once the page's order is clear
        gaps[draw(st.integers(min_value=4, max_value=len(gaps) - 1))] = draw(st.integers(min_value=600, max_value=840))
    times = [start]
    for g in gaps:
        times.append(times[-1] + timedelta(minutes=g))
    if unambiguous:
        # Step over the repeated hour: a later post, never an unplaceable one.
        for k in range(len(times)):
            while _ambiguous(times[k], zone):
                times[k:] = [t + timedelta(minutes=61) for t in times[k:]]
    return times


def _page_day(days: list[date], newest_first: bool) -> date:
    """The date a page prints at its top (see the module's docstring)."""
    if not newest_first:
        return days[0]
    return max(dict.fromkeys(days), key=lambda day: days.count(day))


def _paragraph_counts(draw, family: str, n: int) -> list[int]:
    """Paragraphs under each post's headline, in page order. Headline-only posts happen,
    but a page must show by its bodies where its stamps sit: stamps above headline-only
    posts read as well as an index of headlines each followed by its time (stamps after),
    and "headline, stamp" pairs with no body as well as "stamp, headline" ones."""
    counts = draw(st.lists(st.integers(min_value=1 if family == "none" else 0, max_value=3), min_size=n, max_size=n))
    if family in _ABOVE and not counts[-1] and 2 * sum(map(bool, counts[:-1])) <= n - 1:
        # An index needs most gaps between stamps bare and nothing under the last stamp.
        counts[-1] = 1
    if family == "next-line":
        # A stamp between its headline and its body votes "after the headline"; between two
        # headlines (a headline-only post, then the next one) it votes "before".
        while sum(map(bool, counts)) + (not counts[-1]) <= sum(1 for c in counts[:-1] if not c) and not all(
                c == 0 for c in counts):
            counts[counts.index(0)] = 1
    return counts


@st.composite
def blogs(draw, family: str | None = None) -> Blog:
    family = family or draw(st.sampled_from(sorted(FAMILIES)))
    newest_first = draw(st.booleans())

    # -- the clock: printed on every stamp, or stated once on the page ---------------------
    style = "colon"
    zone_on_stamp = True
    if family in ("own", "inline"):
        style = draw(st.sampled_from(["colon", "dot", "h", "compact", "12", "12sp", "12dots", "12malformed"]))
        zone_on_stamp = draw(st.booleans()) or style == "compact"
    elif family == "bracket":
        style = draw(st.sampled_from(["compact", "colon"]))
    elif family == "own-dated":
        style = draw(st.sampled_from(["hindustan", "indiatv", "republic", "update-at"]))
        zone_on_stamp = style != "update-at"
    elif family in ("next-line", "trailing", "none"):
        zone_on_stamp = False
    if family == "glued":
        printed_zone, value = "", "Europe/London"      # BBC: the zone's name changes with the season
    elif family == "relative":
        printed_zone, value = "", "UTC"
    else:
        printed_zone, value = draw(st.sampled_from(STAMP_ZONES if zone_on_stamp else PAGE_ZONES))
    zone: tzinfo = zone_from_value(value)

    # -- when the posts were written -----------------------------------------------------
    max_gap = 80 if family == "relative" else 300     # relative stamps count at most 999 minutes
    times = _instants(draw, zone, value, max_gap, 3 if family == "none" else 2,
                      unambiguous=family not in ("glued", "relative", "none"))
    if newest_first:
        times.reverse()
    days = [t.astimezone(zone).date() for t in times]
    local = [t.astimezone(zone) for t in times]

    # -- the page's own day: printed at the top, in the file name, or not needed ---------
    year_on_stamp = family == "glued" and draw(st.booleans())
    needs_day = family not in _DATED and family not in ("relative", "none") and not year_on_stamp
    where = draw(st.sampled_from(["top", "top", "name"] if needs_day else ["top", "name", "nowhere"]))
    name = "blog.txt"
    lines = ["Live updates: " + _sentence(draw, 2, 5)]
    if where == "top":
        d = _page_day(days, newest_first)
        date_style = draw(st.sampled_from(["long", "iso", "dmy"]))
        lines.append({"long": f"{d:%A}, {MONTHS[d.month - 1]} {d.day}, {d.year}",
                      "iso": f"date {d.isoformat()}", "dmy": f"{d.day} {MONTHS[d.month - 1]} {d.year}"}[date_style])
    elif where == "name":
        name = f"blog_{min(days).isoformat()}.txt"      # the day the blog began
    if family in ("relative", "none") and where == "name":
        name = "blog.txt"
    capture: datetime | None = None
    if family == "relative" and draw(st.integers(min_value=0, max_value=2)) > 0:
        capture = max(times) + timedelta(minutes=draw(st.integers(min_value=0, max_value=30)))
        lines.insert(0, f"Captured: {capture.isoformat()}")
    if not zone_on_stamp and family != "none":
        lines.append(f"All times are {printed_zone}.")

    # -- the posts -----------------------------------------------------------------------
    sep = draw(st.sampled_from([" — ", ": ", " - ", " "]))
    day_separators = family in ("own", "inline", "next-line", "bracket", "own-relative") and draw(st.booleans())
    rel_style = draw(st.sampled_from(["{n}m ago", "{n} min ago", "{n} minutes ago", "Updated {n}m ago"]))
    upper = draw(st.booleans())
    byline = draw(st.sampled_from(["", "", "{author}", "By {author}"]))
    headlines: list[str] = []
    truth: list[datetime | None] = []
    bodies = _paragraph_counts(draw, family, len(times))
    current = days[0]
    for i, (t, lt) in enumerate(zip(times, local)):
        if day_separators and lt.date() != current:
            current = lt.date()
            lines.append(f"{current:%A} {current.day} {MONTHS[current.month - 1]} {current.year}")
        headline = f"Update {i} " + _sentence(draw, 2, 6).lower()
        if family == "bracket" and upper:
            headline = headline.upper()
        author = draw(st.sampled_from(AUTHORS))
        body = [_sentence(draw, 8 if family == "none" and k == 0 else 4, 20) + "." for k in range(bodies[i])]
        clock = render_time(lt, style) + (f" {printed_zone}" if zone_on_stamp else "") \
            if family in ("own", "inline") else ""
        post: list[str]
        if family == "inline":
            post = [f"{clock}{sep}{headline}"] + body
        elif family == "own":
            # The Guardian prints the author between the stamp and the headline.
            post = [clock] + ([byline.format(author=author)] if byline else []) + [headline] + body
        elif family == "own-relative":
            # The relative part counts back from the capture (unknown here): the clock decides.
            unit = draw(st.sampled_from(["m", "h", " min", " hours"]))
            ago = draw(st.integers(min_value=1, max_value=59 if "m" in unit else 23))
            post = [f"{ago}{unit} ago ({lt:%H:%M} {printed_zone})",
                    headline] + body
        elif family == "own-dated":
            h12, ampm = lt.hour % 12 or 12, "AM" if lt.hour < 12 else "PM"
            month = MONTHS[lt.month - 1]
            stamp = {
                "hindustan": f"• {month[:3].upper()} {lt.day:02d}, {lt.year} {h12:02d}:{lt:%M} {ampm} {printed_zone}",
                "indiatv": f"{month} {lt.day}, {lt.year} {h12}:{lt:%M} {ampm} ({printed_zone}) Posted by {author}",
                "republic": f"{lt:%H:%M} {printed_zone}, {month} {_ordinal(lt.day)} {lt.year}",
                "update-at": f"Update at {h12}:{lt:%M}{ampm.lower()} on {month} {_ordinal(lt.day)}, {lt.year}",
            }[style]
            post = [stamp, headline] + body
        elif family == "glued":
            zname = "British Summer Time" if lt.dst() else "Greenwich Mean Time"
            year = f" {lt.year}" if year_on_stamp else ""
            post = [f"{headline}published at {lt:%H:%M} {zname} {lt.day} {MONTHS[lt.month - 1]}{year}"] + body
        elif family == "next-line":
            post = [headline, f"{lt:%H:%M} , {author}"] + body
        elif family == "bracket":
            text = _sentence(draw, 4, 20) + "."
            post = [f"{headline} ({render_time(lt, style)} {printed_zone}) {text}"] + body
        elif family == "relative":
            ago = round((capture - t).total_seconds() // 60) if capture else draw(st.integers(min_value=0, max_value=999))
            post = [rel_style.format(n=ago), headline] + body
        elif family == "none":
            post = [headline] + body
        else:   # trailing
            post = [headline] + body + [f"{author}{lt.day} {MONTHS[lt.month - 1]} {lt.year} {lt:%H:%M}"]
        extras = []
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            extras.append("Advertising Read more")
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            extras.append(_sentence(draw, 3, 8) + " pic.twitter.com/AbC123")
            extras.append(f"— Some Person (@someone) {MONTHS[lt.month - 1]} {lt.day}, {lt.year}")
        if family == "trailing":
            post[-1:-1] = extras
        else:
            post += extras
        for k, line in enumerate(post):
            if k and draw(st.integers(min_value=0, max_value=3)) == 0:
                lines.append("")
            lines.append(line)
        headlines.append(headline)
        if family == "none" or (family == "relative" and capture is None):
            truth.append(None)
        else:
            truth.append(t)
    lines.append("Daily newsletter Receive essential news every morning Subscribe")
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return Blog(text=eol.join(lines) + eol, times=truth, headlines=headlines, name=name, family=family)
