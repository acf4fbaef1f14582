"""pocketsphinx: the embedded engine. Its wheel ships the en-us model, so nothing to download.

The search is a JSGF grammar with three branches: the templates' commands, a loop of
common words (garbage), and the coach's own sentences as whole phrases. An utterance
is rejected when its best path is not a command. Optionally (``ratio_floor``) a free
phone loop is decoded in parallel and a command that it explains much better is
rejected too; the hearing benchmark found it no longer earns its CPU, so it is off.
A faint noise floor is added to the audio first: the model was trained on real rooms,
and digital silence (or a formant synthesizer's empty spectrum) throws it off. Then
WebRTC's noise suppressor takes out the room's steady noise (``denoise.py``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pocketsphinx
from pocketsphinx import Decoder

from ..errors import ModelError
from ..intents import IntentMatcher
from ..settings import cache_home
from . import Partial, Result, Transcript
from .dictionary import Dictionary, edit_distance
from .denoise import Denoiser
from .endpoint import Endpoint, EndpointSettings, has_ended
from .grammar import CONTEXT_INTENTS, GARBAGE_RULE, Grammar, GrammarWeights
from .vad import EnergyVad

_LOGGER = logging.getLogger(__name__)
FRAMES_PER_S = 100
_FILLERS = ("<s>", "</s>", "<sil>", "[NOISE]", "<NULL>", "(NULL)")


@dataclass(frozen=True)
class PocketsphinxSettings:
    weights: GrammarWeights = GrammarWeights()
    """JSGF weights of the garbage and coach-sentence branches against the commands."""
    ratio_floor: float | None = None
    """Reject when the grammar path scores this much worse than a free phone loop (per 1000 speech frames,
    engine log units); None = no phone loop (half the CPU)."""
    fill_prob: float = 0.1
    """Probability of a noise filler between words (pocketsphinx ``fillprob``)."""
    sil_prob: float = 0.005
    """Probability of a silence between words (pocketsphinx ``silprob``)."""
    word_penalty: float = 0.65
    """Word insertion probability (pocketsphinx ``wip``): lower = fewer, longer words."""
    language_weight: float = 6.5
    """Weight of the grammar's probabilities against the acoustics (pocketsphinx ``lw``)."""
    room_floor_dbfs: float | None = -60.0
    """Add white noise this loud (dB full scale) before noise suppression, so digital silence looks like a microphone's
    own hiss, which the suppressor expects (None = off)."""
    noise_floor_dbfs: float | None = -70.0
    """Add white noise this loud to what the decoder hears (after suppression, which leaves near digital silence
    between words; the model was trained on real rooms); None = off."""
    beam: float = 1e-40
    """Pruning beam of the grammar search (wider = slower, fewer search failures)."""
    remove_noise: bool = False
    """pocketsphinx's own spectral noise subtraction: no help behind WebRTC's suppressor (same accuracy on the tune
    set), and it costs CPU."""
    max_hmm_per_frame: int = 4000
    """Search effort cap per 10 ms frame (lower = faster, less accurate)."""
    noise_suppression: int | None = 2
    """WebRTC noise suppression level before the VAD and the decoder: 1 (mild) to 4 (strongest); None = off."""
    spare_near_commands: bool = True
    """Leave out of the garbage loop the words one phone from a command word ("top" for "stop", "rain" for "pain"):
    with them a slightly off "stop now" came out as garbage ("top car"). About 130 of 490 words."""
    endpoint: EndpointSettings = EndpointSettings()


