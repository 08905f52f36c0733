"""Search keys that ignore case, accents and script: Медуза finds Meduza, and Meduza finds Медуза."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Cyrillic (Russian, Ukrainian, Belarusian letters) to Latin, close to the usual English romanisations.
CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ye",
    "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip

_CYRILLIC_TABLE = str.maketrans(CYRILLIC_TO_LATIN)

# Spellings that romanisation systems disagree on, folded to one form on both sides of a match.
_FOLDS = [
    (re.compile(r"\bye"), "e"),  # Yevgenia / Evgeniya
    (re.compile(r"kh"), "h"),  # Khodorkovsky / Hodorkovsky
    (re.compile(r"ks"), "x"),  # Aleksei / Alexei
    (re.compile(r"[yj]"), "i"),  # Yulia / Iuliia, Dmitry / Dmitrii
    (re.compile(r"(.)\1+"), r"\1"),  # Kirill / Kiril, Novaya / Novaia -> novaia -> novaia
]
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """The search key of a text: lower case, Latin letters and digits, words separated by one space."""
    if not text:
        return ""
    if text.isascii():  # NFKC, transliteration and accent stripping leave ASCII as it is
        stripped = text.lower()
    else:
        latin = unicodedata.normalize("NFKC", text).lower().translate(_CYRILLIC_TABLE)
        decomposed = unicodedata.normalize("NFKD", latin)
        stripped = decomposed if decomposed.isascii() else "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _NON_ALNUM.sub(" ", stripped).strip()
    # Until nothing changes: one fold can make another apply ("кх" -> "kkh" -> "kh" -> "h"), and a
    # key must fold to itself, or a query typed the way the key reads would miss it.
    while True:
        before = key
        for pattern, repl in _FOLDS:
            key = pattern.sub(repl, key)
        if key == before:
            return key


SHORT = 3  # a query word this short matches only at the start of a word: "RT" finds RT America, not Arte


def word_pattern(word: str) -> str | None:
    """The regex a folded query word must match in a key, or None when a plain substring will do."""
    return f"(?:^| ){word}" if len(word) <= SHORT else None  # folded words are [a-z0-9]: nothing to escape


def matches(keys, query: str):
    """Boolean mask over a Series of search keys: every word of the query occurs in the key (a short
    word at the start of one of the key's words)."""
    words = fold(query).split()
    mask = keys.notna()
    if query.strip() and not words:  # only punctuation: nothing to look for, so nothing is found
        return mask & False
    for word in words:
        pattern = word_pattern(word)
        mask &= keys.str.contains(pattern, regex=True) if pattern else keys.str.contains(word, regex=False)
    return mask


def rank(names: list[str], query: str) -> int:
    """How well an entity's names (its own and its brand's: name, native name, aliases) answer a query;
    lower is better: 0 a name is the query, 1 a name starts with it, 2 the query's words are whole words
    of a name, 3 a word starts one of a name's words, 4 only fragments inside words match."""
    return rank_keys([fold(n) for n in names if isinstance(n, str) and n], fold(query))


def rank_keys(keys: Sequence[str], q: str) -> int:
    """rank() of names and a query already folded (a search folds each entity's names once per registry)."""
    if not q:
        return 4
    words = q.split()
    if q in keys:
        return 0
    if any(k.startswith(q) for k in keys):
        return 1
    if any(all(w in k.split() for w in words) for k in keys):
        return 2
    if any(all(any(part.startswith(w) for part in k.split()) for w in words) for k in keys):
        return 3
    return 4
