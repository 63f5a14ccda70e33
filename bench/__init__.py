"""Benchmarks: each prints a table and writes its figures to bench/results.json."""
