"""The benchmark suite: ``python -m benchmarks`` (``make bench``) runs every benchmark."""
