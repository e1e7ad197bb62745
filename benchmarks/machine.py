"""A description of the machine and software a benchmark ran on, for the results' header."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

__all__ = ["describe", "load"]

PACKAGES = (
    "sphinx",
    "myst-parser",
    "sphinx-book-theme",
    "ablog",
    "pelican",
    "markdown",
    "mkdocs",
    "mkdocs-material",
    "sphinx-newsletter",
)


def _proc_field(path: str, key: str) -> str | None:
    """The value of ``key`` in a ``key: value`` file such as ``/proc/meminfo``."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":")
        if name.strip() == key:
            return value.strip()
    return None


def _memory() -> str:
    """Total memory in GiB from ``/proc/meminfo``, or ``unknown``."""
    total = _proc_field("/proc/meminfo", "MemTotal")
    if not total or not total.endswith("kB"):
        return "unknown"
    return f"{int(total.split()[0]) / 2**20:.1f} GiB"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit(repo: Path) -> str:
    """The repository's short commit, marked ``+dirty`` when the tree has changes."""
    try:
        sha = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{sha}+dirty" if dirty else sha


def _hugo() -> str:
    """The first line of ``hugo version``, or ``not installed``."""
    try:
        out = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "not installed"
    return out.stdout.strip().splitlines()[0] if out.stdout.strip() else "unknown"


def describe(repo: Path) -> list[str]:
    """Markdown bullet lines naming the date, machine, Python and package versions."""
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    versions = ", ".join(f"{name} {_version(name)}" for name in PACKAGES)
    return [
        f"- Date: {now}; commit {_commit(repo)}",
        f"- Machine: {platform.platform()}; {cpu}; {os.cpu_count()} CPUs; {_memory()} memory",
        f"- Python {platform.python_version()} ({platform.python_implementation()}); {versions}",
        f"- Hugo: {_hugo()}",
    ]


def load() -> str:
    """The load averages over 1, 5 and 15 minutes (a busy machine makes timings noisy)."""
    try:
        return ", ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"
