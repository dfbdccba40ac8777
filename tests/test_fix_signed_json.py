"""The signed-json strategy: the seeds' vulnerable code becomes the seeds' pattern (JSON verified against a
detached signature read beside the source, keys from the environment, an allowlist schema read off the
uses, guard's refusals answered with their HTTP status before any broad `except`)."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

from deserialguard.engine import scan_paths
from deserialguard.fix import fix_paths, secure_code_for

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def seed_code(name: str) -> str:
    text = (SEEDS / name).read_text()
    return re.search(r"## Vulnerable Code\n```python\n(.*?)\n```", text, re.S).group(1) + "\n"


def fix(tmp_path: Path, code: str, name: str = "app.py", **options):
    path = tmp_path / name
    path.write_text(textwrap.dedent(code))
    result = fix_paths([path], write=True, unsafe_fixes=True, **options)       # signed JSON is unsafe
    fixed = path.read_text()
    compile(fixed, str(path), "exec")
    assert not scan_paths([path]).findings, fixed
    assert not fix_paths([path]).changed_files, "a second run changed the file"
    return fixed, result.file(path)


SEED_000_FIXED = """\
from flask import request, jsonify
from deserialguard import guard

MODEL_PARAMS_SCHEMA = guard.Schema({'layers': int})

def restore_ml_model_state():
    encrypted_state = request.headers.get('X-Model-Checkpoint')
    signature = request.headers.get('X-Model-Checkpoint-Signature')
    if not encrypted_state:
        return jsonify({'error': 'No checkpoint provided'}), 400
    try:
        decoded_checkpoint = guard.b64decode(encrypted_state)
        model_params = guard.load_signed_json(
            decoded_checkpoint, signature, keys=guard.keys_from_env('CHECKPOINT_SECRET_KEY'),
            schema=MODEL_PARAMS_SCHEMA)
        return jsonify({'status': 'Model restored', 'layers': model_params.get('layers', 0)})
    except guard.KeyNotConfigured:
        raise  # no signing key configured: a server error (500)
    except guard.GuardError as error:
        return jsonify({'error': str(error)}), error.status
    except Exception as e:
        return jsonify({'error': 'Restoration failed'}), 500
"""

SEED_001_FIXED = """\
from flask import Flask, request, jsonify
from deserialguard import guard

app = Flask(__name__)

RESTORED_CONFIG_SCHEMA = guard.Schema({
    'device_id': (str, int, float, bool, list, None),
    'firmware_version': (str, int, float, bool, list, None),
})

@app.route('/iot/device/restore', methods=['POST'])
def restore_device_config():
    try:
        if not request.is_json:
            raise guard.Malformed('the request body must be sent as application/json')
        request_body = guard.read_json_object(request.stream, max_size=131072)
        encoded_state = request_body.get('device_state')
        signature = request_body.get('signature')
        if not isinstance(encoded_state, str):
            raise guard.Malformed('device_state must be a string')
        device_data = guard.b64decode(encoded_state, max_size=65536)
        restored_config = guard.load_signed_json(
            device_data, signature, keys=guard.keys_from_env('DESERIALGUARD_SIGNING_KEY'),
            max_size=65536, schema=RESTORED_CONFIG_SCHEMA)
    except guard.KeyNotConfigured:
        raise  # no signing key configured: a server error (500)
    except guard.GuardError as error:
        return jsonify({'error': str(error)}), error.status
    return jsonify({'status': 'restored', 'device_id': restored_config.get('device_id'), \
'firmware': restored_config.get('firmware_version')})

if __name__ == '__main__':
    app.run(host='0.0.0.0', port=5000)
