"""The recognizer's grammar, built from the same templates the intent matcher uses.

Two shapes: a JSGF grammar (pocketsphinx), written from hassil's expression tree so
the ~10^6 sentences the templates can say never need listing, and a phrase list
(vosk, whisper's prompt) that keeps one sentence per template alternative. The
grammar also carries a *garbage* branch: a loop over common English words and the
words of everything the coach itself says, so that chatter, TV and the coach's own
voice find a better path there than through a command (the rejection path).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import yaml
from hassil import Intents
from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk

from ..datapaths import data_dir
from ..intents import IntentMatcher

GARBAGE_RULE = "garbage"
_WORD = re.compile(r"[a-z']+")
_COMMON_WORDS = Path(__file__).with_name("common_words.txt")


@dataclass(frozen=True)
class Grammar:
    """What the recognizer may hear: commands, and the garbage it should throw away."""

    jsgf: str
    """JSGF text: public <utterance> = <command> | <garbage>."""
    words: frozenset[str]
    """Every word a command can contain (lower case)."""
    garbage_words: frozenset[str]
    """Words of the garbage loop (common words and the coach's own sentences)."""
    phrases: tuple[str, ...]
    """A representative list of command sentences (vosk grammar, whisper prompt)."""
    coach_sentences: tuple[str, ...]
    """What the coach itself says (exercise instructions, responses), lower case, for rejection."""
    continuable: frozenset[tuple[str, str]] = frozenset()
    """(previous word, word) pairs that some sentence continues after ('' = sentence start)."""

    def is_final(self, text: str) -> bool:
        """True when no template sentence goes on after ``text``'s last two words."""
        words = text.split()
        return bool(words) and ((words[-2] if len(words) > 1 else ""), words[-1]) not in self.continuable

    @classmethod
    def from_matcher(cls, matcher: IntentMatcher, routines_dir: Path | None = None, intents_dir: Path | None = None, garbage_weight: float = 0.05) -> "Grammar":
        writer = _JsgfWriter(matcher)
        coach = tuple(coach_sentences(routines_dir, intents_dir))
        commands = writer.jsgf([], 0.0)  # collects the command words
        heard = frozenset(_common_words()) | frozenset(w for s in coach for w in _WORD.findall(s))
        garbage = heard - writer.words if garbage_weight > 0 else frozenset()
        jsgf = _JsgfWriter(matcher).jsgf(sorted(garbage), garbage_weight)
        return cls(jsgf, frozenset(writer.words), garbage, tuple(phrase_list(matcher)), coach, _continuable(matcher, commands))

    @property
    def all_words(self) -> frozenset[str]:
        return self.words | self.garbage_words


def phrase_list(matcher: IntentMatcher, limit: int = 4000) -> Iterator[str]:
    """One sentence per template per alternative word (not the full product), all slot values.

    Each template is expanded with its optional parts both taken and left out, but
    alternatives only "diagonally" (the i-th choice of every group together), so the
    list grows with the number of words, not with their product.
    """
    seen: set[str] = set()
    rules = matcher.intents.expansion_rules
    for intent in matcher.intents.intents.values():
        for data in intent.data:
            for sentence in data.sentences:
                for text in _diagonal(sentence.expression, rules, matcher):
                    text = " ".join(text.split())
                    if text and text not in seen and len(seen) < limit:
                        seen.add(text)
                        yield text


def _continuable(matcher: IntentMatcher, commands_jsgf: str) -> frozenset[tuple[str, str]]:
    """Word pairs followed by more words in some sentence (cached on disk: enumerating takes seconds)."""
    import hashlib
    import json

    from ..settings import cache_home

    key = hashlib.sha1(commands_jsgf.encode()).hexdigest()[:16]
    path = cache_home() / "grammar" / f"continuable-{key}.json"
    if path.exists():
        return frozenset(tuple(p) for p in json.loads(path.read_text(encoding="utf-8")))  # type: ignore[misc]
    pairs: set[tuple[str, str]] = set()
    for _, sentence in matcher.sentences():
        words = sentence_words(sentence)
        pairs.update(((words[i - 1] if i else ""), words[i]) for i in range(len(words) - 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(sorted(pairs)), encoding="utf-8")
    return frozenset(pairs)


def coach_sentences(routines_dir: Path | None = None, intents_dir: Path | None = None) -> Iterator[str]:
    """Every instruction sentence of every exercise and every response, lower case, no placeholders."""
    routines = routines_dir or data_dir("routines")
    for path in sorted((routines / "exercises").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in ("start", "steps", "tips", "cautions"):
            for line in data.get(key) or []:
                yield _plain(str(line))
        for key in ("purpose", "name"):
            if data.get(key):
                yield _plain(str(data[key]))
    responses = (intents_dir or data_dir("intents")) / "responses.yaml"
    if responses.exists():
        for text in (yaml.safe_load(responses.read_text(encoding="utf-8")) or {}).get("responses", {}).values():
            for part in re.split(r"[.!?]\s*", re.sub(r"\{[^}]*\}", " ", str(text))):
                if part.strip():
                    yield _plain(part)


def sentence_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(text.lower().replace("’", "'")))


def _common_words() -> list[str]:
    lines = _COMMON_WORDS.read_text(encoding="utf-8").splitlines()
    return [w for line in lines if not line.startswith("#") for w in sentence_words(line)]


class _JsgfWriter:
    """Turns hassil expressions into JSGF rules, one rule per intent, rule and slot list."""

    def __init__(self, matcher: IntentMatcher) -> None:
        self.matcher = matcher
        self.words: set[str] = set()
        self.rules: dict[str, str] = {}

    def jsgf(self, garbage: list[str], garbage_weight: float) -> str:
        intents: Intents = self.matcher.intents
        for name, rule in intents.expansion_rules.items():
            self.rules[f"r_{_ident(name)}"] = self._expr(rule.expression)
        commands = []
        for name, intent in sorted(intents.intents.items()):
            bodies = [self._expr(s.expression) for data in intent.data for s in data.sentences]
            self.rules[f"i_{_ident(name)}"] = " | ".join(f"( {b} )" for b in bodies)
            commands.append(f"<i_{_ident(name)}>")
        self.rules["command"] = " | ".join(commands)
        lines = ["#JSGF V1.0;", "grammar coach;"]
        if garbage and garbage_weight > 0:
            self.rules[GARBAGE_RULE] = " | ".join(garbage)
            lines.append(f"public <utterance> = /1/ <command> | /{garbage_weight}/ <{GARBAGE_RULE}>+ ;")
        else:
            lines.append("public <utterance> = <command> ;")
        lines += [f"<{name}> = {body} ;" for name, body in self.rules.items()]
        return "\n".join(lines) + "\n"

    def _expr(self, expr: Expression) -> str:
        if isinstance(expr, TextChunk):
            words = sentence_words(expr.text)
            self.words.update(words)
            return " ".join(words)
        if isinstance(expr, ListReference):
            return self._slot(expr.list_name)
        if isinstance(expr, RuleReference):
            return f"<r_{_ident(expr.rule_name)}>"
        if isinstance(expr, Alternative):
            parts = [p for p in (self._expr(i) for i in expr.items) if p]
            body = " | ".join(f"( {p} )" for p in parts) or "<NULL>"
            optional = expr.is_optional or any(not self._expr(i) for i in expr.items)
            return f"[ {body} ]" if optional else f"( {body} )"
        if isinstance(expr, Permutation):
            orders = itertools.permutations(expr.items)
            return " | ".join("( " + " ".join(self._expr(i) for i in order) + " )" for order in orders)
        if isinstance(expr, Sequence):
            return " ".join(p for p in (self._expr(i) for i in expr.items) if p)
        raise TypeError(f"unsupported template expression {type(expr).__name__}")

    def _slot(self, name: str) -> str:
        rule = f"s_{_ident(name)}"
        if rule not in self.rules:
            texts = sorted({" ".join(sentence_words(t)) for t in _slot_texts(self.matcher, name)})
            for text in texts:
                self.words.update(text.split())
            self.rules[rule] = " | ".join(f"( {t} )" for t in texts)
        return f"<{rule}>"


def _diagonal(expr: Expression, rules: dict, matcher: IntentMatcher) -> list[str]:
    """A few texts for ``expr``: each alternative once, optionals both ways."""
    if isinstance(expr, TextChunk):
        return [expr.text]
    if isinstance(expr, ListReference):
        return _slot_texts(matcher, expr.list_name)
    if isinstance(expr, RuleReference):
        return _diagonal(rules[expr.rule_name].expression, rules, matcher)
    if isinstance(expr, Alternative):
        texts = [t for item in expr.items for t in _diagonal(item, rules, matcher)]
        return texts + [""] if expr.is_optional else texts
    if isinstance(expr, Sequence):
        parts = [_diagonal(i, rules, matcher) for i in expr.items]
        width = max((len(p) for p in parts), default=1)
        return ["".join(p[k % len(p)] for p in parts) for k in range(width)]
    return [""]


def _slot_texts(matcher: IntentMatcher, name: str) -> list[str]:
    values = getattr(matcher.slot_lists[name], "values", [])
    return [v.text_in.text for v in values if isinstance(v.text_in, TextChunk)]


def _ident(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def words_of(texts: Iterable[str]) -> set[str]:
    return {w for t in texts for w in sentence_words(t)}
