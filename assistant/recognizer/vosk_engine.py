"""vosk (Kaldi): the primary engine whenever a vosk model is present.

The grammar is KaldiRecognizer's phrase list (vosk builds a small language model
from it) plus "[unk]", which soaks up out-of-grammar speech: an utterance whose
result contains [unk], matches no template, or has a low word confidence yields
no intent. Endpointing uses vosk's own final results plus our early cut for
complete phrases (the partial result already is a whole command).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from ..intents import IntentMatcher
from . import Partial, Result, Transcript
from .endpoint import Endpoint, EndpointSettings, has_ended
from .grammar import Grammar

_LOGGER = logging.getLogger(__name__)
UNKNOWN = "[unk]"


@dataclass(frozen=True)
class VoskSettings:
    min_confidence: float = 0.6
    """Mean word confidence (0..1) a command needs."""
    endpoint: EndpointSettings = EndpointSettings()


class VoskRecognizer:
    """KaldiRecognizer with the templates' phrase list."""

    engine = "vosk"
    sample_rate_hz = 16000

    def __init__(self, model: object, grammar: Grammar, matcher: IntentMatcher, settings: VoskSettings) -> None:
        self.model = model
        self.grammar_json = json.dumps(list(grammar.phrases) + [UNKNOWN])
        self.matcher = matcher
        self.settings = settings
        self.vocabulary = grammar.words
        self._stream_s = 0.0
        self._utt_start_s = 0.0
        self._last = ""
        self._last_change_s = 0.0
        self.recognizer = self._new()

    @classmethod
    def load(cls, grammar: Grammar, matcher: IntentMatcher, model_dir: Path | None = None, **options: object) -> "VoskRecognizer":
        from ..models import find_vosk_model

        path = find_vosk_model(model_dir)
        if path is None or not path.is_dir():
            raise ModelError("No vosk model found; run 'assistant models download vosk-small-en-us' or set [recognizer] vosk_model in the config.")
        import vosk

        vosk.SetLogLevel(-1)
        try:
            model = vosk.Model(str(path))
        except Exception as err:  # vosk raises a bare Exception for a broken folder
            raise ModelError(f"{path}: is not a usable vosk model ({err}); download it again with 'assistant models download vosk-small-en-us'.") from None
        return cls(model, grammar, matcher, VoskSettings(**options))  # type: ignore[arg-type]

    def _new(self) -> object:
        import vosk

        recognizer = vosk.KaldiRecognizer(self.model, self.sample_rate_hz, self.grammar_json)
        recognizer.SetWords(True)
        return recognizer

    def set_context(self, state: str) -> None:
        """Per-state grammars are a pocketsphinx feature; this engine always hears every intent."""

    def reset(self, new_room: bool = False) -> None:
        self.recognizer = self._new()
        self._stream_s = self._utt_start_s = self._last_change_s = 0.0
        self._last = ""

    def accept(self, pcm_block: bytes) -> Result:
        self._stream_s += len(pcm_block) / 2 / self.sample_rate_hz
        if self.recognizer.AcceptWaveform(pcm_block):  # type: ignore[attr-defined]
            return self._final(json.loads(self.recognizer.Result()))  # type: ignore[attr-defined]
        text = json.loads(self.recognizer.PartialResult()).get("partial", "")  # type: ignore[attr-defined]
        if text != self._last:
            self._last, self._last_change_s = text, self._stream_s
            return Partial(text) if text else None
        point = Endpoint(self._stream_s - self._utt_start_s, self._stream_s - self._last_change_s, self.matcher.match(text) is not None)
        if text and point.complete and has_ended(point, self.settings.endpoint):
            return self._final(json.loads(self.recognizer.FinalResult()))  # type: ignore[attr-defined]
        return None

    def flush(self) -> Transcript | None:
        result = json.loads(self.recognizer.FinalResult())  # type: ignore[attr-defined]
        return self._final(result) if result.get("text") else None

    def _final(self, result: dict) -> Transcript | None:
        words = result.get("result", [])
        text = result.get("text", "")
        self._last, self._utt_start_s = "", self._stream_s
        if not text:
            return None
        end_s = self._utt_start_s if not words else float(words[-1]["end"])
        confidence = sum(w.get("conf", 0.0) for w in words) / len(words) if words else 0.0
        accepted = UNKNOWN not in text.split() and self.matcher.match(text) is not None and confidence >= self.settings.min_confidence
        return Transcript(text if accepted else "", confidence, end_s, self._stream_s)
