import binascii
import marshal

from flask import Flask, request

app = Flask(__name__)


@app.route("/plugin/run", methods=["GET", "POST"])
def run_plugin():
    code_hex = request.values.get("code")  # source
    code_bytes = binascii.unhexlify(code_hex)
    code = marshal.loads(code_bytes)  # sink: severity=critical
    namespace = {}
    exec(code, namespace)
    return {"ok": True}
# expect-flow: 11-12-13
