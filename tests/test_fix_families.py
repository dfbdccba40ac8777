"""`deserialguard fix`, one family at a time: the exact text before and after, comments and formatting
kept, imports added once and removed only when unused, and a second run that changes nothing."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from deserialguard.catalog import threat_models
from deserialguard.engine import scan_paths
from deserialguard.fix import fix_paths

ALL = threat_models.parse("all")


def fix(tmp_path: Path, code: str, *, name: str = "app.py", models=threat_models.DEFAULT, **options):
    """Write `code`, fix it in place, check the fix is complete and idempotent; return (text, file fix)."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(code))
    options.setdefault("unsafe_fixes", True)        # these tests are about the rewrites themselves
    result = fix_paths([path], write=True, threat_models_enabled=models, **options)
    file_fix = result.file(path)
    assert file_fix is not None, "the scan found nothing to fix"
    fixed = path.read_text()
    compile(fixed, str(path), "exec")
    if file_fix.applied and not file_fix.manual and not file_fix.refusals:
        assert not scan_paths([path], models).findings, f"findings remain after the fix:\n{fixed}"
        again = fix_paths([path], write=True, threat_models_enabled=models)
        assert not again.changed_files and path.read_text() == fixed, "a second run changed the file"
    return fixed, file_fix


def expect(text: str) -> str:
    return textwrap.dedent(text)


# --- pickle: restricted --------------------------------------------------------------------------------

def test_socket_pickle_loads_becomes_restricted_loads(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import pickle
        import socket


        def serve(conn: socket.socket):
            # one job per message
            data = conn.recv(65536)
            job = pickle.loads(data)  # the sink
            return job
        ''')
    assert fixed == expect('''\
        import socket
        from deserialguard import guard


        def serve(conn: socket.socket):
            # one job per message
            data = conn.recv(65536)
            job = guard.restricted_loads(data)  # the sink
            return job
        ''')
    (applied,) = file_fix.applied
    assert applied.strategy == "restricted" and "ForbiddenGlobal" in applied.summary
    assert any("not a part of a web request" in note for note in applied.notes)


def test_import_stays_while_still_used(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import pickle
        import socket


        def serve(conn: socket.socket):
            job = pickle.loads(conn.recv(65536))
            conn.sendall(pickle.dumps({"ok": True}))
            return job
        ''')
    assert fixed.startswith("import pickle\nimport socket\nfrom deserialguard import guard\n")
    assert "job = guard.restricted_loads(conn.recv(65536))" in fixed
    assert "conn.sendall(pickle.dumps(" in fixed


def test_guard_imported_once_for_several_fixes(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import socket

        import dill
        import pickle as pk


        def handle(sock: socket.socket):
            a = pk.loads(sock.recv(100))
            b = dill.loads(sock.recv(100))
            return a, b
        ''')
    assert len(file_fix.applied) == 2
    assert fixed.count("from deserialguard import guard") == 1
    assert "import dill" not in fixed and "import pickle" not in fixed and "import socket\n" in fixed
    assert "a = guard.restricted_loads(sock.recv(100))" in fixed
    assert "b = guard.restricted_loads(sock.recv(100))" in fixed


def test_blank_lines_between_import_groups_survive_a_removal(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import socket

        import cloudpickle
        from mylib import helpers


        def serve(conn: socket.socket):
            return cloudpickle.loads(conn.recv(10))
        ''')
    assert fixed.startswith("import socket\n\nfrom mylib import helpers\nfrom deserialguard import guard\n")


def test_pickle_load_of_a_stream_keeps_reading_one_pickle(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import pickle
        import socket


        def accept(server: socket.socket):
            client, _ = server.accept()
            stream = client.makefile("rb")
            return pickle.load(stream, encoding="latin1")
        ''')
    assert "return guard.RestrictedUnpickler(stream, encoding=\"latin1\").load()" in fixed


def test_unpickler_assigned_first_and_subclass_are_rebased(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import io
        import pickle

        from flask import request


        class Audited(pickle.Unpickler):
            def find_class(self, module, name):
                return super().find_class(module, name)


        def one():
            unpickler = pickle.Unpickler(io.BytesIO(request.get_data()))
            return unpickler.load()


        def two():
            return Audited(io.BytesIO(request.get_data())).load()
        ''')
    assert "class Audited(guard.RestrictedUnpickler):" in fixed
    assert "unpickler = guard.RestrictedUnpickler(io.BytesIO(request.get_data()))" in fixed
    assert "import pickle" not in fixed


def test_subclass_with_its_own_find_class_is_refused(tmp_path):
    original = textwrap.dedent('''\
        import importlib
        import io
        import pickle

        from flask import request


        class Loose(pickle.Unpickler):
            def find_class(self, module, name):
                return getattr(importlib.import_module(module), name)


        def restore():
            return Loose(io.BytesIO(request.get_data())).load()
        ''')
    fixed, file_fix = fix(tmp_path, original)
    assert fixed == original
    (refusal,) = file_fix.refusals
    assert refusal.finding is not None and "super().find_class" in refusal.reason
    assert "line 14" in refusal.reason


