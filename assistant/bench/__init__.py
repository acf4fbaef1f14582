"""Benchmarks: each module has run(quick) -> a markdown section of figures."""

from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path


def machine() -> str:
    """Today's date, the CPU, the Python and the load: what a recorded figure depends on."""
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{datetime.date.today().isoformat()}, {model}, {os.cpu_count()} cores, Python {platform.python_version()}; load average {load:.1f} at the start"
