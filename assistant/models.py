"""Recognition models: where they are, and fetching the vosk one for users with internet.

``download`` fetches an archive from the registry below, checks its size and
checksum, unpacks it into the user's data folder and leaves it where
``find_vosk_model`` looks first, so the next start picks vosk automatically.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import ModelError
from .settings import data_home

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelSource:
    """One downloadable model archive."""

    name: str
    """What users type: ``assistant models download NAME``."""
    url: str
    folder: str
    """Top folder inside the archive (and on disk after unpacking)."""
    size_bytes: int | None
    """Archive size as published in vosk's model list; None = not checked."""
    sha256: str | None
    """Archive checksum; None = not pinned (size, zip CRCs and layout are still checked)."""


REGISTRY = {
    "vosk-small-en-us": ModelSource(
        name="vosk-small-en-us",
        url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
        folder="vosk-model-small-en-us-0.15",
        # Size from vosk's published model list (model-list.json). Its sha256 could not be
        # obtained offline when this was written: pin it here once known.
        size_bytes=41205931,
        sha256=None,
    ),
}


def models_dir() -> Path:
    """Where downloaded models go (first place searched)."""
    return data_home() / "models"


def vosk_search_paths() -> list[Path]:
    """Where a vosk model is looked for, first match wins."""
    return [models_dir(), Path.home() / ".cache" / "vosk", Path("/usr/share/vosk"), Path("/usr/local/share/vosk"), Path("/opt/vosk")]


def is_vosk_model(path: Path) -> bool:
    return (path / "am" / "final.mdl").exists() or (path / "final.mdl").exists()


def find_vosk_model(configured: Path | None = None) -> Path | None:
    """The configured model folder, else the first vosk model in the usual places."""
    if configured is not None:
        return configured
    for folder in vosk_search_paths():
        if folder.is_dir():
            for candidate in sorted(folder.iterdir()):
                if candidate.is_dir() and is_vosk_model(candidate):
                    return candidate
    return None


def download(name: str, into: Path | None = None, source: ModelSource | None = None, progress: Callable[[int], None] | None = None, timeout_s: float = 30.0) -> Path:
    """Fetch, verify and unpack model ``name``; returns the unpacked folder."""
    if source is None:
        if name not in REGISTRY:
            raise ModelError(f"Unknown model '{name}'; choose one of: {', '.join(sorted(REGISTRY))}.")
        source = REGISTRY[name]
    into = into or models_dir()
    into.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=into, prefix=".download-") as tmp:
        archive = Path(tmp) / "model.zip"
        _fetch(source, archive, progress, timeout_s)
        verify(source, archive)
        return _unpack(source, archive, into)


def verify(source: ModelSource, archive: Path) -> None:
    size = archive.stat().st_size
    if source.size_bytes is not None and size != source.size_bytes:
        raise ModelError(f"The downloaded {source.name} archive has {size} bytes instead of {source.size_bytes}; it is incomplete or corrupt, run the download again.")
    if source.sha256 is not None and sha256_of(archive) != source.sha256:
        raise ModelError(f"The downloaded {source.name} archive fails its sha256 check; it is corrupt or was changed, run the download again.")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fetch(source: ModelSource, target: Path, progress: Callable[[int], None] | None, timeout_s: float) -> None:
    try:
        with urllib.request.urlopen(source.url, timeout=timeout_s) as response, target.open("wb") as out:
            done = 0
            while block := response.read(1 << 16):
                out.write(block)
                done += len(block)
                if progress:
                    progress(done)
    except urllib.error.HTTPError as err:
        raise ModelError(f"Could not download {source.name}: the server answered {err.code} for {source.url}.") from None
    except (urllib.error.URLError, OSError, TimeoutError) as err:
        reason = getattr(err, "reason", err)
        raise ModelError(f"Could not download {source.name} from {source.url} ({reason}); check the internet connection, or download the archive by hand and unpack it into {models_dir()}.") from None


def _unpack(source: ModelSource, archive: Path, into: Path) -> Path:
    try:
        with zipfile.ZipFile(archive) as zipped:
            if zipped.testzip() is not None:
                raise zipfile.BadZipFile("CRC mismatch")
            names = zipped.namelist()
            if any(n.startswith("/") or ".." in Path(n).parts for n in names):
                raise ModelError(f"The {source.name} archive has unsafe paths; refusing to unpack it.")
            staging = archive.parent / "unpacked"
            zipped.extractall(staging)
    except zipfile.BadZipFile:
        raise ModelError(f"The downloaded {source.name} archive is not a valid zip file (corrupt download); run the download again.") from None
    unpacked = staging / source.folder
    if not is_vosk_model(unpacked):
        raise ModelError(f"The {source.name} archive does not contain a vosk model in {source.folder}/ (no am/final.mdl); the registry entry is wrong.")
    target = into / source.folder
    if target.exists():
        shutil.rmtree(target)
    shutil.move(str(unpacked), target)
    _LOGGER.info("Unpacked %s into %s", source.name, target)
    return target
