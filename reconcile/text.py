"""Text as the linker sees it: canonical spellings, sentences, terms, entities, numbers."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import snowballstemmer

from .rules import Rules

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                         "\u2013": "-", "\u2014": " - ", "\u2212": "-"})
_WORD = re.compile(r"[a-z0-9][a-z0-9\-']*[a-z0-9]|[a-z0-9]")
_CAP = re.compile(r"(?<![\w'’-])([A-Z][\w'’\-]*[\w]|[A-Z])")
_PART_OF = re.compile(r"(?<![\w.])(\d+) of (?:the |all )?(\d+)\s+([a-z]+(?:\s+[a-z]+){0,2})", re.I)
# A sentence end: a run of end punctuation (matched only from its first character, and never
# given back: no backtracking), closing quotes or brackets, space, then what opens a sentence.
_SENTENCE_END = re.compile(r"(?<![.!?…])[.!?…]++[\"”’')\]]*+\s++(?=[\"“‘'(\[]?[A-Z0-9])")
# Read on the reversed paragraph from a sentence end: the word and dots just before it.
_TOKEN_BACKWARDS = re.compile(r"[\w.]+")
# A figure, not a clock time ("15:57", "3.57pm") and not part of a word or a date.
_FIGURE = re.compile(r"(?<![\w.:/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w:]|\.\d|\s?[ap]\.?m\b)", re.I)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(%|[a-z]+(?:\s+[a-z]+){0,2})?", re.I)


@dataclass(frozen=True)
class Quantity:
    value: float
    noun: str
    text: str


class Analyzer:
    """Built once per run from rules/; every method is a pure function of its input."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._stemmer = snowballstemmer.stemmer("english")
        self._stem_cache: dict[str, str] = {}

    @cached_property
    def _alias_re(self) -> re.Pattern[str] | None:
        if not self.rules.aliases:
            return None
        variants = sorted(self.rules.aliases, key=len, reverse=True)
        alt = "|".join(re.escape(v) for v in variants)
        return re.compile(r"(?<![\w-])(?:" + alt + r")(?![\w-])")

    def canonical(self, text: str) -> str:
        """Lower case, plain quotes, one spelling per name (Kiev -> kyiv)."""
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
        if self._alias_re is not None:
            text = self._alias_re.sub(lambda m: self.rules.aliases[m.group(0)], text)
        return text

    def stem(self, word: str) -> str:
        s = self._stem_cache.get(word)
        if s is None:
            s = word if "-" in word or word[0].isdigit() else self._stemmer.stemWord(word)
            self._stem_cache[word] = s
        return s

    def terms(self, text: str) -> dict[str, str]:
        """Content terms (stem -> first surface form), without stopwords or bare numbers."""
        out: dict[str, str] = {}
        for w in _WORD.findall(self.canonical(text)):
            w = w.removesuffix("'s").strip("'")
            if not w or w in self.rules.stopwords or w.replace(".", "").isdigit() or len(w) < 2:
                continue
            out.setdefault(self.stem(w), w)
        return out

    @cached_property
    def _calendar(self) -> frozenset[str]:
        """Month and weekday names (and abbreviations): capitalised, but never names."""
        r = self.rules
        return frozenset(r.months) | frozenset(r.month_abbreviations) | frozenset(r.weekdays) \
            | frozenset(w[:3] for w in r.weekdays)

    def entities(self, text: str) -> set[str]:
        """Capitalised names and acronyms, in canonical form ("Zelenskyy" -> "zelensky")."""
        found: set[str] = set()
        plain = unicodedata.normalize("NFKC", text).translate(_QUOTES)
        for m in _CAP.finditer(plain):
            word = m.group(1).removesuffix("'s")
            key = self.canonical(word)
            if key in self.rules.titles or key in self.rules.stopwords or len(key) < 2 or key in self._calendar:
                continue
            # The character before the word, found by stepping back over spaces (never by
            # copying the text before it: that would be quadratic on a long paragraph).
            i = m.start()
            while i and plain[i - 1].isspace():
                i -= 1
            # A capital after a sentence end is only a name if it is known as one.
            if (not i or plain[i - 1] in '.!?"\'') and key not in self.rules.aliases.values() \
                    and not word.isupper():
                continue
            found.add(key)
        return found

    def sentences(self, text: str) -> list[str]:
        """Sentences of each paragraph (line), in order. Linear in the text's length: the
        boundary pattern cannot backtrack (possessive runs that start only at the start of a
        punctuation run), and the word before each boundary is read backwards from it, never
        by searching the text before it again."""
        out: list[str] = []
        for para in text.split("\n"):
            start = 0
            backwards: str | None = None
            for m in _SENTENCE_END.finditer(para):
                if backwards is None:
                    backwards = para[::-1]
                # The word (with its inner dots) that the punctuation closes: "U.S.", "Mr", "e.g".
                cut = m.start()
                run = _TOKEN_BACKWARDS.match(backwards, len(para) - cut)
                token = para[cut - (run.end() - run.start()): cut].lower().rstrip(".") if run else ""
                if token in self.rules.abbreviations or (len(token) == 1 and token.isalpha()):
                    continue
                piece = para[start: m.end()].strip()
                if piece:
                    out.append(piece)
                start = m.end()
            tail = para[start:].strip()
            if tail:
                out.append(tail)
        return out

    def figures(self, text: str) -> frozenset[str]:
        """Every figure a text gives (number words as digits, "1,300" as "1300"), years and
        clock times left out: two accounts of one moment give the same figures, a later
        update of a running count gives other ones."""
        from text_to_num import alpha2digit

        plain = unicodedata.normalize("NFKC", text)
        try:
            plain = alpha2digit(plain, "en", threshold=2)
        except Exception:  # text2num rejects some inputs; the digits already there still count
            pass
        out = set()
        for m in _FIGURE.finditer(plain):
            v = m.group(1).replace(",", "")
            try:
                x = float(v)
            except ValueError:
                continue
            if 1900 <= x <= 2100 and "." not in v:
                continue
            out.add(f"{x:g}")
        return frozenset(out)

    def quantities(self, text: str) -> list[Quantity]:
        """Numbers with the noun they count ("26 drones", "1.5 km"), number words included."""
        from text_to_num import alpha2digit

        plain = unicodedata.normalize("NFKC", text).translate(_QUOTES)
        try:
            plain = alpha2digit(plain, "en", threshold=0)
        except Exception:  # text2num rejects some inputs; the digits already there still count
            pass
        out = []
        nouns = self.rules.quantity_nouns
        # "shot down 37 of the 38 drones": the part and the whole are different quantities.
        for m in _PART_OF.finditer(plain):
            words = m.group(3).lower().split()
            noun = next((self.canonical(w) for w in words if self.canonical(w) in nouns or w in nouns), None)
            if noun is not None:
                out.append(Quantity(float(m.group(1)), self.stem(noun) + " (part)", m.group(0).strip()))
        plain = _PART_OF.sub(lambda m: " " + m.group(2) + " " + m.group(3), plain)
        for m in _NUMBER.finditer(plain):
            raw, tail = m.group(1), (m.group(2) or "").lower()
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                continue
            if 1900 <= value <= 2100 and "." not in raw:
                continue                      # a year
            words = tail.split()
            for w in words[:3]:
                noun = self.canonical(w)
                if noun in nouns or w in nouns:
                    out.append(Quantity(value, self.stem(noun), m.group(0).strip()))
                    break
        return out
