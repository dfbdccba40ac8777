"""End-to-end: the two seed services, vulnerable and secure, as real servers spoken to over HTTP.

The vulnerable apps must execute a hostile pickle (proof that the marker check can fail); the secure
apps must refuse it and every other bad input with the right status, and keep serving under load.
To run these tests against another implementation, add a ``pytest.param(ML, path_to_file)`` to
SECURE_APPS. The apps `deserialguard fix --write` makes from the vulnerable examples run here too
(ml-fixed, iot-fixed), with the signature header and schema the fix derives (support.ML_FIXED/IOT_FIXED).
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from deserialguard import guard

from .support import (IOT, IOT_SECURE, IOT_VULNERABLE, ML, ML_VULNERABLE, OTHER_KEY, SECURE_APPS, SERVER_ENV,
                      b64, dumps, hex_mac, hostile_pickle)

VULNERABLE_APPS = [pytest.param(ML, ML_VULNERABLE, id="ml-vulnerable"),
                   pytest.param(IOT, IOT_VULNERABLE, id="iot-vulnerable")]


@pytest.mark.parametrize("service, app_path", VULNERABLE_APPS)
class TestVulnerableApps:
    def test_restores_a_pickled_state(self, service, server):
        state = service.good_state()
        response = service.send_vulnerable(server, pickle.dumps(state))
        assert response.status == 200
        assert response.json() == service.expected(state)

    def test_hostile_pickle_runs_code(self, service, server, marker):
        service.send_vulnerable(server, hostile_pickle(marker))
        assert marker.exists(), "the deliberately vulnerable app should have run the payload"


@pytest.mark.parametrize("service, app_path", SECURE_APPS)
class TestSecureApps:
    def test_signed_state_restores(self, service, server):
        state = service.good_state(n=42)
        response = service.send_signed(server, dumps(state))
        assert response.status == 200, response.body
        assert response.json() == service.expected(state)

    def test_retired_key_and_all_signature_forms_are_accepted(self, service, server):
        data = dumps(service.good_state())
        current = guard.Key(service.keys["2025"], "2025")
        signatures = [hex_mac(service.keys["2024"], data),          # plain hex, retired key
                      guard.sign(data, current),                    # "2025:<hex>"
                      guard.sign(data, current, timestamp=True),    # "kid=2025,t=...,v1=<hex>"
                      guard.sign(data, service.keys["2025"], timestamp=True)]
        for signature in signatures:
            response = service.send(server, b64(data), signature)
            assert response.status == 200, (signature, response.body)

    def test_hostile_pickle_is_refused(self, service, server, marker):
        payload = hostile_pickle(marker)
        unsigned = service.send(server, b64(payload), None)
        forged = service.send(server, b64(payload), hex_mac(OTHER_KEY, payload))
        signed = service.send_signed(server, payload)      # even a leaked key does not give RCE
        assert (unsigned.status, forged.status, signed.status) == (400, 403, 400)
        assert not marker.exists()

    def test_tampered_or_foreign_signatures_get_403(self, service, server):
        data = dumps(service.good_state(n=1))
        signature = hex_mac(service.keys["2025"], data)
        tampered = [
            (dumps(service.good_state(n=999)), signature),                    # other content
            (data[:-1] + b" ", signature),                                    # one byte changed
            (data, signature[:-1] + ("0" if signature[-1] != "0" else "1")),  # signature changed
            (data, hex_mac(OTHER_KEY, data)),                                 # another key
            (data, "2023:" + signature),                                      # unknown key id
            (data, "not-a-signature"),
        ]
        for payload, sig in tampered:
            response = service.send(server, b64(payload), sig)
            assert response.status == 403, (payload, sig, response.body)

    def test_schema_violations_get_400_naming_the_key(self, service, server):
        unknown = {**service.good_state(), "__class__": {"py/reduce": "os.system"}}
        cases = [(unknown, "__class__"), service.wrong_type_state(), ([service.good_state()], "$")]
        if service.strict_keys:             # any key the schema does not list, even with a plain value
            cases.append(({**service.good_state(), "__class__": "os.system"}, "__class__"))
        for state, named in cases:
            response = service.send_signed(server, dumps(state))
            assert response.status == 400, (state, response.body)
            assert named in response.body.decode()

    def test_bad_encodings_get_400(self, service, server):
        signature = hex_mac(service.keys["2025"], b"x")
        assert service.send(server, "%%% not base64 %%%", signature).status == 400
        for data in [b"{not json", b'{"loss": NaN}', b'{"loss": 1e999}', b"\xff\xfe{}", b"",
                     b'{"layers": 1, "layers": 2}']:
            response = service.send(server, b64(data), hex_mac(service.keys["2025"], data))
            assert response.status == 400, (data, response.body)

    def test_missing_parts_get_400(self, service, server):
        data = dumps(service.good_state())
        assert service.send(server, None, hex_mac(service.keys["2025"], data)).status == 400
        assert service.send(server, b64(data), None).status == 400
        assert service.send(server, b64(data), "").status == 400
        assert server.post(service.route).status in service.empty_request_statuses   # empty request

    def test_oversized_state_gets_413_before_decoding(self, service, server):
        limit = 4 * ((service.max_bytes + 2) // 3)         # longest base64 of max_bytes
        signature = "0" * 64
        # Invalid base64 either way: only a size check done before decoding can tell these apart.
        assert service.send(server, "!" * (limit + 4), signature).status == 413
        assert service.send(server, "!" * (limit - 4), signature).status == 400
        big = dumps({"weights" if service.name == "ml" else "config": "x" * service.max_bytes})
        assert service.send_signed(server, big).status == 413

    def test_expired_signatures_get_403(self, service, app_path, serve_app):
        if not service.has_max_age:
            pytest.skip("this app has no max-age setting (fix adds none)")
        server = serve_app(app_path, env={service.max_age_env: "60"})
        data = dumps(service.good_state())
        key = service.keys["2025"]
        now = int(time.time())
        fresh = guard.sign(data, key, timestamp=True)
        assert service.send(server, b64(data), fresh).status == 200
        for stale in [guard.sign(data, key, timestamp=now - 3600),
                      guard.sign(data, key, timestamp=now + 3600),   # from the future
                      hex_mac(key, data)]:                           # no timestamp at all
            response = service.send(server, b64(data), stale)
            assert response.status == 403, (stale, response.body)

    def test_missing_key_gives_500_without_details(self, service, app_path, serve_app):
        server = serve_app(app_path, env={service.key_env: ""})
        data = dumps(service.good_state())
        response = service.send_signed(server, data)
        assert response.status == 500
        assert service.key_env not in response.body.decode()

    @pytest.mark.parametrize("max_age", ["5m", "-1", "inf", "nan", "1e999"])
    def test_unusable_max_age_is_one_configuration_error(self, service, app_path, serve_app, max_age):
        """A max age that is not a finite number of seconds >= 0 never turns expiry off and never escapes
        as a traceback: every request gets 500 without details, and the log names the variable."""
        if not service.has_max_age:
            pytest.skip("this app has no max-age setting (fix adds none)")
        server = serve_app(app_path, env={service.max_age_env: max_age})
        data = dumps(service.good_state())
        for signature in [hex_mac(service.keys["2025"], data),
                          guard.sign(data, service.keys["2025"], timestamp=True)]:
            response = service.send(server, b64(data), signature)
            assert response.status == 500, response.body
            assert response.json() in ({"error": "Server configuration error"},
                                       {"status": "error", "message": "Server configuration error"})
        log = server.log_text()
        assert f"environment variable {service.max_age_env} must be a finite number" in log
        assert "Traceback" not in log

    def test_blank_max_age_means_no_expiry(self, service, app_path, serve_app):
        if not service.has_max_age:
            pytest.skip("this app has no max-age setting (fix adds none)")
        server = serve_app(app_path, env={service.max_age_env: " "})
        assert service.send_signed(server, dumps(service.good_state())).status == 200   # untimed

    def test_200_concurrent_mixed_requests(self, service, server, marker):
        def one(i: int):
            data = dumps(service.good_state(n=i))
            kind = i % 4
            if kind == 0:
                return kind, i, service.send_signed(server, data)
            if kind == 1:
                return kind, i, service.send_signed(server, data, key=service.keys["2024"])
            hostile = hostile_pickle(marker)
            key = OTHER_KEY if kind == 2 else service.keys["2025"]
            return kind, i, service.send(server, b64(hostile), hex_mac(key, hostile))

        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(one, range(200)))
        for kind, i, response in results:
            if kind < 2:
                assert response.status == 200, response.body
                assert response.json() == service.expected(service.good_state(n=i))
            else:
                assert response.status == (403 if kind == 2 else 400), response.body
        assert not marker.exists()
        assert service.send_signed(server, dumps(service.good_state())).status == 200

    def test_guard_cli_send(self, service, server, tmp_path):
        state = service.good_state(n=5)
        path = tmp_path / "state.json"
        path.write_bytes(dumps(state))
        where = (["--header", "X-Model-Checkpoint", "--signature-header", service.signature_header]
                 if service.send_in == "headers" else ["--field", "device_state"])
        command = [sys.executable, "-m", "deserialguard.guard", "send", "--url",
                   server.url + service.route, "--key-env", service.key_env, *where, str(path)]
        result = subprocess.run(command, env={**os.environ, **SERVER_ENV}, capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.startswith("HTTP 200")


@pytest.mark.parametrize("app_path", [IOT_SECURE])
class TestSecureIotBody:
    """The IoT service takes a JSON body: its own ways to be wrong."""

    def post(self, server, body: bytes, content_type="application/json"):
        return server.post(IOT.route, headers={"Content-Type": content_type}, body=body)

    def test_malformed_bodies_get_400(self, server):
        data = dumps(IOT.good_state())
        signature = hex_mac(IOT.keys["2025"], data)
        good = {"device_state": b64(data), "signature": signature}
        assert self.post(server, dumps(good)).status == 200
        assert self.post(server, dumps(good), content_type="text/plain").status == 400
        assert self.post(server, b"{not json").status == 400
        assert self.post(server, b"").status == 400
        assert self.post(server, dumps([good])).status == 400
        assert self.post(server, dumps({**good, "device_state": 12})).status == 400
        assert self.post(server, dumps({**good, "signature": ["a"]})).status == 400

    def test_oversized_body_gets_413(self, server):
        body = dumps({"device_state": "A" * 300_000, "signature": "0" * 64})
        assert self.post(server, body).status == 413
