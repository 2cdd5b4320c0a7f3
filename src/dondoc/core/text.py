"""Text helpers with no Django import: folding Vietnamese for search, and the characters that
no stored text may hold."""

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


# The longest text a spreadsheet cell holds (Excel, LibreOffice): titles and notes, which a
# register carries, are limited to it.
CELL_LIMIT = 32_767
# Texts that go into a task's history only (progress, reasons, results): a few pages.
EVENT_TEXT_LIMIT = 10_000

# What no stored text may hold: C0 control characters other than tab, line feed and carriage
# return (PostgreSQL refuses NUL; XML 1.0, so a workbook, has none of them), lone surrogates (no
# UTF-8 encoding) and U+FFFE/U+FFFF (not characters in XML).
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unfit_character(text: str) -> tuple[int, str] | None:
    """The position (from 1) and the first character of `text` that no stored text may hold.

    >>> unfit_character("Báo cáo\\tquý I")
    >>> unfit_character("Báo\\x00 cáo")
    (4, '\\x00')
    """
    if text.isprintable():  # most texts, checked in C many times faster than by the pattern
        return None
    found = _UNFIT.search(text)
    return (found.start() + 1, found.group()) if found else None


def fit(text: str) -> str:
    """`text` without the characters no stored text may hold: for writing out text that came in
    before they were refused, or by a path that does not check.

    >>> fit("Báo\\x01 cáo\\x1b[0m")
    'Báo cáo[0m'
    """
    return text if text.isprintable() else _UNFIT.sub("", text)
