"""Every test scans with a cache folder of its own: never the user's, never another test's."""
import pytest


@pytest.fixture(autouse=True)
def private_cache_folder(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("DESERIALGUARD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
