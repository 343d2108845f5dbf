"""The spine: ingest -> parse -> times -> claims -> link -> cluster -> verdict -> Report.

Each stage is a function of the previous stage's output and can be called alone.
Rendering happens after, in render.py, from the finished Report.
"""
from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .claims import ClaimSplitter
from .cluster import cluster, entry_of
from .desk import prepare as desk_prepare
from .errors import InputError
from .grammar import Grammar
from .ingest import find_dumps, read_document, read_jsonl
from .link import find_links
from .model import VERDICTS, Entry, Event, Notice, Report, Skipped, Source
from .parse import identify_source, parse_document
from .reviews import Reviews, apply_event_reviews, apply_pair_reviews, load_reviews
from .rules import Rules, load_rules
from .text import Analyzer
from .times import ClockOptions, normalise, normalise_rows, option_zone
from .verdict import Judge

# progress(stage, done, total): called as work advances, for a progress bar at the edge.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RunOptions:
    glob: str = "*.txt,*.html,*.htm,*.jsonl"
    clock: ClockOptions = field(default_factory=ClockOptions)
    rules_dir: Path | None = None
    reviews: Path | None = None       # default: reviews.toml beside the dumps, if present
    candidates: Path | None = None    # write every compared pair (and its blocking rules) here


_DATED_STEM = re.compile(r"^(?P<outlet>.*?[a-z].*?)[-_. ]+(?:\d{4}-?\d\d-?\d\d|\d\d-\d\d-\d{4})(?:[-_. T]\d{2}-?\d{2}(?:-?\d{2})?)?(?:[-_. ].*)?$")


def _slug(name: str) -> tuple[str, str]:
    """A source id for a dump no rule recognises, and what it came from: the file-name
    stem before a date names the outlet ('cnn_2023-07-11.txt' -> 'cnn'), so one outlet's
    dumps of several days are one source."""
    stem = Path(name).stem.lower()
    m = _DATED_STEM.match(stem)
    how = "file-name stem before its date" if m else "file name"
    stem = m["outlet"] if m else stem
    return "".join(ch if ch.isalnum() else "-" for ch in stem).strip("-") or "source", how


