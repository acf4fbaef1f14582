"""The recognizer's grammar, built from the same templates the intent matcher uses.

Two shapes: a JSGF grammar (pocketsphinx), written from hassil's expression tree so
the ~10^6 sentences the templates can say never need listing, and a phrase list
(vosk, whisper's prompt) that keeps one sentence per template alternative. The
grammar also carries a *garbage* branch: a loop over common English words and the
words of everything the coach itself says, so that chatter, TV and the coach's own
voice find a better path there than through a command (the rejection path).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from hassil import Intents
from hassil.expression import Alternative, Expression, ListReference, Permutation, RuleReference, Sequence, TextChunk

from ..datapaths import data_dir
from ..intents import IntentMatcher
from ..settings import cache_home
from .coach_phrases import NUMBER_WORDS, coach_names, coach_sentences, coach_templates, fill, to_jsgf

__all__ = ["Grammar", "GrammarWeights", "coach_sentences", "phrase_list", "sentence_words", "words_of"]

_LOGGER = logging.getLogger(__name__)
GARBAGE_RULE = "garbage"
COACH_RULE = "coach"
_WORD = re.compile(r"[a-z']+")
_COMMON_WORDS = Path(__file__).with_name("common_words.txt")
CONTEXT_INTENTS: dict[str, frozenset[str]] = {
    "pain_check": frozenset({"next", "start_routine", "stop", "resume", "pain", "help", "repeat", "pause", "what_next"}),
}
"""Coach states (``coach.State`` values) in which only these intents are listened for; other states hear everything."""


@dataclass(frozen=True)
class GrammarWeights:
    """JSGF weights of the three branches of an utterance (relative to 1 for a command)."""

    garbage: float = 1e-2
    """Entering the garbage loop (0 = no garbage branch). 1e-4 was best with the full word list; once the words that
    sound like a command word were left out (pocketsphinx ``spare_near_commands``), 1e-2 to 10 gave the same clean
    accuracy; 1e-2 heard the most at 10 dB, and 1 or more already lost one "I'm in pain" in noise
    (docs/hearing-benchmark.md, round 3)."""
    garbage_continue: float = 1e-4
    """Each further garbage word (against 1 for ending the loop): lower = longer garbage costs more."""
    coach: float = 1.0
    """A whole sentence of the coach's own (0 = no coach branch)."""
    garbage_min_letters: int = 1
    """Garbage words shorter than this are left out (short words like "if" explain a noise tail too well)."""


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
    def from_matcher(cls, matcher: IntentMatcher, routines_dir: Path | None = None, intents_dir: Path | None = None, weights: GrammarWeights = GrammarWeights()) -> "Grammar":
        """Built from the templates, routines and responses (cached on disk: the build takes a second or more)."""
        path = cache_home() / "grammar" / f"grammar-{_source_key(routines_dir, intents_dir, weights)}.json"
        if path.exists():
            try:
                return cls.from_json(path.read_text(encoding="utf-8"))
            except (ValueError, KeyError, TypeError):
                _LOGGER.warning("Rebuilding the unreadable grammar cache %s", path)
        grammar = cls._build(matcher, routines_dir, intents_dir, weights)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(grammar.to_json(), encoding="utf-8")
        tmp.replace(path)
        return grammar

    def to_json(self) -> str:
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return json.dumps({k: sorted(v) if isinstance(v, frozenset) else v for k, v in fields.items()})

    @classmethod
    def from_json(cls, text: str) -> "Grammar":
        data = json.loads(text)
        return cls(data["jsgf"], frozenset(data["words"]), frozenset(data["garbage_words"]), tuple(data["phrases"]),
                   tuple(data["coach_sentences"]), frozenset(tuple(p) for p in data["continuable"]))

    @classmethod
    def _build(cls, matcher: IntentMatcher, routines_dir: Path | None, intents_dir: Path | None, weights: GrammarWeights) -> "Grammar":
        writer = _JsgfWriter(matcher)
        coach = tuple(coach_sentences(routines_dir, intents_dir))
        commands = writer.jsgf([], [], [], weights)  # collects the command words
        phrases = sorted({to_jsgf(t) for t in coach_templates(routines_dir, intents_dir) if matcher.match(fill(t)) is None} - {""})
        heard = frozenset(_common_words()) | frozenset(w for s in coach for w in _WORD.findall(s))
        garbage = frozenset(w for w in heard - writer.words if len(w) >= weights.garbage_min_letters) if weights.garbage > 0 else frozenset()
        phrases = phrases if weights.coach > 0 else []
        jsgf = _JsgfWriter(matcher).jsgf(sorted(garbage), phrases, coach_names(routines_dir), weights)
        coach_words = frozenset(w for p in phrases for w in p.split() if not w.startswith("<")) | frozenset(NUMBER_WORDS) | {"left", "right"}
        coach_words |= frozenset(w for n in coach_names(routines_dir) for w in n.split())
        return cls(jsgf, frozenset(writer.words), garbage | (coach_words - writer.words), tuple(phrase_list(matcher)), coach, _continuable(matcher, commands))

    def jsgf_for(self, intents: frozenset[str]) -> str:
        """The JSGF with the command branch cut down to ``intents`` (the rest of the grammar unchanged)."""
        command = " | ".join(f"<i_{_ident(name)}>" for name in sorted(intents))
        return re.sub(r"^<command> = .*;$", f"<command> = {command} ;", self.jsgf, count=1, flags=re.M)

    @property
    def all_words(self) -> frozenset[str]:
        return self.words | self.garbage_words


