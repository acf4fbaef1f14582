"""Builds the pieces of a session from the settings (the only place that knows them all)."""

from __future__ import annotations

from dataclasses import dataclass

from .clock import Scheduler
from .coach import Coach
from .cues import SpeechTime
from .dialog import Dialog
from .errors import CoachError
from .intents import IntentMatcher
from .routines import Catalogue, load_catalogue
from .audio import OutputStream, find_output, output_rate
from .phrase_cache import PhraseCache
from .phrases import fixed_phrases
from .player import Player
from .session import Session
from .settings import Settings, cache_home
from .speaker import Speaker
from .voice import Voice, find_voice


def estimate_speech_s(text: str) -> float:
    """How long a voice takes to say ``text``, when no voice is at hand (about 14 characters a second)."""
    return round(0.25 + len(text) / 14.0, 2)


@dataclass(frozen=True)
class Brain:
    """The pure parts: catalogue, templates, dialog."""

    catalogue: Catalogue
    matcher: IntentMatcher
    dialog: Dialog

    @classmethod
    def load(cls, settings: Settings) -> "Brain":
        catalogue = load_catalogue(settings.coach.routines_dir)
        intents_dir = settings.coach.intents_dir
        paths = sorted(intents_dir.glob("*.yaml")) if intents_dir else None
        template_paths = [p for p in paths if p.name != "responses.yaml"] if paths else None
        matcher = IntentMatcher.from_files(catalogue, template_paths)
        dialog = Dialog.load(intents_dir / "responses.yaml" if intents_dir else None)
        if settings.coach.default_routine not in catalogue.routines:
            raise CoachError(f"The default routine '{settings.coach.default_routine}' is not in the catalogue; choose one of: {', '.join(sorted(catalogue.routines))}.")
        return cls(catalogue, matcher, dialog)


def build_session(brain: Brain, settings: Settings, scheduler: Scheduler, speech_s: SpeechTime = estimate_speech_s) -> Session:
    coach = Coach(brain.catalogue, brain.dialog, speech_s, settings.coach.pace, settings.coach.default_routine)
    session = Session(coach, brain.matcher, scheduler)
    return session


def load_voice(settings: Settings) -> PhraseCache:
    """The configured piper voice with its phrase cache (a ModelError names a missing or broken voice)."""
    voice = Voice.load(find_voice(settings.voice.voice), settings.voice.speed)
    return PhraseCache(voice, cache_home() / "phrases")


def open_speaker(cache: PhraseCache, settings: Settings) -> tuple[Speaker, OutputStream]:
    """A speaker playing on the configured output device (a DeviceError names a missing device)."""
    device = find_output(settings.audio.output_device)
    rate = settings.audio.output_rate_hz or output_rate(device, [device.default_rate_hz, cache.voice.rate_hz])
    player = Player(rate)
    block = max(int(rate * settings.audio.block_s), 32)
    stream = OutputStream(device, rate, block, player.fill)
    speaker = Speaker(cache, player, settings.voice.volume, lead_s=stream.latency_s + 3 * block / rate)
    return speaker, stream


def speak_session(session: Session, speaker: Speaker, brain: Brain, warm: bool = True) -> None:
    """Every Say of the session is spoken, volume commands reach the speaker; fixed phrases warm in the background."""
    session.speakers.append(speaker.say)
    session.volume_handlers.append(speaker.change_volume)
    if warm:
        speaker.warm(fixed_phrases(brain.catalogue, brain.dialog))
