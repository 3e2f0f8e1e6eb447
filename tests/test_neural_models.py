"""Bring-your-own models (quality estimation, fluency, re-translation, a local encoder): loaded from local
folders through transformers, batched, and mapped back onto the text. The models are tiny, built here from a
config with random weights (tests/tinymodels.py): their scores mean nothing, so these tests check loading,
batching, offsets and wiring, never quality."""

from __future__ import annotations

from dataclasses import replace

import pytest

import tinymodels
from conftest import ROOT
from mtqa.config import load_config
from mtqa.engine import Engine
from mtqa.errors import MtqaError

SOURCE = ("Le port de Marseille a enregistré une hausse de son trafic de conteneurs au troisième trimestre. "
          "Les dockers ont menacé de faire grève si leurs salaires n'étaient pas revalorisés. "
          "Une réunion avec les syndicats est prévue la semaine prochaine à la préfecture.")
TARGET = ("The port of Marseille recorded a rise in container traffic in the third quarter. "
          "The dockers threatened to strike if their wages were not raised. "
          "A meeting with the unions is scheduled for next week at the prefecture.")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return tinymodels.build(tmp_path_factory.mktemp("models"))


def engine(tiny, select, **neural):
    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none", select=select)
    return Engine(replace(cfg, neural=replace(cfg.neural, enabled=True, **neural)))


def test_quality_estimation_batches_give_the_scores_of_single_pairs(tiny):
    from mtqa.neural.qe import estimator

    e = engine(tiny, ("BIL008",), qe_model=str(tiny["qe"]), batch_size=3)
    score = estimator(e.context)
    pairs = [(s, t) for s, t in zip(SOURCE.split(". "), TARGET.split(". "))] * 3  # 9 pairs: batches of 3
    together = score(pairs)
    assert len(together) == 9
    assert together == pytest.approx([score([p])[0] for p in pairs], abs=1e-5)


def test_quality_estimation_flags_whole_target_sentences_by_its_threshold(tiny):
    sentences = [TARGET[:TARGET.index("The dockers")].strip(), "The dockers threatened to strike if their wages were not raised.",
                 "A meeting with the unions is scheduled for next week at the prefecture."]
    everything = engine(tiny, ("BIL008",), qe_model=str(tiny["qe"]), qe_threshold=1e9).check_text(TARGET, source=SOURCE)
    assert [i.text for i in everything.issues] == sentences
    assert all(i.text == TARGET[i.start:i.end] and 0.5 <= i.confidence <= 1 and "Source: «" in i.message for i in everything.issues)
    nothing = engine(tiny, ("BIL008",), qe_model=str(tiny["qe"]), qe_threshold=-1e9).check_text(TARGET, source=SOURCE)
    assert nothing.issues == []


def test_surprisal_is_the_same_in_a_padded_batch_and_maps_to_the_text(tiny):
    from mtqa.neural.fluency import scorer

    e = engine(tiny, ("FLU001",), fluency_model=str(tiny["lm"]), batch_size=4)
    surprisal = scorer(e.context)
    texts = ["Short one here.", TARGET, "Gusts reached 150 km/h on the Brittany coast during the night."]
    together = surprisal(texts)
    for text, tokens in zip(texts, together):
        alone = surprisal([text])[0]
        assert [t[:2] for t in tokens] == [t[:2] for t in alone]
        assert [t[2] for t in tokens] == pytest.approx([t[2] for t in alone], abs=1e-4)
        assert tokens and all(0 <= s < e <= len(text) and text[s:e].strip() and bits >= 0 for s, e, bits in tokens)


