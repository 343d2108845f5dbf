from __future__ import annotations

from pathlib import Path

import pytest

from reconcile.grammar import Grammar
from reconcile.rules import Rules, load_rules

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold" / "seeds.gold.json"


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def grammar(rules: Rules) -> Grammar:
    return Grammar(rules)


# Property tests are reproducible by default (a fixed seed per test), so a run that passed
# here passes in CI; RECONCILE_EXPLORE=1 lets hypothesis draw fresh examples when hunting bugs.
import os  # noqa: E402

from hypothesis import settings  # noqa: E402

settings.register_profile("reproducible", derandomize=True)
if not os.environ.get("RECONCILE_EXPLORE"):
    settings.load_profile("reproducible")
