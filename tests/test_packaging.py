"""The wheel carries routines/ and intents/, so an installed ``assistant`` works outside a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_the_data_folders(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("back_coach-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {str(p.relative_to(ROOT)) for folder in ("routines", "intents") for p in (ROOT / folder).rglob("*.yaml")}
    assert shipped and {f"assistant/_data/{name}" for name in shipped} <= names


def test_installed_layout_is_found_first(tmp_path: Path, monkeypatch) -> None:
    import assistant.datapaths as datapaths

    fake_package = tmp_path / "assistant"
    (fake_package / "_data" / "routines").mkdir(parents=True)
    monkeypatch.setattr(datapaths, "_PACKAGE", fake_package)
    assert datapaths.data_dir("routines") == fake_package / "_data" / "routines"
    assert datapaths.data_dir("intents") == tmp_path / "intents"
