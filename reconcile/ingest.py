"""Stage 1: find the dumps in a folder and decode each into numbered lines."""
from __future__ import annotations

import json
from pathlib import Path

from .errors import InputError
from .model import Document, Notice, Skipped

# A dump whose first 8 KB holds this share of control bytes is not text.
_BINARY_SHARE = 0.10
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}


def find_dumps(folder: Path | str, pattern: str = "*.txt") -> list[Path]:
    """Every dump in `folder` matching the comma-separated glob `pattern`, sorted by name."""
    d = Path(folder)
    if not d.exists():
        raise InputError(str(d), "no such folder")
    if not d.is_dir():
        raise InputError(str(d), "not a folder")
    found: set[Path] = set()
    for glob in (g.strip() for g in pattern.split(",") if g.strip()):
        found.update(p for p in d.glob(glob) if p.is_file())
    paths = sorted(found, key=lambda p: p.name)
    if not paths:
        raise InputError(str(d), f"no dumps matching {pattern!r}")
    return paths


def decode(raw: bytes, path: str) -> tuple[str, str, tuple[Notice, ...]]:
    """Bytes to text: UTF-8 (with or without BOM), else the detected legacy encoding, said aloud."""
    name = Path(path).name
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
    from charset_normalizer import from_bytes  # only needed for legacy encodings

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
