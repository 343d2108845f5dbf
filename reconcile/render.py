"""Reports from a finished Report: JSON for tools, Markdown and HTML for people.

Compute first, render last: nothing here decides anything; every format is the same
data. Output is deterministic (sorted keys and lists, no run timestamps).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .model import Entry, Event, Link, Report

SCHEMA = "reconcile/report@1"


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
        "headline": e.headline, "text": e.body, "embeds": list(e.embeds),
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
                     "timezone": s.timezone, "timezone_from": s.timezone_from,
                     "page_date": _date(s.page_date), "entries": counts.get(s.id, 0)}
                    for s in report.sources],
        "entries": [entry_json(e) for e in report.entries],
        "events": [event_json(ev) for ev in report.events],
        "skipped": [{"file": s.file, "line": s.line, "text": s.text, "reason": s.reason} for s in report.skipped],
        "warnings": [{"file": n.file, "line": n.line, "code": n.code, "message": n.message} for n in report.notices],
    }


def write_json(report: Report, path: Path) -> None:
    path.write_text(json.dumps(report_json(report), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
