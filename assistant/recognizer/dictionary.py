"""Pronunciations: every word the grammar can produce must be sayable by the engine.

Words come from the engine's dictionary (pocketsphinx: CMUdict). A missing word is
spelled from known parts ("windscreen" = "wind" + "screen"), or from espeak-ng's
phonemes mapped to the engine's ARPAbet phones; what neither can do is reported.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

_LOGGER = logging.getLogger(__name__)

# espeak-ng IPA (en-us) -> CMU ARPAbet; longest symbols first.
_IPA = [
    ("aɪ", "AY"), ("aʊ", "AW"), ("eɪ", "EY"), ("oʊ", "OW"), ("ɔɪ", "OY"), ("tʃ", "CH"), ("dʒ", "JH"),
    ("ɜː", "ER"), ("ɚ", "ER"), ("ɝ", "ER"), ("ɑː", "AA"), ("ɔː", "AO"), ("iː", "IY"), ("uː", "UW"),
    ("æ", "AE"), ("ɑ", "AA"), ("ɒ", "AA"), ("ɔ", "AO"), ("ʌ", "AH"), ("ə", "AH"), ("ɐ", "AH"), ("ɛ", "EH"), ("e", "EH"),
    ("ɪ", "IH"), ("i", "IY"), ("ʊ", "UH"), ("u", "UW"), ("o", "OW"), ("a", "AA"),
    ("b", "B"), ("d", "D"), ("f", "F"), ("ɡ", "G"), ("g", "G"), ("h", "HH"), ("j", "Y"), ("k", "K"), ("l", "L"),
    ("m", "M"), ("n", "N"), ("ŋ", "NG"), ("p", "P"), ("ɹ", "R"), ("r", "R"), ("s", "S"), ("ʃ", "SH"), ("t", "T"),
    ("ɾ", "T"), ("θ", "TH"), ("ð", "DH"), ("v", "V"), ("w", "W"), ("z", "Z"), ("ʒ", "ZH"), ("x", "K"), ("ʔ", "T"),
]
_SKIP = set("ˈˌː‍ .-_|")


@dataclass
class Dictionary:
    """Word -> phones, from a CMUdict-format file plus generated entries."""

    path: Path
    """The engine's dictionary file."""
    entries: dict[str, str]
    """Word -> space-separated phones (first pronunciation only)."""
    generated: dict[str, str] = field(default_factory=dict)
    """Words we made pronunciations for, and the phones."""
    missing: list[str] = field(default_factory=list)
    """Words nobody could pronounce (the recognizer cannot hear them)."""

    @classmethod
    def from_file(cls, path: Path) -> "Dictionary":
        entries: dict[str, str] = {}
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                word, _, phones = line.strip().partition(" ")
                if word and "(" not in word:
                    entries.setdefault(word, phones.strip())
        return cls(path, entries)

    def cover(self, words: Iterable[str]) -> dict[str, str]:
        """Phones for every word; fills ``generated`` and ``missing`` as it goes."""
        result: dict[str, str] = {}
        for word in sorted(set(words)):
            phones = self.entries.get(word) or self.generated.get(word) or self._generate(word)
            if phones:
                result[word] = phones
            elif word not in self.missing:
                self.missing.append(word)
        return result

    def _generate(self, word: str) -> str | None:
        phones = self._from_apostrophe(word) or espeak_phones(word) or self._from_parts(word)
        if phones:
            self.generated[word] = phones
            _LOGGER.info("Generated a pronunciation for %r: %s", word, phones)
        return phones

    def _from_apostrophe(self, word: str) -> str | None:
        for i in range(1, len(word)):
            if (found := self.entries.get(word[:i] + "'" + word[i:])) is not None:
                return found
        return None

    def _from_parts(self, word: str) -> str | None:
        for i in range(3, len(word) - 2):
            head, tail = self.entries.get(word[:i]), self.entries.get(word[i:])
            if head and tail and i >= 3 and len(word) - i >= 3:
                return f"{head} {tail}"
        return None


def espeak_phones(word: str) -> str | None:
    """ARPAbet phones for ``word`` from espeak-ng (None when espeak-ng is not installed)."""
    exe = shutil.which("espeak-ng")
    if not exe:
        return None
    try:
        ipa = subprocess.run([exe, "-v", "en-us", "-q", "--ipa=3", word], capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return ipa_to_arpabet(ipa.strip()) or None


def ipa_to_arpabet(ipa: str) -> str:
    ipa = ipa.replace("\u200d", "")
    phones: list[str] = []
    i = 0
    while i < len(ipa):
        if ipa[i] in _SKIP:
            i += 1
            continue
        for symbol, phone in _IPA:
            if ipa.startswith(symbol, i):
                phones.append(phone)
                i += len(symbol)
                break
        else:
            i += 1
    return " ".join(phones)


def edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Insertions, deletions and substitutions from ``a`` to ``b`` (phones of two words, or words of two sentences)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (x != y))
    return row[-1]
