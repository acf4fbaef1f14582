"""Hearing in a noisy room: WebRTC noise suppression in front of the real pocketsphinx decoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.app import Brain
from assistant.bench._hearing_data import pink_noise, render
from assistant.recognizer import open_recognizer
from assistant.recognizer.denoise import Denoiser
from assistant.recognizer.files import recognize_file
from assistant.settings import Settings
from assistant.wavfile import Audio, write_wav

ROOM_S = 2.0
"""The fan was on before the person spoke: the suppressor hears the room first."""


def noisy_wav(text: str, folder: Path, snr_db: float, seed: int = 3) -> Path:
    """``text`` in piper's voice at peak 0.5, after ``ROOM_S`` of pink noise, with the noise at ``snr_db`` below it."""
    speech = render(text, "piper:1.0").to_float()
    speech = speech / np.max(np.abs(speech)) * 0.5
    signal = np.concatenate([np.zeros(int(ROOM_S * 16000)), speech, np.zeros(8000)])
    noise = pink_noise(np.random.default_rng(seed), len(signal))
    signal = signal + noise * np.sqrt(np.mean(speech**2) / 10 ** (snr_db / 10) / np.mean(noise**2))
    path = folder / f"{text.replace(' ', '_').replace(chr(39), '')}_{snr_db:g}dB.wav"
    write_wav(path, Audio.from_float(signal))
    return path


@pytest.fixture(scope="module")
def brain() -> Brain:
    return Brain.load(Settings())


@pytest.mark.parametrize(
    "text,intent,slots",
    [("I'm in pain", "pain", {}), ("start knee rolls", "start_exercise", {"exercise": "knee_rolls"}), ("can you pass me the remote", None, {})],
)
def test_commands_are_heard_through_noise_at_10_db(text: str, intent: str | None, slots: dict, brain: Brain, tmp_path: Path) -> None:
    recognizer = open_recognizer(Settings(), brain, "pocketsphinx")
    result = recognize_file(noisy_wav(text, tmp_path, 10.0), recognizer, brain.matcher)
    assert (result.intent, result.slots) == (intent, slots), result


def pink(seconds: float, seed: int = 5) -> np.ndarray:
    noise = pink_noise(np.random.default_rng(seed), int(seconds * 16000))
    return noise / np.sqrt(np.mean(noise**2)) * 0.03  # about -30 dBFS, a loud fan


def run(denoiser: Denoiser, samples: np.ndarray) -> np.ndarray:
    out = b"".join(denoiser.process(Audio.from_float(samples[i : i + 333]).pcm) for i in range(0, len(samples), 333))
    return Audio(out).to_float()


def test_suppressor_takes_steady_noise_down_and_leaves_speech() -> None:
    denoiser = Denoiser(2)
    noise = run(denoiser, pink(3.0))
    learnt = noise[-16000:]  # the last second, after it has learnt the noise
    assert 10 * np.log10(np.mean(learnt**2) / np.mean(pink(3.0)[-16000:] ** 2)) < -10.0
    speech = render("start knee rolls", "piper:1.0").to_float()
    speech = speech / np.max(np.abs(speech)) * 0.5
    out = run(denoiser, speech)
    assert len(out) == len(speech) - len(speech) % 160  # whole 10 ms frames, no delay
    assert abs(10 * np.log10(np.mean(out**2) / np.mean(speech[: len(out)] ** 2))) < 3.0


def test_denoiser_rejects_a_level_it_does_not_have() -> None:
    with pytest.raises(ValueError, match="1-4"):
        Denoiser(7)


def test_reset_keeps_the_room_and_new_room_forgets_it(brain: Brain) -> None:
    recognizer = open_recognizer(Settings(), brain, "pocketsphinx")
    recognizer.accept(Audio.from_float(pink(1.0)).pcm)
    fan = recognizer.vad.noise_dbfs
    assert fan > -55.0  # it has learnt the fan (what is left of it after suppression)
    recognizer.reset()  # the coach spoke: the fan is still on
    assert recognizer.vad.noise_dbfs == fan
    recognizer.reset(new_room=True)  # another recording
    assert recognizer.vad.noise_dbfs == float("-inf")
