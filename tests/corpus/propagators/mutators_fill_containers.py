import base64
import collections
import email.parser
import io
import pickle
import queue

from flask import Flask, request

app = Flask(__name__)
jobs: queue.Queue = queue.Queue()


@app.post("/write")
def restore_written():
    buffer = io.BytesIO()
    buffer.write(request.get_data())  # source[write]
    buffer.seek(0)
    return pickle.load(buffer)  # sink[write]: severity=critical


@app.post("/writelines")
def restore_writelines():
    buffer = io.BytesIO()
    buffer.writelines(request.files["state"].stream)  # source[writelines]
    buffer.seek(0)
    return pickle.load(buffer)  # sink[writelines]: severity=critical


@app.post("/append")
def restore_appended():
    chunks = []
    for chunk in request.stream:  # source[append]
        chunks.append(chunk)
    return pickle.loads(b"".join(chunks))  # sink[append]: severity=critical


@app.post("/appendleft")
def restore_appendleft():
    chunks = collections.deque()
    chunks.appendleft(request.get_data())  # source[appendleft]
    return pickle.loads(chunks.popleft())  # sink[appendleft]: severity=critical


@app.post("/extend")
def restore_extended():
    blob = bytearray()
    blob.extend(request.get_data())  # source[extend]
    return pickle.loads(blob)  # sink[extend]: severity=critical


@app.post("/insert")
def restore_inserted():
    parts = [b""]
    parts.insert(0, request.get_data())  # source[insert]
    return pickle.loads(parts[0])  # sink[insert]: severity=critical


@app.post("/update")
def restore_updated():
    fields = {"state": ""}
    fields.update(request.form)  # source[update]
    return pickle.loads(base64.b64decode(fields["state"]))  # sink[update]: severity=critical


@app.post("/add")
def restore_added():
    pending = set()
    pending.add(request.get_data())  # source[add]
    return [pickle.loads(blob) for blob in pending]  # sink[add]: severity=critical


@app.post("/setdefault")
def restore_setdefault():
    session = {}
    session.setdefault("state", request.form["state"])  # source[setdefault]
    return pickle.loads(base64.b64decode(session["state"]))  # sink[setdefault]: severity=critical


@app.post("/put")
def enqueue():
    jobs.put(request.get_data())  # source[put]
    return pickle.loads(jobs.get())  # sink[put]: severity=critical


@app.post("/put-nowait")
def enqueue_nowait():
    jobs.put_nowait(request.get_data())  # source[put-nowait]
    return pickle.loads(jobs.get_nowait())  # sink[put-nowait]: severity=critical


@app.post("/feed")
def restore_fed():
    parser = email.parser.BytesFeedParser()
    parser.feed(request.get_data())  # source[feed]
    message = parser.close()
    return pickle.loads(message.get_payload(decode=True))  # sink[feed]: severity=critical
