"""Did you mean: the known names closest to a mistyped one, for warnings."""

from __future__ import annotations

import difflib


def closest(word: str, choices: list[str], n: int = 3) -> str:
    """A short "did you mean" phrase naming the closest known ids, or ``""``."""
    near = difflib.get_close_matches(word, choices, n=n, cutoff=0.5)
    if not near:
        return ""
    return " (did you mean " + ", ".join(f"'{c}'" for c in near) + "?)"