class PocketsphinxRecognizer:
    """Streaming grammar decode, optionally with a phone-loop decode for rejection."""

    engine = "pocketsphinx"
    sample_rate_hz = 16000

    def __init__(self, decoder: Decoder, phones: Decoder | None, grammar: Grammar, matcher: IntentMatcher, settings: PocketsphinxSettings) -> None:
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
        self._rng = np.random.default_rng(0)
        self._search = self._wanted = "_default"
        self._contexts: set[str] = set()
        self._commands: dict[str, bool] = {}
        self.reset(new_room=True)

    @classmethod
    def load(cls, grammar: Grammar, matcher: IntentMatcher, settings: PocketsphinxSettings | None = None) -> "PocketsphinxRecognizer":
        settings = settings or PocketsphinxSettings()
        if settings.weights != GrammarWeights():
            grammar = Grammar.from_matcher(matcher, weights=settings.weights)
        model = Path(pocketsphinx.get_model_path())
        hmm = model / "en-us" / "en-us"
        if not (hmm / "mdef").exists():
            raise ModelError(f"pocketsphinx's en-us model is missing from {model}; reinstall it with 'pip install --force-reinstall pocketsphinx'.")
        dict_path, jsgf_path, grammar = _write_files(grammar, model / "en-us" / "cmudict-en-us.dict", settings.spare_near_commands)
        quiet = {"loglevel": "FATAL", "remove_noise": settings.remove_noise, "dither": settings.noise_floor_dbfs is None}
        search = {"fillprob": settings.fill_prob, "silprob": settings.sil_prob, "wip": settings.word_penalty, "lw": settings.language_weight}
        decoder = Decoder(hmm=str(hmm), dict=str(dict_path), jsgf=str(jsgf_path), bestpath=False, beam=settings.beam, wbeam=settings.beam * 1e10, maxhmmpf=settings.max_hmm_per_frame, **search, **quiet)
        phones = None
        if settings.ratio_floor is not None:
            phones = Decoder(hmm=str(hmm), allphone=str(model / "en-us" / "en-us-phone.lm.bin"), lw=2.0, beam=1e-20, pbeam=1e-20, **quiet)
        return cls(decoder, phones, grammar, matcher, settings)

    def set_context(self, state: str) -> None:
        """Listen only for the intents that make sense in coach state ``state`` (from the next utterance on)."""
        intents = CONTEXT_INTENTS.get(state)
        name = f"ctx_{state}" if intents else "_default"
        if intents and name not in self._contexts:
            self.decoder.add_jsgf_string(name, self.grammar.jsgf_for(intents))
            self._contexts.add(name)
        self._wanted = name
        if not self._active:
            self._restart()

    def reset(self, new_room: bool = False) -> None:
        self._stream_s = 0.0
        if new_room:
            self.vad = EnergyVad()
            level = self.settings.noise_suppression
            self._denoiser = Denoiser(level) if level else None
        self._restart()

    def accept(self, pcm_block: bytes) -> Result:
        self._stream_s += len(pcm_block) / 2 / self.sample_rate_hz
        pcm_block = self._floor(pcm_block, self.settings.room_floor_dbfs)
        if self._denoiser is not None:
            pcm_block = self._denoiser.process(pcm_block)
            if not pcm_block:
                return None
        if not self._active:
            self.vad.accept(pcm_block)
            if not self.vad.in_speech:
                return None
            self._active = True
            pcm_block = self.vad.lead_in()
            self._utt_start_s = self._stream_s - len(pcm_block) / 2 / self.sample_rate_hz
        pcm_block = self._floor(pcm_block, self.settings.noise_floor_dbfs)
        self.decoder.process_raw(pcm_block, False, False)
        if self.phones is not None:
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
            complete=self._is_command(text),
            final=self.grammar.is_final(text),
        )
        if has_ended(point, self.settings.endpoint):
            return self._finish()
        if text != self._last_text:
            self._last_text = text
            return Partial(text)
        return None

    def _is_command(self, text: str) -> bool:
        """Whether ``text`` is a whole command (memoized: asked on every block while someone speaks)."""
        if text not in self._commands:
            if len(self._commands) > 5000:
                self._commands.clear()
            self._commands[text] = self.matcher.match(text) is not None
        return self._commands[text]

    def _floor(self, pcm_block: bytes, dbfs: float | None) -> bytes:
        if dbfs is None:
            return pcm_block
        x = np.frombuffer(pcm_block, dtype="<i2").astype(np.float32)
        x += self._rng.standard_normal(len(x)).astype(np.float32) * (32768.0 * 10 ** (dbfs / 20))
        return np.clip(x, -32768, 32767).astype("<i2").tobytes()

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
        if self.phones is not None:
            self.phones.end_utt()
        hyp = self.decoder.hyp()
        words = self._words()
        text = hyp.hypstr if hyp else ""
        if not words:
            self._restart_after()
            return None
        end_s = self._utt_start_s + (words[-1].end_frame + 1) / FRAMES_PER_S
        command = self._is_command(text)
        floor = self.settings.ratio_floor
        ratio = self.ratio(words) if command and floor is not None else (0.0 if command else float("-inf"))
        self._restart_after()
        confidence = 1.0 / (1.0 + math.exp(-2.0 * (ratio - (floor if floor is not None else -3.0)))) if ratio > -1e9 else 0.0
        _LOGGER.debug("%r: %.2f against the phone loop, confidence %.2f", text, ratio, confidence)
        return Transcript(text if confidence >= 0.5 else "", confidence, end_s, self._stream_s)

    def ratio(self, words: list) -> float:
        """How much worse the grammar explains the speech than a free phone loop (0 = as well)."""
        if self.phones is None:
            return 0.0
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
        if self._wanted != self._search:
            self.decoder.activate_search(None if self._wanted == "_default" else self._wanted)
            self._search = self._wanted
        for decoder in (self.decoder, self.phones):
            if decoder is not None:
                decoder.start_utt()

    def _restart(self) -> None:
        for decoder in (self.decoder, self.phones):
            if decoder is None:
                continue
            try:
                decoder.end_utt()
            except RuntimeError:
                pass
        self._restart_after()