def test_loads_with_unpickler_options_keeps_them(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import pickle

        from flask import request


        def restore():
            return pickle.loads(  # legacy python 2 pickles
                request.get_data(),
                encoding="bytes",
            )
        ''')
    assert fixed == expect('''\
        from flask import request
        import io
        from deserialguard import guard


        def restore():
            return guard.RestrictedUnpickler(  # legacy python 2 pickles
                io.BytesIO(request.get_data()),
                encoding="bytes",
            ).load()
        ''')


def test_strategy_restricted_keeps_the_pickle_format_for_web_sources(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import pickle

        from flask import request


        def restore():
            state = request.headers.get("X-State")
            return pickle.loads(bytes.fromhex(state))
        ''', strategy="restricted")
    assert "return guard.restricted_loads(bytes.fromhex(state))" in fixed
    assert "Signature" not in fixed and file_fix.applied[0].strategy == "restricted"


def test_strategy_signed_json_refuses_where_there_is_no_sibling(tmp_path):
    original = textwrap.dedent('''\
        import pickle
        import socket


        def handle(sock: socket.socket):
            return pickle.loads(sock.recv(100))
        ''')
    fixed, file_fix = fix(tmp_path, original, strategy="signed-json")
    assert fixed == original and not file_fix.applied
    (refusal,) = file_fix.refusals
    assert "signed-json is not possible" in refusal.reason and "not a part of a web request" in refusal.reason


# --- YAML ------------------------------------------------------------------------------------------------

def test_yaml_unsafe_loaders_become_safe_load(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import yaml
        from flask import request


        def a():
            return yaml.load(request.get_data(), Loader=yaml.FullLoader)  # keep me


        def b():
            return yaml.load(request.form["x"], yaml.Loader)


        def c():
            return list(yaml.unsafe_load_all(request.data))


        def d():
            return yaml.full_load(request.data)
        ''')
    assert fixed == expect('''\
        import yaml
        from flask import request


        def a():
            return yaml.safe_load(request.get_data())  # keep me


        def b():
            return yaml.safe_load(request.form["x"])


        def c():
            return list(yaml.safe_load_all(request.data))


        def d():
            return yaml.safe_load(request.data)
        ''')
    assert {a.strategy for a in file_fix.applied} == {"safe-loader"}


def test_yaml_names_imported_from_yaml(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        from flask import request
        from yaml import UnsafeLoader, load as yaml_load


        def parse():
            return yaml_load(request.data, Loader=UnsafeLoader)
        ''')
    assert fixed == expect('''\
        from flask import request
        from yaml import safe_load


        def parse():
            return safe_load(request.data)
        ''')


def test_yaml_loader_subclass_is_rebased_on_safe_loader(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        from flask import request
        from yaml import Loader, load


        class TagLoader(Loader):
            """Understands !env."""


        def parse():
            return load(request.get_data(), Loader=TagLoader)
        ''')
    assert "from yaml import SafeLoader, load\n" in fixed
    assert "class TagLoader(SafeLoader):" in fixed
    assert "return load(request.get_data(), Loader=TagLoader)" in fixed


def test_ruamel_unsafe_becomes_safe(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        from flask import request
        from ruamel.yaml import YAML


        def parse():
            yaml = YAML(typ='unsafe', pure=True)
            return yaml.load(request.get_data(as_text=True))
        ''')
    assert "yaml = YAML(typ='safe', pure=True)" in fixed


def test_ruamel_module_level_loaders_become_a_safe_instance(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import ruamel.yaml
        from flask import request


        def parse():
            return ruamel.yaml.load(request.get_data(as_text=True))


        def parse_legacy():
            return ruamel.yaml.unsafe_load(request.get_data(as_text=True))
        ''')
    assert fixed.count("return ruamel.yaml.YAML(typ='safe').load(request.get_data(as_text=True))") == 2
    assert len(file_fix.applied) == 2 and all(fix.codemod.safe for fix in file_fix.applied)


def test_a_ruamel_module_level_loader_given_options_is_left_to_manual_work(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import ruamel.yaml
        from flask import request


        def parse():
            return ruamel.yaml.load(request.get_data(as_text=True), version=(1, 1))
        ''')
    assert "ruamel.yaml.load(request.get_data(as_text=True), version=(1, 1))" in fixed
    [advice] = file_fix.manual
    assert "YAML(typ='safe').load(stream)" in advice.text


# --- torch, numpy, keras -------------------------------------------------------------------------------

