"""The voice, the phrase cache, the fixed phrases and the player, with the real default voice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.dialog import Dialog
from assistant.errors import ModelError
from assistant.phrase_cache import PhraseCache
from assistant.phrases import fixed_phrases
from assistant.player import Clip, Player
from assistant.routines import load_catalogue
from assistant.speaker import trim_lead
from assistant.voice import DEFAULT_VOICE, Voice, find_voice, list_voices


def test_the_default_voice_ships_in_its_package() -> None:
    assert find_voice(None).name == DEFAULT_VOICE
    assert list_voices([])[0].name == DEFAULT_VOICE


def test_a_voice_folder_is_searched_by_name(tmp_path: Path) -> None:
    (tmp_path / "my-voice.onnx").write_bytes(b"x")
    (tmp_path / "my-voice.onnx.json").write_text("{}")
    assert find_voice("my-voice", [tmp_path]).model_path == tmp_path / "my-voice.onnx"


@pytest.mark.parametrize("make, words", [
    (lambda d: None, "does not exist"),
    (lambda d: (d / "v.onnx").write_bytes(b"x"), "has no config"),
    (lambda d: ((d / "v.onnx").write_bytes(b"not a model"), (d / "v.onnx.json").write_text("{}")), "could not be loaded"),
])
def test_a_missing_or_broken_voice_is_one_sentence_naming_the_file(tmp_path: Path, make, words: str) -> None:  # type: ignore[no-untyped-def]
    make(tmp_path)
    with pytest.raises(ModelError) as err:
        Voice.load(find_voice(str(tmp_path / "v.onnx")))
    assert words in str(err.value) and "v.onnx" in str(err.value)
    assert str(err.value).count(". ") == 0 and str(err.value).endswith(".")


def test_an_unknown_voice_name_says_how_to_list_them() -> None:
    with pytest.raises(ModelError, match="assistant voices"):
        find_voice("no-such-voice", [])


def test_the_cache_keeps_phrases_on_disk_and_knows_their_exact_length(voice: Voice, tmp_path: Path) -> None:
    cache = PhraseCache(voice, tmp_path)
    assert cache.get("Hold.") is None
    pcm = cache.render("Hold.")
    again = PhraseCache(voice, tmp_path)  # a new run: memory is empty, the disk is not
    assert again.has("Hold.")
    assert np.array_equal(again.get("Hold."), pcm)
    assert again.speech_s("Hold.") == pytest.approx(len(pcm) / voice.rate_hz, abs=1e-6)


def test_the_cache_is_keyed_by_speed(voice: Voice, tmp_path: Path) -> None:
    PhraseCache(voice, tmp_path).render("Hold.")
    faster = Voice(voice.piper, voice.file, 1.5)
    assert not PhraseCache(faster, tmp_path).has("Hold.")


def test_uncached_durations_are_estimated_closely(voice: Voice) -> None:
    text = "Keep your shoulders flat on the floor and let your knees roll slowly to one side."
    actual = len(voice.synthesize(text)) / voice.rate_hz
    assert voice.estimate_s(text) == pytest.approx(actual, rel=0.25)


def test_fixed_phrases_are_what_the_coach_says_most_urgent_first() -> None:
    dialog = Dialog.load()
    phrases = fixed_phrases(load_catalogue(), dialog)
    assert phrases[0] == dialog.say("pain_ease")
    for text in ("One.", "Ten.", "Hold.", "And release.", dialog.say("stopped"), dialog.say("paused")):
        assert text in phrases
    assert len(phrases) == len(set(phrases))


def test_trimming_removes_the_silence_before_a_phrase(voice: Voice) -> None:
    pcm = voice.synthesize("One.")
    trimmed = trim_lead(pcm, voice.rate_hz)
    assert 0 < len(pcm) - len(trimmed) < voice.rate_hz // 10
    assert np.array_equal(trimmed, pcm[len(pcm) - len(trimmed):])


# --- the player (what the audio thread does) ----------------------------------------


def _blocks(player: Player, n: int, frames: int = 160, t0: float = 100.0) -> np.ndarray:
    out = []
    for i in range(n):
        block = np.zeros(frames, dtype=np.float32)
        player.fill(block, t0 + i * frames / player.rate_hz)
        out.append(block)
    return np.concatenate(out)


def test_a_timed_clip_starts_on_its_exact_sample() -> None:
    player = Player(16000, gain=1.0)
    player.push(Clip(np.ones(100, dtype=np.float32), start_at=100.0 + 250 / 16000))
    audio = _blocks(player, 3)
    assert np.nonzero(audio)[0][0] == 250


def test_a_cut_stops_the_clip_within_one_block_and_drops_the_queue() -> None:
    player = Player(16000, gain=1.0)
    player.push(Clip(np.ones(16000, dtype=np.float32), 0.0, "long"))
    player.push(Clip(np.ones(16000, dtype=np.float32), 0.0, "queued"))
    _blocks(player, 2)
    player.cut()
    player.push(Clip(np.full(160, 0.5, dtype=np.float32), 0.0, "urgent"))
    audio = _blocks(player, 3)
    assert np.all(audio[:64] <= 1.0) and np.all(audio[64:224] == 0.5) and not np.any(audio[224:])
    assert [s.label for s in player.started] == ["long", "urgent"]


def test_gain_changes_apply_to_the_next_block() -> None:
    player = Player(16000, gain=1.0)
    player.push(Clip(np.full(320, 0.5, dtype=np.float32), 0.0))
    first = _blocks(player, 1)
    player.gain = 2.0
    second = _blocks(player, 1)
    assert first.max() == 0.5 and second.max() == 1.0


def test_a_hold_countdown_never_talks_over_an_answer_but_counts_cut_in(voice: Voice, tmp_path: Path) -> None:
    import asyncio
    import time

    from assistant.events import Say
    from assistant.speaker import Speaker

    async def scenario() -> list[str]:
        player = Player(16000, gain=1.0)
        speaker = Speaker(PhraseCache(voice, tmp_path), player)
        for text in ("Three more in this set.", "Seven.", "Four."):
            speaker.prepare(text)
        speaker.say(Say("Three more in this set.", "answer"))
        speaker.say(Say("Seven.", "hold", detail={"second": 3}))  # dropped: the answer is playing
        after_countdown = [clip.label for clip in player._clips] + ([player._clip.label] if player._clip else [])
        speaker.say(Say("Four.", "count", detail={"rep": 4}))  # cuts in on its beat
        _blocks(player, 200, t0=time.monotonic())
        speaker.close()
        return after_countdown + ["|"] + [s.label for s in player.started]

    labels = asyncio.run(scenario())
    assert labels == ["Three more in this set.", "|", "Four."]
