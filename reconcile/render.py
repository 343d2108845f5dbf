"""Reports from a finished Report: JSON for tools, Markdown and HTML for people.

Compute first, render last: nothing here decides anything; every format is the same
data. Output is deterministic (sorted keys and lists, no run timestamps).
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from .model import Entry, Event, Link, Report

if TYPE_CHECKING:
    from .desk import Changes

SCHEMA = "reconcile/report@1"

# JSON that is safe to paste inside <script type="application/ld+json"> (or any HTML): no
# "</script>", "<!--" or entity can appear raw, only as \u escapes, which every JSON reader
# decodes back to the same text. U+2028/U+2029 end lines in older JavaScript.
_HTML_SAFE_JSON = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})


def html_safe_json(text: str) -> str:
    """JSON text with <, >, & (and U+2028/9) as \\u escapes. Safe on any JSON encoder output:
    these characters only occur inside strings there."""
    return text.translate(_HTML_SAFE_JSON)


def _time(t: datetime | None) -> str | None:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if t is not None else None


def _date(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def link_json(link: Link) -> dict[str, Any]:
    return {
        "a": link.a, "b": link.b, "score": link.score,
        "claims": [link.claim_a, link.claim_b],
        "why": [{"signal": s.name, "value": s.value, "weight": s.weight,
                 "contribution": s.contribution, "detail": s.detail} for s in link.signals],
        "matched": list(link.matched),
        "text_a": link.text_a, "text_b": link.text_b,
    }


def entry_json(e: Entry, change: str = "") -> dict[str, Any]:
    return {
        "id": e.id, "source": e.source, "file": e.file, "kind": e.kind,
        "headline": e.headline, "text": "\n".join((e.body, *e.embeds)).strip("\n"), "body": e.body,
        "embeds": list(e.embeds),
        "time": _time(e.time), "date": _date(e.date), "printed_time": e.printed_time,
        "lines": list(e.lines),
        "claims": [{"index": c.index, "text": c.text, "speaker": c.speaker} for c in e.claims],
        "change": change,
    }


def event_json(ev: Event, changes: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": ev.id, "verdict": ev.verdict, "confidence": ev.confidence, "nearest": ev.nearest,
        "detail": ev.detail,
        "entries": list(ev.entries), "sources": list(ev.sources), "origins": list(ev.origins),
        "summary": ev.summary, "start": _time(ev.start), "end": _time(ev.end),
        "links": [link_json(l) for l in ev.links],
        "conflicts": [{"kind": c.kind, "detail": c.detail, "a": c.entry_a, "statement_a": c.statement_a,
                       "b": c.entry_b, "statement_b": c.statement_b} for c in ev.conflicts],
        "reviewed": ev.reviewed,
        "changes": changes or [],
    }


def report_json(report: Report, changes: Changes | None = None) -> dict[str, Any]:
    counts = {e.source: 0 for e in report.entries}
    for e in report.entries:
        counts[e.source] += 1
    return {
        "schema": SCHEMA,
        "sources": [{"id": s.id, "file": s.files[0], "files": list(s.files), "publisher": s.publisher,
                     "timezone": s.timezone, "timezone_from": s.timezone_from, "grouped_by": s.grouped_by,
                     "page_date": _date(s.page_date), "entries": counts.get(s.id, 0)}
                    for s in report.sources],
        "entries": [entry_json(e, changes.entry_mark(e.id) if changes else "") for e in report.entries],
        "events": [event_json(ev, changes.event_marks(ev.id) if changes else None) for ev in report.events],
        "skipped": [{"file": s.file, "line": s.line, "text": s.text, "reason": s.reason} for s in report.skipped],
        "warnings": [{"file": n.file, "line": n.line, "code": n.code, "message": n.message} for n in report.notices],
    }




# -- people's formats -------------------------------------------------------------------

VERDICT_LABEL = {"conflicting": "Conflicting", "corroborated": "Corroborated",
                 "single_source": "Single source: check before reuse"}
CHANGE_LABEL = {"new": "new since the previous run", "gained_source": "gained a source",
                "verdict_changed": "verdict changed", "regrouped": "entries regrouped",
                "edited": "holds an edited entry"}


def _probability(p: float) -> str:
    return "< 0.01" if p < 0.005 else f"{p:.2f}"


def trust(ev: dict[str, Any]) -> dict[str, str]:
    """What an event's confidence means, in words an editor reads at a glance.

    kind: "match" (linked: the weakest link's match probability), "near" (single source,
    compared: how close the nearest candidate from another outlet came), "never" (single
    source, never compared with anything)."""
    check = "not corroborated — check before reuse"
    if ev["links"]:
        short = f"match probability {_probability(ev['confidence'])}"
        if ev["verdict"] == "single_source":
            return {"kind": "match", "short": short, "text": f"{short}; one origin, {check}"}
        return {"kind": "match", "short": short, "text": short + (" (weakest link)" if len(ev["links"]) > 1 else "")}
    if ev["nearest"] is None:
        return {"kind": "never", "short": "never compared",
                "text": f"{check}; never compared: no candidate from another outlet"}
    short = f"match probability {_probability(ev['nearest'])}"
    return {"kind": "near", "short": short, "text": f"{check}; nearest candidate from another outlet: {short}"}


def _waterfall(link: dict[str, Any]) -> dict[str, Any]:
    """The link's why as a waterfall: each row's running total of log2 Bayes factors and
    its bar's place on one scale (percent), the total weight and its probability."""
    rows, total = [], 0.0
    for w in link["why"]:
        before, total = total, total + w["contribution"]
        rows.append((w, before, total))
    ends = [0.0] + [r[2] for r in rows]
    lo, hi = min(ends), max(ends)
    span = (hi - lo) or 1.0

    def pct(x: float) -> float:
        return round(100.0 * (x - lo) / span, 1)

    out = [{"row": w, "running": round(after, 3), "left": pct(min(before, after)),
            "width": max(round(100.0 * abs(after - before) / span, 1), 0.5),
            "sign": "pos" if after >= before else "neg"} for w, before, after in rows]
    return {"rows": out, "weight": round(total, 3), "probability": round(1.0 / (1.0 + 2.0 ** -total), 4),
            "zero": pct(0.0), "total_left": pct(min(0.0, total)), "total_width": max(round(100.0 * abs(total) / span, 1), 0.5)}


