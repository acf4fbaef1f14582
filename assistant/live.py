"""The live coach: microphone -> recognizer -> coach -> voice -> speaker, on one asyncio loop.

Audio callbacks only move PCM. Recognition runs in a worker thread one block at a time, so
the loop (timers, speech) never waits for it. This first version is half-duplex for the
coach's sentences (they may contain command words, e.g. "say stop to end") but listens
through counts and holds, so "I'm in pain" and "stop" are heard while exercising.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Callable

import numpy as np

from .app import Brain, build_session, load_voice, open_speaker, speak_session
from .audio import InputStream, OutputStream, find_output
from .errors import DeviceError
from .clock import LoopScheduler
from .eventlog import Printer, attach
from .events import Say
from .history import History
from .microphone import Microphone
from .player import Player
from .recognizer import Partial, Recognizer, Transcript, open_recognizer, set_context
from .service import Service
from .settings import Settings
from .speaker import ON_BEAT, Speaker

_LOGGER = logging.getLogger(__name__)

HearFn = Callable[[str], object]
HUSH_S = 1.2
"""Seconds the hold countdown keeps quiet after the last sign that the person is talking."""


class EchoGate:
    """Deaf while the coach speaks a sentence, and for a short tail after it (room echo).

    Counts and hold numbers are short and not commands, so the recognizer keeps listening
    through them (its grammar explains the coach's own words as non-commands).
    """

    def __init__(self, speaker: Speaker, tail_s: float = 0.3) -> None:
        self.speaker = speaker
        self.tail_s = tail_s
        """Seconds of deafness after a sentence ends."""
        self._sentence = False
        self._deaf_until = 0.0

    def on_say(self, say: Say) -> None:
        if say.kind not in ON_BEAT:
            self._sentence = True
        elif not say.detail.get("second"):  # a count or release cuts in over any sentence
            self._sentence = False

    def listening(self) -> bool:
        now = time.monotonic()
        if self._sentence:
            if self.speaker.busy():
                return False
            self._sentence = False
            self._deaf_until = now + self.tail_s
        return now >= self._deaf_until


class OutputKeeper:
    """Reopens the output stream when the device stops asking for audio (unplugged, server restarted)."""

    def __init__(self, stream: OutputStream, player: Player, spec: str | None, retry_s: float = 2.0) -> None:
        self.stream = stream
        self.player = player
        self.spec = spec
        self.retry_s = retry_s
        """Seconds between attempts to reopen a lost device."""

    async def run(self) -> None:
        seen = self.player.blocks
        while True:
            await asyncio.sleep(1.0)
            if self.player.blocks != seen:
                seen = self.player.blocks
                continue
            _LOGGER.warning("The speaker has gone; trying to reopen it every %.0f s", self.retry_s)
            await self._reopen()
            seen = self.player.blocks

    async def _reopen(self) -> None:
        block = self.stream.block_frames
        close_in_background(self.stream)
        while True:
            await asyncio.sleep(self.retry_s)
            try:
                self.stream = await asyncio.to_thread(self._open, block)
                _LOGGER.warning("The speaker is back")
                return
            except DeviceError as err:
                _LOGGER.debug("Still no speaker: %s", err)

    def close(self) -> None:
        close_in_background(self.stream)

    def _open(self, block: int) -> OutputStream:
        """In a worker thread: opening can hang for a while on a sound server that is going away."""
        return OutputStream(find_output(self.spec), self.player.rate_hz, block, self.player.fill)


def close_in_background(stream: OutputStream | InputStream) -> None:
    """Close a stream without waiting: PortAudio can block for ever on a device that has gone."""
    threading.Thread(target=stream.close, name="close-stream", daemon=True).start()


async def run_live(brain: Brain, settings: Settings, printer: Printer, history: History | None) -> None:
    loop = asyncio.get_running_loop()
    service = Service()
    cache = load_voice(settings)
    microphone = Microphone(settings.audio.input_device, loop)
    microphone.open()  # fail fast: a missing microphone is a start-up error
    speaker, stream = open_speaker(cache, settings)
    output = OutputKeeper(stream, speaker.player, settings.audio.output_device)
    keeper: asyncio.Task[None] | None = None
    try:
        recognizer = await asyncio.to_thread(open_recognizer, settings, brain)
        await speaker.ready()
        scheduler = LoopScheduler(loop)
        session = build_session(brain, settings, scheduler, cache.speech_s)
        scheduler.fire = session.timer_fired
        attach(session, printer, history)
        gate = EchoGate(speaker)
        context = CoachContext()
        session.listeners.append(context.on_event)
        session.speakers.append(gate.on_say)
        speak_session(session, speaker, brain, settings.voice.warm)
        printer({"t": 0.0, "event": "status", "text": f"listening ({recognizer.engine}); say 'start my routine'", "engine": recognizer.engine})
        service.ready()
        keeper = loop.create_task(output.run())
        async with service.watchdog():
            await _listen(microphone, recognizer, gate, speaker, context, session.hear)
    finally:
        if keeper is not None:
            keeper.cancel()
        microphone.close()
        speaker.close()
        output.close()


class CoachContext:
    """The coach's state, for recognizers that listen for fewer intents in some states."""

    def __init__(self) -> None:
        self.applied = "idle"
        self._latest = "idle"

    def on_event(self, event: dict[str, object]) -> None:
        if event["event"] == "state":
            self._latest = str(event["state"])

    def changed(self) -> bool:
        if self._latest == self.applied:
            return False
        self.applied = self._latest
        return True


class TalkDetector:
    """Notices someone starting to talk while the coach is quiet: a block well above the noise floor."""

    def __init__(self, rise_db: float = 12.0) -> None:
        self.rise = 10 ** (rise_db / 10)
        """How much louder than the floor (as a power ratio) counts as talking."""
        self._floor = 0.0

    def talking(self, block: bytes) -> bool:
        samples = np.frombuffer(block, dtype="<i2").astype(np.float32) / 32768.0
        power = float(np.mean(samples**2)) + 1e-10
        if self._floor == 0.0 or power < self._floor:
            self._floor = power
        else:
            self._floor *= 1.002  # follow a louder background slowly
        return power > self._floor * self.rise


async def _listen(microphone: Microphone, recognizer: Recognizer, gate: EchoGate, speaker: Speaker, context: "CoachContext", hear: HearFn) -> None:
    deaf = False
    talk = TalkDetector()
    reopened = microphone.reopened
    async for block in microphone.blocks():
        if microphone.reopened != reopened:  # the audio before the gap is not part of what follows
            reopened = microphone.reopened
            recognizer.reset(new_room=True)  # maybe another device: learn its noise afresh
        if not gate.listening():
            if not deaf:
                recognizer.reset()  # what was half-heard before the coach spoke is dropped
                deaf = True
            continue
        deaf = False
        if context.changed():  # in the recognizer's own thread, between two blocks, never beside accept()
            await asyncio.to_thread(set_context, recognizer, context.applied)
        if not speaker.busy() and talk.talking(block):
            speaker.hush(HUSH_S)  # someone starts talking: the hold countdown keeps quiet for them
        try:
            result = await asyncio.to_thread(recognizer.accept, block)
        except Exception:  # one bad block must not end the session
            _LOGGER.exception("Recognition failed on one block")
            recognizer.reset()
            continue
        if isinstance(result, Partial):
            speaker.hush(HUSH_S)  # someone is talking: the hold countdown keeps quiet for them
        elif isinstance(result, Transcript):
            speaker.hush(0.0)
            if result.text:
                hear(result.text)

