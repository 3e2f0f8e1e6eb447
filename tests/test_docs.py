"""docs/rules.md is generated from the rules; it must not drift from them."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_rules_md_is_up_to_date():
    generated = subprocess.run([sys.executable, "-m", "mtqa.cli", "rules", "--format", "markdown"], capture_output=True, text=True).stdout
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == generated, "run: mtqa rules --format markdown > docs/rules.md"


def test_rules_json_for_tooling():
    out = subprocess.run([sys.executable, "-m", "mtqa.cli", "rules", "--format", "json"], capture_output=True, text=True).stdout
    rules = json.loads(out)
    assert {r["code"] for r in rules} >= {"REP003", "CAL002", "QUO006", "DUP001", "BOI001", "TYP004"}
    assert all(r["explanation"]["What it flags"] and r["examples"]["flag"] and r["examples"]["pass"] for r in rules)
