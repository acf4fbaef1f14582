"""One frozen settings tree, built once from the config file and the command line.

Nothing downstream sees argparse; each concern gets its own dataclass.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from .cues import Pace
from .errors import CoachError

APP = "back-coach"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP))


def data_home() -> Path:
    return Path(platformdirs.user_data_dir(APP))


def cache_home() -> Path:
    return Path(platformdirs.user_cache_dir(APP))


@dataclass(frozen=True)
class CoachSettings:
    default_routine: str = "full"
    """Routine started by "start my routine"."""
    pace: Pace = field(default_factory=Pace)
    routines_dir: Path | None = None
    """Folder with exercises/, routines/ and safety.yaml; None = the shipped one."""
    intents_dir: Path | None = None
    """Folder with sentence templates; None = the shipped one."""


@dataclass(frozen=True)
class VoiceSettings:
    voice: str | None = None
    """Path to a piper .onnx voice, or a voice name in the voices folders; None = the default voice."""
    speed: float = 1.0
    """1.0 = the voice's own pace; above 1 speaks faster."""
    volume: float = 1.0
    """Linear gain, 0.1..2.0; 1.0 peaks at half of full scale, 2.0 at full scale (never clipped)."""
    warm: bool = True
    """Pre-synthesize the coach's fixed phrases in the background (cached on disk for the next run)."""


@dataclass(frozen=True)
class AudioSettings:
    input_device: str | None = None
    """sounddevice name or index; None = the system default."""
    output_device: str | None = None
    output_rate_hz: int | None = None
    """Output sample rate in Hertz; None = the device's default rate (speech is resampled to it)."""
    block_s: float = 0.005
    """Seconds per output block: urgent speech cuts in within one block."""


@dataclass(frozen=True)
class RecognizerSettings:
    engine: str = "auto"
    """auto, pocketsphinx, vosk or whisper."""
    vosk_model: Path | None = None


@dataclass(frozen=True)
class Settings:
    coach: CoachSettings = field(default_factory=CoachSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    recognizer: RecognizerSettings = field(default_factory=RecognizerSettings)
    history_db: Path = field(default_factory=lambda: data_home() / "history.sqlite3")
    """SQLite file with pain reports and finished routines."""


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Read the TOML config (if any) and apply command-line overrides (section__key=value)."""
    path = path or config_dir() / "config.toml"
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise CoachError(f"{path}: is not valid TOML ({err}); fix or delete it.") from None
    for key, value in overrides.items():
        if value is not None:
            section, name = key.split("__")
            raw.setdefault(section, {})[name] = value
    settings = Settings()
    sections = {"coach": CoachSettings, "voice": VoiceSettings, "audio": AudioSettings, "recognizer": RecognizerSettings}
    for section, cls in sections.items():
        values = raw.get(section, {})
        known = {f.name: f.type for f in fields(cls)}
        for name in values:
            if name not in known or name == "pace":
                raise CoachError(f"{path}: [{section}] has an unknown setting '{name}'.")
        typed = {name: _typed(value, str(known[name])) for name, value in values.items()}
        settings = replace(settings, **{section: replace(getattr(settings, section), **typed)})
    if "history_db" in raw:
        settings = replace(settings, history_db=Path(raw["history_db"]))
    return settings


def _typed(value: Any, type_name: str) -> Any:
    if "Path" in type_name and value is not None:
        return Path(value).expanduser()
    if type_name == "float":
        return float(value)
    if "int" in type_name and isinstance(value, str) and value.isdigit():
        return int(value)
    return value