def _order_key(e: dict[str, Any]) -> tuple[str, str, str]:
    when = e["time"] or (e["date"] + "T~" if e["date"] else "~")   # date-only after that day's timed entries
    return (when, e["source"], e["id"])


def _alias_map(aliases: dict[str, str] | None) -> dict[str, str]:
    return dict(sorted((aliases or {}).items()))


def _alias_re(aliases: dict[str, str]) -> re.Pattern[str] | None:
    if not aliases:
        return None
    alt = "|".join(re.escape(v) for v in sorted(aliases, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alt + r")(?![\w-])")


def search_text(text: str, aliases: dict[str, str], pattern: re.Pattern[str] | None) -> str:
    """What the HTML search reads: the text in lower case, followed by its canonical
    spelling (Kiev -> kyiv) when that differs; the page canonicalises the query the same
    way, so either spelling finds both."""
    low = " ".join(text.lower().split())
    if pattern is None:
        return low
    canon = pattern.sub(lambda m: aliases[m.group(0)], low)
    return low if canon == low else low + " \u2016 " + canon


def build_context(report: Report, changes: Changes | None = None,
                  aliases: dict[str, str] | None = None, formats: tuple[str, ...] | list[str] = ("md", "html")
                  ) -> dict[str, Any]:
    """One view of the report, built once, that every format renders. What only the
    people's formats read (search text, waterfalls) is built only when they are asked for."""
    data = report_json(report, changes)
    entries = {e["id"]: e for e in data["entries"]}
    sources = {s["id"]: s for s in data["sources"]}
    counts = {v: 0 for v in VERDICT_LABEL}
    for ev in data["events"]:
        counts[ev["verdict"]] += 1
    times = sorted(e["time"] for e in data["entries"] if e["time"])
    groups = [(v, VERDICT_LABEL[v], [ev for ev in data["events"] if ev["verdict"] == v]) for v in VERDICT_LABEL]
    matched: dict[str, dict[str, list[str]]] = {}
    ordered: dict[str, list[str]] = {}
    anchor: dict[str, str] = {}          # entry id -> the event whose card carries its HTML id
    for _, _, events in groups:
        for ev in events:
            for eid in ev["entries"]:
                anchor.setdefault(eid, ev["id"])
    for ev in data["events"]:
        words: dict[str, set[str]] = {}
        for link in ev["links"]:
            for side in ("a", "b"):
                words.setdefault(link[side], set()).update(link["matched"])
        matched[ev["id"]] = {k: sorted(v) for k, v in words.items()}
        ordered[ev["id"]] = sorted(ev["entries"], key=lambda i: _order_key(entries[i]))
    alias_map = _alias_map(aliases)
    pattern = _alias_re(alias_map)
    search = {ev["id"]: search_text(" ".join(entries[i]["headline"] + " " + entries[i]["body"] for i in ordered[ev["id"]]),
                                    alias_map, pattern) for ev in data["events"]} if "html" in formats else {}
    people = "html" in formats or "md" in formats
    return {"data": data, "matched": matched, "entries": entries, "sources": sources, "counts": counts, "groups": groups,
            "span": (times[0], times[-1]) if times else None, "labels": VERDICT_LABEL, "ordered": ordered,
            "anchor": anchor, "trust": {ev["id"]: trust(ev) for ev in data["events"]},
            "waterfalls": {ev["id"]: [_waterfall(l) for l in ev["links"]] for ev in data["events"]} if people else {},
            "aliases_json": json.dumps(alias_map, ensure_ascii=False, separators=(",", ":")),
            "search": search, "changes": changes.as_json() if changes else None, "change_labels": CHANGE_LABEL,
            "events_by_id": {ev["id"]: ev for ev in data["events"]}}


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&~])")
# What opens a block when it starts a line: list items (-, +, *, "1." "1)"), headings
# (#, a "===" or "---" underline), quotes (>), code fences (``` ~~~).
_MD_LEADING = re.compile(r"^(?:([-+=])|(\d+)([.)])(?=\s|$))")