@dataclass(frozen=True)
class _FileResult:
    """One dump, read, parsed and placed in time: what merging needs."""

    path: Path
    failure: InputError | None = None
    rule_id: str | None = None
    source: Source | None = None
    entries: tuple[Entry, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    notices: tuple[Notice, ...] = ()


def _read_one(path: Path, rules: Rules, grammar: Grammar, clock: ClockOptions) -> _FileResult:
    try:
        doc = read_document(path)
    except InputError as exc:
        return _FileResult(path, failure=exc)
    rule = identify_source(doc, rules)
    source_id, grouped_by = (rule.id, f"rule {rule.file}") if rule else _slug(doc.name)
    publisher = rule.publisher if rule else Path(doc.name).stem
    if path.suffix.lower() == ".jsonl":
        rows, row_skips, row_notes = read_jsonl(doc)
        source, new_entries, time_notes = normalise_rows(rows, doc.name, source_id, publisher, rule, rules, clock)
        page_skips: tuple[Skipped, ...] = tuple(row_skips)
        found = tuple(doc.notices) + tuple(row_notes) + tuple(time_notes)
    else:
        page = parse_document(doc, rules, grammar, rule)
        source, new_entries, time_notes = normalise(page, source_id, publisher, rule, rules, clock)
        page_skips = page.skipped
        if doc.origin:   # extracted text: cite the lines of the saved page itself
            new_entries = tuple(replace(e, line_numbers=tuple(doc.origin[n - 1] for n in e.line_numbers))
                                for e in new_entries)
            page_skips = tuple(replace(s, line=doc.origin[s.line - 1]) for s in page_skips)
        found = tuple(page.notices) + tuple(time_notes)
    return _FileResult(path, None, rule.id if rule else None, replace(source, grouped_by=grouped_by),
                       tuple(new_entries), tuple(page_skips), found)


# Worker state for the process pool: rules are loaded once per worker.
_WORKER: dict[str, object] = {}


def _worker_init(rules_dir: str | None, clock: ClockOptions) -> None:
    rules = load_rules(rules_dir)
    _WORKER.update(rules=rules, grammar=Grammar(rules), clock=clock)


def _worker_read(path: Path) -> _FileResult:
    return _read_one(path, _WORKER["rules"], _WORKER["grammar"], _WORKER["clock"])  # type: ignore[arg-type]


def _parallel_worth_it(paths: list[Path]) -> int:
    """Worker processes to use: only for many dumps and megabytes, never more than cores."""
    if len(paths) < 8:
        return 0
    size = sum(p.stat().st_size for p in paths if p.exists())
    return min(os.cpu_count() or 1, 8) if size >= 2_000_000 else 0


def read_sources(paths: list[Path], rules: Rules, clock: ClockOptions,
                 progress: Progress = lambda *_: None
                 ) -> tuple[list[Source], list[Entry], list[Skipped], list[Notice]]:
    """Ingest, parse and normalise every dump (in parallel across files when there are many);
    then merge, in file order: snapshots of one outlet merge into one source."""
    workers = _parallel_worth_it(paths)
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, initializer=_worker_init,
                                 initargs=(str(rules.directory), clock)) as pool:
            results = []
            for done, result in enumerate(pool.map(_worker_read, paths, chunksize=4)):
                progress("reading", done, len(paths))
                results.append(result)
    else:
        grammar = Grammar(rules)
        results = []
        for done, path in enumerate(paths):
            progress("reading", done, len(paths))
            results.append(_read_one(path, rules, grammar, clock))
    sources: dict[str, Source] = {}
    entries: dict[str, Entry] = {}
    skipped: list[Skipped] = []
    notices: list[Notice] = []
    failures: list[InputError] = []
    keys_by_source: dict[str, set[str]] = {}
    for result in results:
        if result.failure is not None:
            # One unreadable dump does not sink the others; it is named in the report.
            exc = result.failure
            failures.append(exc)
            notices.append(Notice(result.path.name, exc.line, "unreadable",
                                  str(exc).split(": ", 1)[-1] + "; file skipped"))
            continue
        assert result.source is not None
        source, new_entries = result.source, result.entries
        source_id = source.id
        skipped.extend(result.skipped)
        notices.extend(result.notices)
        name = result.path.name
        if not new_entries:
            notices.append(Notice(name, None, "no-entries", "no entries found in this dump"))
        if result.rule_id is None:
            same = _snapshot_of(source_id, new_entries, keys_by_source)
            if same is not None:
                notices.append(Notice(name, None, "snapshot",
                                      f"shares most entries with source {same!r}: read as another snapshot of it"))
                new_entries = tuple(replace(e, source=same, id=same + e.id[len(source_id):]) for e in new_entries)
                source_id, source = same, replace(source, id=same, grouped_by="snapshot: shares most entries")
        keys_by_source.setdefault(source_id, set()).update(e.id[len(source_id):] for e in new_entries)
        if source_id in sources:
            old = sources[source_id]
            source = replace(old, files=old.files + source.files)
        sources[source_id] = source
        for e in new_entries:
            if e.id in entries:
                # The same entry in an earlier snapshot of this blog: count it once.
                first = entries[e.id]
                for n in e.line_numbers:
                    skipped.append(Skipped(e.file, n, (e.headline or e.body)[:200],
                                           f"duplicate of entry {first.id} in {first.file} (snapshot)"))
                continue
            entries[e.id] = e
    if failures and not entries:
        raise failures[0]
    return list(sources.values()), list(entries.values()), skipped, notices


def write_candidates(path: Path, pairs: dict[tuple[str, str], set[str]]) -> None:
    """Every compared pair of entries with the blocking rules that proposed it (CSV), for
    `reconcile eval --candidates` to measure blocking recall."""
    import csv

    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["a", "b", "rules"])
        for (a, b), found in sorted(pairs.items()):
            w.writerow([a, b, " ".join(sorted(found))])


def split_claims(entries: list[Entry], rules: Rules, analyzer: Analyzer) -> list[Entry]:
    splitter = ClaimSplitter(rules, analyzer)
    return [splitter.split(e) for e in entries]


