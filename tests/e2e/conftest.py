"""Real servers for the end-to-end tests: each app runs in its own process on 127.0.0.1.

Use the `server` fixture with a parametrized `app_path` (any .py file that defines a Flask `app`)::

    @pytest.mark.parametrize("app_path", [EXAMPLES / "ml_checkpoint_service" / "secure.py"])
    def test_something(server):
        response = server.post("/ml/model/restore", headers={...})

or the `serve_app` factory for other environments: ``serve_app(path, env={"CHECKPOINT_MAX_AGE": "60"})``.
Servers are started once per (path, environment) and killed at the end of the session.
"""
from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .support import SERVER_ENV, Server

RUNNER = Path(__file__).with_name("serve_app.py")
START_TIMEOUT = 30.0


@pytest.fixture(scope="session")
def serve_app(tmp_path_factory):
    """Factory fixture: serve_app(app_path, env=None) -> Server, cached per (path, env)."""
    servers: dict = {}
    log_dir = tmp_path_factory.mktemp("server-logs")

    def start(app_path, env: dict | None = None) -> Server:
        env = {**SERVER_ENV, **(env or {})}
        cache_key = (str(Path(app_path).resolve()), tuple(sorted(env.items())))
        if cache_key not in servers:
            log = log_dir / f"{Path(app_path).stem}-{len(servers)}.log"
            servers[cache_key] = _launch(Path(app_path), env, log)
        server = servers[cache_key]
        assert server.process.poll() is None, f"server died:\n{server.log_text()}"
        return server

    yield start
    for server in servers.values():
        _stop(server.process)


@pytest.fixture
def server(serve_app, app_path):
    """The app at `app_path` (parametrize it), served with the default test keys."""
    return serve_app(app_path)


@pytest.fixture
def marker(tmp_path):
    """A path that exists only if a hostile pickle ran code in a server."""
    path = tmp_path / "pwned-marker"
    assert not path.exists()
    return path


def _launch(app_path: Path, env: dict, log: Path) -> Server:
    full_env = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
    with open(log, "wb") as log_file:
        process = subprocess.Popen([sys.executable, str(RUNNER), str(app_path)], env=full_env,
                                   stdout=subprocess.PIPE, stderr=log_file, cwd=app_path.parent)
    try:
        port = _read_port(process, log)
        server = Server(process, f"http://127.0.0.1:{port}", log)
        _wait_until_answering(server)
    except BaseException:
        _stop(process)
        raise
    return server


def _read_port(process: subprocess.Popen, log: Path) -> int:
    ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
    line = process.stdout.readline().decode().strip() if ready else ""
    if not line.isdigit():
        raise RuntimeError(f"server did not start (exit code {process.poll()}):\n{log.read_text()}")
    return int(line)


def _wait_until_answering(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            server.request("GET", "/")      # any HTTP answer (404 included) means it is up
            return
        except OSError:
            if time.monotonic() > deadline or server.process.poll() is not None:
                raise RuntimeError(f"server does not answer:\n{server.log_text()}") from None
            time.sleep(0.05)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    if process.stdout:
        process.stdout.close()
