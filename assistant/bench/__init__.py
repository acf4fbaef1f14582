"""Benchmarks: each module has run(quick) -> a markdown section of figures."""
