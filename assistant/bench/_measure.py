"""Measurements in the virtual room: run ``assistant console --speak`` there, find what it said when.

Clock alignment (the method the benchmark reports):
- The console prints a ``clock`` event with the monotonic time of its ``t = 0``; the recorder
  timestamps the room recording on the same CLOCK_MONOTONIC (see ``_room``).
- Beats: the first count's onset in the recording is aligned with its beat; every later count
  is compared with its ideal beat from the plan (rep x beat, or whole hold seconds), so a
  constant output latency cancels and drift of the scheduler and the audio path shows.
- Interruption: the expected waveform of the utterance being cut off is located in the
  recording; the cut is the first 10 ms window after which the recording stops following it.
  The gap is measured from the moment the test wrote the pain sentence to the console's stdin,
  so every delay on the way (reading, matching, the coach, the speaker, the sound server) counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._room import RATE_HZ, Recorder, Recording, Room, onset_near


@dataclass
class Run:
    """One console run in the room."""

    events: list[dict[str, object]]
    recording: Recording
    sent: list[tuple[float, str]]
    """(monotonic time written to stdin, line)."""

    @property
    def origin(self) -> float:
        return float(next(e["monotonic"] for e in self.events if e["event"] == "clock"))  # type: ignore[arg-type]

    def says(self, *kinds: str) -> list[dict[str, object]]:
        return [e for e in self.events if e["event"] == "say" and (not kinds or e["kind"] in kinds)]


def console_in_room(room: Room, script: list[tuple[float, str]], env: dict[str, str], args: list[str], stop_after_s: float | None = None, timeout_s: float = 150.0) -> Run:
    """Run ``assistant console --speak --json`` in the room; ``script`` = (seconds after its clock starts, line)."""
    command = [sys.executable, "-m", "assistant", *args, "console", "--speak", "--json", "--no-history"]
    full_env = {**room.env, **env}
    with Recorder(room) as recorder:
        proc = subprocess.Popen(command, env=full_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        assert proc.stdin is not None and proc.stdout is not None
        first = json.loads(proc.stdout.readline() or "{}")
        if first.get("event") != "clock":
            proc.kill()
            raise RuntimeError(f"the console did not start speaking: {first} {proc.stderr.read() if proc.stderr else ''}")
        origin = float(first["monotonic"])
        sent = []
        for at, line in script:
            time.sleep(max(0.0, origin + at - time.monotonic()))
            sent.append((time.monotonic(), line))
            proc.stdin.write(line + "\n")
            proc.stdin.flush()
        if stop_after_s is not None:
            time.sleep(stop_after_s)
            proc.terminate()
        out, err = proc.communicate(timeout=timeout_s)
        time.sleep(0.2)
    events = [first] + [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if stop_after_s is None and proc.returncode != 0:
        raise RuntimeError(f"the console failed ({proc.returncode}): {err.strip()[-500:]}")
    return Run(events, recorder.recording(), sent)


@dataclass
class Beats:
    offsets_ms: list[float]
    """Onset minus ideal beat, per count after the first (the first defines the alignment)."""
    missing: int
    """Counts whose onset was not found near their beat."""
    latency_ms: float
    """First count: onset in the room minus the moment the coach asked for it."""

    @property
    def median_ms(self) -> float:
        return float(np.median(np.abs(self.offsets_ms))) if self.offsets_ms else float("nan")

    @property
    def max_ms(self) -> float:
        return float(np.max(np.abs(self.offsets_ms))) if self.offsets_ms else float("nan")

    @property
    def drift_ms(self) -> float:
        return self.offsets_ms[-1] if self.offsets_ms else float("nan")


def beat_offsets(run: Run, kinds: tuple[str, ...], beat_s: float, key: str) -> Beats:
    """Onsets of the ``kinds`` utterances against ideal beats ``detail[key] * beat_s`` apart."""
    says = [e for e in run.says(*kinds) if isinstance(e.get(key), int)]
    if not says:
        return Beats([], 0, float("nan"))
    first_t = run.origin + float(says[0]["t"])  # type: ignore[arg-type]
    first = onset_near(run.recording, first_t + 0.06, window_s=0.15)
    if first is None:
        return Beats([], len(says), float("nan"))
    offsets, missing = [], 0
    for say in says[1:]:
        ideal = first + (int(say[key]) - int(says[0][key])) * beat_s  # type: ignore[call-overload]
        onset = onset_near(run.recording, ideal, window_s=0.2)
        if onset is None:
            missing += 1
        else:
            offsets.append((onset - ideal) * 1000)
    return Beats(offsets, missing, (first - first_t) * 1000)


def cut_gap_ms(run: Run, expected_16k: np.ndarray, said_t: float, sent_at: float) -> float:
    """Milliseconds from ``sent_at`` until the recording stops following ``expected_16k`` (said at console time ``said_t``)."""
    rec = run.recording
    guess = rec.index(run.origin + said_t)
    start = _align(rec.samples, expected_16k, guess, int(1.0 * RATE_HZ))  # the clip may start late on a busy machine
    # Re-align just before the cut: an underrun earlier on shifts the rest of the utterance.
    k = max(0, rec.index(sent_at - 0.45) - start)
    piece = expected_16k[k:k + int(0.3 * RATE_HZ)]
    if len(piece) == int(0.3 * RATE_HZ):
        start = _align(rec.samples, piece, start + k, int(0.15 * RATE_HZ)) - k
    win, step = RATE_HZ // 100, RATE_HZ // 400
    begin = max(0, rec.index(sent_at - 0.4) - start)
    followed = 0
    for w in range(begin, len(expected_16k) - win, step):
        ref = expected_16k[w:w + win].astype(np.float64)
        if np.sqrt(np.mean(ref**2)) < 300:  # quiet in the utterance itself: nothing to follow here
            continue
        got = rec.samples[start + w - _LAG:start + w + win + _LAG].astype(np.float64)
        if len(got) == win + 2 * _LAG and _similarity(ref, got) >= 0.5:
            followed += 1
        elif followed < 10:
            return float("nan")  # the recording never followed the utterance: alignment failed
        else:
            return (rec.time(start + w + win) - sent_at) * 1000  # window end: an upper bound on the cut
    return float("inf")


def _align(samples: np.ndarray, ref: np.ndarray, guess: int, spread: int) -> int:
    """Index in ``samples`` where ``ref`` starts, searched within ``spread`` of ``guess`` (cross-correlation)."""
    head = ref[: RATE_HZ].astype(np.float64)
    lo = max(0, guess - spread)
    seg = samples[lo:guess + spread + len(head)].astype(np.float64)
    corr = np.correlate(seg, head, mode="valid")
    return lo + int(np.argmax(corr))


_LAG = 3
"""Samples of lag tried either way: the two resamplers on the way differ by a fraction of a sample."""


def _similarity(ref: np.ndarray, got: np.ndarray) -> float:
    """Best normalized correlation of ``ref`` with ``got`` (``ref`` plus ``_LAG`` samples each side) over the lags."""
    best = 0.0
    for lag in range(2 * _LAG + 1):
        piece = got[lag:lag + len(ref)]
        denom = np.linalg.norm(ref) * np.linalg.norm(piece)
        if denom > 0:
            best = max(best, float(np.dot(ref, piece) / denom))
    return best


def short_routines(target: Path, reps: int = 10, hold_s: int = 0, exercise: str = "pelvic_tilt") -> Path:
    """A copy of the shipped routines where ``exercise`` has a one-sentence intro and the given dose."""
    from ..datapaths import data_dir

    import shutil

    shutil.copytree(data_dir("routines"), target, dirs_exist_ok=True)
    path = target / "exercises" / f"{exercise}.yaml"
    lines, out, skipping = path.read_text(encoding="utf-8").splitlines(), [], False
    for line in lines:
        if line.startswith(("start:", "steps:")):
            out += [line, "  - Get ready." if line.startswith("start") else "  - Rock slowly."]
            skipping = True
            continue
        if skipping and line.startswith("  - "):
            continue
        skipping = False
        if line.startswith("reps:"):
            line = f"reps: {reps}"
        elif line.startswith("hold_s:"):
            line = f"hold_s: {hold_s}"
        elif line.startswith("sets:"):
            line = "sets: 1"
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return target


def child_env(cache_home: Path) -> dict[str, str]:
    """Environment for a console run: a private cache, the package importable."""
    root = str(Path(__file__).resolve().parents[2])
    return {"XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