def _write_files(grammar: Grammar, cmudict: Path, spare_near_commands: bool) -> tuple[Path, Path, Grammar]:
    """A dictionary with just the grammar's words (fast to load), the JSGF file, and the grammar
    without the non-command words nobody could pronounce (coach sentences, garbage)."""
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
    phones = {w: p.split() for w, _, p in (line.partition(" ") for line in dict_path.read_text(encoding="utf-8").splitlines())}
    if unknown := grammar.all_words - phones.keys():
        _LOGGER.info("No pronunciation for %s: left out of the rejection grammar", ", ".join(sorted(unknown)))
        grammar = _without(grammar, unknown)
    if spare_near_commands:
        near_path = folder / f"{key}.near"  # computed once per grammar: a fifth of a second of start-up
        if not near_path.exists():
            tmp = near_path.with_suffix(".tmp")
            tmp.write_text("\n".join(sorted(_near_commands(grammar, phones))), encoding="utf-8")
            tmp.replace(near_path)
        grammar = _without(grammar, frozenset(near_path.read_text(encoding="utf-8").split()), garbage_only=True)
    jsgf_path.write_text(grammar.jsgf, encoding="utf-8")
    return dict_path, jsgf_path, grammar


def _near_commands(grammar: Grammar, phones: dict[str, list[str]]) -> frozenset[str]:
    """Garbage words one phone from a command word of three phones or more."""
    by_length: dict[int, list[list[str]]] = {}
    for word in grammar.words & phones.keys():
        by_length.setdefault(len(phones[word]), []).append(phones[word])

    def near(a: list[str]) -> bool:  # only lengths within one can be one edit apart (keeps start-up fast)
        return any(edit_distance(a, c) <= 1 for n in (len(a) - 1, len(a), len(a) + 1) if n >= 3 for c in by_length.get(n, []))

    return frozenset(w for w in grammar.garbage_words & phones.keys() if len(phones[w]) >= 3 and near(phones[w]))


def _without(grammar: Grammar, words: frozenset[str], garbage_only: bool = False) -> Grammar:
    """``grammar`` with ``words`` out of the garbage loop and (unless ``garbage_only``) silent (<NULL>) in the
    coach's sentences."""
    if not words:
        return grammar
    lines = []
    for line in grammar.jsgf.splitlines():
        if line.startswith(f"<{GARBAGE_RULE}> = "):
            kept = [w for w in line[len(GARBAGE_RULE) + 5 : -2].split(" | ") if w not in words]
            line = f"<{GARBAGE_RULE}> = {' | '.join(kept)} ;"
        elif not garbage_only:
            line = " ".join("<NULL>" if token in words else token for token in line.split(" "))
        lines.append(line)
    return dataclasses.replace(grammar, jsgf="\n".join(lines) + "\n", garbage_words=grammar.garbage_words - words)
