"""The package's types check: mypy over ``src/`` with the project's configuration.

``pyproject.toml``'s ``[tool.mypy]`` says what is checked and how strictly; the
``test`` extra installs mypy and the stubs of the dependencies that ship no types
(docutils, PyYAML, lxml), so a type error fails ``make test`` and CI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent


def test_mypy_finds_no_type_error_in_the_package() -> None:
    # No paths: the configuration's ``files`` says what is checked.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, (
        "mypy found type errors (a missing stub package: pip install -e '.[test]'):\n" + report
    )
    assert "Success: no issues found" in report
