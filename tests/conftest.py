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
