"""``assistant say`` and ``assistant voices``: honest checks with the real voice and a real recognizer."""

from __future__ import annotations

import os
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
import soxr

from assistant.phrase_cache import PhraseCache
from assistant.recognizer.dictionary import edit_distance
from assistant.voice import Voice

SENTENCE = "Lie on your back and pull up your knees"
ROOT = Path(__file__).resolve().parents[1]


def _assistant(*args: str, cache_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "assistant", *args], env=env, capture_output=True, text=True, timeout=120)


def _read(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16), wav.getframerate()


def _word_errors(pcm: np.ndarray, rate_hz: int) -> int:
    """Word errors of pocketsphinx (default model and config) on ``pcm`` against SENTENCE."""
    from pocketsphinx import Decoder

    audio = soxr.resample(pcm.astype(np.float32), rate_hz, 16000) if rate_hz != 16000 else pcm.astype(np.float32)
    decoder = Decoder(dither=False)  # the same samples always give the same words
    decoder.start_utt()
    decoder.process_raw(np.clip(audio, -32768, 32767).astype(np.int16).tobytes(), full_utt=True)
    decoder.end_utt()
    heard = decoder.hyp().hypstr.split() if decoder.hyp() else []
    return edit_distance(SENTENCE.lower().split(), heard)


def _snr_db(ours: np.ndarray, ours_rate: int, plain: np.ndarray, plain_rate: int) -> float:
    """How far ``ours`` (brought back to ``plain_rate``) stays above its difference from ``plain``, after
    lining the two up and undoing the volume setting."""
    back = soxr.resample(ours.astype(np.float64), ours_rate, plain_rate, quality="VHQ") if ours_rate != plain_rate else ours.astype(np.float64)
    reference = plain.astype(np.float64)
    size = 1 << (len(back) + len(reference)).bit_length()
    xcorr = np.fft.irfft(np.fft.rfft(reference, size) * np.conj(np.fft.rfft(back, size)), size)
    shift = int(np.argmax(xcorr))  # reference[shift:] lines up with back (say trims the silent lead-in)
    shift = shift if shift < size // 2 else shift - size
    reference = reference[shift:] if shift >= 0 else np.concatenate([np.zeros(-shift), reference])
    n = min(len(back), len(reference))
    back, reference = back[:n], reference[:n]
    scale = np.dot(back, reference) / np.dot(reference, reference)  # the volume setting
    noise = back - scale * reference
    return float(10 * np.log10(np.sum((scale * reference) ** 2) / np.sum(noise**2)))


@pytest.mark.parametrize("rate", [None, 16000, 48000])
def test_say_out_is_the_cached_speech_at_any_rate(voice: Voice, tmp_path: Path, rate: int | None) -> None:
    """Caching, resampling and volume keep the signal: what say writes is piper's own output, rescaled.

    (A recognizer's word count was too coarse here: one word flipped on a difference of one LSB.)
    """
    cache_home = tmp_path / "cache"
    plain = voice.synthesize(SENTENCE)  # piper's own output, as synthesize_wav writes it
    PhraseCache(voice, cache_home / "back-coach" / "phrases").store(SENTENCE, plain)  # say will find it cached
    out = tmp_path / "x.wav"
    result = _assistant("say", SENTENCE, "--out", str(out), *(["--rate", str(rate)] if rate else []), cache_home=cache_home)
    assert result.returncode == 0, result.stderr
    ours, ours_rate = _read(out)
    assert ours_rate == (rate or voice.rate_hz)
    snr_db = _snr_db(ours, ours_rate, plain, voice.rate_hz)
    assert snr_db >= 30, f"the path from cache to file left the speech only {snr_db:.1f} dB above its own distortion"
    assert np.abs(ours).max() < 32767  # the volume never clips


def test_say_out_of_fresh_speech_is_the_sentence(voice: Voice, tmp_path: Path) -> None:
    """Without a cache say synthesizes afresh. Piper varies from run to run, so this cannot compare
    with one plain run: over 190 plain runs pocketsphinx (default model) got 0-2 of these 8 words
    wrong, never more; silence, noise or another sentence gets 6 or more wrong. So 3 is the line."""
    out = tmp_path / "x.wav"
    result = _assistant("say", SENTENCE, "--out", str(out), cache_home=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    ours, ours_rate = _read(out)
    assert ours_rate == voice.rate_hz
    assert _word_errors(ours, ours_rate) <= 3
    assert np.abs(ours).max() < 32767  # the volume never clips


@pytest.mark.parametrize("args, words", [
    (["say", "Hello", "--voice", "/no/such/voice.onnx", "--out", "/tmp/x.wav"], "does not exist"),
    (["say", "Hello", "--voice", "nobody", "--out", "/tmp/x.wav"], "assistant voices"),
    (["console", "--speak", "--simulated-time"], "needs real time"),
])
def test_bad_input_is_one_sentence_and_exit_2(tmp_path: Path, args: list[str], words: str) -> None:
    result = _assistant(*args, cache_home=tmp_path)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_voices_lists_the_default_and_the_folders(tmp_path: Path) -> None:
    result = _assistant("voices", cache_home=tmp_path)
    assert result.returncode == 0
    assert "en_US-joe-medium" in result.stdout and "22050 Hz" in result.stdout and "Voice folders" in result.stdout
