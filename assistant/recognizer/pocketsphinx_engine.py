"""pocketsphinx: the embedded engine. Its wheel ships the en-us model, so nothing to download.

The search is a JSGF grammar (the templates' commands, or a garbage loop of common
words and the coach's own sentences). An utterance is rejected when its best path
goes through the garbage loop, or when a free phone loop, decoded in parallel,
explains the audio much better than the command does (a likelihood ratio per frame).
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass
from pathlib import Path

import pocketsphinx
from pocketsphinx import Decoder

from ..errors import ModelError
from ..intents import IntentMatcher
from ..settings import cache_home
from . import Partial, Result, Transcript
from .dictionary import Dictionary
from .endpoint import Endpoint, EndpointSettings, has_ended
from .grammar import Grammar
from .vad import EnergyVad

_LOGGER = logging.getLogger(__name__)
FRAMES_PER_S = 100
_FILLERS = ("<s>", "</s>", "<sil>", "[NOISE]", "<NULL>", "(NULL)")


@dataclass(frozen=True)
class PocketsphinxSettings:
    garbage_weight: float = 0.05
    """JSGF weight of the garbage branch against 1 for the commands (higher = rejects more; 0 = no garbage branch)."""
    ratio_floor: float = -6.0
    """Reject when the grammar path scores this much worse than a free phone loop (per 1000 speech frames, engine log units)."""
    beam: float = 1e-40
    """Pruning beam of the grammar search (wider = slower, fewer search failures)."""
    remove_noise: bool = True
    """Spectral noise subtraction before decoding (helps with fans, TV hiss)."""
    max_hmm_per_frame: int = 4000
    """Search effort cap per 10 ms frame (lower = faster, less accurate)."""
    endpoint: EndpointSettings = EndpointSettings()


class PocketsphinxRecognizer:
    """Streaming grammar decode plus a phone-loop decode for rejection."""

    engine = "pocketsphinx"
    sample_rate_hz = 16000

    def __init__(self, decoder: Decoder, phones: Decoder, grammar: Grammar, matcher: IntentMatcher, settings: PocketsphinxSettings) -> None:
        self.decoder = decoder
        self.grammar = grammar
        self.phones = phones
        self.matcher = matcher
        self.settings = settings
        self._stream_s = 0.0
        self._utt_start_s = 0.0
        self._last_text = ""
        self._active = False
        self.vad = EnergyVad()
        self.reset()

    @classmethod
    def load(cls, grammar: Grammar, matcher: IntentMatcher, settings: PocketsphinxSettings | None = None) -> "PocketsphinxRecognizer":
        settings = settings or PocketsphinxSettings()
        if settings.garbage_weight != 0.05:
            grammar = Grammar.from_matcher(matcher, garbage_weight=settings.garbage_weight)
        model = Path(pocketsphinx.get_model_path())
        hmm = model / "en-us" / "en-us"
        if not (hmm / "mdef").exists():
            raise ModelError(f"pocketsphinx's en-us model is missing from {model}; reinstall it with 'pip install --force-reinstall pocketsphinx'.")
        dict_path, jsgf_path = _write_files(grammar, model / "en-us" / "cmudict-en-us.dict")
        quiet = {"loglevel": "FATAL", "remove_noise": settings.remove_noise, "dither": True}
        decoder = Decoder(hmm=str(hmm), dict=str(dict_path), jsgf=str(jsgf_path), bestpath=False, beam=settings.beam, wbeam=settings.beam * 1e10, maxhmmpf=settings.max_hmm_per_frame, **quiet)
        phones = Decoder(hmm=str(hmm), allphone=str(model / "en-us" / "en-us-phone.lm.bin"), lw=2.0, beam=1e-20, pbeam=1e-20, **quiet)
        return cls(decoder, phones, grammar, matcher, settings)

    def reset(self) -> None:
        self._stream_s = 0.0
        self.vad = EnergyVad()
        self._restart()

    def accept(self, pcm_block: bytes) -> Result:
        self._stream_s += len(pcm_block) / 2 / self.sample_rate_hz
        if not self._active:
            self.vad.accept(pcm_block)
            if not self.vad.in_speech:
                return None
            self._active = True
            pcm_block = self.vad.lead_in()
            self._utt_start_s = self._stream_s - len(pcm_block) / 2 / self.sample_rate_hz
        self.decoder.process_raw(pcm_block, False, False)
        self.phones.process_raw(pcm_block, False, False)
        words = self._words()
        if not words:
            if self._stream_s - self._utt_start_s > 10.0:
                self._restart()
            return None
        frames = self.decoder.n_frames()
        text = " ".join(w.word for w in words)
        point = Endpoint(
            speech_s=(frames - words[0].start_frame) / FRAMES_PER_S,
            silence_s=self._trailing_silence_s(words[-1], frames),
            complete=self.matcher.match(text) is not None,
            final=self.grammar.is_final(text),
        )
        if has_ended(point, self.settings.endpoint):
            return self._finish()
        if text != self._last_text:
            self._last_text = text
            return Partial(text)
        return None

    def _trailing_silence_s(self, last_word, frames: int) -> float:  # type: ignore[no-untyped-def]
        """Silence the best path has after its last word; 0 while a word is still being decoded."""
        tail = [s for s in (self.decoder.seg() or []) if s.start_frame > last_word.end_frame and s.word in _FILLERS]
        if not tail or max(s.end_frame for s in tail) < frames - 3:
            return 0.0
        return (frames - 1 - last_word.end_frame) / FRAMES_PER_S

    def flush(self) -> Transcript | None:
        return self._finish() if self._words() else None

    def _words(self) -> list:
        return [s for s in (self.decoder.seg() or []) if s.word not in _FILLERS and not s.word.startswith("++")]

    def _finish(self) -> Transcript | None:
        self.decoder.end_utt()
        self.phones.end_utt()
        hyp = self.decoder.hyp()
        words = self._words()
        text = hyp.hypstr if hyp else ""
        if not words:
            self._restart_after()
            return None
        end_s = self._utt_start_s + (words[-1].end_frame + 1) / FRAMES_PER_S
        ratio = self.ratio(words) if self.matcher.match(text) is not None else float("-inf")
        self._restart_after()
        confidence = 1.0 / (1.0 + math.exp(-2.0 * (ratio - self.settings.ratio_floor))) if ratio > -1e9 else 0.0
        _LOGGER.debug("%r: %.2f against the phone loop, confidence %.2f", text, ratio, confidence)
        return Transcript(text if confidence >= 0.5 else "", confidence, end_s, self._stream_s)

    def ratio(self, words: list) -> float:
        """How much worse the grammar explains the speech than a free phone loop (0 = as well)."""
        phones = [s for s in (self.phones.seg() or []) if s.word != "SIL"]
        start = min([words[0].start_frame] + [s.start_frame for s in phones[:1]])
        end = max([words[-1].end_frame] + [s.end_frame for s in phones[-1:]]) + 1
        inside = lambda s: start <= (s.start_frame + s.end_frame) / 2 < end  # noqa: E731
        grammar = sum(math.log(max(s.ascore, 1e-300)) for s in (self.decoder.seg() or []) if inside(s))
        loop = sum(math.log(max(s.ascore, 1e-300)) for s in (self.phones.seg() or []) if inside(s))
        return 1000.0 * (grammar - loop) / max(1, end - start)

    def _restart_after(self) -> None:
        self._utt_start_s = self._stream_s
        self._last_text = ""
        self._active = False
        self.vad.rearm()
        self.decoder.start_utt()
        self.phones.start_utt()

    def _restart(self) -> None:
        for decoder in (self.decoder, self.phones):
            try:
                decoder.end_utt()
            except RuntimeError:
                pass
        self._restart_after()


def _write_files(grammar: Grammar, cmudict: Path) -> tuple[Path, Path]:
    """A dictionary with just the grammar's words (fast to load), and the JSGF file."""
    key = hashlib.sha1(grammar.jsgf.encode()).hexdigest()[:16]
    folder = cache_home() / "pocketsphinx"
    folder.mkdir(parents=True, exist_ok=True)
    dict_path, jsgf_path = folder / f"{key}.dict", folder / f"{key}.jsgf"
    if not dict_path.exists():
        dictionary = Dictionary.from_file(cmudict)
        entries = dictionary.cover(grammar.all_words)
        if missing := [w for w in dictionary.missing if w in grammar.words]:
            raise ModelError(f"No pronunciation for {', '.join(missing)}; install espeak-ng (Debian package espeak-ng) or reword those templates.")
        tmp = dict_path.with_suffix(".tmp")
        tmp.write_text("".join(f"{w} {p}\n" for w, p in sorted(entries.items())), encoding="utf-8")
        tmp.replace(dict_path)
    jsgf_path.write_text(grammar.jsgf, encoding="utf-8")
    return dict_path, jsgf_path