def _source_key(routines_dir: Path | None, intents_dir: Path | None, weights: GrammarWeights) -> str:
    """A hash of everything a grammar is built from: data files, word list, this code, the weights."""
    digest = hashlib.sha1(repr(weights).encode())
    here = Path(__file__).parent
    files = [here / "grammar.py", here / "coach_phrases.py", _COMMON_WORDS]
    for folder in (routines_dir or data_dir("routines"), intents_dir or data_dir("intents")):
        files += sorted(folder.rglob("*.yaml"))
    for path in files:
        digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()[:16]


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


def sentence_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _common_words() -> list[str]:
    lines = _COMMON_WORDS.read_text(encoding="utf-8").splitlines()
    return [w for line in lines if not line.startswith("#") for w in sentence_words(line)]


class _JsgfWriter:
    """Turns hassil expressions into JSGF rules, one rule per intent, rule and slot list."""

    def __init__(self, matcher: IntentMatcher) -> None:
        self.matcher = matcher
        self.words: set[str] = set()
        self.rules: dict[str, str] = {}

    def jsgf(self, garbage: list[str], coach: list[str], names: list[str], weights: GrammarWeights) -> str:
        intents: Intents = self.matcher.intents
        for name, rule in intents.expansion_rules.items():
            self.rules[f"r_{_ident(name)}"] = self._expr(rule.expression)
        commands = []
        for name, intent in sorted(intents.intents.items()):
            bodies = [self._expr(s.expression) for data in intent.data for s in data.sentences]
            self.rules[f"i_{_ident(name)}"] = " | ".join(f"( {b} )" for b in bodies)
            commands.append(f"<i_{_ident(name)}>")
        self.rules["command"] = " | ".join(commands)
        branches = ["/1/ <command>"]
        if garbage and weights.garbage > 0:
            self.rules[GARBAGE_RULE] = " | ".join(garbage)
            self.rules["garbage_loop"] = f"/1/ <{GARBAGE_RULE}> | /{_num(weights.garbage_continue)}/ <{GARBAGE_RULE}> <garbage_loop>"
            branches.append(f"/{_num(weights.garbage)}/ <garbage_loop>")
        if coach and weights.coach > 0:
            self.rules["c_name"] = " | ".join(f"( {n} )" for n in names) or "<NULL>"
            self.rules["c_side"] = "left | right"
            self.rules["c_number"] = " | ".join(NUMBER_WORDS)
            self.rules[COACH_RULE] = " | ".join(f"( {p} )" for p in coach)
            branches.append(f"/{_num(weights.coach)}/ <{COACH_RULE}>")
        lines = ["#JSGF V1.0;", "grammar coach;", f"public <utterance> = {' | '.join(branches)} ;"]
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


def _num(value: float) -> str:
    return f"{value:.8f}".rstrip("0").rstrip(".")


def _ident(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def words_of(texts: Iterable[str]) -> set[str]:
    return {w for t in texts for w in sentence_words(t)}