def test_fluency_spans_are_words_of_the_document_and_follow_the_threshold(tiny):
    text = "Talks collapsed.\n\nThe dockers threatened to strike if their wages were not raised by the company."
    found = engine(tiny, ("FLU001",), fluency_model=str(tiny["lm"]), fluency_threshold=0.0).check_text(text).issues
    assert found
    for i in found:
        assert i.text == text[i.start:i.end] and i.text[0].isalnum() and i.text[-1].isalnum()
        assert not i.text[0].isupper()  # capitalised words (names) are never marked
        assert 0.5 <= i.confidence <= 1
    assert engine(tiny, ("FLU001",), fluency_model=str(tiny["lm"]), fluency_threshold=1e6).check_text(text).issues == []


def test_retranslation_model_suggests_for_flagged_sentences(tiny):
    from mtqa.neural.translate import translator

    e = engine(tiny, ("BIL008",), qe_model=str(tiny["qe"]), qe_threshold=1e9, translation_model=str(tiny["mt"]), batch_size=2)
    translate = translator(e.context)
    sources = ["Le port de Marseille a enregistré une hausse.", "Une réunion est prévue.", "Les dockers ont menacé."]
    assert translate(sources) == [translate([s])[0] for s in sources]
    issues = e.check_text(TARGET, source=SOURCE).issues
    assert len(issues) == 3
    source_sentences = [s + "." for s in SOURCE.rstrip(".").split(". ")]
    assert [i.suggestions[0] for i in issues] == translate(source_sentences)


def test_a_local_encoder_replaces_e5_for_alignment_and_meaning_checks(tiny):
    from mtqa.neural.crosslingual import similarity_function

    e = engine(tiny, ("BIL005", "BIL007"), encoder=str(tiny["encoder"]))
    matrix = similarity_function(e.context)(SOURCE.split(". "), TARGET.split(". ")[:2])
    assert matrix.shape == (3, 2) and ((matrix > -1.001) & (matrix < 1.001)).all()
    result = e.check_text(TARGET, source=SOURCE)  # runs end to end; a random encoder's verdicts mean nothing
    assert all(i.text == TARGET[i.start:i.end] for i in result.issues)
    assert "neural:encoder+minilm-l6" in e.signature


@pytest.mark.parametrize("key,field,code", [("qe-model", "qe_model", "BIL008"), ("fluency-model", "fluency_model", "FLU001"),
                                            ("translation-model", "translation_model", "BIL007"), ("encoder", "encoder", "BIL007")])
def test_a_missing_model_folder_fails_before_any_document_with_what_to_do(tmp_path, key, field, code):
    missing = tmp_path / "nowhere"
    with pytest.raises(MtqaError) as err:
        engine(None, (code,), **{field: str(missing)})
    message = str(err.value)
    assert str(missing) in message and key in message and "save_pretrained" in message


