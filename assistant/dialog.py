"""What the coach says: response templates from ``intents/responses.yaml`` and number words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datapaths import data_dir
from .errors import DataError
from .fields import Fields
from .yamlfile import load_yaml

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """0..999 as spoken English ("twenty-one"); larger numbers as digits."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")
    return str(n)


def spoken(name: str) -> str:
    """A display name as it sounds mid-sentence ("Knee rolls" -> "knee rolls")."""
    return name[:1].lower() + name[1:]


@dataclass(frozen=True)
class Dialog:
    """The response templates, by name."""

    templates: dict[str, str]
    sides: dict[str, str]

    @classmethod
    def load(cls, path: Path | None = None) -> "Dialog":
        path = path or data_dir("intents") / "responses.yaml"
        fields = Fields(path, load_yaml(path), "responses file")
        node = fields.node.get("responses")
        inner = Fields(path, node, "responses")
        sides = Fields(path, inner.node.get("sides"), "sides")
        templates = {key: inner.text(key) for key in inner.node if key != "sides"}
        missing = sorted(REQUIRED - templates.keys())
        if missing:
            raise DataError(path, None, missing[0], "is missing from responses")
        return cls(templates, {"left": sides.text("left"), "right": sides.text("right")})

    def say(self, key: str, **values: object) -> str:
        text = self.templates[key].format(**values)
        return text[0].upper() + text[1:]

    def side(self, side: str) -> str:
        return self.sides[side]


REQUIRED = {
    "routine_start", "exercise_intro", "get_ready", "count_side", "count", "hold",
    "release", "first_side", "switch_sides", "rest_sets", "rest_exercises", "finished_routine",
    "finished_exercise", "paused", "nothing_to_pause", "resumed", "nothing_to_resume", "stopped",
    "pain_ease", "pain_options", "pain_options_idle",
    "next_phase_switch", "next_phase_set", "next_phase_exercise", "next_phase_end", "next_idle",
    "left_reps", "left_side", "left_sets", "left_one_set", "left_exercises", "left_one_exercise",
    "left_none", "left_idle", "no_previous", "explain_idle", "slower", "faster", "slowest",
    "fastest", "louder", "quieter", "nothing_to_repeat", "help",
}
