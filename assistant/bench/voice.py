"""Benchmark of the voice: time to first audio, synthesis speed, and keeping the beat in the room."""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path


from . import machine
from ..events import Say
from ._measure import beat_offsets, child_env, console_in_room, short_routines
from ._room import Room, RoomError


def run(quick: bool) -> str:
    """A markdown section with the figures; ``quick`` uses fewer trials and a shorter hold."""
    lines = ["## Voice", "", f"{machine()}; {'quick' if quick else 'full'} run.", ""]
    with tempfile.TemporaryDirectory(prefix="bench-voice-") as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        try:
            room = Room.start()
        except RoomError as err:
            return "\n".join(lines + [f"Not measured: no virtual room ({err})."])
        try:
            lines += _latency(room, 10 if quick else 40)
            lines += _beats(room, Path(tmp), 20 if quick else 60)
        finally:
            room.stop()
    lines += ["", METHOD]
    return "\n".join(lines)


METHOD = """Method. *Time to first audio*: from `Speaker.say()` to the audio callback copying the first
sample into the device buffer ("to buffer"), and to when PortAudio says that sample is heard
("to ear", adds the sound server's latency; here the virtual room's PulseAudio). The cached
phrase is "Okay, louder." (memory cache, already resampled); uncached sentences are new each
time, so piper synthesizes the first sentence while the caller waits. *Real-time factor*:
synthesis seconds / audio seconds, per sentence, on this machine. *Beats*: `assistant console
--speak` runs a 10-rep set (3 s beat) and a hold (one count a second) in the virtual room
(PulseAudio null sink, 16 kHz mono); the room's monitor is recorded and each count's onset is
found where the short-time level first rises above -45 dBFS after 60 ms of quiet. The first
count's onset is aligned with its beat; every other count is compared with its ideal beat from
the plan (rep x 3 s, or whole hold seconds), so a constant output delay cancels and scheduler
drift and audio jitter show. *Drift* is the last count's offset. *Output delay* is the first
count's onset in the room minus the moment the coach asked for it (clocks aligned through
CLOCK_MONOTONIC: the console prints its clock origin; the recorder timestamps what it reads);
it is a constant the speaker adds on purpose so that each count can be placed on its exact
sample."""


def _latency(room: Room, trials: int) -> list[str]:
    os.environ.update({k: room.env[k] for k in ("XDG_RUNTIME_DIR", "PULSE_SERVER")})
    _reinit_portaudio()
    from ..app import load_voice, open_speaker
    from ..settings import Settings

    cache = load_voice(Settings())
    speaker, stream = open_speaker(cache, Settings())
    try:
        cached, fresh, rtf = asyncio.run(_time_speech(speaker, trials))
    finally:
        speaker.close()
        stream.close()
    return [
        "| measure | median | p95 | max | n |",
        "|---|---|---|---|---|",
        _row("first audio, cached phrase, to buffer (ms)", [c[0] for c in cached]),
        _row("first audio, cached phrase, to ear (ms)", [c[1] for c in cached]),
        _row("first audio, uncached sentence, to buffer (ms)", [f[0] for f in fresh]),
        _row("first audio, uncached sentence, to ear (ms)", [f[1] for f in fresh]),
        _row("synthesis real-time factor", rtf, digits=3),
        "",
        f"Output stream: {stream.device.name} at {stream.rate_hz} Hz (voice {cache.voice.rate_hz} Hz, resampled with soxr), "
        f"block {stream.block_frames} frames, PortAudio latency {stream.latency_s * 1000:.0f} ms.",
        "",
    ]


async def _time_speech(speaker, trials: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]], list[float]]:  # type: ignore[no-untyped-def]
    await speaker.ready()
    await asyncio.to_thread(speaker.prepare, "Okay, louder.")
    await asyncio.to_thread(speaker.cache.voice.synthesize, "Warm up the engine.")
    cached, fresh = [], []
    for i in range(trials):
        cached.append(await _first_audio(speaker, "Okay, louder."))
        fresh.append(await _first_audio(speaker, f"You have {i + 2} more in this set, then a rest."))
    rtf = []
    voice = speaker.cache.voice
    for i in range(max(5, trials // 4)):
        text = f"Keep your shoulders flat on the floor for {i + 3} breaths, and let your knees roll to one side."
        start = time.perf_counter()
        pcm = await asyncio.to_thread(voice.synthesize, text)
        rtf.append((time.perf_counter() - start) / (len(pcm) / voice.rate_hz))
    return cached, fresh, rtf


async def _first_audio(speaker, text: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    before = len(speaker.player.started)
    asked = time.monotonic()
    speaker.say(Say(text, "answer"))
    while len(speaker.player.started) == before:
        await asyncio.sleep(0.001)
    started = speaker.player.started[-1]
    await speaker.drain()
    await asyncio.sleep(0.05)
    return (started.filled_at - asked) * 1000, (started.heard_at - asked) * 1000


def _beats(room: Room, tmp: Path, hold_s: int) -> list[str]:
    cache = tmp / "cache"
    rows = ["| beat test | counts | median offset (ms) | max offset (ms) | drift (ms) | output delay (ms) |", "|---|---|---|---|---|---|"]
    reps = short_routines(tmp / "reps", reps=10)
    run10 = console_in_room(room, [(0.3, "start pelvic tilt")], child_env(cache), ["--routines", str(reps)])
    rows.append(_beat_row("10 reps, 3 s beat", beat_offsets(run10, ("count",), 3.0, "rep")))
    hold = short_routines(tmp / "hold", reps=1, hold_s=hold_s, exercise="knee_hug")
    run_hold = console_in_room(room, [(0.3, "start knee hug")], child_env(cache), ["--routines", str(hold)])
    rows.append(_beat_row(f"{hold_s} s hold, 1 s counts", beat_offsets(run_hold, ("hold",), 1.0, "second")))
    return rows


def _beat_row(name: str, beats) -> str:  # type: ignore[no-untyped-def]
    counted = len(beats.offsets_ms) + 1
    missing = f" ({beats.missing} not found)" if beats.missing else ""
    return f"| {name} | {counted}{missing} | {beats.median_ms:.1f} | {beats.max_ms:.1f} | {beats.drift_ms:+.1f} | {beats.latency_ms:.0f} |"


def _row(name: str, values: list[float], digits: int = 1) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"| {name} | {statistics.median(ordered):.{digits}f} | {p95:.{digits}f} | {ordered[-1]:.{digits}f} | {len(ordered)} |"


def _reinit_portaudio() -> None:
    """PortAudio lists devices once; after pointing it at the room, list them again."""
    import sounddevice

    sounddevice._terminate()
    sounddevice._initialize()
