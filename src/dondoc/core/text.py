"""Text helpers with no Django import: folding Vietnamese for search."""

from __future__ import annotations

import re
import unicodedata

# After NFD, a character that is neither ASCII nor one of the combining diacritics (U+034F, the
# grapheme joiner, is in their block but does not combine).
_NOT_ASCII_OR_MARK = re.compile("[^\x00-\x7f\u0300-\u034e\u0350-\u036f]")


def fold(text: str) -> str:
    """Lower-case ASCII form of `text` for search that ignores diacritics and spacing.

    >>> fold("  Cao  Lộc ")
    'cao loc'
    >>> fold("ĐỊNH LẬP")
    'dinh lap'
    """
    # đ/Đ is a letter of its own, not d with a combining mark, so NFD leaves it alone.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    if not _NOT_ASCII_OR_MARK.search(decomposed):
        # Vietnamese: letters and combining marks only, so dropping what is not ASCII drops the
        # marks (in C, several times faster than the loop below; an import folds every row).
        return " ".join(decomposed.encode("ascii", "ignore").decode("ascii").lower().split())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
