"""Coach benchmark: wall time to run every routine in simulated time (the console's --simulated-time)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from ..app import Brain, build_session
from ..clock import ManualScheduler
from ..settings import Settings


def run(quick: bool) -> str:
    brain = Brain.load(Settings())
    repeats = 3 if quick else 7
    lines = [
        "## Coach: whole routines in simulated time",
        "",
        "Wall time to run each routine from `start the ... routine` to idle, events collected in memory "
        f"(median of {repeats} runs). The acceptance limit for the full routine is 5 s.",
        "",
        "| routine | simulated length | events | wall time (median) |",
        "|---|---|---|---|",
    ]
    for routine_id in sorted(brain.catalogue.routines):
        walls, events, length = [], 0, 0.0
        for _ in range(repeats):
            start = time.perf_counter()
            events, length = _simulate(brain, routine_id)
            walls.append(time.perf_counter() - start)
        lines.append(f"| {routine_id} | {length / 60:.1f} min | {events} | {statistics.median(walls) * 1000:.0f} ms |")
    walls = [_console_wall_s() for _ in range(repeats)]
    lines += ["", f"The whole command `printf 'start the full routine\\n' | assistant console --simulated-time --json` "
              f"(process start, imports, loading, the routine, JSON output): median {statistics.median(walls):.2f} s, "
              f"max {max(walls):.2f} s over {repeats} runs."]
    return "\n".join(lines) + "\n"


def _console_wall_s() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "assistant", "console", "--simulated-time", "--json", "--no-history"],
                   input="start the full routine\n", capture_output=True, text=True, check=True)
    return time.perf_counter() - start


def _simulate(brain: Brain, routine_id: str) -> tuple[int, float]:
    scheduler = ManualScheduler()
    session = build_session(brain, Settings(), scheduler)
    scheduler.fire = session.timer_fired
    collected: list[dict[str, object]] = []
    session.listeners.append(collected.append)
    session.hear(f"start the {routine_id} routine")
    scheduler.run_until_idle()
    return len(collected), scheduler.now()
