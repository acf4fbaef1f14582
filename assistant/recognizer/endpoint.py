"""When has the person stopped talking? Decided from the decoder's own word timings.

A phrase the grammar says is complete ("pause", "I'm in pain") ends after a few
tens of milliseconds of trailing silence; anything else waits for a longer pause,
so "start ... knee rolls" is not cut in half. Pure: numbers in, a decision out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EndpointSettings:
    complete_silence_s: float = 0.08
    """Trailing silence that ends a phrase the grammar calls complete and final (nothing can follow; seconds)."""
    continuable_silence_s: float = 0.25
    """Trailing silence that ends a complete phrase that could still go on ("pause" [the routine]; seconds)."""
    incomplete_silence_s: float = 0.6
    """Trailing silence that ends anything else, including garbage (seconds)."""
    max_utterance_s: float = 8.0
    """Speech longer than this is cut and decided (TV that never stops)."""


@dataclass(frozen=True)
class Endpoint:
    """What the endpointer sees at one moment of the stream."""

    speech_s: float
    """How long the current utterance has been going (seconds since its first word)."""
    silence_s: float
    """Trailing silence after the last word (seconds)."""
    complete: bool
    """The words so far are a whole command."""
    final: bool = True
    """No template continues after these words."""


def has_ended(point: Endpoint, settings: EndpointSettings) -> bool:
    """True when the utterance is over and should be decided now."""
    if point.speech_s >= settings.max_utterance_s:
        return True
    if not point.complete:
        limit = settings.incomplete_silence_s
    else:
        limit = settings.complete_silence_s if point.final else settings.continuable_silence_s
    return point.silence_s >= limit