def _snapshot_of(source_id: str, entries: tuple[Entry, ...], keys_by_source: dict[str, set[str]]) -> str | None:
    """An earlier source this dump repeats (same times and texts for most entries), if any:
    two dumps of one blog taken at different times, named differently."""
    keys = {e.id[len(source_id):] for e in entries}
    for other, seen in keys_by_source.items():
        shared = len(keys & seen)
        if other != source_id and shared >= 2 and shared >= 0.5 * min(len(keys), len(seen)):
            return other
    return None


def reconcile_entries(entries: list[Entry], sources: list[Source], rules: Rules,
                      analyzer: Analyzer | None = None, reviews: Reviews = Reviews(),
                      stats: dict[str, object] | None = None) -> list[Event]:
    """Links -> clusters -> verdicts, for entries already split into claims."""
    analyzer = analyzer or Analyzer(rules)
    if any(not e.claims and (e.headline or e.body) for e in entries):
        entries = split_claims(entries, rules, analyzer)
    by_id = {e.id: e for e in entries}
    source_map = {s.id: s for s in sources}
    links, pair_scores, best_other = find_links(entries, source_map, rules, analyzer, stats)
    links, pair_scores, notes = apply_pair_reviews(links, pair_scores, reviews, by_id)
    source_of = {e.id: e.source for e in entries}
    judge = Judge(rules, analyzer)

    events: list[Event] = []
    placed: set[str] = set()
    for group, inside in cluster(links, pair_scores, source_of, rules):
        ids = sorted({entry_of(n) for n in group})
        if len({source_of[i] for i in ids}) < 2:
            continue
        events.append(judge.judge([by_id[i] for i in ids], inside, 0.0))
        placed.update(ids)
    for e in entries:
        if e.id not in placed:
            events.append(judge.judge([e], (), best_other.get(e.id, 0.0)))
    events = [apply_event_reviews(ev, reviews, notes) for ev in events]
    order = {v: i for i, v in enumerate(VERDICTS)}
    events.sort(key=lambda ev: (order[ev.verdict], ev.start is None, ev.start or 0, ev.id))  # type: ignore[arg-type]
    return events


def run(folder: Path | str, options: RunOptions = RunOptions(), rules: Rules | None = None,
        progress: Progress = lambda *_: None) -> Report:
    started = time.perf_counter()
    rules = rules or load_rules(options.rules_dir)
    for _, zone in options.clock.zones:
        option_zone(zone, rules)            # a bad --tz is an error before any work
    paths = find_dumps(folder, options.glob)
    sources, entries, skipped, notices = read_sources(paths, rules, options.clock, progress)
    entries.sort(key=lambda e: (e.source, e.file, e.line_numbers[0]))
    analyzer = Analyzer(rules)
    entries = split_claims(entries, rules, analyzer)
    review_path = options.reviews or (Path(folder) / "reviews.toml")
    reviews = load_reviews(review_path if review_path.exists() or options.reviews else None)
    if options.reviews and not options.reviews.exists():
        raise InputError(str(options.reviews), "no such reviews file")
    entries, reviews = desk_prepare(folder, options, entries, reviews)   # edited posts keep ids; store decisions
    notices.extend(reviews.check({e.id for e in entries}))
    progress("linking", 0, 1)
    link_stats: dict[str, object] = {"want_candidate_pairs": options.candidates is not None}
    events = reconcile_entries(entries, sources, rules, analyzer, reviews, link_stats)
    progress("linking", 1, 1)
    sources.sort(key=lambda s: s.id)
    if options.candidates is not None:
        write_candidates(options.candidates, link_stats.get("candidate_pairs", {}))  # type: ignore[arg-type]
    stats = {"seconds": round(time.perf_counter() - started, 3),
             "blocking": {"candidates": link_stats.get("candidates", 0), **dict(link_stats.get("blocking_rules", {}))}}
    return Report(sources=tuple(sources), entries=tuple(entries), events=tuple(events),
                  skipped=tuple(sorted(skipped, key=lambda s: (s.file, s.line))),
                  notices=tuple(sorted(notices, key=lambda n: (n.file, n.line or 0, n.code))), stats=stats)
