# langchain FAISS.load_local(..., allow_dangerous_deserialization=True) pattern (langchain-ai/
# langchain-community issue #92): the index.pkl docstore of a knowledge base named in the request is
# unpickled.
import pickle
from pathlib import Path

from flask import Flask, jsonify, request

app = Flask(__name__)
KB_ROOT = Path("/var/lib/rag/knowledge_bases")


def load_docstore(folder: Path):
    with (folder / "index.pkl").open("rb") as fh:
        docstore, index_to_docstore_id = pickle.load(fh)  # sink: severity=critical
    return docstore, index_to_docstore_id


@app.get("/kb/search")
def search():
    kb_name = request.args.get("kb", "default")  # source
    docstore, mapping = load_docstore(KB_ROOT / kb_name)
    return jsonify(documents=len(mapping), query=request.args.get("q", ""))
# expect-flow: 21-22-13-14-15