def test_a_model_folder_without_its_tokenizer_is_refused_before_loading(tmp_path):
    (tmp_path / "qe").mkdir()
    (tmp_path / "qe" / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(MtqaError, match="has no tokenizer files"):
        engine(None, ("BIL008",), qe_model=str(tmp_path / "qe"))


def test_a_model_rule_selected_by_code_without_its_model_says_how_to_configure_it():
    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(grammar="none", select=("FLU001",))
    with pytest.raises(MtqaError, match=r"fluency-model = \"PATH\" under \[mtqa.neural\]"):
        Engine(cfg)


def test_model_rules_stay_off_with_the_neural_layer_until_their_model_is_configured():
    cfg = load_config(ROOT / "configs" / "default.toml").with_overrides(neural=True)
    codes = {r.code for r in Engine(cfg).rules}
    assert {"BIL007", "QUO007", "DUP002", "DUP003"} <= codes
    assert not {"BIL008", "FLU001"} & codes


def test_model_paths_in_a_config_file_are_relative_to_it(tmp_path, tiny):
    (tmp_path / "mtqa.toml").write_text(f'[mtqa.neural]\nenabled = true\nqe-model = "models/qe"\nqe-threshold = 0.2\n', encoding="utf-8")
    cfg = load_config(tmp_path / "mtqa.toml")
    assert cfg.neural.enabled and cfg.neural.qe_threshold == 0.2
    assert cfg.neural.qe_model == str((tmp_path / "models" / "qe").resolve())
    (tmp_path / "bad.toml").write_text('[mtqa.neural]\nqe-treshold = 0.2\n', encoding="utf-8")
    with pytest.raises(MtqaError, match="unknown neural setting 'qe-treshold'"):
        load_config(tmp_path / "bad.toml")


def test_the_cli_stops_with_exit_2_and_the_folder_to_fill_when_a_model_is_missing(tmp_path):
    import subprocess
    import sys

    (tmp_path / "mtqa.toml").write_text('[mtqa.neural]\nenabled = true\nqe-model = "models/qe"\n', encoding="utf-8")
    story = tmp_path / "story.en.txt"
    story.write_text(TARGET, encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text(SOURCE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mtqa.cli", "check", str(story)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == ""
    assert f"{tmp_path / 'models' / 'qe'} does not exist" in run.stderr and "quality-estimation" in run.stderr


def test_the_example_neural_config_loads():
    cfg = load_config(ROOT / "configs" / "neural.toml")
    assert cfg.neural.enabled and cfg.neural.encoder == "e5" and cfg.neural.qe_model is None


def test_an_omitted_sentence_gets_the_translation_model_s_version_inserted(tiny):
    from mtqa.neural.translate import translator

    source = SOURCE
    target = TARGET.replace("The dockers threatened to strike if their wages were not raised. ", "")
    e = engine(tiny, ("BIL005",), translation_model=str(tiny["mt"]))
    found = e.check_text(target, source=source).issues
    assert [i.text for i in found] == ["The port of Marseille recorded a rise in container traffic in the third quarter."]
    missing = translator(e.context)(["Les dockers ont menacé de faire grève si leurs salaires n'étaient pas revalorisés."])[0]
    assert found[0].suggestions == (f"{found[0].text} {missing}",)


def test_the_translation_model_is_a_real_marian_model_with_its_sentencepiece_tokenizer(tiny):
    from mtqa.neural.translate import translator

    e = engine(tiny, ("BIL007",), translation_model=str(tiny["mt"]))
    translate = translator(e.context)
    assert {"source.spm", "target.spm", "vocab.json"} <= {p.name for p in tiny["mt"].iterdir()}
    out = translate(["Le port de Marseille a enregistré une hausse.", "Une réunion est prévue."])
    assert len(out) == 2 and all(isinstance(t, str) for t in out)
    assert translator(e.context) is translate  # loaded once per engine


def test_mtqa_fix_leaves_model_output_to_a_person_unless_asked(tiny, tmp_path):
    import subprocess
    import sys

    (tmp_path / "mtqa.toml").write_text(f'[mtqa.neural]\nenabled = true\ntranslation-model = "{tiny["mt"]}"\n', encoding="utf-8")
    story = tmp_path / "story.en.txt"
    hallucinated = TARGET.replace("The dockers threatened to strike if their wages were not raised.",
                                  "The dockers celebrated the opening of a new terminal with the mayor.")
    story.write_text(hallucinated, encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text(SOURCE, encoding="utf-8")

    def fix(*flags):
        return subprocess.run([sys.executable, "-m", "mtqa.cli", "fix", "--grammar", "none", "--select", "BIL007", *flags,
                               str(story)], capture_output=True, text=True, cwd=tmp_path, check=True).stdout

    assert fix() == hallucinated  # the re-translation is suggested, not applied
    assert "celebrated" not in fix("--neural-fixes")


def test_mtqa_rules_marks_the_neural_layer():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "mtqa.cli", "rules"], capture_output=True, text=True, check=True).stdout
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert all(" neural " in rows[c] for c in ("QUO007", "DUP002", "DUP003", "BIL007", "BIL008", "FLU001"))
    assert " neural " not in rows["DUP001"] and " opt-in " in rows["QUO004"]
