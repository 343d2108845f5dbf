import shutil
from pathlib import Path

import pytest

from reconcile.errors import RulesError
from reconcile.rules import default_rules_dir, load_rules


def test_shipped_rules_load(rules):
    assert {s.id for s in rules.sources} >= {"trtworld", "france24"}
    assert rules.zone("GMT").utcoffset(None).total_seconds() == 0
    assert str(rules.zone("Kyiv time")) == "Europe/Kyiv"
    assert rules.zone("GMT+2").utcoffset(None).total_seconds() == 7200
    assert rules.zone("UTC-04:30").utcoffset(None).total_seconds() == -(4 * 3600 + 1800)
    assert rules.zone("no such zone") is None


def test_every_problem_is_reported_at_once(tmp_path: Path):
    bad = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), bad)
    (bad / "thresholds.toml").write_text((bad / "thresholds.toml").read_text().replace("same_copy_ratio = ", "same_copy_ratio = -"))
    (bad / "sources" / "broken.toml").write_text('id = "Bad Id"\ndetect = ["("]\n')
    (bad / "timezones.toml").write_text((bad / "timezones.toml").read_text() + '"Mars time" = "Mars/Olympus"\n')
    with pytest.raises(RulesError) as exc:
        load_rules(bad)
    text = str(exc.value)
    assert "thresholds.toml: verdict.same_copy_ratio" in text
    assert "sources/broken.toml: id" in text
    assert "Mars time" in text and "IANA" in text
    assert len(exc.value.problems) >= 3


def test_missing_rules_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(RulesError, match="rules folder not found"):
        load_rules(tmp_path / "nowhere")
