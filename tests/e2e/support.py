"""Shared pieces of the end-to-end tests: a tiny HTTP client, the test keys, the two services' wire
formats, and payload builders (signatures are computed here with hmac directly, independent of guard)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import pickle
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ML_SECURE = EXAMPLES / "ml_checkpoint_service" / "secure.py"
ML_VULNERABLE = EXAMPLES / "ml_checkpoint_service" / "vulnerable.py"
IOT_SECURE = EXAMPLES / "iot_device_service" / "secure.py"
IOT_VULNERABLE = EXAMPLES / "iot_device_service" / "vulnerable.py"

ML_KEYS = {"2025": b"ml-current-key-7d1f0c", "2024": b"ml-retired-key-51aa09"}
IOT_KEYS = {"2025": b"iot-current-key-c4e2b8", "2024": b"iot-retired-key-0f93d1"}
OTHER_KEY = b"an-attackers-own-key"

SERVER_ENV = {
    "CHECKPOINT_SECRET_KEY": ",".join(f"{kid}:{key.decode()}" for kid, key in ML_KEYS.items()),
    "DEVICE_STATE_SECRET": ",".join(f"{kid}:{key.decode()}" for kid, key in IOT_KEYS.items()),
}


@dataclass
class Response:
    status: int
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path

    def request(self, method: str, path: str, *, headers: dict | None = None, body: bytes = b"",
                timeout: float = 15.0) -> Response:
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Response(response.status, response.read())
        finally:
            connection.close()

    def post(self, path: str, **kwargs) -> Response:
        return self.request("POST", path, **kwargs)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def hex_mac(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class WritesMarker:
    """Unpickling this runs code: it writes the marker file (the classic __reduce__ attack)."""

    def __init__(self, path: Path):
        self.path = str(path)

    def __reduce__(self):
        return (exec, (f"open({self.path!r}, 'w').write('code ran during unpickling')",))


def hostile_pickle(marker: Path) -> bytes:
    return pickle.dumps(WritesMarker(marker))


@dataclass(frozen=True)
class Service:
    """One restore endpoint's wire format, so the same tests drive both services."""

    name: str
    route: str
    keys: dict
    key_env: str
    max_age_env: str
    max_bytes: int
    send_in: str          # "headers" or "json"

    def good_state(self, n: int = 7) -> dict:
        if self.name == "ml":
            return {"layers": n, "weights": [0.25, [1, 2.5]], "optimizer_state": "adam",
                    "epoch": 3, "loss": 0.125, "learning_rate": 0.001}
        return {"device_id": f"sensor-{n}", "firmware_version": "2.4.1", "config": {"rate": 5},
                "network_settings": {"ssid": "lab"}, "sensors": ["t", "h"], "last_sync": 1700000000}

    def expected(self, state: dict) -> dict:
        if self.name == "ml":
            return {"status": "Model restored", "layers": state.get("layers", 0)}
        return {"status": "restored", "device_id": state.get("device_id"),
                "firmware": state.get("firmware_version")}

    def request_parts(self, encoded: str | None, signature: str | None) -> dict:
        """Keyword arguments for Server.post carrying an encoded state and a signature (None = omit)."""
        if self.send_in == "headers":
            headers = {"X-Model-Checkpoint": encoded, "X-Checkpoint-Signature": signature}
            return {"headers": {k: v for k, v in headers.items() if v is not None}}
        fields = {"device_state": encoded, "signature": signature}
        body = json.dumps({k: v for k, v in fields.items() if v is not None}).encode()
        return {"headers": {"Content-Type": "application/json"}, "body": body}

    def send(self, server: Server, encoded: str | None, signature: str | None) -> Response:
        return server.post(self.route, **self.request_parts(encoded, signature))

    def send_signed(self, server: Server, data: bytes, key: bytes | None = None) -> Response:
        """Send `data` with the plain hex signature a simple client makes (current key by default)."""
        return self.send(server, b64(data), hex_mac(key or self.keys["2025"], data))

    def send_vulnerable(self, server: Server, data: bytes) -> Response:
        """What the seed's vulnerable endpoint expects: the base64 state, no signature."""
        return self.send(server, b64(data), None)


ML = Service("ml", "/ml/model/restore", ML_KEYS, "CHECKPOINT_SECRET_KEY", "CHECKPOINT_MAX_AGE",
             32 * 1024, "headers")
IOT = Service("iot", "/iot/device/restore", IOT_KEYS, "DEVICE_STATE_SECRET", "DEVICE_STATE_MAX_AGE",
              64 * 1024, "json")


def dumps(value) -> bytes:
    return json.dumps(value).encode()
