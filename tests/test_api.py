"""The Python API (mtqa.api): a checker built once gives the CLI's JSON contract, lazily for iterables."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout

import pytest

from conftest import ROOT, SAMPLES
from mtqa.api import Checker, result_to_json
from mtqa.document import Document
from mtqa.errors import DocumentError, MtqaError


@pytest.fixture(scope="module")
def checker():
    return Checker.from_config(ROOT / "configs" / "default.toml", grammar="none", cache=False)


def _cli_json(*paths) -> dict:
    from mtqa.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["check", "--config", str(ROOT / "configs" / "default.toml"), "--grammar", "none",
                     "--no-cache", "--format", "json", "--exit-zero", "-q", *map(str, paths)])
    assert code == 0
    return json.loads(out.getvalue())


def test_check_of_a_text_equals_the_cli_json_for_that_file(checker):
    path = SAMPLES / "ceasefire-call.txt"
    result = checker.check(path.read_text(encoding="utf-8"), path=str(path))
    [expected] = _cli_json(path)["documents"]
    assert result_to_json(result) == expected
    assert expected["issues"], "the sample has findings: the comparison is not of two empty lists"


def test_check_of_a_bilingual_pair_equals_the_cli_json_for_that_pair(checker):
    folder = SAMPLES / "bilingual"
    target = folder / "floods.en.txt"
    result = checker.check(target.read_text(encoding="utf-8"), source=(folder / "floods.fr.txt").read_text(encoding="utf-8"),
                           reference=(folder / "floods.ref.txt").read_text(encoding="utf-8"), path=str(target))
    [expected] = _cli_json(target)["documents"]
    assert result_to_json(result) == expected
    assert "metrics" in expected and any(i["rule"].startswith("BIL") for i in expected["issues"])


def test_check_documents_takes_dicts_and_documents_and_keeps_their_order(checker, tmp_path):
    rows = [{"id": f"r{n}", "text": f"Story {n}. The minister has exchanged with his counterpart on Friday."} for n in range(5)]
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text("".join(json.dumps({"id": r["id"], "target": r["text"]}) + "\n" for r in rows), encoding="utf-8")
    items = [dict(r, path=str(jsonl)) for r in rows[:3]] + [Document(path=str(jsonl), **r) for r in rows[3:]]
    results = list(checker.check_documents(items, batch_size=2))
    assert [r.document.id for r in results] == [r["id"] for r in rows]
    assert [result_to_json(r) for r in results] == _cli_json(jsonl)["documents"]


def test_check_documents_reads_its_input_lazily(checker):
    pulled = []

    def feed():
        for n in range(10):
            pulled.append(n)
            yield {"text": f"Item {n} went well."}

    results = checker.check_documents(feed(), batch_size=3)
    assert pulled == []  # nothing is read before the first result is asked for
    first = next(results)
    assert first.document.text == "Item 0 went well." and pulled == [0, 1, 2]
    rest = list(results)
    assert len(rest) == 9 and pulled == list(range(10))


def test_a_document_over_the_limits_raises_with_its_name_or_goes_to_on_error():
    small = Checker.from_config(ROOT / "configs" / "default.toml", grammar="none", cache=False, max_chars=40)
    docs = [{"id": "a", "text": "Short."}, {"id": "b", "text": "x " * 100}, {"id": "c", "text": "Also short."}]
    with pytest.raises(DocumentError, match="record b: .*over the limit"):
        list(small.check_documents(docs))
    refused = []
    results = list(small.check_documents(docs, on_error=lambda doc, exc: refused.append(doc.id)))
    assert [r.document.id for r in results] == ["a", "c"] and refused == ["b"]


def test_bad_input_is_a_clear_error():
    with pytest.raises(MtqaError, match="unknown config field"):
        Checker.from_config(ROOT / "configs" / "default.toml", grammer="none")
    checker = Checker.from_config(ROOT / "configs" / "default.toml", grammar="none", cache=False, select="CAL,REP")
    assert {r.code[:3] for r in checker.engine.rules} == {"CAL", "REP"}
    with pytest.raises(MtqaError, match="document 1: \"text\" must be a string"):
        list(checker.check_documents([{"text": "Fine."}, {"body": "x"} and {"text": 3}]))
    with pytest.raises(MtqaError, match="document 0: unknown field"):
        list(checker.check_documents([{"txt": "x"}]))


def test_the_readme_python_api_example_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    [example] = re.findall(r"```python\n(.+?)\n```", section, re.S)
    out = io.StringIO()
    with redirect_stdout(out):
        exec(compile(example, "README.md", "exec"), {})
    assert "CAL" in out.getvalue()


@pytest.mark.parametrize(
    "args,kwargs,needle",
    [
        ((b"The the cat.",), {}, "text must be a string, not bytes (decode the bytes first)"),
        ((None,), {}, "text must be a string, not NoneType"),
        (("The cat.", b"Le chat."), {}, "source must be a string or None, not bytes"),
        (("The cat.",), {"reference": 3}, "reference must be a string or None, not int"),
        (("The cat.",), {"id": 7}, "id must be a string or None, not int"),
    ],
)
def test_check_refuses_what_is_not_text_instead_of_failing_every_rule(checker, args, kwargs, needle):
    with pytest.raises(MtqaError) as exc:
        checker.check(*args, **kwargs)
    assert needle in str(exc.value)
    assert checker.check("The cat.", None, None).issues == []  # None is no source or reference


@pytest.mark.parametrize(
    "overrides,needle",
    [
        ({"house_style": "UK"}, "house_style must be 'auto' or 'us' or 'uk', not 'UK'"),
        ({"harper_lints": "everything"}, "harper_lints must be 'news' or 'all'"),
        ({"similarity": "e6"}, "similarity must be 'length' or 'e5'"),
        ({"fail_on": "fatal"}, "fail_on: unknown severity 'fatal'"),
        ({"max_chars": "10"}, "max_chars: expected a whole number, got a string ('10')"),
        ({"max_token_chars": 2.5}, "max_token_chars: expected a whole number"),
        ({"max_check_seconds": -1}, "max_check_seconds: expected 0 or more, got -1"),
        ({"fail_under": 101}, "fail_under: expected a score from 0 to 100, got 101"),
        ({"fail_under": True}, "fail_under: expected a number, got a boolean"),
    ],
)
def test_overrides_the_config_file_would_refuse_are_refused(overrides, needle):
    with pytest.raises(MtqaError) as exc:
        Checker.from_config(ROOT / "configs" / "default.toml", grammar="none", cache=False, **overrides)
    assert needle in str(exc.value)


def test_fail_on_may_be_given_by_name():
    checker = Checker.from_config(ROOT / "configs" / "default.toml", grammar="none", cache=False, fail_on="minor")
    assert checker.check("The the cat sat.").fails(checker.config.fail_on)


def test_a_lone_surrogate_is_a_document_error_not_a_crash(checker):
    """Text decoded with surrogateescape, or a JSON "\\udc80" escape, holds lone surrogates that no sentence splitter
    or backend can encode: the document is refused with the place, like an over-long one, and a batch goes on."""
    with pytest.raises(DocumentError, match=r"text has a lone surrogate \(\\udc80\) at character 4"):
        checker.check("The \udc80 talks. Da ")
    with pytest.raises(DocumentError, match=r"source has a lone surrogate \(\\ud800\) at character 0"):
        checker.check("The minister said announced that talks resumed.", "\ud800 Le ministre.")
    docs = [{"id": "a", "text": "The the talks."}, {"id": "b", "text": "\ud800 Da "}, {"id": "c", "text": "Fine."}]
    refused = []
    results = list(checker.check_documents(docs, on_error=lambda doc, exc: refused.append((doc.id, str(exc)))))
    assert [r.document.id for r in results] == ["a", "c"] and [r for r, _ in refused] == ["b"]
    assert "lone surrogate" in refused[0][1]
