"""The JSON contract: content[start:end] == text for every finding, on awkward inputs too."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, SEED

NASTY = (
    "Le café « est » là. The the minister  said announced the Pentagon.\n\n"
    "Émigrés 😀 gathered at 14 h 30; some 10 000 people, said announced the ministry.\n"
)


def _check_json(*paths: Path, extra=()) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "mtqa.cli", "check", "--format", "json", *extra, *map(str, paths)],
        capture_output=True, text=True,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize(
    "name,data",
    [
        ("nonascii.txt", NASTY.encode("utf-8")),
        ("crlf.txt", NASTY.replace("\n", "\r\n").encode("utf-8")),
        ("bom.txt", "\ufeff".encode("utf-8") + NASTY.encode("utf-8")),
    ],
)
def test_offsets_index_the_file_as_decoded(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    report = _check_json(path)
    content = data.decode("utf-8")
    issues = report["documents"][0]["issues"]
    assert len(issues) >= 5
    for i in issues:
        assert content[i["start"]:i["end"]] == i["text"]
        assert set(i) == {"rule", "category", "severity", "start", "end", "text", "message", "suggestions", "origin", "confidence", "review"}


def test_contract_shape_on_samples_and_seed():
    paths = [p for p in [SEED, *sorted(SAMPLES.glob("*.txt"))] if p.is_file()]
    report = _check_json(*paths)
    assert set(report) == {"version", "documents", "errors", "summary"}
    assert len(report["documents"]) == len(paths)
    for doc in report["documents"]:
        content = Path(doc["path"]).read_text(encoding="utf-8")
        assert doc["words"] > 0 and 0 <= doc["score"] <= 100
        for i in doc["issues"]:
            assert content[i["start"]:i["end"]] == i["text"]
            assert i["severity"] in ("minor", "major", "critical")


def test_multi_record_offsets_index_each_record(tmp_path):
    path = tmp_path / "batch.jsonl"
    records = [{"id": "a", "target": "The the talks failed."}, {"id": "b", "target": "Some 10 000 people « marched »."}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    report = _check_json(path)
    assert [d["id"] for d in report["documents"]] == ["a", "b"]
    for doc, rec in zip(report["documents"], records):
        assert doc["issues"]
        for i in doc["issues"]:
            assert rec["target"][i["start"]:i["end"]] == i["text"]
