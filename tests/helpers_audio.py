"""Speech for tests, made on the spot by the real piper voice (no committed audio)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from assistant.bench._hearing_data import render
from assistant.wavfile import Audio, write_wav


def speak_to_wav(text: str, folder: Path, voice: str = "piper:1.0", lead_s: float = 0.3, tail_s: float = 0.5) -> Path:
    """``folder/<text>.wav``: ``text`` said by ``voice`` with a little silence around it."""
    speech = render(text, voice).to_float()
    samples = np.concatenate([np.zeros(int(lead_s * 16000)), speech, np.zeros(int(tail_s * 16000))])
    path = folder / (re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") + ".wav")
    write_wav(path, Audio.from_float(samples))
    return path
