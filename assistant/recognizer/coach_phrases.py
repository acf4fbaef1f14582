"""What the coach itself says, as sentences and as JSGF: the recognizer must explain them as non-commands.

Instruction sentences come from ``routines/`` (exercise start/steps/tips/cautions,
purposes, names, routine descriptions) and spoken responses from
``intents/responses.yaml``. A response's placeholders become grammar rules
({name} = any exercise or routine name, {count} = a number, {side} = left/right), so
"Rest for fifteen seconds. Then set two of three." is one whole phrase of the grammar.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

from ..datapaths import data_dir

_WORD = re.compile(r"[a-z']+|\{\w+\}")
NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty"
).split()
EXAMPLES = {"name": "knee rolls", "routine": "full daily session", "side": "left", "count": "three", "reps": "five",
            "seconds": "fifteen", "sets": "three", "next_set": "two", "exercises": "four"}
"""The value each placeholder gets in ``coach_sentences`` (what the benchmark renders)."""
PLACEHOLDER_RULES = {"name": "c_name", "routine": "c_name", "side": "c_side"} | {k: "c_number" for k in ("count", "reps", "seconds", "sets", "next_set", "exercises")}


def coach_templates(routines_dir: Path | None = None, intents_dir: Path | None = None) -> Iterator[str]:
    """Every sentence the coach says, lower case, placeholders kept as ``{key}``; parts that are only a placeholder dropped."""
    routines = routines_dir or data_dir("routines")
    for path in sorted((routines / "exercises").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        for key in ("start", "steps", "tips", "cautions"):
            for line in data.get(key) or []:
                yield from _sentences(str(line))
        for key in ("purpose", "name"):
            if data.get(key):
                yield from _sentences(str(data[key]))
    for path in sorted((routines / "routines").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        for key in ("name", "description"):
            if data.get(key):
                yield from _sentences(str(data[key]))
    responses = (intents_dir or data_dir("intents")) / "responses.yaml"
    if responses.exists():
        for text in (yaml.load(responses.read_text(encoding="utf-8"), Loader=_Loader) or {}).get("responses", {}).values():
            if isinstance(text, str):
                yield from _sentences(text)


def coach_sentences(routines_dir: Path | None = None, intents_dir: Path | None = None) -> Iterator[str]:
    """``coach_templates`` with every placeholder filled by its example value (``EXAMPLES``)."""
    seen: set[str] = set()
    for template in coach_templates(routines_dir, intents_dir):
        text = fill(template)
        if text not in seen:
            seen.add(text)
            yield text


def coach_names(routines_dir: Path | None = None) -> list[str]:
    """Exercise and routine names as the coach says them (lower case)."""
    routines = routines_dir or data_dir("routines")
    names = set()
    for path in sorted(routines.glob("*/*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        if isinstance(data, dict) and data.get("name"):
            names.add(" ".join(w for w in _WORD.findall(str(data["name"]).lower()) if not w.startswith("{")))
    return sorted(n for n in names if n)


def fill(template: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: EXAMPLES.get(m.group(1), ""), template).strip()


def to_jsgf(template: str) -> str:
    """A template's words, its placeholders as rule references (unknown placeholders dropped)."""
    parts = [f"<{PLACEHOLDER_RULES[w[1:-1]]}>" if w.startswith("{") else w for w in template.split() if not w.startswith("{") or w[1:-1] in PLACEHOLDER_RULES]
    return " ".join(parts)


def _sentences(text: str) -> Iterator[str]:
    for part in re.split(r"[.!?:;]\s*", text.lower().replace("’", "'")):
        words = _WORD.findall(part)
        if any(not w.startswith("{") or w[1:-1] in PLACEHOLDER_RULES for w in words):
            yield " ".join(w for w in words if not w.startswith("{") or w[1:-1] in PLACEHOLDER_RULES)
