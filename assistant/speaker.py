"""Playback of what the coach says: a priority queue of utterances in front of one output stream.

- Urgent speech (pain, stop, pause) cuts off what is playing within one audio block and drops
  everything queued before it: that speech is no longer true.
- Counts, hold seconds and "And release." are on the beat: they start at a fixed lead after the
  coach asked for them, so the beat never slips. Counts and the release cut in over anything
  else; the countdown numbers of a hold are dropped while other speech (an answer) plays.
- Everything else plays in order. Cached phrases start at once; other text is synthesized in a
  worker thread one sentence at a time and starts after its first sentence.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np
import soxr

from .events import Priority, Say
from .phrase_cache import PhraseCache
from .player import Clip, Player

_LOGGER = logging.getLogger(__name__)

ON_BEAT = frozenset({"count", "hold", "release"})
"""Kinds of speech that must start on their beat."""

VOLUME_STEP = 1.41
"""Louder/quieter multiply the volume by this (3 dB)."""
MIN_VOLUME, MAX_VOLUME = 0.1, 2.0
HEADROOM = 0.5
"""Gain at volume 1.0: piper's output peaks at full scale, so volume 2.0 is the loudest unclipped level."""


@dataclass
class _Job:
    text: str
    start_at: float
    """Monotonic seconds when the first sample should be heard; 0 = as soon as possible."""
    epoch: int


