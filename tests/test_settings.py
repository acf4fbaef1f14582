"""Settings: the README's example config loads; a broken or unknown setting is one clear sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.errors import CoachError
from assistant.settings import load_settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_example_config_loads(tmp_path: Path) -> None:
    block = re.search(r"```toml\n(.*?)```", README.read_text(), re.S)
    assert block is not None
    path = tmp_path / "config.toml"
    path.write_text(block.group(1))
    settings = load_settings(path)
    assert settings.coach.default_routine == "relief"
    assert settings.coach.routines_dir == Path("~/my-routines").expanduser()
    assert settings.voice.volume == 1.0 and settings.voice.warm is True
    assert settings.audio.input_device == "USB" and settings.recognizer.engine == "auto"


def test_flags_win_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[coach]\ndefault_routine = "relief"\n')
    assert load_settings(path, coach__default_routine="stretch").coach.default_routine == "stretch"


@pytest.mark.parametrize("text,words", [
    ("[coach]\ndefault_routine = \n", "is not valid TOML"),
    ("[coach]\nroutine = 'full'\n", "unknown setting 'routine'"),
])
def test_a_bad_config_is_one_sentence_naming_the_file(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(CoachError) as caught:
        load_settings(path)
    assert str(path) in str(caught.value) and words in str(caught.value)