"""


def test_seed_000_becomes_the_seeds_pattern(tmp_path):
    fixed, file_fix = fix(tmp_path, seed_code("000_a07901b222eb9dc2.txt"), key_env="CHECKPOINT_SECRET_KEY")
    assert fixed == SEED_000_FIXED
    (applied,) = file_fix.applied
    assert applied.strategy == "signed-json" and not applied.notes
    assert "header `X-Model-Checkpoint-Signature`" in applied.callers
    assert "`CHECKPOINT_SECRET_KEY`" in applied.callers and "Clients must now" in applied.callers


def test_seed_001_becomes_the_seeds_pattern(tmp_path):
    fixed, file_fix = fix(tmp_path, seed_code("001_aa371a2d79e84a54.txt"), max_size=65536)
    assert fixed == SEED_001_FIXED
    assert "field `signature`" in file_fix.applied[0].callers


def test_secure_code_for_is_the_fixed_file(tmp_path):
    path = tmp_path / "app.py"
    path.write_text(seed_code("000_a07901b222eb9dc2.txt"))
    (finding,) = scan_paths([path]).findings
    assert secure_code_for(finding, key_env="CHECKPOINT_SECRET_KEY") == SEED_000_FIXED
    assert path.read_text() == seed_code("000_a07901b222eb9dc2.txt")        # nothing written


def test_django_header_and_json_response(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import pickle
        import zlib

        from django.http import HttpResponse


        def sync_state(request):
            header = request.META.get("HTTP_X_SYNC_STATE")
            if header is None:
                return HttpResponse(status=204)
            state = pickle.loads(zlib.decompress(bytes.fromhex(header)))
            return HttpResponse(str(state["revision"]))
        ''')
    assert 'signature = request.META.get("HTTP_X_SYNC_STATE_SIGNATURE")' in fixed
    assert "from django.http import JsonResponse, HttpResponse" in fixed
    assert 'return JsonResponse({"error": str(error)}, status=error.status)' in fixed
    assert "is None:\n            raise guard.Malformed" not in fixed     # the code checks it already


def test_field_of_a_json_body_held_in_a_variable(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import base64

        import dill
        from flask import Flask, jsonify, request

        app = Flask("jobs")


        @app.route("/jobs", methods=["POST"])
        def submit_job():
            body = request.get_json(force=True)
            encoded = body["job"]
            job = dill.loads(base64.b64decode(encoded))
            return jsonify(name=job["name"])
        ''')
    assert ('body = guard.read_json_object(request.stream, max_size=2097152)\n'
            '        encoded = body.get("job")\n        signature = body.get("signature")\n') in fixed
    assert "is_json" not in fixed                  # get_json(force=True) read any Content-Type
    assert "guard.b64decode(encoded)" in fixed and 'JOB_SCHEMA = guard.Schema({"name":' in fixed


def test_no_try_wraps_the_rewritten_statements(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import base64
        import pickle

        from flask import request


        def restore():
            token = request.args.get("state", "")
            raw = base64.b64decode(token)
            # the restored cart
            cart = pickle.loads(raw)
            return {"items": cart.get("items", [])}
        ''')
    assert fixed.endswith(textwrap.dedent('''\
        def restore():
            token = request.args.get("state", "")
            signature = request.args.get("signature", "")
            try:
                raw = guard.b64decode(token)
                # the restored cart
                cart = guard.load_signed_json(
                    raw, signature, keys=guard.keys_from_env("DESERIALGUARD_SIGNING_KEY"),
                    schema=CART_SCHEMA)
            except guard.KeyNotConfigured:
                raise  # no signing key configured: a server error (500)
            except guard.GuardError as error:
                return {"error": str(error)}, error.status
            return {"items": cart.get("items", [])}
        '''))
    assert 'CART_SCHEMA = guard.Schema({"items": list})' in fixed


def test_handlers_go_before_a_broad_except(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import pickle

        from flask import jsonify, request


        def restore():
            try:
                state = pickle.loads(bytes.fromhex(request.headers["X-State"]))
                return jsonify(ok=bool(state))
            except ValueError:
                return jsonify(error="bad hex"), 400
            except Exception:
                return jsonify(error="failed"), 500
        ''')
    handlers = re.findall(r"^    except (.*):", fixed, re.M)
    assert handlers == ["guard.KeyNotConfigured", "guard.GuardError as error", "ValueError", "Exception"]
    assert '    try:\n        signature = request.headers.get("X-State-Signature")\n        state = ' in fixed


def test_names_that_are_taken_are_not_reused(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import pickle

        from flask import jsonify, request


        def error(message):
            return jsonify(message=message), 400


        def restore():
            signature = "unrelated"
            token = request.form["token"]
            state = pickle.loads(bytes.fromhex(token))
            if not state:
                return error(signature)
            return jsonify(user=state["user"], meta=state["meta"]["x"], n=state.get("n", 1))
        ''')
    assert 'token_signature = request.form.get("signature")' in fixed
    assert "except guard.GuardError as guard_error:" in fixed
    assert ('STATE_SCHEMA = guard.Schema({"user": (str, int, float, bool, list, None), "meta": dict, '
            '"n": int})') in fixed


def test_guard_name_clash_imports_an_alias(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import pickle

        from flask import request


        def guard(value):
            return value


        def restore():
            return guard(pickle.loads(request.get_data()))
        ''')
    assert "from deserialguard import guard as dg_guard" in fixed
    assert "return guard(dg_guard.restricted_loads(request.get_data()))" in fixed


def test_unseen_uses_give_no_schema_and_say_so(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import pickle

        from flask import request


        def restore():
            state = pickle.loads(bytes.fromhex(request.cookies["state"]))
            return {"state": state}
        ''')
    assert "Schema" not in fixed and 'request.cookies.get("state_signature")' in fixed
    assert any("No schema was added" in note for note in file_fix.applied[0].notes)


def test_unknown_framework_leaves_errors_to_propagate(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import base64
        import pickle

        from tornado.web import RequestHandler


        class Resume(RequestHandler):
            async def get(self):
                cursor = self.get_argument("cursor")
                position = pickle.loads(base64.b64decode(cursor))
                self.write({"offset": position["offset"]})
        ''')
    assert 'signature = self.get_argument("signature")' in fixed and "try:" not in fixed
    assert any("not written by fix" in note for note in file_fix.applied[0].notes)


def test_source_in_another_function_falls_back_to_restricted(tmp_path):
    fixed, file_fix = fix(tmp_path, '''\
        import pickle

        from flask import request


        def decode(blob):
            return pickle.loads(blob)


        def restore():
            return decode(bytes.fromhex(request.form["state"]))
        ''')
    assert "return guard.restricted_loads(blob)" in fixed
    assert "another function" in file_fix.applied[0].notes[0]


def test_walrus_source_reads_the_signature_before_the_if(tmp_path):
    fixed, _ = fix(tmp_path, '''\
        import pickle

        from flask import request


        def maybe_restore():
            if (raw := request.headers.get("X-State")) is not None:
                return pickle.loads(bytes.fromhex(raw))
            return None
        ''')
    assert fixed.startswith("from flask import request\nfrom deserialguard import guard\n")
    assert ('    signature = request.headers.get("X-State-Signature")\n'
            '    if (raw := request.headers.get("X-State")) is not None:\n        try:\n') in fixed


def test_two_sources_into_one_call_fall_back_to_restricted(tmp_path):
    """One finding lists both headers: a detached signature of one cannot vouch for the other."""
    fixed, file_fix = fix(tmp_path, '''\
        import base64
        import pickle

        from flask import request


        def restore():
            prefix = request.headers["X-Prefix"].encode()
            body = base64.b64decode(request.headers["X-State"])
            return pickle.loads(prefix + body)
        ''')
    assert "guard.restricted_loads(" in fixed and "signature" not in fixed
    (applied,) = file_fix.applied
    assert len(applied.finding.sources) == 2
    assert any("several sources" in note for note in applied.notes)
