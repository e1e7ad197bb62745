"""Benchmarks: a generator of synthetic archives and the runner comparing kit, floor, ABlog."""