def test_torch_load_gets_weights_only(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import io

        import torch
        from flask import request


        def a():
            return torch.load(io.BytesIO(request.files["m"].read()))


        def b():
            return torch.load(request.files["m"], weights_only=False)


        def c():
            state = torch.load(
                request.files["m"],
                map_location="cpu",
            )
            return state
        ''')
    assert 'return torch.load(io.BytesIO(request.files["m"].read()), weights_only=True)' in fixed
    assert 'return torch.load(request.files["m"], weights_only=True)' in fixed
    assert textwrap.indent(textwrap.dedent('''\
        state = torch.load(
            request.files["m"],
            map_location="cpu",
            weights_only=True,
        )
        '''), "    ") in fixed


def test_torch_with_a_pickle_module_is_refused(tmp_path):
    original = textwrap.dedent('''\
        import dill
        import torch
        from flask import request


        def a():
            return torch.load(request.files["m"], pickle_module=dill)
        ''')
    fixed, file_fix = fix(tmp_path, original)
    assert fixed == original
    assert "pickle_module" in file_fix.refusals[0].reason


def test_numpy_and_keras_flags(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import keras
        import numpy as np
        from huggingface_hub import hf_hub_download


        def a(repo):
            return np.load(hf_hub_download(repo, "x.npy"), allow_pickle=True)


        def b(repo):
            return keras.models.load_model(hf_hub_download(repo, "m.keras"), safe_mode=False)
        ''')
    assert 'np.load(hf_hub_download(repo, "x.npy"), allow_pickle=False)' in fixed
    assert 'keras.models.load_model(hf_hub_download(repo, "m.keras"), safe_mode=True)' in fixed


# --- pickle transports -----------------------------------------------------------------------------------

def test_pickle_transports(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import multiprocessing.connection

        import zmq
        import zmq.asyncio


        def worker(sock: zmq.Socket):
            return sock.recv_pyobj(zmq.NOBLOCK)


        async def subscriber(ctx: zmq.asyncio.Context):
            sub = ctx.socket(zmq.SUB)
            return await sub.recv_pyobj()


        def client(address):
            conn = multiprocessing.connection.Client(address)
            return conn.recv()
        ''')
    assert "return guard.restricted_loads(sock.recv(zmq.NOBLOCK))" in fixed
    assert "return guard.restricted_loads(await sub.recv())" in fixed
    assert "return guard.restricted_loads(conn.recv_bytes())" in fixed
    assert len(file_fix.applied) == 3


# --- families without an automatic fix ---------------------------------------------------------------------

@pytest.mark.parametrize("code, family", [
    ('import joblib\nfrom flask import request\n\n\ndef a():\n    return joblib.load(request.files["m"])\n',
     "joblib"),
    ('import pandas as pd\nfrom flask import request\n\n\ndef a():\n    return pd.read_pickle(request.files["f"])\n',
     "pandas"),
    ('import marshal\nimport socket\n\n\ndef a(sock: socket.socket):\n    return marshal.loads(sock.recv(10))\n',
     "marshal"),
    ('import shelve\nfrom flask import request\n\n\ndef a():\n    return shelve.open(request.args["db"])\n',
     "shelve"),
    ('import jsonpickle\nfrom flask import request\n\n\ndef a():\n    return jsonpickle.decode(request.get_data())\n',
     "jsonpickle"),
])
def test_manual_instructions_change_nothing(tmp_path, code, family):
    fixed, file_fix = fix(tmp_path, code)
    assert fixed == code and not file_fix.applied and not file_fix.refusals
    (advice,) = file_fix.manual
    assert advice.finding.family == family and len(advice.text) > 60


def test_jsonpickle_of_a_request_field_becomes_signed_json(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import jsonpickle
        from flask import jsonify, request


        def settings():
            doc = request.form["settings"]
            value = jsonpickle.decode(doc)
            return jsonify(theme=value.get("theme", "light"))
        ''')
    assert file_fix.applied[0].strategy == "signed-json"
    assert 'signature = request.form.get("signature")' in fixed
    assert 'VALUE_SCHEMA = guard.Schema({"theme": str})' in fixed
    assert "import jsonpickle" not in fixed


# --- files fix refuses ------------------------------------------------------------------------------------

def test_syntax_errors_are_refused_and_left_alone(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("import pickle\ndef f(:\n    return pickle.loads(x)\n")
    good = tmp_path / "good.py"
    good.write_text("import pickle\nimport socket\n\n\ndef f(sock: socket.socket):\n"
                    "    return pickle.loads(sock.recv(9))\n")
    result = fix_paths([tmp_path], write=True, unsafe_fixes=True)
    assert broken.read_text() == "import pickle\ndef f(:\n    return pickle.loads(x)\n"
    assert "guard.restricted_loads" in good.read_text()
    (refusal,) = result.refusals
    assert refusal.finding is None and refusal.path.endswith("broken.py")
    assert "not fixed" in refusal.reason


def test_non_utf8_encoding_and_crlf_are_kept(tmp_path):
    path = tmp_path / "legacy.py"
    path.write_bytes("# -*- coding: latin-1 -*-\r\nimport pickle\r\nimport socket\r\n\r\n# caf\xe9\r\n"
                     "def f(sock: socket.socket):\r\n"
                     "    return pickle.loads(sock.recv(9))\r\n".encode("latin-1"))
    fix_paths([path], write=True, unsafe_fixes=True)
    data = path.read_bytes()
    assert b"# caf\xe9\r\n" in data and b"guard.restricted_loads(sock.recv(9))\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
