"""Command line for the signed-state protocol, so a person can sign, check and send states by hand.

    python -m deserialguard.guard sign   --key-env CHECKPOINT_SECRET_KEY state.json
    python -m deserialguard.guard verify --key-env CHECKPOINT_SECRET_KEY --signature SIG state.json
    python -m deserialguard.guard send   --url http://127.0.0.1:5000/ml/model/restore \\
        --key-env CHECKPOINT_SECRET_KEY --header X-Model-Checkpoint state.json

Keys are only ever read from an environment variable (never from the command line, where they would
end up in shell history and process listings). Exit status: 0 success, 1 refused or HTTP error status,
2 usage error.
"""
from __future__ import annotations

import argparse
import base64
import json
import sys
import urllib.error
import urllib.request

from .errors import GuardError, KeyNotConfigured, Misconfigured
from .keys import Key, keys_from_env
from .options import max_age_option
from .signing import DEFAULT_MAX_SIZE, load_signed_json, sign


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except GuardError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m deserialguard.guard",
        description="Sign, verify and send JSON states protected by a detached HMAC-SHA256 signature "
                    "(the protocol of deserialguard.guard.load_signed_json).",
        epilog="Key variables hold a secret of 16 bytes or more, or 'kid:secret,kid:secret' (first entry signs). "
               "Signature forms: '<hex>', '<kid>:<hex>', '[kid=<kid>,]t=<unix>,v1=<hex>'.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_sign(commands)
    _add_verify(commands)
    _add_send(commands)
    return parser


def _add_sign(commands) -> None:
    sub = commands.add_parser("sign", help="print the signature of a file's bytes",
                              description="Print the signature of FILE's exact bytes.")
    _signing_options(sub)
    sub.add_argument("file", metavar="FILE", help="file to sign ('-' for standard input)")
    sub.set_defaults(run=run_sign)


def _add_verify(commands) -> None:
    sub = commands.add_parser("verify", help="check a signature and print the JSON it protects",
                              description="Verify SIGNATURE over FILE and print the parsed JSON.")
    sub.add_argument("--key-env", required=True, metavar="NAME", help="environment variable with the keys")
    sub.add_argument("--signature", required=True, help="the signature to check")
    sub.add_argument("--max-age", type=_seconds, metavar="SECONDS",
                     help="require a timestamped signature at most this old")
    sub.add_argument("--max-size", type=int, default=DEFAULT_MAX_SIZE, metavar="BYTES",
                     help="largest accepted payload (default: %(default)s)")
    sub.add_argument("file", metavar="FILE", help="the signed file ('-' for standard input)")
    sub.set_defaults(run=run_verify)


def _add_send(commands) -> None:
    sub = commands.add_parser(
        "send", help="POST a file, base64-encoded and signed, to a restore endpoint",
        description="Sign FILE, base64-encode it and POST both to URL, either in two headers "
                    "(--header) or as a JSON body (--field). Prints the HTTP status and the body.",
        epilog="examples:\n"
               "  %(prog)s --url http://127.0.0.1:5000/ml/model/restore --key-env CHECKPOINT_SECRET_KEY"
               " --header X-Model-Checkpoint state.json\n"
               "  %(prog)s --url http://127.0.0.1:5001/iot/device/restore --key-env DEVICE_STATE_SECRET"
               " --field device_state device.json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("--url", required=True, help="endpoint to POST to")
    _signing_options(sub)
    where = sub.add_mutually_exclusive_group(required=True)
    where.add_argument("--header", metavar="NAME", help="send the base64 state in this header")
    where.add_argument("--field", metavar="NAME", help="send a JSON body with the base64 state in this field")
    sub.add_argument("--signature-header", default="X-Checkpoint-Signature", metavar="NAME",
                     help="header for the signature with --header (default: %(default)s)")
    sub.add_argument("--signature-field", default="signature", metavar="NAME",
                     help="JSON field for the signature with --field (default: %(default)s)")
    sub.add_argument("--timeout", type=float, default=10.0, help="seconds (default: %(default)s)")
    sub.add_argument("file", metavar="FILE", help="the state to send ('-' for standard input)")
    sub.set_defaults(run=run_send)


def _signing_options(sub) -> None:
    sub.add_argument("--key-env", required=True, metavar="NAME",
                     help="environment variable with the keys; the first one signs")
    sub.add_argument("--key-id", metavar="KID",
                     help="sign with the key that has this id (default: the first key; its id, if it "
                          "has one, goes into the signature)")
    sub.add_argument("--timestamp", action="store_true",
                     help="add the current time as a signed timestamp (for endpoints with a max age)")
    sub.add_argument("--signed-at", type=int, metavar="UNIX",
                     help="add this Unix time as the signed timestamp instead (implies --timestamp)")


def run_sign(args) -> int:
    print(_signature(args, _read(args.file)))
    return 0


def run_verify(args) -> int:
    keys = keys_from_env(args.key_env)
    value = load_signed_json(_read(args.file), args.signature, keys=keys, max_size=args.max_size,
                             max_age=args.max_age)
    print(json.dumps(value, indent=2, ensure_ascii=False))
    return 0


def run_send(args) -> int:
    data = _read(args.file)
    signature = _signature(args, data)
    encoded = base64.b64encode(data).decode("ascii")
    if args.header:
        headers, body = {args.header: encoded, args.signature_header: signature}, b""
    else:
        headers = {"Content-Type": "application/json"}
        body = json.dumps({args.field: encoded, args.signature_field: signature}).encode()
    status, text = _post(args.url, headers, body, args.timeout)
    print(f"HTTP {status}")
    print(text)
    return 0 if 200 <= status < 300 else 1


def _seconds(text: str) -> float:
    try:
        return max_age_option(float(text))
    except (ValueError, Misconfigured):
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds >= 0, not {text!r}") from None


def _signature(args, data: bytes) -> str:
    timestamp = args.signed_at if args.signed_at is not None else args.timestamp
    return sign(data, _signing_key(args.key_env, args.key_id), timestamp=timestamp)


def _signing_key(variable: str, key_id: str | None) -> Key:
    keys = keys_from_env(variable)
    if key_id is None:
        return keys[0]
    for key in keys:
        if key.kid == key_id:
            return key
    raise KeyNotConfigured(f"environment variable {variable} has no key with id {key_id!r}")


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def _post(url: str, headers: dict, body: bytes, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
