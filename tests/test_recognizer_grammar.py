"""The grammar is the templates: every word sayable, every phrase matching its intent."""

from __future__ import annotations

from pathlib import Path

import pocketsphinx
import pytest
from pocketsphinx import Decoder

from assistant.app import Brain
from assistant.recognizer.dictionary import Dictionary, ipa_to_arpabet
from assistant.recognizer.endpoint import Endpoint, EndpointSettings, has_ended
from assistant.recognizer.grammar import Grammar, coach_sentences
from assistant.settings import Settings

MODEL = Path(pocketsphinx.get_model_path()) / "en-us"


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain.load(Settings())


@pytest.fixture(scope="module")
def grammar(brain: Brain) -> Grammar:
    return Grammar.from_matcher(brain.matcher)


def test_every_template_word_has_a_pronunciation(grammar: Grammar) -> None:
    dictionary = Dictionary.from_file(MODEL / "cmudict-en-us.dict")
    dictionary.cover(grammar.words)
    assert dictionary.missing == []


def test_phrase_list_sentences_all_match_an_intent(grammar: Grammar, brain: Brain) -> None:
    assert len(grammar.phrases) > 300
    unmatched = [p for p in grammar.phrases if brain.matcher.match(p) is None]
    assert unmatched == []
    assert {brain.matcher.match(p).name for p in grammar.phrases} == set(brain.matcher.names)  # type: ignore[union-attr]


def test_garbage_words_never_overlap_command_words(grammar: Grammar) -> None:
    assert grammar.garbage_words and not grammar.garbage_words & grammar.words


def test_coach_sentences_come_from_routines_and_responses() -> None:
    sentences = set(coach_sentences())
    assert "keep both shoulders resting on the floor" in sentences
    assert "paused" in sentences


def test_jsgf_loads_in_pocketsphinx(grammar: Grammar, tmp_path: Path) -> None:
    dictionary = Dictionary.from_file(MODEL / "cmudict-en-us.dict")
    entries = dictionary.cover(grammar.all_words)
    (tmp_path / "g.dict").write_text("".join(f"{w} {p}\n" for w, p in entries.items()))
    (tmp_path / "g.jsgf").write_text(grammar.jsgf)
    Decoder(hmm=str(MODEL / "en-us"), dict=str(tmp_path / "g.dict"), jsgf=str(tmp_path / "g.jsgf"), loglevel="FATAL")


def test_ipa_becomes_arpabet() -> None:
    assert ipa_to_arpabet("ʌnpˈɔːz") == "AH N P AO Z"
    assert ipa_to_arpabet("dˌa\u200dɪəfɹɐɡmˈæɾɪk").startswith("D AY AH F R")


@pytest.mark.parametrize(
    "point,ended",
    [
        (Endpoint(speech_s=0.5, silence_s=0.1, complete=True), True),
        (Endpoint(speech_s=0.5, silence_s=0.1, complete=False), False),
        (Endpoint(speech_s=0.5, silence_s=0.7, complete=False), True),
        (Endpoint(speech_s=9.0, silence_s=0.0, complete=False), True),
    ],
)
def test_complete_phrases_end_fast_and_others_wait(point: Endpoint, ended: bool) -> None:
    assert has_ended(point, EndpointSettings()) is ended


def test_coach_sentences_are_whole_phrases_of_the_grammar_and_never_commands(grammar: Grammar, brain: Brain) -> None:
    assert "( keep both shoulders resting on the floor )" in grammar.jsgf
    assert "( rest for <c_number> seconds )" in grammar.jsgf
    assert "( let's do <c_name> )" not in grammar.jsgf  # "let's do knee rolls" is a command: the self-echo guard's job
    assert brain.matcher.match("keep both shoulders resting on the floor") is None


def test_a_context_grammar_keeps_only_its_intents(grammar: Grammar, tmp_path: Path) -> None:
    jsgf = grammar.jsgf_for(frozenset({"pain", "stop"}))
    assert "<command> = <i_pain> | <i_stop> ;" in jsgf and jsgf.count("<command> =") == 1
    dictionary = Dictionary.from_file(MODEL / "cmudict-en-us.dict")
    (tmp_path / "g.dict").write_text("".join(f"{w} {p}\n" for w, p in dictionary.cover(grammar.all_words).items()))
    (tmp_path / "g.jsgf").write_text(jsgf)
    Decoder(hmm=str(MODEL / "en-us"), dict=str(tmp_path / "g.dict"), jsgf=str(tmp_path / "g.jsgf"), loglevel="FATAL")


def test_energy_vad_learns_a_noise_floor_louder_than_it_expected() -> None:
    import numpy as np

    from assistant.recognizer.vad import EnergyVad

    vad = EnergyVad()
    noise = (np.random.default_rng(1).standard_normal(16000 * 3) * 0.05 * 32767).astype("<i2").tobytes()
    vad.accept(noise)
    assert not vad.in_speech
    tone = (np.sin(np.arange(8000) * 0.1) * 0.5 * 32767).astype("<i2").tobytes()
    vad.accept(tone)
    assert vad.in_speech


def test_unpronounceable_coach_and_garbage_words_are_left_out_not_fatal(grammar: Grammar, tmp_path: Path) -> None:
    from assistant.recognizer.pocketsphinx_engine import _without

    lost = frozenset({"glute", "worktop", "diaphragmatic"})
    smaller = _without(grammar, lost)
    dictionary = Dictionary.from_file(MODEL / "cmudict-en-us.dict")
    entries = {w: p for w, p in dictionary.cover(grammar.all_words).items() if w not in lost}
    (tmp_path / "g.dict").write_text("".join(f"{w} {p}\n" for w, p in entries.items()))
    (tmp_path / "g.jsgf").write_text(smaller.jsgf)
    assert not lost & set(smaller.jsgf.replace("(", " ").replace(")", " ").split())
    Decoder(hmm=str(MODEL / "en-us"), dict=str(tmp_path / "g.dict"), jsgf=str(tmp_path / "g.jsgf"), loglevel="FATAL")
