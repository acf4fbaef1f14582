"""``assistant say``: speak a text with the coach's voice, or write it to a WAV file."""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import replace
from pathlib import Path

import numpy as np
import soxr

from ..app import load_voice, open_speaker
from ..errors import CoachError
from ..events import Say
from ..phrase_cache import PhraseCache, write_wav
from ..settings import Settings
from ..speaker import HEADROOM

HELP = """Say TEXT with the configured voice (or --voice), on the output device or into a WAV file.

examples:
  assistant say "Lie on your back and pull up your knees"
  assistant say "Hold." --out /tmp/hold.wav
  assistant say "Hello" --voice ~/voices/en_GB-alan-medium.onnx
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("say", help="speak a text, or write it to a WAV file", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("text", help="what to say")
    parser.add_argument("--out", type=Path, metavar="FILE.wav", help="write the speech to this WAV file instead of playing it")
    parser.add_argument("--rate", type=int, metavar="HZ", help="sample rate of the WAV file (default: the voice's own)")
    add_voice_options(parser)
    parser.set_defaults(handler=run)


def add_voice_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--voice", metavar="NAME|FILE.onnx", help="piper voice: a name from 'assistant voices' or the path of an .onnx file")
    parser.add_argument("--output", metavar="DEVICE", help="output device: name or index (see 'assistant doctor'); default: the system default")


def with_voice_options(settings: Settings, args: argparse.Namespace) -> Settings:
    voice = replace(settings.voice, voice=args.voice) if args.voice else settings.voice
    audio = replace(settings.audio, output_device=args.output) if args.output else settings.audio
    return replace(settings, voice=voice, audio=audio)


def run(args: argparse.Namespace, settings: Settings) -> int:
    settings = with_voice_options(settings, args)
    if not args.text.strip():
        raise CoachError("There is nothing to say; give the text in quotes: assistant say \"Hello\".")
    cache = load_voice(settings)
    if args.out:
        write_speech(cache, args.text, args.out, settings.voice.volume, args.rate)
    else:
        asyncio.run(_speak(cache, settings, args.text))
    return 0


def write_speech(cache: PhraseCache, text: str, path: Path, volume: float, rate_hz: int | None = None) -> None:
    """The same samples the speaker would play (cached phrase or fresh synthesis, volume gain), as a WAV."""
    pcm = cache.get(text)
    audio = (cache.voice.synthesize(text) if pcm is None else pcm).astype(np.float32) / 32768.0
    rate = rate_hz or cache.voice.rate_hz
    if rate != cache.voice.rate_hz:
        audio = soxr.resample(audio, cache.voice.rate_hz, rate, quality="HQ")
    gain = min(max(volume, 0.1), 2.0) * HEADROOM
    try:
        write_wav(path, np.clip(np.round(audio * gain * 32767.0), -32768, 32767).astype(np.int16), rate)
    except OSError as err:
        raise CoachError(f"Cannot write {path} ({err.strerror}); choose a file in a folder you can write to.") from None


async def _speak(cache: PhraseCache, settings: Settings, text: str) -> None:
    speaker, stream = open_speaker(cache, settings)
    try:
        speaker.say(Say(text, "answer"))
        await speaker.drain()
        await asyncio.sleep(stream.latency_s + 0.05)  # let the last block reach the device
    finally:
        speaker.close()
        stream.close()
