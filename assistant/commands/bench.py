"""``assistant bench``: run the benchmarks in assistant/bench and record them in docs/benchmarks.md."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from pathlib import Path

from .. import bench
from ..settings import Settings

HELP = """Run every benchmark (or the named ones) and print its markdown section; with --write,
also replace that section in docs/benchmarks.md (a checkout's docs folder, or --file).

examples:
  assistant bench --quick
  assistant bench voice --write
"""

DOCS = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="measure latency, accuracy and beat keeping", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {', '.join(benchmarks())})")
    parser.add_argument("--quick", action="store_true", help="fewer trials (a smoke test of the benchmark)")
    parser.add_argument("--write", action="store_true", help="record the results in the benchmarks file")
    parser.add_argument("--file", type=Path, default=DOCS, help=f"benchmarks file (default: {DOCS})")
    parser.set_defaults(handler=run)


def benchmarks() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))


def run(args: argparse.Namespace, settings: Settings) -> int:
    unknown = sorted(set(args.names) - set(benchmarks()))
    if unknown:
        from ..errors import CoachError

        raise CoachError(f"There is no benchmark '{unknown[0]}'; choose from: {', '.join(benchmarks())}.")
    for name in args.names or benchmarks():
        section = importlib.import_module(f"{bench.__name__}.{name}").run(args.quick).rstrip() + "\n"
        print(section)
        if args.write:
            record(args.file, section)
    return 0


def record(path: Path, section: str) -> None:
    """Replace the section with the same '## ' heading in ``path`` (or append it)."""
    heading = section.splitlines()[0]
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\nRecorded with `assistant bench --write`.\n"
    parts = old.split("\n## ")
    kept = [parts[0].rstrip() + "\n"] + [f"## {p.rstrip()}\n" for p in parts[1:] if f"## {p}".splitlines()[0] != heading]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(kept + [section]), encoding="utf-8")
