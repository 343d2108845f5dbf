"""The timeline picture: one lane per source along UTC time, events joined, drawn as SVG.

Pure string building from the report context; every label is escaped. Marks never hide
each other: marks of one lane closer than a touch target are stacked in rows above and
below the lane (a beeswarm), so every one stays where its time is and can be clicked.
A filled mark has a time; a hollow one only a date (drawn at noon UTC of that day).
Each mark links to its entry's card; its invisible hit circle is a 24 px touch target
when the picture is drawn at its narrowest (720 px wide, see the report's CSS).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import Any

COLOURS = {"conflicting": "#c0392b", "corroborated": "#1e8449", "single_source": "#9a6700"}
RANK = {"conflicting": 0, "corroborated": 1, "single_source": 2}
MARK = 7          # radius of the visible mark, in picture units
HIT = 16          # radius of the clickable circle: 24 px at the narrowest width (720 / 960)
ROW = 2 * HIT     # distance between stacked marks, so hit circles never overlap


def _parse(t: str) -> datetime:
    return datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ")


def _instant(entry: dict[str, Any]) -> tuple[datetime, bool] | None:
    if entry["time"]:
        return _parse(entry["time"]), True
    if entry["date"]:
        return datetime.strptime(entry["date"], "%Y-%m-%d") + timedelta(hours=12), False
    return None


def stack(xs: list[float], gap: float = ROW) -> list[int]:
    """A row for each mark (0, 1, -1, 2, -2, ...): the first row where it is at least `gap`
    away from every mark already there. xs must be sorted."""
    last: dict[int, float] = {}
    rows = []
    for x in xs:
        k = 0
        while True:
            row = (k + 1) // 2 if k % 2 else -(k // 2)
            if row not in last or x - last[row] >= gap:
                break
            k += 1
        last[row] = x
        rows.append(row)
    return rows


def timeline_svg(ctx: dict[str, Any], width: int = 960, lane: int = 44) -> str:
    data = ctx["data"]
    sources = [s["id"] for s in data["sources"]]
    placed = {e["id"]: _instant(e) for e in data["entries"]}
    instants = [p[0] for p in placed.values() if p]
    if not instants or not sources:
        return ""
    lo, hi = min(instants), max(instants)
    if hi - lo < timedelta(hours=1):
        hi = lo + timedelta(hours=1)
    left, right, top = 110, 24, 24
    span = (hi - lo).total_seconds()

    def x(t: datetime) -> float:
        return round(left + (width - left - right) * (t - lo).total_seconds() / span, 1)

    # Rows per lane, then each lane as tall as its rows need.
    entries = {e["id"]: e for e in data["entries"]}
    by_source: dict[str, list[tuple[float, str]]] = {s: [] for s in sources}
    for e in data["entries"]:
        p = placed.get(e["id"])
        if p and e["source"] in by_source:
            by_source[e["source"]].append((x(p[0]), e["id"]))
    row_of: dict[str, int] = {}
    extent: dict[str, tuple[int, int]] = {}
    for s, marks in by_source.items():
        marks.sort()
        rows = stack([m[0] for m in marks])
        row_of.update({eid: r for (_, eid), r in zip(marks, rows)})
        extent[s] = (min(rows, default=0), max(rows, default=0))
    centre: dict[str, float] = {}
    y0 = top
    for s in sources:
        above = max(lane / 2, ROW * -extent[s][0] + ROW / 2)
        below = max(lane / 2, ROW * extent[s][1] + ROW / 2)
        centre[s] = y0 + above
        y0 += above + below
    height = int(y0 + 30)

    def y(eid: str) -> float:
        return centre[entries[eid]["source"]] + ROW * row_of.get(eid, 0)

    verdict_of: dict[str, str] = {}
    for ev in data["events"]:
        for eid in ev["entries"]:
            if eid not in verdict_of or RANK[ev["verdict"]] < RANK[verdict_of[eid]]:
                verdict_of[eid] = ev["verdict"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="tl-title" class="timeline"><title id="tl-title">Entries per source along UTC '
             f'time; joined marks report the same event; a hollow mark has a date but no time</title>']
    for s in sources:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{centre[s]}" y2="{centre[s]}" class="lane"/>'
                     f'<text x="{left - 18}" y="{centre[s] + 4}" text-anchor="end" class="lane-label">{escape(s)}</text>')
    tick = lo.replace(minute=0, second=0)
    step = timedelta(hours=max(1, int(span // 3600 // 6) or 1))     # at most about 7 labels: they fit on a phone
    while tick <= hi:
        if tick >= lo:
            parts.append(f'<line x1="{x(tick)}" x2="{x(tick)}" y1="{top - 6}" y2="{height - 24}" class="tick"/>'
                         f'<text x="{x(tick)}" y="{height - 8}" text-anchor="middle" class="tick-label">'
                         f'{tick.strftime("%d %b %H:%M")}</text>')
        tick += step
    for ev in data["events"]:
        if len(ev["sources"]) < 2:
            continue
        pts = sorted((x(placed[i][0]), y(i)) for i in ev["entries"] if placed.get(i))   # type: ignore[index]
        path = " ".join(f"{px},{py}" for px, py in pts)
        parts.append(f'<polyline points="{path}" class="join" stroke="{COLOURS[ev["verdict"]]}">'
                     f'<title>{escape(ev["summary"][:120])}</title></polyline>')
    for e in data["entries"]:
        p = placed.get(e["id"])
        if not p:
            continue
        verdict = verdict_of.get(e["id"], "single_source")
        colour = COLOURS[verdict]
        when = e["printed_time"] or (e["date"] + ", no time" if e["date"] else "")
        label = escape(f'{e["source"]} {when}: {(e["headline"] or e["body"])[:100]}')
        fill = colour if p[1] else "#fff"
        cx, cy = x(p[0]), y(e["id"])
        ring = (f'<circle cx="{cx}" cy="{cy}" r="{MARK + 4}" class="ring" stroke="{colour}"/>'
                if e.get("change") else "")
        parts.append(f'<a href="#{escape(e["id"])}" class="mark {"timed" if p[1] else "dated"} {verdict}'
                     f'{" changed" if e.get("change") else ""}" data-entry="{escape(e["id"])}">'
                     f'<title>{label}</title>'
                     f'<circle cx="{cx}" cy="{cy}" r="{HIT}" class="hit"/>{ring}'
                     f'<circle cx="{cx}" cy="{cy}" r="{MARK}" fill="{fill}" stroke="{colour}" stroke-width="2.5"/></a>')
    parts.append("</svg>")
    return "".join(parts)
