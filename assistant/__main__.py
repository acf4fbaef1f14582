"""The ``assistant`` command line: argparse lives here and nowhere else."""

from __future__ import annotations

import argparse
from dataclasses import replace
import logging
import os
import sys
from pathlib import Path

from . import __version__
import importlib
import pkgutil

from . import commands
from .errors import CoachError
from .settings import load_settings

_LOGGER = logging.getLogger(__name__)


def _command_modules() -> list:
    """Every module in assistant/commands registers one sub-command."""
    names = sorted(m.name for m in pkgutil.iter_modules(commands.__path__))
    return [importlib.import_module(f"{commands.__name__}.{name}") for name in names]

DESCRIPTION = """back-coach: an offline voice coach for lower-back-pain exercises.

Lie on the floor and talk to it: "start my routine", "start knee rolls", "what's next",
"pause", "I'm in pain". Nothing leaves this machine.

Settings come from ~/.config/back-coach/config.toml (see README) and the options below.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="log what happens inside, to stderr")
    parser.add_argument("--config", type=Path, help="config file (default: ~/.config/back-coach/config.toml)")
    parser.add_argument("--routines", type=Path, metavar="DIR", help="use the exercises and routines in DIR instead of the shipped ones")
    parser.add_argument("--routine", metavar="ID", help="routine that 'start my routine' starts (default: full)")
    parser.add_argument("--history", type=Path, metavar="FILE", help="SQLite file for the session history")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        settings = load_settings(args.config, coach__routines_dir=args.routines, coach__default_routine=args.routine)
        if args.history:
            settings = replace(settings, history_db=args.history)
        return int(args.handler(args, settings))
    except CoachError as err:
        print(f"assistant: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `assistant console ... | head`: the reader has gone, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
