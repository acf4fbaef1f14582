"""``assistant doctor``: checks everything the coach needs, and says how to fix what is missing."""

from __future__ import annotations

import argparse
import shutil

from ..app import Brain
from ..errors import CoachError
from ..recognizer import choose_engine
from ..recognizer.dictionary import Dictionary
from ..recognizer.grammar import Grammar
from ..settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("doctor", help="check routines, voice, audio devices, engines and models; say how to fix problems")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    brain = Brain.load(settings)  # a broken routine or template stops here with its file and line
    print(f"ok   routines: {len(brain.catalogue.exercises)} exercises, {len(brain.catalogue.routines)} routines ({brain.catalogue.root})")
    problems = _check_voice_and_devices(settings)
    choice = choose_engine(settings)
    print(f"ok   recognition engine: {choice.engine} ({choice.reason})")
    grammar = Grammar.from_matcher(brain.matcher, settings.coach.routines_dir, settings.coach.intents_dir)
    print(f"ok   grammar: {len(brain.matcher.names)} intents, {len(grammar.words)} command words, {len(grammar.garbage_words)} rejection words")
    import pocketsphinx
    from pathlib import Path

    dictionary = Dictionary.from_file(Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict")
    dictionary.cover(grammar.words)
    for word, phones in sorted(dictionary.generated.items()):
        print(f"note pronunciation generated for '{word}': {phones}")
    if dictionary.missing:
        problems += 1
        print(f"FAIL no pronunciation for: {', '.join(dictionary.missing)} (install espeak-ng, or reword these in intents/ or routines/)")
    if not shutil.which("espeak-ng"):
        print("note espeak-ng is not installed: words outside the dictionary cannot be pronounced (Debian package espeak-ng)")
    try:
        from ..recognizer import open_recognizer

        open_recognizer(settings, brain)
        print(f"ok   {choice.engine} loads")
    except CoachError as err:
        problems += 1
        print(f"FAIL {err}")
    return 2 if problems else 0


def _check_voice_and_devices(settings: Settings) -> int:
    """Voice, speaker, microphone and history file; prints one line each, returns the number of failures."""
    from ..app import load_voice
    from ..audio import find_input, find_output
    checks = [
        ("voice", lambda: load_voice(settings).voice.file.name),
        ("speaker", lambda: find_output(settings.audio.output_device).name),
        ("microphone", lambda: find_input(settings.audio.input_device).name),
        ("history", lambda: _open_history(settings)),
    ]
    failures = 0
    for name, check in checks:
        try:
            print(f"ok   {name}: {check()}")
        except CoachError as err:
            failures += 1
            print(f"FAIL {name}: {err}")
    return failures


def _open_history(settings: Settings) -> str:
    from ..history import History

    History(settings.history_db).close()
    return str(settings.history_db)
