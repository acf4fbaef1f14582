"""Sound devices through sounddevice (PortAudio): the only module that imports it.

The callbacks only move PCM: the output one asks a ``Fill`` function for one block, the
input one hands a copy of its block to a ``Take`` function (which puts it on the loop).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .errors import DeviceError

_LOGGER = logging.getLogger(__name__)

Fill = Callable[[np.ndarray, float], None]
"""Fills one output block (float32, mono, in place); gets the monotonic time its first sample is heard."""
Take = Callable[[bytes], None]
"""Receives one input block of int16 mono PCM (called on the audio thread: must only hand it on)."""


@dataclass(frozen=True)
class Device:
    """A PortAudio device."""

    index: int
    name: str
    default_rate_hz: int
    """The rate the device prefers, in Hertz."""
    outputs: int
    """Output channels (0 = input only)."""
    inputs: int


def _sd() -> Any:
    try:
        import sounddevice
    except OSError as err:  # PortAudio missing
        raise DeviceError(f"PortAudio is not installed ({err}); install it (Debian: apt install libportaudio2).") from None
    return sounddevice


def list_devices() -> list[Device]:
    return [_device(i, d) for i, d in enumerate(_sd().query_devices())]


def find_output(spec: str | int | None) -> Device:
    """The output device by index or (part of its) name; None = the system default."""
    return _find(spec, "output")


def find_input(spec: str | int | None) -> Device:
    """The input device (microphone) by index or (part of its) name; None = the system default."""
    return _find(spec, "input")


def _find(spec: str | int | None, kind: str) -> Device:
    sd = _sd()
    try:
        info = sd.query_devices(_parse(spec), kind=kind)
    except (ValueError, sd.PortAudioError) as err:
        names = ", ".join(f"{d.index}: {d.name}" for d in list_devices() if (d.outputs if kind == "output" else d.inputs)) or "none"
        what = f"no default {kind} device" if spec is None else f"no {kind} device '{spec}'"
        raise DeviceError(f"There is {what} ({err}); choose one with --{kind} or [audio] {kind}_device (available: {names}).") from None
    return _device(int(info["index"]), info)


def input_rate(device: Device, preferred: int) -> int:
    """``preferred`` if the device records int16 mono at that rate, else its default rate."""
    sd = _sd()
    try:
        sd.check_input_settings(device=device.index, channels=1, dtype="int16", samplerate=preferred)
        return preferred
    except (ValueError, sd.PortAudioError):
        return device.default_rate_hz


def output_rate(device: Device, preferred: list[int]) -> int:
    """The first rate in ``preferred`` the device accepts for float32 mono output, else its default rate."""
    sd = _sd()
    for rate in preferred:
        try:
            sd.check_output_settings(device=device.index, channels=1, dtype="float32", samplerate=rate)
            return rate
        except (ValueError, sd.PortAudioError):
            continue
    return device.default_rate_hz


class _Stream:
    """A running PortAudio stream on one device; closing never fails, even on a device that has gone."""

    def __init__(self, device: Device, rate_hz: int, kind: str) -> None:
        self.device = device
        self.rate_hz = rate_hz
        self._kind = kind
        """input or output, for messages."""
        self._stream: Any = None

    def _start(self, make: Callable[[], Any]) -> None:
        sd = _sd()
        try:
            self._stream = make()
            self._stream.start()
        except (ValueError, sd.PortAudioError) as err:
            raise DeviceError(f"The {self._kind} device '{self.device.name}' refuses mono audio at {self.rate_hz} Hz ({err}); choose another with --{self._kind}.") from None

    def close(self) -> None:
        try:
            self._stream.stop()
            self._stream.close()
        except Exception:  # the device may already be gone; closing must not fail
            _LOGGER.debug("The %s stream did not close cleanly", self._kind, exc_info=True)


class OutputStream(_Stream):
    """A running mono float32 output stream that pulls blocks from ``fill``."""

    def __init__(self, device: Device, rate_hz: int, block_frames: int, fill: Fill) -> None:
        super().__init__(device, rate_hz, "output")
        self.block_frames = block_frames
        self._fill = fill
        self._start(lambda: _sd().OutputStream(device=device.index, samplerate=rate_hz, blocksize=block_frames, channels=1, dtype="float32", latency="low", callback=self._callback))
        self.latency_s = float(self._stream.latency)
        """Seconds from a block being filled to its first sample being heard (PortAudio's figure)."""

    def _callback(self, outdata: np.ndarray, frames: int, times: Any, status: Any) -> None:
        now = time.monotonic()
        ahead = times.outputBufferDacTime - times.currentTime
        if not 0.0 <= ahead < 1.0:  # some host APIs report no times
            ahead = self.latency_s
        self._fill(outdata[:, 0], now + ahead)


class InputStream(_Stream):
    """A running mono int16 input stream that hands every block to ``take``."""

    def __init__(self, device: Device, rate_hz: int, block_frames: int, take: Take) -> None:
        super().__init__(device, rate_hz, "input")
        self._take = take
        self._start(lambda: _sd().RawInputStream(device=device.index, samplerate=rate_hz, blocksize=block_frames, channels=1, dtype="int16", latency="low", callback=self._callback))

    def _callback(self, indata: Any, frames: int, times: Any, status: Any) -> None:
        self._take(bytes(indata))


def _parse(spec: str | int | None) -> str | int | None:
    if isinstance(spec, str) and spec.strip().isdigit():
        return int(spec)
    return spec


def _device(index: int, info: Any) -> Device:
    return Device(index, str(info["name"]), int(info["default_samplerate"]), int(info["max_output_channels"]), int(info["max_input_channels"]))
