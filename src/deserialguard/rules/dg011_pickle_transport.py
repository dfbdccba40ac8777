"""## What it does
Reports calls that receive from the network and unpickle in one step: ZeroMQ's `socket.recv_pyobj()` and
`recv_serialized()` with a pickle deserializer, and `multiprocessing.connection` `Connection.recv()`
on a connection that was not authenticated.

## Why is this bad?
`recv_pyobj()` is `pickle.loads(socket.recv())`, and `Connection.recv()` unpickles whatever the peer
sent. Anyone who can connect to the socket or listener can send a pickle that runs code in the receiving
process.

## Example
```python
socket = context.socket(zmq.PULL)
socket.bind("tcp://0.0.0.0:5555")
job = socket.recv_pyobj()
```

## How to fix
Receive bytes, and accept only signed JSON:
```python
payload, signature = socket.recv_multipart()
job = guard.load_signed_json(payload, signature, keys=guard.keys_from_env("JOB_KEY"))
```
(`socket.recv_json()` alone removes the code execution but not the tampering.) For
`multiprocessing.connection`, give `Listener` and `Client` an `authkey`, so the peer must prove it holds
the key (an HMAC challenge) before anything is unpickled, or exchange `recv_bytes()` and JSON.

## References
- [Python documentation: multiprocessing authentication keys](https://docs.python.org/3/library/multiprocessing.html#multiprocessing-auth-keys)
- [pyzmq documentation: `Socket.recv_pyobj`](https://pyzmq.readthedocs.io/en/latest/api/zmq.html#zmq.Socket.recv_pyobj)
"""

CODE = "DG011"
NAME = "pickle-transport"
FAMILY = "pickle-transport"
SUMMARY = "Network message received and unpickled in one call"
EXPLANATION = """
These calls unpickle whatever arrives on the connection, and a pickle can call any importable function
while it is loaded, so the sender of a message chooses what code the receiver runs.
"""
REMEDIATION = """
The fix receives raw bytes instead and parses them as JSON, which can only produce plain data, accepting
a message only when it carries a valid HMAC-SHA256 signature made with a shared secret key, checked in
constant time before parsing. For `multiprocessing.connection`, an `authkey` makes the peer prove it
holds the key before any message is unpickled.
"""
