"""Text helpers with no Django import: folding Vietnamese for search."""

from __future__ import annotations

import unicodedata

# đ/Đ is a letter of its own, not d with a combining mark, so NFD leaves it alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case ASCII form of `text` for search that ignores diacritics and spacing.

    >>> fold("  Cao  Lộc ")
    'cao loc'
    >>> fold("ĐỊNH LẬP")
    'dinh lap'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
