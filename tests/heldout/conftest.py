# The held-out set is data for benchmarks/accuracy.py --corpus tests/heldout: scanned, never imported or collected.
collect_ignore_glob = ["*"]
