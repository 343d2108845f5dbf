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
from typing import Any, TextIO

from .model import Entry, Event, Link, Report

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


def entry_json(e: Entry) -> dict[str, Any]:
    return {
        "id": e.id, "source": e.source, "file": e.file, "kind": e.kind,
        "headline": e.headline, "text": "\n".join((e.body, *e.embeds)).strip("\n"), "body": e.body,
        "embeds": list(e.embeds),
        "time": _time(e.time), "date": _date(e.date), "printed_time": e.printed_time,
        "lines": list(e.lines),
        "claims": [{"index": c.index, "text": c.text, "speaker": c.speaker} for c in e.claims],
    }


def event_json(ev: Event) -> dict[str, Any]:
    return {
        "id": ev.id, "verdict": ev.verdict, "confidence": ev.confidence, "detail": ev.detail,
        "entries": list(ev.entries), "sources": list(ev.sources), "origins": list(ev.origins),
        "summary": ev.summary, "start": _time(ev.start), "end": _time(ev.end),
        "links": [link_json(l) for l in ev.links],
        "conflicts": [{"kind": c.kind, "detail": c.detail, "a": c.entry_a, "statement_a": c.statement_a,
                       "b": c.entry_b, "statement_b": c.statement_b} for c in ev.conflicts],
        "reviewed": ev.reviewed,
    }


def report_json(report: Report) -> dict[str, Any]:
    counts = {e.source: 0 for e in report.entries}
    for e in report.entries:
        counts[e.source] += 1
    return {
        "schema": SCHEMA,
        "sources": [{"id": s.id, "file": s.files[0], "files": list(s.files), "publisher": s.publisher,
                     "timezone": s.timezone, "timezone_from": s.timezone_from, "grouped_by": s.grouped_by,
                     "page_date": _date(s.page_date), "entries": counts.get(s.id, 0)}
                    for s in report.sources],
        "entries": [entry_json(e) for e in report.entries],
        "events": [event_json(ev) for ev in report.events],
        "skipped": [{"file": s.file, "line": s.line, "text": s.text, "reason": s.reason} for s in report.skipped],
        "warnings": [{"file": n.file, "line": n.line, "code": n.code, "message": n.message} for n in report.notices],
    }




# -- people's formats -------------------------------------------------------------------

VERDICT_LABEL = {"conflicting": "Conflicting", "corroborated": "Corroborated", "single_source": "Single source"}


def build_context(report: Report) -> dict[str, Any]:
    """One view of the report, built once, that every format renders."""
    data = report_json(report)
    entries = {e["id"]: e for e in data["entries"]}
    sources = {s["id"]: s for s in data["sources"]}
    counts = {v: 0 for v in VERDICT_LABEL}
    for ev in data["events"]:
        counts[ev["verdict"]] += 1
    times = sorted(e["time"] for e in data["entries"] if e["time"])
    groups = [(v, VERDICT_LABEL[v], [ev for ev in data["events"] if ev["verdict"] == v]) for v in VERDICT_LABEL]
    matched: dict[str, dict[str, list[str]]] = {}
    for ev in data["events"]:
        words: dict[str, set[str]] = {}
        for link in ev["links"]:
            for side in ("a", "b"):
                words.setdefault(link[side], set()).update(link["matched"])
        matched[ev["id"]] = {k: sorted(v) for k, v in words.items()}
    return {"data": data, "matched": matched, "entries": entries, "sources": sources, "counts": counts, "groups": groups,
            "span": (times[0], times[-1]) if times else None, "labels": VERDICT_LABEL}


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
    out.writerow(["event", "verdict", "confidence", "detail", "start_utc", "end_utc", "sources", "origins",
                  "entries", "summary", "conflict"])
    for ev in ctx["data"]["events"]:
        days = sorted(d for d in (ctx["entries"][i]["date"] for i in ev["entries"]) if d)
        row = [ev["id"], ev["verdict"], ev["confidence"], ev["detail"],
               ev["start"] or (days[0] if days else ""), ev["end"] or (days[-1] if days else ""),
               " ".join(ev["sources"]), "; ".join(ev["origins"]), " ".join(ev["entries"]),
               ev["summary"], "; ".join(c["detail"] for c in ev["conflicts"])]
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
                             f"{len(ev['origins'])} independent origin(s): {', '.join(ev['origins'])}"},
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


def write_reports(report: Report, out: Path, formats: list[str]) -> list[Path]:
    """Every format into a temporary folder beside `out`, then each moved into place with
    os.replace: a run that fails while writing leaves the previous reports whole, and no
    report file is ever seen half-written or empty."""
    ctx = build_context(report)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    except OSError:
        if not out.is_dir():
            raise
        staging = Path(tempfile.mkdtemp(prefix=".reconcile.tmp-", dir=out))   # parent not writable
    try:
        staged = []
        for fmt in formats:
            name, write = WRITERS[fmt]
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
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
