"""The audio-thread side of playback: clips in, one block of samples out.

``fill`` runs in the PortAudio callback. It only copies PCM: no synthesis, no locks, no
allocation beyond numpy slicing. The loop hands it clips through a deque (thread-safe for
one producer and one consumer) and cuts it off by bumping ``generation``.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

import numpy as np

FADE_S = 0.004
"""A cut-off clip fades out over this many seconds instead of clicking."""


@dataclass
class Clip:
    """Audio to play, already at the device rate."""

    pcm: np.ndarray
    """float32 mono samples in [-1, 1], before the volume gain."""
    start_at: float
    """Monotonic seconds when the first sample should be heard; 0 = as soon as possible."""
    label: str = ""
    """What is said, for logs and measurements."""
    generation: int = -1
    """Set by ``Player.push``: clips older than the last cut are dropped."""


@dataclass
class Started:
    """A clip began playing (recorded by the audio thread, read by measurements)."""

    label: str
    heard_at: float
    """Monotonic seconds when its first sample is heard (PortAudio's estimate)."""
    filled_at: float
    """Monotonic seconds when it was copied into the device buffer."""
    late_s: float
    """How much later than ``start_at`` it started (0 when on time or not timed)."""


@dataclass
class Player:
    rate_hz: int
    """Device sample rate, Hertz."""
    gain: float = 0.5
    """Linear gain applied while copying (changed by the loop at any time)."""
    generation: int = 0
    """Bumped by ``cut()``; the audio thread drops older clips at its next block."""
    started: deque[Started] = field(default_factory=lambda: deque(maxlen=1000))
    cuts: deque[float] = field(default_factory=lambda: deque(maxlen=1000))
    """Monotonic hearing times at which a playing clip was cut off."""
    blocks: int = 0
    """Blocks filled so far (the stream is running when this grows)."""
    _clips: deque[Clip] = field(default_factory=deque)
    _clip: Clip | None = None
    _pos: int = 0
    _seen: int = 0

    # --- loop side -------------------------------------------------------------

    def push(self, clip: Clip) -> None:
        clip.generation = self.generation
        self._clips.append(clip)

    def cut(self) -> None:
        """Stop what is playing and drop what is queued (at the next audio block)."""
        self.generation += 1

    def busy(self) -> bool:
        return self._clip is not None or bool(self._clips)

    # --- audio thread ----------------------------------------------------------

    def fill(self, out: np.ndarray, heard_at: float) -> None:
        """Fill ``out`` (float32, one block) in place; its first sample is heard at ``heard_at``."""
        out.fill(0.0)
        self.blocks += 1
        pos = self._fade_if_cut(out, heard_at)
        frames = len(out)
        while pos < frames:
            if self._clip is None:
                pos = self._next_clip(pos, frames, heard_at)
                if pos < 0:
                    return
            clip = self._clip
            if clip is None:
                return
            n = min(frames - pos, len(clip.pcm) - self._pos)
            np.multiply(clip.pcm[self._pos:self._pos + n], self.gain, out=out[pos:pos + n])
            pos += n
            self._pos += n
            if self._pos >= len(clip.pcm):
                self._clip = None

    def _fade_if_cut(self, out: np.ndarray, heard_at: float) -> int:
        generation = self.generation
        if generation == self._seen:
            return 0
        self._seen = generation
        clip, self._clip = self._clip, None
        while self._clips and self._clips[0].generation < generation:
            self._clips.popleft()
        if clip is None:
            return 0
        self.cuts.append(heard_at)
        n = min(int(FADE_S * self.rate_hz), len(clip.pcm) - self._pos, len(out))
        ramp = np.linspace(1.0, 0.0, n, endpoint=False, dtype=np.float32)
        out[:n] = clip.pcm[self._pos:self._pos + n] * ramp * self.gain
        return n

    def _next_clip(self, pos: int, frames: int, heard_at: float) -> int:
        """Take the next clip if it is due within this block; returns where it starts, -1 if none is."""
        while self._clips and self._clips[0].generation < self._seen:
            self._clips.popleft()
        if not self._clips:
            return -1
        clip = self._clips[0]
        late_s = 0.0
        if clip.start_at:
            offset = int(round((clip.start_at - heard_at) * self.rate_hz))
            if offset >= frames:
                return -1
            pos = max(pos, offset)
            late_s = max(0.0, pos / self.rate_hz + heard_at - clip.start_at)
        self._clips.popleft()
        self._clip, self._pos = clip, 0
        self.started.append(Started(clip.label, heard_at + pos / self.rate_hz, time.monotonic(), late_s))
        return pos
