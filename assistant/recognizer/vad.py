"""Voice activity by energy against a tracked noise floor, for engines that do not stream (Whisper).

Feeds 10 ms frames; a segment starts after ``start_s`` of speech and ends after
``trailing_silence_s`` of quiet. Returns the whole segment's PCM (with a little
lead-in) and its start/end times on the stream clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

_FRAME = 160  # 10 ms at 16 kHz


@dataclass
class EnergyVad:
    trailing_silence_s: float = 0.3
    """Quiet that ends a segment (seconds)."""
    start_s: float = 0.05
    """Speech that starts a segment (seconds)."""
    threshold_db: float = 6.0
    """How far above the noise floor a frame must be to count as speech (dB)."""
    max_segment_s: float = 8.0
    floor_rise_db_per_s: float = 3.0
    """How fast the noise floor follows a louder background while everything counts as loud (dB per second)."""
    stream_s: float = 0.0
    in_speech: bool = False
    _floor: float = 0.0
    """Noise power (mean square, full scale = 1); 0 until the first frame."""
    _pending: bytearray = field(default_factory=bytearray)
    _frames: list[bytes] = field(default_factory=list)
    _loud: int = 0
    _quiet: int = 0
    _start_s: float = 0.0

    def reset(self) -> None:
        self.__init__(self.trailing_silence_s, self.start_s, self.threshold_db, self.max_segment_s, self.floor_rise_db_per_s)  # type: ignore[misc]

    @property
    def noise_dbfs(self) -> float:
        """The background level learnt so far (dB full scale; -inf before the first frame)."""
        return 10 * float(np.log10(self._floor)) if self._floor else float("-inf")

    def rearm(self, clock_from_zero: bool = False) -> None:
        """Wait for the next speech onset, keeping the noise floor learnt so far (and the stream clock, unless told)."""
        self._frames, self.in_speech, self._loud, self._quiet = [], False, 0, 0
        if clock_from_zero:
            self.stream_s = 0.0

    def lead_in(self) -> bytes:
        """The audio buffered since just before the current onset."""
        return b"".join(self._frames) + bytes(self._pending)

    def accept(self, pcm: bytes) -> tuple[bytes, float, float] | None:
        self._pending += pcm
        found = None
        while len(self._pending) >= 2 * _FRAME:
            frame = bytes(self._pending[: 2 * _FRAME])
            del self._pending[: 2 * _FRAME]
            self.stream_s += _FRAME / 16000
            found = self._frame(frame) or found
        return found

    def flush(self) -> tuple[bytes, float, float] | None:
        if not self.in_speech:
            return None
        return self._close(self.stream_s)

    def _frame(self, frame: bytes) -> tuple[bytes, float, float] | None:
        x = np.frombuffer(frame, dtype="<i2").astype(np.float32) / 32768.0
        power = float(np.mean(x * x)) + 1e-10
        self._floor = self._floor or power
        loud = 10 * np.log10(power / self._floor) > self.threshold_db
        if not loud:
            self._floor = 0.95 * self._floor + 0.05 * power if power > self._floor else 0.7 * self._floor + 0.3 * power
        else:  # a background that got louder (a fan switched on) must not count as speech for ever
            self._floor *= 10 ** (self.floor_rise_db_per_s * _FRAME / 16000 / 10)
        self._frames.append(frame)
        if not self.in_speech:
            self._frames = self._frames[-30:]  # keep 300 ms of lead-in
            self._loud = self._loud + 1 if loud else 0
            if self._loud * _FRAME / 16000 >= self.start_s:
                self.in_speech, self._quiet = True, 0
                self._start_s = self.stream_s - len(self._frames) * _FRAME / 16000
            return None
        self._quiet = 0 if loud else self._quiet + 1
        if self._quiet * _FRAME / 16000 >= self.trailing_silence_s:
            return self._close(self.stream_s - self._quiet * _FRAME / 16000)
        if len(self._frames) * _FRAME / 16000 >= self.max_segment_s:
            return self._close(self.stream_s)
        return None

    def _close(self, end_s: float) -> tuple[bytes, float, float]:
        segment = (b"".join(self._frames), self._start_s, end_s)
        self._frames, self.in_speech, self._loud, self._quiet = [], False, 0, 0
        return segment
