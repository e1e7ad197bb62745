"""Where ``conf.py`` writes each setting and each key of its value, for located warnings."""

from __future__ import annotations

import ast
from pathlib import Path

#: A setting's name, then the keys (of a dict) or indexes (of a list) down to a value.
KeyPath = tuple[str | int, ...]


class ConfLines:
    """The line of every top-level assignment in ``conf.py`` and of the keys in its value.

    Read with ``ast``, never run: ``newsletter_email = {"form": ...}`` gives the
    line of ``"form"``. A value that is not a literal (``ASIA_REGIONS``) has only
    its assignment's line.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.lines: dict[KeyPath, int] = {}
        if path is None:
            return
        try:
            tree = ast.parse(path.read_bytes(), str(path))
        except (OSError, SyntaxError, ValueError):
            return
        self._statements(tree.body)

    def _statements(self, body: list[ast.stmt]) -> None:
        """Note the assignments of ``body`` and of the blocks in it (``if``, ``try``,
        ``with``), not those inside functions or classes: those set no setting."""
        for statement in body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            target = value = None
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target, value = statement.targets[0], statement.value
            elif isinstance(statement, ast.AnnAssign):
                target, value = statement.target, statement.value
            if isinstance(target, ast.Name):
                # Assigned again: the keys of the value it had are no longer read.
                for path in [p for p in self.lines if p[0] == target.id]:
                    del self.lines[path]
                self.lines[(target.id,)] = statement.lineno
                if value is not None:
                    self._note(value, (target.id,))
            for field in ("body", "orelse", "finalbody", "handlers"):
                self._statements(getattr(statement, field, []))

    @classmethod
    def of(cls, confdir: str | Path | None) -> ConfLines:
        """The lines of ``conf.py`` in ``confdir`` (none when the build has no ``conf.py``)."""
        path = Path(confdir) / "conf.py" if confdir else None
        return cls(path if path is not None and path.is_file() else None)

    def _note(self, value: ast.expr, path: KeyPath) -> None:
        if isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, (str, int)):
                    self.lines[(*path, key.value)] = key.lineno
                    self._note(item, (*path, key.value))
        elif isinstance(value, (ast.List, ast.Tuple)):
            for index, item in enumerate(value.elts):
                self.lines[(*path, index)] = item.lineno
                self._note(item, (*path, index))

    def names(self) -> list[str]:
        """The names ``conf.py`` assigns at its top level."""
        return [path[0] for path in self.lines if len(path) == 1 and isinstance(path[0], str)]

    def location(self, path: KeyPath) -> str | None:
        """``conf.py:line`` of the deepest part of ``path`` written there, else line 1."""
        if self.path is None:
            return None
        for depth in range(len(path), 0, -1):
            line = self.lines.get(path[:depth])
            if line is not None:
                return f"{self.path}:{line}"
        return f"{self.path}:1"
