"""Configuration: defaults, project files found upwards, pyproject [tool.mtqa], selection like ruff, clear errors."""

from __future__ import annotations

import pytest

from conftest import ROOT
from mtqa.config import load_config
from mtqa.engine import select_rules
from mtqa.errors import MtqaError
from mtqa.issues import Severity


def codes(cfg) -> set[str]:
    return {r.code for r in select_rules(cfg)}


def test_every_shipped_config_loads():
    for path in (ROOT / "configs").glob("*.toml"):
        load_config(path)


def test_a_neural_rule_runs_when_selected_by_its_code_not_by_its_family():
    """`--select BIL` loaded the e5 encoder for BIL007 (about 10 s, and a model a fresh machine may lack)."""
    cfg = load_config(ROOT / "configs" / "default.toml")
    assert "BIL007" not in codes(cfg.with_overrides(select=("BIL",))) and "BIL001" in codes(cfg.with_overrides(select=("BIL",)))
    assert "BIL007" in codes(cfg.with_overrides(select=("BIL007",)))
    assert "DUP002" not in codes(cfg.with_overrides(select=("DUP",)))


def test_defaults_leave_opt_in_rules_off_and_selecting_them_by_code_turns_them_on():
    cfg = load_config(ROOT / "configs" / "default.toml")
    assert "QUO001" not in codes(cfg) and "QUO004" not in codes(cfg) and "REP001" in codes(cfg)
    assert {"QUO005", "QUO004"} <= codes(load_config(ROOT / "configs" / "strict.toml"))


QUOTED_FR = "Le ministre a qualifié le projet d'« erreur coûteuse », selon son entourage."


@pytest.mark.parametrize("text,source,house_style,select,flagged", [
    # must flag: a translation of a quotation, US spelling (or none), house-style auto
    ('The minister called the plan "a costly mistake", his aides said.', QUOTED_FR, "auto", ("ALL",), True),
    # must flag: house-style us, with or without a source; QUO005 selected by code under auto, without a source
    ('The minister called the plan "a costly mistake", his aides said.', None, "us", ("ALL",), True),
    ('The minister called the plan "a costly mistake", his aides said.', None, "auto", ("ALL", "QUO005"), True),
    # must not flag under auto: no source (the writer's logical punctuation), a source without a quotation,
    # a UK-spelled document; nor under house-style uk
    ('The minister called the plan "a costly mistake", his aides said.', None, "auto", ("ALL",), False),
    ('The minister called the plan "a costly mistake", his aides said.', "Le ministre a critiqué le projet.",
     "auto", ("ALL",), False),
    ('The minister called the plan "a costly mistake", his aides said, to the dismay of the organisers.', QUOTED_FR,
     "auto", ("ALL",), False),
    ('The minister called the plan "a costly mistake", his aides said.', QUOTED_FR, "uk", ("ALL",), False),
])
def test_quote_placement_by_default_checks_translations_of_quotations(text, source, house_style, select, flagged):
    from mtqa.engine import Engine

    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none", house_style=house_style,
                                                                         select=select)
    found = [i for i in Engine(cfg).check_text(text, source=source).issues if i.rule == "QUO005"]
    assert [i.text for i in found] == (['",'] if flagged else [])


def test_most_specific_of_select_and_ignore_wins():
    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(select=("ALL", "CAL002"), ignore=("CAL",))
    chosen = codes(cfg)
    assert "CAL002" in chosen and "CAL001" not in chosen and "REP001" in chosen


def test_project_file_is_found_walking_up_and_pyproject_tool_table_works(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.mtqa]\nhouse-style = 'uk'\naccept = ['Zorblax']\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    cfg = load_config(start=deep)
    assert cfg.house_style == "uk" and "Zorblax" in cfg.accept