class Speaker:
    """Speaks ``Say`` commands through a ``Player``. Call everything except ``prepare`` on the event loop."""

    def __init__(self, cache: PhraseCache, player: Player, volume: float = 1.0, lead_s: float = 0.05) -> None:
        self.cache = cache
        self.player = player
        self.lead_s = lead_s
        """Delay of on-beat speech after it is asked for: covers the output latency, so every beat is late by exactly this."""
        self.volume = min(max(volume, MIN_VOLUME), MAX_VOLUME)
        self.player.gain = self.volume * HEADROOM
        self._ready: dict[str, np.ndarray] = {}
        """Cached phrases already resampled to the device rate, float32."""
        self._jobs: deque[_Job] = deque()
        self._epoch = 0
        self._wake = asyncio.Event()
        self._working = False
        self._worker: asyncio.Task[None] | None = None
        self._warmer: threading.Thread | None = None
        self._stop_warming = threading.Event()
        self._hushed_until = 0.0

    # --- called by the session ---------------------------------------------

    def say(self, say: Say) -> None:
        """Speak ``say`` according to its priority and kind (Session.speakers calls this)."""
        now = time.monotonic()
        if _is_countdown(say) and (self.busy() or now < self._hushed_until):
            return  # a hold's countdown never talks over an answer or the person; the coach still times the hold
        cut = say.priority >= Priority.URGENT or (say.kind in ON_BEAT and not _is_countdown(say))
        if cut:
            self._epoch += 1
            self._jobs.clear()
            self.player.cut()
        job = _Job(say.text, now + self.lead_s if say.kind in ON_BEAT else 0.0, self._epoch)
        pcm = self._ready.get(say.text)
        if pcm is not None and (cut or not (self._jobs or self._working)):
            self.player.push(Clip(pcm, job.start_at, say.text))
            return
        self._jobs.append(job)
        self._wake.set()
        self._ensure_worker()

    def change_volume(self, step: int) -> None:
        """Louder (+1) or quieter (-1) by one 3 dB step (Session.volume_handlers calls this)."""
        self.volume = min(max(self.volume * VOLUME_STEP**step, MIN_VOLUME), MAX_VOLUME)
        self.player.gain = self.volume * HEADROOM

    def hush(self, seconds: float) -> None:
        """The person is talking: leave out hold countdown numbers for ``seconds`` (0 ends it)."""
        self._hushed_until = time.monotonic() + seconds

    def busy(self) -> bool:
        """Something is playing or waiting to be played."""
        return bool(self._jobs or self._working or self.player.busy())

    async def ready(self, timeout_s: float = 5.0) -> None:
        """Wait until the output stream runs steadily (some sound servers take a second to start)."""
        deadline = time.monotonic() + timeout_s
        while self.player.blocks < 10 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    async def drain(self) -> None:
        """Wait until everything asked for has been played."""
        while self.busy():
            await asyncio.sleep(0.02)

    # --- cache warming -------------------------------------------------------

    def warm(self, texts: Iterable[str]) -> threading.Thread:
        """Synthesize (or load from disk) and resample ``texts`` in a background thread, in order."""
        todo = list(texts)
        self._warmer = threading.Thread(target=self._warm, args=(todo,), name="warm-phrases", daemon=True)
        self._warmer.start()
        return self._warmer

    def prepare(self, text: str) -> np.ndarray:
        """A phrase from the cache (synthesized if needed), ready for the device. Slow: not on the loop."""
        pcm = self._ready.get(text)
        if pcm is None:
            pcm = self._for_device(trim_lead(self.cache.render(text, background=True), self.cache.voice.rate_hz))
            self._ready[text] = pcm
        return pcm

    def close(self) -> None:
        """Stop the worker and the warm-up (waits for the sentence being synthesized)."""
        self._stop_warming.set()
        if self._worker is not None:
            self._worker.cancel()
        if self._warmer is not None:
            self._warmer.join(timeout=10.0)

    # --- private -------------------------------------------------------------

    def _warm(self, texts: list[str]) -> None:
        for text in texts:
            if self._stop_warming.is_set():
                return
            try:
                self.prepare(text)
            except Exception:  # keep going at run time: one bad phrase must not stop the rest
                _LOGGER.exception("Could not pre-synthesize %r", text)

    def _ensure_worker(self) -> None:
        if self._worker is None or self._worker.done():
            self._worker = asyncio.get_running_loop().create_task(self._work())

    async def _work(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._jobs:
                job = self._jobs.popleft()
                self._working = True
                try:
                    await self._speak(job)
                except Exception:  # a failure on one utterance is logged; the loop goes on
                    _LOGGER.exception("Could not speak %r", job.text)
                finally:
                    self._working = False

    async def _speak(self, job: _Job) -> None:
        pcm = self._ready.get(job.text)
        if pcm is None and self.cache.has(job.text):
            pcm = await asyncio.to_thread(self.prepare, job.text)
        if pcm is not None:
            if job.epoch == self._epoch:
                self.player.push(Clip(pcm, job.start_at, job.text))
            return
        sentences = self.cache.voice.sentences(job.text)
        parts: list[np.ndarray] = []
        start_at = job.start_at
        while True:
            part = await asyncio.to_thread(_next_sentence, sentences)
            if part is None or job.epoch != self._epoch:
                break
            parts.append(part)
            self.player.push(Clip(await asyncio.to_thread(self._for_device, part), start_at, job.text))
            start_at = 0.0
        _LOGGER.debug("Spoke %r in %d sentence(s)", job.text, len(parts))

    def _for_device(self, pcm: np.ndarray) -> np.ndarray:
        audio = pcm.astype(np.float32) / 32768.0
        if self.player.rate_hz != self.cache.voice.rate_hz:
            audio = soxr.resample(audio, self.cache.voice.rate_hz, self.player.rate_hz, quality="HQ")
        return np.ascontiguousarray(audio, dtype=np.float32)


def trim_lead(pcm: np.ndarray, rate_hz: int, threshold_db: float = -40.0, pad_s: float = 0.005) -> np.ndarray:
    """Drop the silence piper puts before a phrase (0-70 ms, different for every word), keeping ``pad_s``.

    A count then starts speaking exactly when its clip starts: on the beat.
    """
    hop = max(1, rate_hz // 400)
    x = pcm[: rate_hz // 4].astype(np.float32) / 32768.0
    frames = len(x) // hop
    if frames == 0:
        return pcm
    power = np.mean(x[: frames * hop].reshape(frames, hop) ** 2, axis=1)
    loud = np.nonzero(power > 10 ** (threshold_db / 10))[0]
    if len(loud) == 0:
        return pcm
    return pcm[max(0, int(loud[0]) * hop - int(pad_s * rate_hz)):]


def _is_countdown(say: Say) -> bool:
    """A number said during a hold (not the "Hold." that starts it)."""
    return say.kind == "hold" and bool(say.detail.get("second"))


def _next_sentence(sentences: Iterator[np.ndarray]) -> np.ndarray | None:
    return next(sentences, None)
