"""Benchmarks: they print figures and never fail on a timing. Run from the project root as `python -m benchmarks.run`."""
