"""Piri's benchmarks: `make bench`. Not tests; results go in docs/performance.md."""
