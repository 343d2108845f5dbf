"""What a desk run adds around pipeline.run: the previous report it is compared with, the
review store, and watch mode's polling of the dumps.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ingest import OWN_REPORTS
from .pipeline import RunOptions
from .store import STORE_NAME, decisions_version


@dataclass(frozen=True)
class DeskOptions(RunOptions):
    """RunOptions plus what a desk run knows: the previous report of its output folder
    (None: a first run, or --fresh), read by desk.prepare to keep edited posts' ids, and
    the review store (default: .reconcile.sqlite beside the dumps)."""

    previous: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    store: Path | None = None


Snapshot = tuple[tuple[str, int, int], ...]


def snapshot(folder: Path, pattern: str, reviews: Path | None, store: Path) -> Snapshot:
    """Name, modification time (ns) and size of every dump the run would read, of the
    reviews file, and the store's decisions (count, last update): any change re-runs."""
    seen: dict[str, tuple[int, int]] = {}
    for glob in (g.strip() for g in pattern.split(",") if g.strip()):
        for p in folder.glob(glob):
            if p.name in OWN_REPORTS or p.name.startswith(STORE_NAME):
                continue
            try:
                st = p.stat()
            except OSError:
                continue                   # vanished between listing and stat: next poll sees it
            if p.is_file():
                seen[p.name] = (st.st_mtime_ns, st.st_size)
    rows = [(name, *v) for name, v in sorted(seen.items())]
    review_file = reviews or folder / "reviews.toml"
    try:
        st = review_file.stat()
        rows.append((f"reviews:{review_file}", st.st_mtime_ns, st.st_size))
    except OSError:
        pass
    count, last = decisions_version(store)
    rows.append((f"store:{last}", count, 0))
    return tuple(rows)
