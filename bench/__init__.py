"""Benchmarks: each prints a table and writes its figures to bench/results.json."""

# A made-up token in the Bot API's shape, for the local fake only.
TOKEN = "123456:bench-token-for-the-local-fake-not-real-0"
