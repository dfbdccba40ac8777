# The corpus is data for tests/test_corpus.py: its files are scanned, never imported or collected.
collect_ignore_glob = ["*"]
