"""Speech -> text, restricted to what the intents can say. One interface, one module per engine.

A recognizer is fed small blocks of 16 kHz mono int16 PCM and answers with a
``Partial`` (the words so far), a ``Transcript`` (the utterance is over) or None.
``open_recognizer`` picks the engine and says why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, Union

from ..errors import ModelError

if TYPE_CHECKING:
    from ..app import Brain
    from ..settings import Settings

_LOGGER = logging.getLogger(__name__)

ENGINES = ("pocketsphinx", "vosk", "whisper")
DEFAULT_ENGINE = "pocketsphinx"
"""Chosen by the hearing benchmark (docs/hearing-benchmark.md) when no vosk model is present."""


@dataclass(frozen=True)
class Partial:
    """Words heard so far in an utterance that has not ended."""

    text: str


@dataclass(frozen=True)
class Transcript:
    """A finished utterance."""

    text: str
    """What was heard (lower case); empty when it was not a command."""
    confidence: float
    """0..1, the engine's belief that ``text`` was said (and is a command)."""
    speech_end_s: float
    """Stream time at which the speech ended (seconds since the stream started)."""
    decided_s: float
    """Stream time of the audio block that made the decision (seconds)."""


Result = Union[Partial, Transcript, None]


class Recognizer(Protocol):
    """A streaming recognizer of one utterance at a time."""

    engine: str
    sample_rate_hz: int

    def accept(self, pcm_block: bytes) -> Result:
        """Feed one block of int16 mono PCM (any length; ~20-100 ms is typical)."""
        ...

    def flush(self) -> Transcript | None:
        """The input has ended: decide what is pending (None when nothing was said)."""
        ...

    def reset(self, new_room: bool = False) -> None:
        """Forget the current utterance and start the stream clock at zero.

        What was learnt about the background noise is kept unless ``new_room`` (another
        recording or device): the room has not changed because the coach spoke.
        """
        ...


def set_context(recognizer: Recognizer, state: str) -> None:
    """Tell ``recognizer`` the coach's state (a ``coach.State`` value) so it can listen for fewer intents.

    Optional: engines without ``set_context`` ignore it. Takes effect from the next utterance.
    """
    method = getattr(recognizer, "set_context", None)
    if method is not None:
        method(state)


@dataclass(frozen=True)
class EngineChoice:
    """Which engine, and why (shown by ``assistant doctor`` and ``assistant models``)."""

    engine: str
    reason: str


def choose_engine(settings: "Settings") -> EngineChoice:
    from ..models import find_vosk_model

    wanted = settings.recognizer.engine
    if wanted not in ("auto",) + ENGINES:
        raise ModelError(f"Unknown recognition engine '{wanted}'; choose one of: auto, {', '.join(ENGINES)}.")
    if wanted != "auto":
        return EngineChoice(wanted, f"set by configuration or --engine ({wanted})")
    model = find_vosk_model(settings.recognizer.vosk_model)
    if model is not None:
        return EngineChoice("vosk", f"a vosk model is present at {model}")
    return EngineChoice(DEFAULT_ENGINE, "no vosk model found; pocketsphinx's bundled en-us model needs no download")


def open_recognizer(settings: "Settings", brain: "Brain", engine: str | None = None, **options: object) -> Recognizer:
    """The configured (or best available) engine, loaded and restricted to the templates.

    ``options`` override the engine's own tuning settings (the benchmark uses them).
    """
    from .grammar import Grammar

    choice = EngineChoice(engine, "asked for") if engine else choose_engine(settings)
    _LOGGER.info("Recognition engine: %s (%s)", choice.engine, choice.reason)
    grammar = Grammar.from_matcher(brain.matcher, settings.coach.routines_dir, settings.coach.intents_dir)
    if choice.engine == "pocketsphinx":
        from .pocketsphinx_engine import PocketsphinxRecognizer

        from .pocketsphinx_engine import PocketsphinxSettings

        return PocketsphinxRecognizer.load(grammar, brain.matcher, PocketsphinxSettings(**options))  # type: ignore[arg-type]
    if choice.engine == "vosk":
        from .vosk_engine import VoskRecognizer

        return VoskRecognizer.load(grammar, brain.matcher, settings.recognizer.vosk_model, **options)
    if choice.engine == "whisper":
        from .whisper_engine import WhisperRecognizer

        return WhisperRecognizer.load(grammar, brain.matcher, **options)
    raise ModelError(f"Unknown recognition engine '{choice.engine}'; choose one of: {', '.join(ENGINES)}.")
