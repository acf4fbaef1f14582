"""WAV files in, 16 kHz mono 16-bit PCM out (any rate, channel count, integer or float samples).

Errors name the file and say what is wrong with it in one sentence.
"""

from __future__ import annotations

import struct
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soxr

from .errors import CoachError

RATE_HZ = 16000
"""The rate every recognizer gets."""

_PCM, _FLOAT, _EXTENSIBLE = 1, 3, 0xFFFE


class AudioFileError(CoachError):
    """A file that is not usable audio."""


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit PCM."""

    pcm: bytes
    """Little-endian int16 samples."""
    rate_hz: int = RATE_HZ
    """Samples per second."""

    @property
    def duration_s(self) -> float:
        return len(self.pcm) / 2 / self.rate_hz

    @classmethod
    def from_float(cls, samples: np.ndarray, rate_hz: int = RATE_HZ) -> "Audio":
        """From floats in -1..1 (clipped)."""
        ints = np.clip(np.asarray(samples, dtype=np.float64) * 32767.0, -32768, 32767).astype("<i2")
        return cls(ints.tobytes(), rate_hz)

    def to_float(self) -> np.ndarray:
        return np.frombuffer(self.pcm, dtype="<i2").astype(np.float32) / 32768.0


def read_wav(path: Path, rate_hz: int = RATE_HZ) -> Audio:
    """Read ``path`` and resample/mix it to ``rate_hz`` mono."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise AudioFileError(f"{path}: cannot be read ({err.strerror}).") from None
    if not data:
        raise AudioFileError(f"{path}: is empty (0 bytes); record or render it again.")
    samples, source_rate = _decode(path, data)
    if samples.size == 0:
        raise AudioFileError(f"{path}: holds no audio (zero samples); record or render it again.")
    mono = samples.mean(axis=1)
    if source_rate != rate_hz:
        mono = soxr.resample(mono, source_rate, rate_hz)
    return Audio.from_float(mono, rate_hz)


def write_wav(path: Path, audio: Audio) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(audio.rate_hz)
        out.writeframes(audio.pcm)


def _decode(path: Path, data: bytes) -> tuple[np.ndarray, int]:
    """(frames x channels float array, rate) from RIFF/WAVE bytes."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioFileError(f"{path}: is not a WAV file (no RIFF/WAVE header); convert it with e.g. 'sox IN -r 16000 -c 1 OUT.wav'.")
    fmt, body = _chunks(path, data)
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag == _EXTENSIBLE and len(fmt) >= 26:
        tag = struct.unpack("<H", fmt[24:26])[0]
    if channels < 1 or rate < 1000:
        raise AudioFileError(f"{path}: has an impossible format ({channels} channels at {rate} Hz).")
    width = bits // 8
    usable = len(body) - len(body) % (width * channels)
    raw = body[:usable]
    if tag == _PCM and width == 1:
        samples = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    elif tag == _PCM and width in (2, 4):
        samples = np.frombuffer(raw, dtype=f"<i{width}").astype(np.float32) / float(2 ** (bits - 1))
    elif tag == _PCM and width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = (b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)) << 8 >> 8
        samples = ints.astype(np.float32) / float(2**23)
    elif tag == _FLOAT and width in (4, 8):
        samples = np.frombuffer(raw, dtype=f"<f{width}").astype(np.float32)
    else:
        raise AudioFileError(f"{path}: uses an unsupported WAV encoding (format {tag}, {bits} bits); convert it to 16-bit PCM.")
    return samples.reshape(-1, channels), rate


def _chunks(path: Path, data: bytes) -> tuple[bytes, bytes]:
    fmt = body = None
    pos = 12
    while pos + 8 <= len(data):
        name, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        if name == b"fmt ":
            fmt = data[pos + 8 : pos + 8 + size]
        elif name == b"data":
            body = data[pos + 8 : pos + 8 + size]
            break
        pos += 8 + size + (size & 1)
    if fmt is None or len(fmt) < 16 or body is None:
        raise AudioFileError(f"{path}: is a broken WAV file (no 'fmt ' or 'data' chunk).")
    return fmt, body
