"""The benchmarks that `make bench` runs (scripts/bench.py): one module a subject."""
