"""Steady background noise (fans, hiss, traffic rumble) taken out before decoding: streaming spectral subtraction.

32 ms windows every 16 ms (overlap-add with a square-root Hann window, so with no
noise the output is the input delayed by 16 ms). The noise spectrum is tracked as a
slowly rising minimum of the smoothed power per frequency, so it needs no voice
activity decision and follows a fan switched on within a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_N = 512
_HOP = 256


@dataclass(frozen=True)
class DenoiseSettings:
    over_subtraction: float = 2.0
    """How many times the noise estimate is taken off each frequency's power (higher = cleaner, more distortion)."""
    gain_floor: float = 0.05
    """Smallest power gain of a frequency (keeps a little noise, so no 'musical' tones)."""
    rise_per_s: float = 1.2
    """How fast the noise estimate may grow (factor per second) when the background gets louder."""


class Denoiser:
    """Feed int16 PCM of any length, get denoised int16 PCM back (16 ms behind)."""

    def __init__(self, settings: DenoiseSettings = DenoiseSettings()) -> None:
        self.settings = settings
        self._window = np.sqrt(np.hanning(_N + 1)[:_N])
        self._rise = settings.rise_per_s ** (_HOP / 16000)
        self._frame = np.zeros(_N)
        self._out = np.zeros(_N)
        self._pending = np.zeros(0)
        self._noise: np.ndarray | None = None
        self._smooth: np.ndarray | None = None

    def process(self, pcm: bytes) -> bytes:
        self._pending = np.concatenate([self._pending, np.frombuffer(pcm, dtype="<i2").astype(np.float64)])
        hops = len(self._pending) // _HOP
        out = np.empty(hops * _HOP)
        for k in range(hops):
            out[k * _HOP : (k + 1) * _HOP] = self._hop(self._pending[k * _HOP : (k + 1) * _HOP])
        self._pending = self._pending[hops * _HOP :]
        return np.clip(out, -32768, 32767).astype("<i2").tobytes()

    def _hop(self, samples: np.ndarray) -> np.ndarray:
        self._frame = np.concatenate([self._frame[_HOP:], samples])
        spectrum = np.fft.rfft(self._frame * self._window)
        power = spectrum.real**2 + spectrum.imag**2
        self._smooth = power if self._smooth is None else 0.7 * self._smooth + 0.3 * power
        if self._noise is None:
            self._noise = self._smooth.copy()
        else:
            self._noise = np.minimum(self._noise * self._rise, np.maximum(self._smooth, 0.9 * self._noise))
        gain = np.maximum(1.0 - self.settings.over_subtraction * self._noise / (power + 1e-9), self.settings.gain_floor)
        self._out += np.fft.irfft(spectrum * np.sqrt(gain), _N) * self._window
        done = self._out[:_HOP].copy()
        self._out = np.concatenate([self._out[_HOP:], np.zeros(_HOP)])
        return done
