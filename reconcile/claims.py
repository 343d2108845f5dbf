"""Stage 4: split each entry into claims (sentences), each with who is said to have said it.

A post is one event told in several sentences; a summary paragraph or a page lead may
hold several events in one entry. Linking compares claims, so a summary joins every
event one of its claims reports, and never glues those events together.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cached_property

from .model import Claim, Entry
from .rules import Rules
from .text import Analyzer

MULTI_EVENT_KINDS = frozenset({"lead", "summary", "untimed"})


class ClaimSplitter:
    def __init__(self, rules: Rules, analyzer: Analyzer) -> None:
        self.rules = rules
        self.analyzer = analyzer

    @cached_property
    def _speaker_patterns(self) -> tuple[re.Pattern[str], ...]:
        verbs = "|".join(map(re.escape, self.rules.speech_verbs))
        # A name starts where a word starts (or after a hyphen: "al-Sudani"), never inside a
        # word, and its words are at most 40 characters and never given back: so each place a
        # name may start costs a bounded amount, and a long run of capitals stays linear.
        word = r"[A-Z][\w'’\-.]{0,40}+"
        name = r"((?<![\w'’])(?:the\s+)?(?:" + word + r"\s+){0,5}[A-Z][\w'’\-]{0,40}+(?![\w'’\-]))"
        return (
            re.compile(r"\baccording to " + name),
            re.compile(name + r",?\s+(?:has\s+|had\s+|was\s+)?(?:" + verbs + r")\b"),
            re.compile(r"(?:" + verbs + r")\s+" + name + r"(?=[,.]|\s+(?:as|in|on)\b)"),
            re.compile(r"\b(?:cites|cited|citing|quoting|quoted)\s+" + name),
        )

    def speaker(self, sentence: str) -> str | None:
        for pattern in self._speaker_patterns:
            m = pattern.search(sentence)
            if m:
                who = re.sub(r"^the\s+", "", m.group(1).strip(), flags=re.I)
                if who and who.split()[0].lower() not in self.rules.stopwords:
                    return who
        return None

    def split(self, entry: Entry) -> Entry:
        parts = ([entry.headline] if entry.headline else []) + [entry.body]
        sentences = [s for p in parts for s in self.analyzer.sentences(p)]
        claims = tuple(Claim(i, s, self.speaker(s)) for i, s in enumerate(sentences))
        return replace(entry, claims=claims)