def test_accept_file_and_severity_overrides(tmp_path):
    (tmp_path / "accept.txt").write_text("# names\nFrumpton\n\nZorblax\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text("accept-file = 'accept.txt'\n[severity]\nREP002 = 'major'\n", encoding="utf-8")
    cfg = load_config(start=tmp_path)
    assert {"Frumpton", "Zorblax"} <= cfg.accept
    assert cfg.severity["REP002"] is Severity.MAJOR


@pytest.mark.parametrize(
    "body,needle",
    [
        ("selekt = ['REP']\n", "unknown setting 'selekt'"),
        ("house-style = 'fr'\n", "house-style must be"),
        ("fail-on = 'fatal'\n", "unknown severity"),
        ("fail-under = 150\n", "bad value for 'fail-under': expected a score from 0 to 100, got 150"),
        # a gate compared with nan never fails
        ("fail-under = nan\n", "bad value for 'fail-under': expected a finite number, got nan"),
        ("max-check-seconds = 1e400\n", "bad value for 'max-check-seconds': expected a finite number, got inf"),
        ("cache-dir = 5\n", "bad value for 'cache-dir': expected a string"),
        ("review-store = true\n", "bad value for 'review-store': expected a string"),
        ("select = [\n", "invalid TOML"),
        # "" is a prefix of every code: it would switch every rule off and let every gate pass
        ("ignore = ['']\n", "bad value for 'ignore': an empty code would match every rule"),
        ("extend-ignore = ['CAL', ' ']\n", "bad value for 'extend-ignore': an empty code"),
        ("select = ['']\n", "bad value for 'select': an empty code"),
        ("select = []\n", "bad value for 'select': an empty list selects no rule"),
        ("extend-ignore = ['XYZ']\n", "extend-ignore: no rule matches 'XYZ'"),  # named by its own key
    ],
)
def test_bad_config_names_the_file_and_the_problem(tmp_path, body, needle):
    path = tmp_path / "mtqa.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(MtqaError) as exc:
        load_config(path)
    assert str(path) in str(exc.value) and needle in str(exc.value)


def test_a_config_that_is_not_utf8_is_a_config_error_not_a_traceback(tmp_path):
    path = tmp_path / "mtqa.toml"
    path.write_bytes(b"\xff\xfe[mtqa]\n")
    with pytest.raises(MtqaError) as exc:
        load_config(start=tmp_path)
    assert str(path) in str(exc.value) and "invalid TOML" in str(exc.value) and "UTF-8" in str(exc.value)
    assert "UTF-16 text" in str(exc.value)  # what the bytes are: a Windows "Unicode" file
    path.write_bytes(b'[mtqa]\nhouse-style = "uk"  # caf\xe9\n')
    with pytest.raises(MtqaError) as exc:
        load_config(start=tmp_path)
    assert "line 2, column 26" in str(exc.value) and "Windows-1252" in str(exc.value)


def test_user_lexicon_extends_the_calques_without_code(tmp_path):
    from mtqa.engine import Engine

    header = (ROOT / "corpora" / "calques.tsv").read_text(encoding="utf-8").splitlines()[3]
    row = ["X001", "CAL003", "make|made the grand bridge", "took a long weekend", "faire le grand pont",
           "House rule: a long bridge weekend.", "", "", "", "They [[made the grand bridge]].", "took a long weekend",
           "They made the grand bridge safe.", "house"]
    (tmp_path / "house.tsv").write_text(header + "\n" + "\t".join(row) + "\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text("grammar = 'none'\nlexicons = ['house.tsv']\n", encoding="utf-8")
    issues = Engine(load_config(start=tmp_path)).check_text("In May they made the grand bridge.").issues
    assert [(i.rule, i.text, i.suggestions[0]) for i in issues] == [("CAL003", "made the grand bridge", "took a long weekend")]


def test_broken_user_lexicon_names_file_and_line(tmp_path):
    from mtqa.engine import Engine

    (tmp_path / "bad.tsv").write_text("id\trule\tpattern\tsuggestions\nX1\tCAL999\tfoo\tbar\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text("grammar = 'none'\nlexicons = ['bad.tsv']\n", encoding="utf-8")
    with pytest.raises(MtqaError, match=r"bad\.tsv:2: unknown rule 'CAL999'"):
        Engine(load_config(start=tmp_path)).check_text("foo")


@pytest.mark.parametrize("text,house_style,flagged", [
    ("The minister called the plan 'a costly mistake', his aides said.", "auto", True),
    ("The minister called the plan 'a costly mistake', his aides said.", "us", True),
    # must not flag: UK house style, or a UK-spelled document under auto (UK papers quote in single marks)
    ("The minister called the plan 'a costly mistake', his aides said.", "uk", False),
    ("The minister called the plan 'a costly mistake', to the dismay of the organisers.", "auto", False),
])
def test_single_quote_check_follows_the_house_style(text, house_style, flagged):
    from mtqa.engine import Engine

    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none", house_style=house_style)
    found = [i for i in Engine(cfg).check_text(text, source=QUOTED_FR).issues if i.rule == "QUO008"]
    assert [i.text for i in found] == (["'a costly mistake'"] if flagged else [])  # the quotation, both marks


@pytest.mark.parametrize(
    "name,body,needle",
    [
        ("mtqa.toml", "mtqa = 3\n", "mtqa must be a table of settings ([mtqa]), not a whole number (3)"),
        ("mtqa.toml", "mtqa = ['REP']\n", "mtqa must be a table of settings"),
        ("pyproject.toml", "[tool]\nmtqa = 'strict'\n", "tool.mtqa must be a table of settings ([tool.mtqa]), not a string"),
    ],
)
def test_an_mtqa_key_that_is_not_a_table_names_the_file_not_a_traceback(tmp_path, name, body, needle):
    (tmp_path / name).write_text(body, encoding="utf-8")
    with pytest.raises(MtqaError) as exc:
        load_config(start=tmp_path)
    assert str(tmp_path / name) in str(exc.value) and needle in str(exc.value)


def test_top_level_settings_and_an_mtqa_table_in_one_file_all_apply(tmp_path):
    # the top-level fail-on was dropped without a word once an [mtqa.severity] table followed it
    path = tmp_path / "mtqa.toml"
    path.write_text('fail-on = "critical"\n\n[mtqa.severity]\nCAL005 = "minor"\n', encoding="utf-8")
    cfg = load_config(start=tmp_path)
    assert cfg.fail_on.name == "CRITICAL" and Severity.parse(str(cfg.severity["CAL005"])) is Severity.MINOR
    path.write_text('bogus = 1\n[mtqa]\ngrammar = "none"\n', encoding="utf-8")
    with pytest.raises(MtqaError, match="bogus"):
        load_config(start=tmp_path)
    path.write_text('grammar = "harper"\n[mtqa]\ngrammar = "none"\n', encoding="utf-8")
    with pytest.raises(MtqaError, match="grammar set both at the top level and under \\[mtqa\\]"):
        load_config(start=tmp_path)
    # another tool's table beside [mtqa] is left to it, and one table of settings written in both places applies whole
    path.write_text('severity = {TYP003 = "major"}\n[mtqa]\nselect = ["TYP"]\n[mtqa.severity]\nTYP001 = "major"\n'
                    '[other_tool]\nx = 1\n', encoding="utf-8")
    cfg = load_config(start=tmp_path)
    assert cfg.select == ("TYP",) and {k: Severity.parse(str(v)) for k, v in cfg.severity.items()} == {
        "TYP003": Severity.MAJOR, "TYP001": Severity.MAJOR}


def test_settings_that_extend_others_apply_wherever_they_are_written(tmp_path):
    (tmp_path / "accept.txt").write_text("Frumpton\n", encoding="utf-8")
    path = tmp_path / "mtqa.toml"
    path.write_text("accept-file = 'accept.txt'\naccept = ['Zorblax']\nextend-select = ['QUO004']\nselect = ['ALL']\n"
                    "extend-ignore = ['TYP003']\nignore = ['REP002']\n", encoding="utf-8")
    cfg = load_config(path)
    assert {"Frumpton", "Zorblax"} <= cfg.accept
    assert cfg.select == ("ALL", "QUO004") and cfg.ignore == ("REP002", "TYP003")


@pytest.mark.parametrize("code", ["QUO04", "CAL"])
def test_a_severity_override_for_no_rule_is_an_error_naming_the_file(tmp_path, code):
    path = tmp_path / "mtqa.toml"
    path.write_text(f"[severity]\n{code} = 'major'\n'HARPER:SpellCheck' = 'minor'\n", encoding="utf-8")
    with pytest.raises(MtqaError) as exc:
        codes(load_config(path))
    assert f"severity: no rule '{code}' (from {path})" in str(exc.value)
    path.write_text("[severity]\nE004 = 'major'\n'HARPER:SpellCheck' = 'minor'\n", encoding="utf-8")
    assert codes(load_config(path))  # the engine's own findings and the grammar backend's codes are fine


@pytest.mark.parametrize("body,needle,hint", [
    ("ignore = ['HARPER:Spellcheck']\n", "ignore: no rule matches 'HARPER:Spellcheck'", True),
    ("select = ['HARPER:Nope']\n", "select: no rule matches 'HARPER:Nope'", False),
    ("[severity]\n'HARPER:Spellcheck' = 'critical'\n", "severity: no rule 'HARPER:Spellcheck'", True),
])
def test_a_harper_code_that_names_no_lint_is_an_error_with_the_likely_one(tmp_path, body, needle, hint):
    pytest.importorskip("harper")
    path = tmp_path / "mtqa.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(MtqaError) as exc:
        codes(load_config(path))
    assert needle in str(exc.value)
    assert ("(did you mean HARPER:SpellCheck?)" in str(exc.value)) is hint


def test_harper_prefixes_and_the_shipped_harper_codes_name_harpers_lints():
    harper = pytest.importorskip("harper")
    from mtqa.engine import _shipped_harper_codes, check_selector_list

    lints = set(harper.get_default_lint_config())
    shipped = _shipped_harper_codes()
    assert shipped and {c.removeprefix("HARPER:") for c in shipped} <= lints
    check_selector_list("ignore", ["HARPER:Spell", "HARPER:", "HARPER", "LT:ANY_RULE"])  # prefixes still work


@pytest.mark.parametrize("value,needle", [('["txt"]', "'txt' needs its dot: \".txt\""), ("[]", "an empty list reads no file")])
def test_file_endings_without_their_dot_or_none_at_all_are_refused_with_the_fix(tmp_path, value, needle):
    # extensions = ["txt"] only said "no files to check" later, and [] printed "extensions: , and ..."
    (tmp_path / "mtqa.toml").write_text(f"extensions = {value}\n", encoding="utf-8")
    with pytest.raises(MtqaError, match="extensions") as exc:
        load_config(start=tmp_path)
    assert needle in str(exc.value)


def test_file_endings_match_whatever_their_case(tmp_path):
    (tmp_path / "mtqa.toml").write_text('extensions = [".RST", ".txt"]\n', encoding="utf-8")
    assert load_config(start=tmp_path).extensions == (".rst", ".txt")
