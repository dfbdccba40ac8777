"""Every test scans with a cache folder of its own: never the user's, never another test's."""
import pytest

import deserialguard.engine


@pytest.fixture(autouse=True)
def private_cache_folder(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("DESERIALGUARD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def scans(monkeypatch):
    """(name, arguments) of each whole scan (scan_paths) and each scan of some groups again
    (rescan_parts) that the test's cached scans ask for."""
    calls = []
    for name in ("scan_paths", "rescan_parts"):
        def call(*args, _real=getattr(deserialguard.engine, name), _name=name, **kwargs):
            calls.append((_name, args))
            return _real(*args, **kwargs)
        monkeypatch.setattr(deserialguard.engine, name, call)
    return calls
