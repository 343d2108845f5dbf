"""The desk's memory: run history and editors' review decisions in one SQLite file beside
the dumps (`.reconcile.sqlite`).

WAL mode, so a reviewer can write decisions while a run reads them; every connection
waits (busy timeout) rather than failing when another holds a write lock. Decisions here
are read by every run together with reviews.toml; `reconcile reviews import/export` move
them between the two.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from .errors import InputError
from .reviews import PairDecision, Reviews, VerdictDecision

STORE_NAME = ".reconcile.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    kind    TEXT NOT NULL CHECK (kind IN ('not_same', 'same', 'verdict')),
    key     TEXT NOT NULL,              -- the entries it names, sorted: one decision per key
    a       TEXT, b TEXT,               -- not_same / same
    entries TEXT,                       -- verdict: JSON list of entry ids
    verdict TEXT,
    why     TEXT NOT NULL DEFAULT '',
    added   TEXT NOT NULL,              -- UTC, when first recorded
    updated TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE TABLE IF NOT EXISTS runs (
    id            INTEGER PRIMARY KEY,
    finished      TEXT NOT NULL,        -- UTC
    seconds       REAL,
    out           TEXT,
    sources       INTEGER, entries INTEGER, events INTEGER,
    corroborated  INTEGER, conflicting INTEGER, single_source INTEGER,
    changes       TEXT                  -- the run's change summary, NULL on a first run
);
"""


def store_path(folder: Path | str) -> Path:
    return Path(folder) / STORE_NAME


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextmanager
def connect(path: Path, create: bool = True) -> Iterator[sqlite3.Connection]:
    """A connection in WAL mode with the tables in place; committed on success."""
    if not create and not path.exists():
        raise FileNotFoundError(path)
    try:
        con = sqlite3.connect(path, timeout=10.0)
    except sqlite3.Error as exc:
        raise InputError(str(path), f"cannot open the review store ({exc})") from None
    try:
        con.execute("PRAGMA busy_timeout = 10000")
        con.execute("PRAGMA journal_mode = WAL")
        con.executescript(_SCHEMA)
        yield con
        con.commit()
    except sqlite3.DatabaseError as exc:
        con.rollback()
        raise InputError(str(path), f"not a usable review store ({exc})") from None
    finally:
        con.close()


def _pair_key(a: str, b: str) -> str:
    return "|".join(sorted((a, b)))


def read_decisions(path: Path) -> Reviews:
    """The store's decisions as Reviews (empty when there is no store)."""
    if not path.exists():
        return Reviews()
    with connect(path, create=False) as con:
        rows = con.execute("SELECT kind, a, b, entries, verdict, why FROM decisions ORDER BY kind, key").fetchall()
    not_same, same, verdicts = [], [], []
    for kind, a, b, entries, verdict, why in rows:
        if kind == "verdict":
            verdicts.append(VerdictDecision(tuple(json.loads(entries)), verdict, why, origin=path.name))
        else:
            (not_same if kind == "not_same" else same).append(PairDecision(a, b, why, origin=path.name))
    return Reviews(str(path), tuple(not_same), tuple(same), tuple(verdicts))


def put_decisions(path: Path, reviews: Reviews) -> tuple[int, int]:
    """Insert or update every decision of `reviews`; returns (added, updated). A decision is
    identified by its kind and the entries it names: importing it again updates its why
    (and verdict)."""
    added = updated = 0
    now = _now()
    with connect(path) as con:
        for kind, items in (("not_same", reviews.not_same), ("same", reviews.same)):
            for d in items:
                key = _pair_key(d.a, d.b)
                old = con.execute("SELECT why FROM decisions WHERE kind = ? AND key = ?", (kind, key)).fetchone()
                if old is None:
                    con.execute("INSERT INTO decisions (kind, key, a, b, why, added, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                (kind, key, d.a, d.b, d.why, now, now))
                    added += 1
                elif old[0] != d.why:
                    con.execute("UPDATE decisions SET why = ?, updated = ? WHERE kind = ? AND key = ?",
                                (d.why, now, kind, key))
                    updated += 1
        for v in reviews.verdicts:
            key = "|".join(sorted(v.entries))
            old = con.execute("SELECT verdict, why FROM decisions WHERE kind = 'verdict' AND key = ?", (key,)).fetchone()
            if old is None:
                con.execute("INSERT INTO decisions (kind, key, entries, verdict, why, added, updated) "
                            "VALUES ('verdict', ?, ?, ?, ?, ?, ?)",
                            (key, json.dumps(list(v.entries)), v.verdict, v.why, now, now))
                added += 1
            elif tuple(old) != (v.verdict, v.why):
                con.execute("UPDATE decisions SET verdict = ?, why = ?, updated = ? WHERE kind = 'verdict' AND key = ?",
                            (v.verdict, v.why, now, key))
                updated += 1
    return added, updated


def decisions_version(path: Path) -> tuple[int, str]:
    """Changes whenever a decision is added or edited (watch mode re-runs on it)."""
    if not path.exists():
        return (0, "")
    try:
        with connect(path, create=False) as con:
            n, last = con.execute("SELECT count(*), coalesce(max(updated), '') FROM decisions").fetchone()
        return int(n), str(last)
    except (InputError, FileNotFoundError):
        return (0, "")


def record_run(path: Path, out: Path, counts: dict[str, int], seconds: float, changes: str | None) -> None:
    with connect(path) as con:
        con.execute("INSERT INTO runs (finished, seconds, out, sources, entries, events, corroborated, conflicting, "
                    "single_source, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (_now(), round(seconds, 3), str(out), counts["sources"], counts["entries"], counts["events"],
                     counts["corroborated"], counts["conflicting"], counts["single_source"], changes))


def runs(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    with connect(path, create=False) as con:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute("SELECT * FROM runs ORDER BY id")]
