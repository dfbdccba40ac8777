"""Serve the Flask `app` defined in one .py file on 127.0.0.1, on a free port, for the end-to-end tests.

    python tests/e2e/serve_app.py path/to/app.py

Prints the port it listens on (one line on stdout), then serves with Werkzeug's threaded development
server (what ``flask run`` uses) until it is killed. The file is loaded under its own module name, not
as ``__main__``, so its ``if __name__ == '__main__'`` block (which may bind other interfaces) never runs.
"""
import importlib.util
import sys
from pathlib import Path

from werkzeug.serving import make_server


def load_app(path: Path):
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(f"app_under_test_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.app


def main() -> None:
    app = load_app(Path(sys.argv[1]).resolve())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
