"""The README opens with the two commands a newcomer types; the first one's check part works as written."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text, re.S)[:2]


def test_readme_opens_with_install_and_test_commands():
    install, tests = _commands()
    assert install.startswith("bash scripts/bootstrap && ") and "mtqa check" in install
    assert tests == ".venv/bin/python -m pytest"
    assert (ROOT / "scripts" / "bootstrap").is_file()


def test_the_sample_check_of_the_first_command_runs_and_finds_defects():
    install, _ = _commands()
    check = shlex.split(install.split("&&")[-1])
    assert check[0] == ".venv/bin/mtqa"
    script = Path(sys.executable).parent / "mtqa"
    proc = subprocess.run([str(script), *check[1:]], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "REP003" in proc.stdout and "DUP001" in proc.stdout and "Gate: FAILED" in proc.stdout
