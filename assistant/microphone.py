"""The microphone as an async stream of 16 kHz mono int16 blocks; a lost device is reopened."""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import AsyncIterator

import numpy as np
import soxr

from .audio import InputStream, find_input, input_rate
from .errors import DeviceError

_LOGGER = logging.getLogger(__name__)

RATE_HZ = 16000
"""What the recognizers take."""


class Microphone:
    def __init__(self, spec: str | None, loop: asyncio.AbstractEventLoop, block_s: float = 0.03, retry_s: float = 2.0) -> None:
        self.spec = spec
        self.loop = loop
        self.block_s = block_s
        """Seconds of audio per block."""
        self.retry_s = retry_s
        """Seconds between attempts to reopen a lost device."""
        self._queue: asyncio.Queue[bytes] = asyncio.Queue(maxsize=200)
        self._stream: InputStream | None = None
        self._resampler: soxr.ResampleStream | None = None
        self.reopened = 0
        """How many times the device was reopened (listeners drop what they half-heard)."""

    def open(self) -> None:
        """Open the device; a DeviceError says which and how to choose another."""
        device = find_input(self.spec)
        rate = input_rate(device, RATE_HZ)
        self._resampler = None if rate == RATE_HZ else soxr.ResampleStream(rate, RATE_HZ, 1, dtype="int16")
        self._stream = InputStream(device, rate, max(int(rate * self.block_s), 64), self._take)
        _LOGGER.info("Listening on %s at %d Hz", device.name, rate)

    def close(self) -> None:
        """Let go of the device, without waiting (PortAudio can block for ever on a device that has gone)."""
        if self._stream is not None:
            threading.Thread(target=self._stream.close, name="close-microphone", daemon=True).start()
            self._stream = None

    async def blocks(self) -> AsyncIterator[bytes]:
        """Blocks as they come; waits (and keeps trying) while the device is gone."""
        while True:
            try:
                data = await asyncio.wait_for(self._queue.get(), timeout=1.0)
            except asyncio.TimeoutError:  # a working microphone sends blocks even in silence
                await self._reopen()
                continue
            if self._resampler is not None:
                data = self._resampler.resample_chunk(np.frombuffer(data, dtype=np.int16)).tobytes()
            yield data

    def _take(self, block: bytes) -> None:
        """Audio thread: hand the block to the loop, nothing else."""
        self.loop.call_soon_threadsafe(self._put, block)

    def _put(self, block: bytes) -> None:
        if self._queue.full():  # the loop fell behind: drop the oldest audio, keep the newest
            self._queue.get_nowait()
        self._queue.put_nowait(block)

    async def _reopen(self) -> None:
        _LOGGER.warning("The microphone has gone; trying to reopen it every %.0f s", self.retry_s)
        self.close()
        while True:
            await asyncio.sleep(self.retry_s)
            try:
                await asyncio.to_thread(self.open)  # opening can hang for a while on a server going away
                self.reopened += 1
                _LOGGER.warning("The microphone is back")
                return
            except DeviceError as err:
                _LOGGER.debug("Still no microphone: %s", err)
