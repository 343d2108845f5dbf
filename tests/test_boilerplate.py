"""Boilerplate and caption rules never eat news: tests/data/must_keep.txt holds ordinary
news sentences that look like furniture (written by someone who had not read the rules);
no skip rule may match one of them. And the furniture they imitate is still skipped."""
from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.parse import _skip_reason

MUST_KEEP = [line.strip() for line in (Path(__file__).parent / "data" / "must_keep.txt").read_text(
    encoding="utf-8").splitlines() if line.strip()]


def test_there_are_at_least_a_hundred():
    assert len(MUST_KEEP) >= 100


@pytest.mark.parametrize("sentence", MUST_KEEP)
def test_news_sentence_is_never_skipped(rules, sentence):
    assert _skip_reason(sentence, rules.skip) is None


@pytest.mark.parametrize("line", [
    "Sign up for our free Evening Headlines email for a roundup of the day's top stories",
    "Daily newsletter Receive essential news every morning Subscribe",
    "(FRANCE 24 with AFP)",
    "(Reporting by Tom Balmforth; Editing by Alex Richardson)",
    "Read more",
    "See our full coverage",
    "Click here to share on social media",
    "People walk past a damaged building in Kyiv, Ukraine, July 11, 2023. REUTERS/Gleb Garanich",
    "Advertisement",
    "____",
])
def test_furniture_is_still_skipped(rules, line):
    assert _skip_reason(line, rules.skip) is not None
