"""The timeline picture: one lane per source along UTC time, events joined, drawn as SVG.

Pure string building from the report context; every label is escaped.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from html import escape
from typing import Any

COLOURS = {"conflicting": "#c0392b", "corroborated": "#1e8449", "single_source": "#7f8c8d"}
RANK = {"conflicting": 0, "corroborated": 1, "single_source": 2}


def _parse(t: str) -> datetime:
    return datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ")


def _instant(entry: dict[str, Any]) -> tuple[datetime, bool] | None:
    if entry["time"]:
        return _parse(entry["time"]), True
    if entry["date"]:
        return datetime.strptime(entry["date"], "%Y-%m-%d") + timedelta(hours=12), False
    return None


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
    left, right, top = 110, 20, 24
    height = top + lane * len(sources) + 30
    span = (hi - lo).total_seconds()

    def x(t: datetime) -> float:
        return round(left + (width - left - right) * (t - lo).total_seconds() / span, 1)

    def y(source: str) -> float:
        return top + lane * sources.index(source) + lane / 2

    verdict_of: dict[str, str] = {}
    for ev in data["events"]:
        for eid in ev["entries"]:
            if eid not in verdict_of or RANK[ev["verdict"]] < RANK[verdict_of[eid]]:
                verdict_of[eid] = ev["verdict"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="tl-title" class="timeline"><title id="tl-title">Entries per source along UTC '
             f'time; joined marks report the same event</title>']
    for s in sources:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(s)}" y2="{y(s)}" class="lane"/>'
                     f'<text x="{left - 8}" y="{y(s) + 4}" text-anchor="end" class="lane-label">{escape(s)}</text>')
    tick = lo.replace(minute=0, second=0)
    step = timedelta(hours=max(1, int(span // 3600 // 8) or 1))
    while tick <= hi:
        if tick >= lo:
            parts.append(f'<line x1="{x(tick)}" x2="{x(tick)}" y1="{top - 6}" y2="{height - 24}" class="tick"/>'
                         f'<text x="{x(tick)}" y="{height - 8}" text-anchor="middle" class="tick-label">'
                         f'{tick.strftime("%d %b %H:%M")}</text>')
        tick += step
    entries = {e["id"]: e for e in data["entries"]}
    for ev in data["events"]:
        if len(ev["sources"]) < 2:
            continue
        pts = sorted((x(placed[i][0]), y(entries[i]["source"])) for i in ev["entries"] if placed.get(i))
        path = " ".join(f"{px},{py}" for px, py in pts)
        parts.append(f'<polyline points="{path}" class="join" stroke="{COLOURS[ev["verdict"]]}">'
                     f'<title>{escape(ev["summary"][:120])}</title></polyline>')
    for e in data["entries"]:
        p = placed.get(e["id"])
        if not p:
            continue
        colour = COLOURS[verdict_of.get(e["id"], "single_source")]
        label = escape(f'{e["source"]} {e["printed_time"] or e["date"] or ""}: {(e["headline"] or e["body"])[:100]}')
        fill = colour if p[1] else "white"
        parts.append(f'<a href="#{escape(e["id"])}"><circle cx="{x(p[0])}" cy="{y(e["source"])}" r="6" fill="{fill}" '
                     f'stroke="{colour}" stroke-width="2"><title>{label}</title></circle></a>')
    parts.append("</svg>")
    return "".join(parts)