def _md_escape(text: str | None) -> str:
    """Text for a Markdown line or table cell: one line, Markdown and HTML punctuation
    backslash-escaped (so `<script>` is text, `|` stays in its cell), nothing that opens a
    list, heading or quote at its start."""
    if not text:
        return ""
    text = " ".join(_MD_SPECIAL.sub(r"\\\1", text).split())
    return _MD_LEADING.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)


def _short(text: str | None, n: int = 280) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


@functools.lru_cache(maxsize=1)
def _env():  # noqa: ANN202  (jinja2 imported lazily: the JSON path does not need it)
    """One environment per process: its templates are compiled once, not on every run."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reconcile", "templates"),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["md"] = _md_escape
    env.filters["short"] = _short
    env.filters["highlight"] = _highlight
    return env


def _highlight(text: str | None, words: list[str]):  # noqa: ANN202
    """Escape `text` and wrap the matched words in <mark>."""
    import re

    from markupsafe import Markup, escape

    text = text or ""
    if not words:
        return escape(text)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                         + r")(?![\w-])", re.I)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last: m.start()]))
        out.append(Markup("<mark>") + escape(m.group(0)) + Markup("</mark>"))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def write_json(ctx: dict[str, Any], fh: TextIO) -> None:
    """Streamed in batches of chunks: a large run's report is never one string in memory.
    HTML-safe like the JSON-LD (see html_safe_json)."""
    batch: list[str] = []
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=1).iterencode(ctx["data"]):
        batch.append(chunk)
        if len(batch) >= 8192:
            fh.write(html_safe_json("".join(batch)))
            batch.clear()
    batch.append("\n")
    fh.write(html_safe_json("".join(batch)))


def render_markdown(ctx: dict[str, Any]) -> str:
    return _env().get_template("report.md.j2").render(**ctx)


def render_html(ctx: dict[str, Any]) -> str:
    from .timeline import timeline_svg

    return _env().get_template("report.html.j2").render(timeline=timeline_svg(ctx), **ctx)


def render_csv(ctx: dict[str, Any]) -> str:
    """One row per event, for spreadsheets. Every text cell passes _csv_safe."""
    import csv
    import io

    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["event", "verdict", "confidence", "trust", "detail", "start_utc", "end_utc", "sources", "origins",
                  "entries", "summary", "conflict", "changes"])
    for ev in ctx["data"]["events"]:
        days = sorted(d for d in (ctx["entries"][i]["date"] for i in ev["entries"]) if d)
        row = [ev["id"], ev["verdict"], ev["confidence"], ctx["trust"][ev["id"]]["text"], ev["detail"],
               ev["start"] or (days[0] if days else ""), ev["end"] or (days[-1] if days else ""),
               " ".join(ev["sources"]), "; ".join(ev["origins"]), " ".join(ctx["ordered"][ev["id"]]),
               ev["summary"], "; ".join(c["detail"] for c in ev["conflicts"]), " ".join(ev["changes"])]
        out.writerow([_csv_safe(c) if isinstance(c, str) else c for c in row])
    return buf.getvalue()


_FORMULA_START = ("=", "+", "-", "@")


def _csv_safe(text: str) -> str:
    """Dump text must not become a spreadsheet formula: a cell whose text starts with
    = + - @ gets a leading apostrophe (after white space is folded: one line per cell, no
    leading tab or carriage return)."""
    text = " ".join(text.split())
    return "'" + text if text.startswith(_FORMULA_START) else text


RATING = {"corroborated": (3, "Corroborated"), "conflicting": (1, "Conflicting"),
          "single_source": (2, "Single source: check before reuse")}


def render_claimreview(ctx: dict[str, Any]) -> str:
    """schema.org ClaimReview per multi-source or conflicting event, as one JSON-LD graph."""
    graph = []
    for ev in ctx["data"]["events"]:
        value, label = RATING[ev["verdict"]]
        appearances = []
        for eid in ev["entries"]:
            e = ctx["entries"][eid]
            appearances.append({"@type": "CreativeWork", "headline": e["headline"] or _short(e["body"], 110),
                                "datePublished": e["time"] or e["date"],
                                "publisher": {"@type": "Organization", "name": ctx["sources"][e["source"]]["publisher"]}})
        graph.append({
            "@type": "ClaimReview", "identifier": ev["id"], "claimReviewed": ev["summary"],
            "datePublished": (ev["end"] or "")[:10] or None,
            "author": {"@type": "Organization", "name": "reconcile"},
            "itemReviewed": {"@type": "Claim", "appearance": appearances},
            "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 3, "worstRating": 1,
                             "alternateName": label, "ratingExplanation": ev["detail"] or
                             "; ".join(c["detail"] for c in ev["conflicts"]) or
                             (ctx["trust"][ev["id"]]["text"] if ev["verdict"] == "single_source" else
                              f"{len(ev['origins'])} independent origin(s): {', '.join(ev['origins'])}")},
        })
    doc = {"@context": "https://schema.org", "@graph": graph}
    return html_safe_json(json.dumps(doc, ensure_ascii=False, indent=1)) + "\n"


def _text(render: Callable[[dict[str, Any]], str]) -> Callable[[dict[str, Any], TextIO], None]:
    return lambda ctx, fh: fh.write(render(ctx)) and None


WRITERS: dict[str, tuple[str, Callable[[dict[str, Any], TextIO], None]]] = {
    "json": ("report.json", write_json),
    "md": ("report.md", _text(render_markdown)),
    "html": ("report.html", _text(render_html)),
    "csv": ("events.csv", _text(render_csv)),
    "jsonld": ("claimreview.jsonld", _text(render_claimreview)),
}


def write_changes(ctx: dict[str, Any], fh: TextIO) -> None:
    fh.write(html_safe_json(json.dumps(ctx["changes"], ensure_ascii=False, indent=1)) + "\n")


CHANGES_FILE = "changes.json"


def write_reports(report: Report, out: Path, formats: list[str], changes: Changes | None = None,
                  aliases: dict[str, str] | None = None) -> list[Path]:
    """Every format into a temporary folder beside `out`, then each moved into place with
    os.replace: a run that fails while writing leaves the previous reports whole, and no
    report file is ever seen half-written or empty.

    `changes` (what changed since the previous report in `out`) is marked in every report
    and written to changes.json; a first run (None) writes none and removes a stale one.
    `aliases` (rules.aliases) lets the HTML search match every spelling of a name."""
    ctx = build_context(report, changes, aliases, formats)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError:
        if not out.is_dir():
            raise
        staging = Path(tempfile.mkdtemp(prefix=".reconcile.tmp-", dir=out))   # parent not writable
    try:
        staged = []
        jobs = [WRITERS[fmt] for fmt in formats]
        if changes is not None:
            jobs.append((CHANGES_FILE, write_changes))
        for name, write in jobs:
            path = staging / name
            with path.open("w", encoding="utf-8", newline="\n") as fh:
                write(ctx, fh)
                fh.flush()
                os.fsync(fh.fileno())
            staged.append(path)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for path in staged:
            os.replace(path, out / path.name)
            written.append(out / path.name)
        if changes is None and (out / CHANGES_FILE).exists():
            (out / CHANGES_FILE).unlink()       # from an earlier run: not about this one
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
