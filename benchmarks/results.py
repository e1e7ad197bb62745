"""The record of one benchmark run: each site's builds and output at each archive size."""

from __future__ import annotations

from dataclasses import dataclass, field

from .measure import Build, Output

__all__ = ["BUILDS", "INCREMENTAL", "SiteResult"]

#: The builds of each site, in the order they run (incremental ones on the ``-j 1`` output;
#: ``full -j 2`` only for the tools that build in parallel).
BUILDS = ("full -j 1", "full -j 2", "noop", "edit", "add", "delete")
INCREMENTAL = ("noop", "edit", "add", "delete")


@dataclass
class SiteResult:
    """One site (a key of :data:`benchmarks.sites.SITES`) in one scenario.

    ``label`` names the scenario (``1,000 issues``, ``realistic, 665 issues``);
    ``weekly`` says whether it is one of the 10-an-issue archives whose per-issue
    cost is compared across sizes.
    """

    site: str
    issues: int
    sample_issue: int
    deleted_issue: int
    label: str = ""
    weekly: bool = True
    builds: dict[str, Build] = field(default_factory=dict)
    output: Output | None = None
    #: wall times of every clean ``-j 1`` build (``builds`` keeps the fastest)
    repeats: list[float] = field(default_factory=list)

    def build(self, name: str) -> Build | None:
        """The build ``name`` if it ran and succeeded."""
        build = self.builds.get(name)
        return build if build is not None and build.ok else None

    def seconds(self, name: str) -> float | None:
        """Wall time of build ``name``, ``None`` if it failed or did not run."""
        build = self.build(name)
        return build.seconds if build else None

    def cpu_seconds(self, name: str) -> float | None:
        """CPU time (user + system) of build ``name``, ``None`` if it failed or did not run."""
        build = self.build(name)
        return build.cpu_seconds if build else None

    def share(self, name: str) -> float | None:
        """Wall time of build ``name`` as a share of the full ``-j 1`` build's."""
        full, step = self.seconds("full -j 1"), self.seconds(name)
        return None if not full or step is None else step / full

    def cpu_share(self, name: str) -> float | None:
        """CPU time of build ``name`` as a share of the full ``-j 1`` build's (the steadier
        figure when the load on the machine changed between the two)."""
        full, step = self.cpu_seconds("full -j 1"), self.cpu_seconds(name)
        return None if not full or step is None else step / full

    def pages_seconds(self, name: str) -> float | None:
        """Seconds from the start of build ``name`` to its documents written (the kit's
        word to ``newsletter serve``, which reloads the edited page then)."""
        build = self.build(name)
        return getattr(build, "pages_seconds", None) if build else None

    def peak_rss(self, name: str) -> float | None:
        """Peak RSS of build ``name`` in bytes, ``None`` if it failed or did not run."""
        build = self.build(name)
        return float(build.peak_rss) if build else None
