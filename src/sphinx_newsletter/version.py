"""The kit's version: the package's, and part of every generated page's digest."""

__version__ = "0.1.0"
