"""Stage 1: find the dumps in a folder and decode each into numbered lines."""
from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import InputError
from .model import Document, Notice, Skipped

# A dump whose first 8 KB holds this share of control bytes is not text.
_BINARY_SHARE = 0.10
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}

# The files `reconcile run` writes. Never read as dumps, even when they sit in the input
# folder (a previous run's --out pointed there, or reports were copied beside the dumps).
OWN_REPORTS = frozenset({"report.json", "report.md", "report.html", "events.csv", "claimreview.jsonld",
                         "changes.json"})
# The review store beside the dumps (store.py) and SQLite's -wal/-shm files: never dumps.
STORE_FILES = ".reconcile.sqlite"

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

# Western text read as cp1252: non-ASCII letters sit inside words of ASCII letters
# ("Café", "señor", "à"), typographic marks between words. Text in another code page read
# as cp1252 shows symbols inside words ("za¿ó³æ": cp1250 Polish) or whole words of
# accented letters ("Ïðèâåò": cp1251 Russian).
_TOKEN = re.compile(r"\S*[^\x00-\x7f]\S*")
_INNER_MARKS = frozenset("’‘·\u00ad")


def _looks_western(text: str) -> bool:
    tokens = bad = 0
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        tokens += 1
        letters = [c for c in token if c.isalpha()]
        if len(letters) >= 3 and all(not c.isascii() for c in letters):
            bad += 1
            continue
        for i in range(1, len(token) - 1):
            c = token[i]
            if not c.isascii() and not c.isalpha() and c not in _INNER_MARKS \
                    and token[i - 1].isalpha() and token[i + 1].isalpha():
                bad += 1
                break
    return tokens > 0 and bad * 20 <= tokens


def find_dumps(folder: Path | str, pattern: str = "*.txt") -> list[Path]:
    """Every dump in `folder` matching the comma-separated glob `pattern`, sorted by name.
    reconcile's own report files (OWN_REPORTS) are never dumps; see own_reports()."""
    d = Path(folder)
    if not d.exists():
        raise InputError(str(d), "no such folder")
    if not d.is_dir():
        raise InputError(str(d), "not a folder")
    found = _matching(d, pattern)
    paths = sorted((p for p in found if p.name not in OWN_REPORTS and not p.name.startswith(STORE_FILES)),
                   key=lambda p: p.name)
    if not paths:
        own = sorted(p.name for p in found if p.name in OWN_REPORTS)
        also = f" (reconcile's own reports skipped: {', '.join(own)})" if own else ""
        raise InputError(str(d), f"no dumps matching {pattern!r}{also}")
    return paths


def _matching(d: Path, pattern: str) -> set[Path]:
    found: set[Path] = set()
    for glob in (g.strip() for g in pattern.split(",") if g.strip()):
        found.update(p for p in d.glob(glob) if p.is_file())
    return found


def own_reports(folder: Path | str, pattern: str = "*.txt") -> list[Notice]:
    """A notice for each of reconcile's own report files in `folder` that `pattern` would
    otherwise have read as a dump (find_dumps leaves them out)."""
    d = Path(folder)
    if not d.is_dir():
        return []
    return [Notice(p.name, None, "own-report", "a report reconcile writes, not a dump; file skipped")
            for p in sorted(_matching(d, pattern), key=lambda p: p.name) if p.name in OWN_REPORTS]


def decode(raw: bytes, path: str) -> tuple[str, str, tuple[Notice, ...]]:
    """Bytes to text, said aloud when not UTF-8. In order: a UTF-32/UTF-16 byte-order mark;
    UTF-8 (with or without BOM); cp1252 when the bytes decode and read as Western text
    (charset-normalizer guesses cp1250 for short French or Spanish text); only then
    charset-normalizer's guess."""
    name = Path(path).name
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"starts with a {codec.upper()} byte-order mark but is not valid "
                                       f"{codec.upper()} (offset {exc.start}: {exc.reason})") from None
            head_text = text[:8192]
            if head_text and sum(ord(c) in _CONTROL for c in head_text) / len(head_text) > _BINARY_SHARE:
                raise InputError(path, "binary file, not a text dump")
            return text, codec, ()
    head = raw[:8192]
    if head and sum(b in _CONTROL for b in head) / len(head) > _BINARY_SHARE:
        raise InputError(path, "binary file, not a text dump")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = exc.start
    encoding, text = "cp1252", None
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        pass
    if text is None or not _looks_western(text):
        from charset_normalizer import from_bytes  # only needed for other legacy encodings

        best = from_bytes(raw).best()
        encoding = best.encoding if best is not None else "cp1252"
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise InputError(path, f"not UTF-8 (first bad byte at offset {bad}) and no encoding fits", line) from None
    note = Notice(name, line, "encoding", f"not UTF-8; read as {encoding} (first non-UTF-8 byte on line {line})")
    return text, encoding, (note,)


def read_document(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    text, encoding, notices = decode(raw, str(path))
    if path.suffix.lower() in (".html", ".htm"):
        from .htmltext import html_lines

        blocks = html_lines(text)
        return Document(path=str(path), name=path.name, lines=tuple(t for _, t in blocks), encoding=encoding,
                        notices=notices, origin=tuple(n for n, _ in blocks))
    # splitlines() would also split on \x0b, \x1c.. and U+2028; only real line ends count.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return Document(path=str(path), name=path.name, lines=tuple(lines), encoding=encoding, notices=notices)


def read_jsonl(doc: Document) -> tuple[list[tuple[int, dict[str, object]]], list[Skipped], list[Notice]]:
    """A desk scraper's dump: one JSON object per line with `time`, `headline`, `text`.
    A line that is not such an object is skipped with its reason, not fatal."""
    rows, skipped, notices = [], [], []
    for n, line in enumerate(doc.lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            skipped.append(Skipped(doc.name, n, line[:500], f"not valid JSON ({exc.msg})"))
            notices.append(Notice(doc.name, n, "bad-jsonl", f"not valid JSON ({exc.msg}); line skipped"))
            continue
        if not isinstance(obj, dict) or not (obj.get("headline") or obj.get("text")):
            skipped.append(Skipped(doc.name, n, line[:500], "not an object with a headline or text"))
            continue
        rows.append((n, obj))
    return rows, skipped, notices
