"""Hearing benchmark: intent accuracy, false accepts, latency and real-time factor, per engine.

Every clip is streamed in 20 ms blocks exactly as the microphone would deliver it.
Latency is the audio the recognizer waited for after the speech really ended, plus
the compute time of the block that decided. ``run(quick)`` returns a markdown section.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass

from ._hearing_data import Case, Clip, command_cases, make_clip, ood_cases

_LOGGER = logging.getLogger(__name__)

CONDITIONS = ("clean", "snr20", "snr10", "snr5", "farfield")
TEST_VOICES = ("piper:1.0", "piper:0.8", "espeak:m3:150", "espeak:f3:160", "espeak:m7:140")
"""Voices whose results are reported (the tuning set uses different ones, see TUNE_VOICES)."""
TUNE_VOICES = ("piper:1.2", "espeak:m1:140", "espeak:f2:170")
BLOCK_S = 0.02
GOALS = {"clean": 98.0, "snr20": 93.0, "snr10": 93.0, "snr5": 85.0, "farfield": 85.0}


@dataclass(frozen=True)
class Outcome:
    """What one engine made of one clip."""

    kind: str
    text: str
    """What was said."""
    condition: str
    voice: str
    expected: str | None
    heard: str
    intent: str | None
    correct: bool
    """Intent and slots right (commands), or nothing triggered (out-of-domain)."""
    latency_s: float | None
    """From the true end of speech to the decision (None when nothing was decided)."""
    compute_s: float
    audio_s: float


def run(quick: bool) -> str:
    """Render, recognize and report; ``quick`` uses fewer sentences and voices, and only pocketsphinx.

    ``BENCH_ENGINES`` (comma-separated) picks the engines, ``BENCH_WORKERS`` the processes (default 1:
    the machine may be running timing-sensitive tests; RTF is per process either way).
    """
    default = "pocketsphinx" if quick else "pocketsphinx,whisper,vosk"
    engines = [e for e in os.environ.get("BENCH_ENGINES", default).split(",") if e]
    workers = int(os.environ.get("BENCH_WORKERS", "1"))
    outcomes = {engine: evaluate(engine, test_clips_spec(quick), workers) for engine in engines}
    return report({e: o for e, o in outcomes.items() if o is not None}, quick)


def test_clips_spec(quick: bool, split: str = "test") -> list[tuple[Case, str, str, int]]:
    from ..app import Brain
    from ..settings import Settings

    matcher = Brain.load(Settings()).matcher
    seed = 7 if split == "test" else 11
    commands = command_cases(matcher, 2 if quick else 5, seed)
    ood = ood_cases(8 if quick else 25, seed, split, matcher)
    voices = (TEST_VOICES[:3] if quick else TEST_VOICES) if split == "test" else TUNE_VOICES
    spec = []
    for n, case in enumerate(commands + ood):
        for voice in voices:
            for condition in CONDITIONS if case.intent else ("clean", "snr10"):
                spec.append((case, voice, condition, n))
    return spec


def evaluate(engine: str, spec: list[tuple[Case, str, str, int]], workers: int = 1, **options: object) -> list[Outcome] | None:
    """Outcomes of ``engine`` on every clip (None when the engine cannot be loaded here)."""
    try:
        _worker_init(engine, options)
    except Exception as err:  # an engine missing here is reported, not fatal
        _LOGGER.warning("Skipping %s: %s", engine, err)
        return None
    # A room keeps its noise: each worker hears one condition after another, continuously.
    chunks = [sorted(spec[i::workers], key=lambda s: CONDITIONS.index(s[2])) for i in range(workers)]
    if workers == 1:  # in this process: a forked child of a process that has loaded CTranslate2 (Whisper) hangs
        return _run_many(chunks[0])
    with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init, initargs=(engine, options)) as pool:
        parts = pool.map(_run_many, chunks)
    return [o for part in parts for o in part]


_STATE: dict[str, object] = {}


def _worker_init(engine: str, options: dict) -> None:
    from ..app import Brain
    from ..recognizer import open_recognizer
    from ..settings import Settings

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _STATE.pop("condition", None)  # a new recognizer has learnt no room yet
    brain = Brain.load(Settings())
    _STATE["matcher"] = brain.matcher
    _STATE["recognizer"] = open_recognizer(Settings(), brain, engine, **options)


def _run_many(spec: list[tuple[Case, str, str, int]]) -> list[Outcome]:
    return [recognize_clip(make_clip(case, voice, condition, seed)) for case, voice, condition, seed in spec]


def recognize_clip(clip: Clip) -> Outcome:
    from ..recognizer import Transcript

    recognizer, matcher = _STATE["recognizer"], _STATE["matcher"]
    if _STATE.get("condition") != clip.condition:  # a new room: nothing learnt about the last one applies
        recognizer.reset(new_room=True)  # type: ignore[attr-defined]
        _STATE["condition"] = clip.condition
    else:  # the same room: the recognizer listens on, as it does between a person's commands
        recognizer.reset()  # type: ignore[attr-defined]
    pcm, step = clip.audio.pcm, int(BLOCK_S * 16000) * 2
    compute = 0.0
    final, latency = None, None
    for i in range(0, len(pcm), step):
        start = time.process_time()
        result = recognizer.accept(pcm[i : i + step])  # type: ignore[attr-defined]
        spent = time.process_time() - start
        compute += spent
        if isinstance(result, Transcript):
            final = result
            latency = max(0.0, (i + step) / 32000 - clip.speech_end_s) + spent
            break
    if final is None:
        start = time.process_time()
        final = recognizer.flush()  # type: ignore[attr-defined]
        spent = time.process_time() - start
        compute += spent
        latency = clip.audio.duration_s - clip.speech_end_s + spent if final else None
    heard = final.text if final else ""
    found = matcher.match(heard) if heard else None  # type: ignore[attr-defined]
    case = clip.case
    if case.intent is None:
        correct = found is None
    else:
        correct = found is not None and found.name == case.intent and dict(found.slots) == case.slots
    audio_s = min(clip.audio.duration_s, (i + step) / 32000)
    return Outcome(case.kind, case.text, clip.condition, clip.voice, case.intent, heard, found.name if found else None, correct, latency, compute, audio_s)


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    """Figures for one engine: acc_<condition>, fa_chatter, fa_coach, latency medians, rtf."""
    figures: dict[str, float] = {}
    by: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by[o.kind if o.kind != "command" else o.condition].append(o)
    for condition in CONDITIONS:
        rows = by.get(condition, [])
        figures[f"acc_{condition}"] = 100.0 * sum(o.correct for o in rows) / max(1, len(rows))
    for kind in ("chatter", "coach"):
        rows = by.get(kind, [])
        figures[f"fa_{kind}"] = 100.0 * sum(not o.correct for o in rows) / max(1, len(rows))
    lat = sorted(o.latency_s for o in outcomes if o.kind == "command" and o.correct and o.latency_s is not None)
    figures["latency_median_ms"] = 1000 * statistics.median(lat) if lat else float("nan")
    figures["latency_p95_ms"] = 1000 * lat[int(0.95 * (len(lat) - 1))] if lat else float("nan")
    figures["rtf"] = sum(o.compute_s for o in outcomes) / max(1e-9, sum(o.audio_s for o in outcomes))
    figures["clips"] = len(outcomes)
    return figures


def report(results: dict[str, list[Outcome]], quick: bool) -> str:
    from . import machine

    lines = ["## Hearing", "", f"{machine()}.", ""]
    lines.append(f"Clips per engine: {len(next(iter(results.values()))) if results else 0} ({'quick' if quick else 'full'} set; "
                 f"voices {', '.join(TEST_VOICES[:3] if quick else TEST_VOICES)}; pink noise; far field = RT60 0.5 s room + 20 dB SNR; "
                 "each condition heard as one continuous session, as a room keeps its noise).")
    lines.append("")
    header = "| engine | " + " | ".join(f"acc {c} %" for c in CONDITIONS) + " | FA chatter % | FA coach % | latency median ms | p95 ms | RTF |"
    lines += [header, "|" + "---|" * (header.count("|") - 1)]
    for engine, outcomes in results.items():
        f = summary(outcomes)
        cells = [f"{f['acc_' + c]:.1f}" for c in CONDITIONS]
        cells += [f"{f['fa_chatter']:.1f}", f"{f['fa_coach']:.1f}", f"{f['latency_median_ms']:.0f}", f"{f['latency_p95_ms']:.0f}", f"{f['rtf']:.3f}"]
        lines.append(f"| {engine} | " + " | ".join(cells) + " |")
    lines.append("")
    for engine, outcomes in results.items():
        lines.append(f"{engine}, accuracy % per voice ({' / '.join(CONDITIONS)}): " + "; ".join(_voice_cells(outcomes)) + ".")
    lines.append("")
    lines.append("Goals: accuracy >= 98 % clean, >= 93 % at 10 dB, >= 85 % at 5 dB and far field; false accepts <= 2 %, coach sentences 0; latency median <= 250 ms, p95 <= 500 ms; RTF <= 0.2 (one core).")
    return "\n".join(lines) + "\n"


def _voice_cells(outcomes: list[Outcome]) -> list[str]:
    table: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for o in outcomes:
        if o.kind == "command":
            table[o.voice][o.condition].append(o.correct)
    return [voice + " " + " / ".join(f"{100 * sum(x) / len(x):.0f}" for x in (table[voice][c] for c in CONDITIONS) if x) for voice in table]


def per_voice(outcomes: list[Outcome]) -> str:
    """Accuracy by voice and condition (for tuning)."""
    table: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for o in outcomes:
        table[(o.voice, o.condition if o.kind == "command" else o.kind)].append(o.correct)
    return "\n".join(f"{v:16s} {c:9s} {100 * sum(x) / len(x):5.1f}% ({len(x)})" for (v, c), x in sorted(table.items()))
