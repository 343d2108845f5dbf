"""Saved live-blog pages (.html) to text lines, keeping each line's place in the file.

Why the standard library's html.parser and not trafilatura or selectolax: a live blog's
structure *is* its timestamps, headings and short paragraphs, which main-content
extractors tend to drop or merge; and html.parser reports the source line of every tag,
so an entry read from HTML still cites the line of the file it came from. It is tolerant
of broken markup and needs no dependency.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {"p", "div", "section", "article", "header", "footer", "aside", "li", "ul", "ol", "h1", "h2", "h3",
          "h4", "h5", "h6", "blockquote", "figcaption", "figure", "time", "tr", "td", "th", "table", "dt", "dd",
          "br", "hr", "main", "nav", "pre", "address", "details", "summary"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "button", "form", "select", "nav"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr"}


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self._buf: list[str] = []
        self._line = 0
        self._skip = 0

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._buf)).strip()
        if text:
            self.lines.append((self._line, text))
        self._buf = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            if tag not in _VOID:
                self._skip += 1
            return
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not self._buf and data.strip():
            self._line = self.getpos()[0]
        self._buf.append(data)


def html_lines(html: str) -> list[tuple[int, str]]:
    """(source line, text) for every block of visible text, in document order."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.lines
