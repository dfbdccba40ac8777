"""Untrusted sources, by threat model.

An attribute source taints the value read at that qualified name (calling it taints the result too, so
`request.get_data` and `requests.get` are rows like `request.data`). `keyed` is used when the program
picks one item out of the source with a constant key (`request.headers.get('X-Token')`).

Parameter sources (route handlers, Lambda handlers) and request objects known by their parameter's name
or annotation are rows in PARAMETER_SOURCES and REQUEST_PARAMETERS; the engine never names a framework.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    api: str
    threat_model: str
    description: str
    keyed: str = ""            # with "{key}"; e.g. "an HTTP header ({key})"

    def describe(self, key: str | None = None) -> str:
        return self.keyed.format(key=key) if key and self.keyed else self.description


def _request(prefix: str, parts: dict[str, tuple[str, str]]) -> list[Source]:
    return [Source(f"{prefix}.{attr}", "remote", desc, keyed) for attr, (desc, keyed) in parts.items()]


BODY = ("the raw HTTP request body", "")
JSON_BODY = ("the JSON request body", "the field {key} of the JSON request body")
FORM = ("an HTTP form field", "the form field {key}")
QUERY = ("a URL query parameter", "the query parameter {key}")
HEADERS = ("an HTTP header", "an HTTP header ({key})")
COOKIES = ("an HTTP cookie", "the cookie {key}")
FILES = ("an uploaded file", "the uploaded file {key}")
VALUES = ("a request parameter", "the request parameter {key}")
STREAM = ("the HTTP request body stream", "")

_FLASK_LIKE = {
    "data": BODY, "get_data": BODY, "stream": STREAM, "input_stream": STREAM,
    "json": JSON_BODY, "get_json": JSON_BODY, "form": FORM, "args": QUERY, "values": VALUES,
    "headers": HEADERS, "cookies": COOKIES, "files": FILES, "environ": ("the WSGI environment", ""),
}

SOURCES: list[Source] = [
    # remote: web frameworks
    *_request("flask.request", _FLASK_LIKE),
    *_request("werkzeug.wrappers.Request", _FLASK_LIKE),
    *_request("django.http.HttpRequest", {
        "body": BODY, "POST": FORM, "GET": QUERY, "FILES": FILES, "COOKIES": COOKIES,
        "META": HEADERS, "headers": HEADERS, "read": BODY, "data": JSON_BODY}),
    *_request("starlette.requests.Request", {
        "body": BODY, "json": JSON_BODY, "form": FORM, "stream": STREAM, "query_params": QUERY,
        "headers": HEADERS, "cookies": COOKIES, "path_params": ("a URL path parameter", "the path parameter {key}")}),
    *_request("starlette.websockets.WebSocket", {
        "receive_bytes": ("a WebSocket message", ""), "receive_text": ("a WebSocket message", ""),
        "receive_json": ("a WebSocket message", ""), "receive": ("a WebSocket message", ""),
        "iter_bytes": ("a WebSocket message", ""), "iter_text": ("a WebSocket message", "")}),
    *_request("aiohttp.web.Request", {
        "read": BODY, "text": BODY, "json": JSON_BODY, "post": FORM, "content": STREAM,
        "query": QUERY, "headers": HEADERS, "cookies": COOKIES, "multipart": FILES,
        "match_info": ("a URL path parameter", "the path parameter {key}")}),
    *_request("tornado.web.RequestHandler", {
        "get_argument": VALUES, "get_arguments": VALUES, "get_body_argument": FORM,
        "get_query_argument": QUERY, "get_cookie": COOKIES}),
    *_request("tornado.web.RequestHandler.request", {
        "body": BODY, "files": FILES, "headers": HEADERS, "arguments": VALUES,
        "body_arguments": FORM, "query_arguments": QUERY}),
    *_request("bottle.request", {
        "body": BODY, "json": JSON_BODY, "forms": FORM, "query": QUERY, "params": VALUES,
        "files": FILES, "headers": HEADERS, "get_header": HEADERS, "cookies": COOKIES, "get_cookie": COOKIES,
        "POST": FORM, "GET": QUERY}),
    *_request("falcon.Request", {
        "stream": STREAM, "bounded_stream": STREAM, "media": JSON_BODY, "get_media": JSON_BODY,
        "get_param": QUERY, "params": QUERY, "get_header": HEADERS, "headers": HEADERS,
        "cookies": COOKIES}),
    *_request("pyramid.request.Request", {
        "body": BODY, "json_body": JSON_BODY, "json": JSON_BODY, "POST": FORM, "GET": QUERY,
        "params": VALUES, "headers": HEADERS, "cookies": COOKIES, "body_file": STREAM}),
    *_request("sanic.request.Request", {
        "body": BODY, "json": JSON_BODY, "form": FORM, "args": QUERY, "files": FILES,
        "headers": HEADERS, "cookies": COOKIES}),
    Source("streamlit.file_uploader", "remote", "a file uploaded through Streamlit"),
    Source("streamlit.text_input", "remote", "text entered in a Streamlit app"),
    Source("streamlit.text_area", "remote", "text entered in a Streamlit app"),
    Source("streamlit.chat_input", "remote", "text entered in a Streamlit app"),
    Source("http.server.BaseHTTPRequestHandler.rfile", "remote", "the HTTP request body"),
    Source("http.server.BaseHTTPRequestHandler.headers", "remote", *HEADERS),
    Source("cgi.FieldStorage", "remote", *FORM),
    # network: sockets, servers, queues
    Source("socket.socket.recv", "network", "data received from a network socket"),
    Source("socket.socket.recvfrom", "network", "data received from a network socket"),
    Source("socket.socket.recv_into", "network", "data received from a network socket"),
    Source("socket.socket.makefile", "network", "data received from a network socket"),
    # a handler's self.request: a connected socket (TCP), or a (datagram, socket) pair (UDP)
    *[Source(f"socketserver.Request.{verb}", "network", "data received by a socketserver handler")
      for verb in ("recv", "recvfrom", "recv_into", "makefile", "__iter__")],
    Source("socketserver.StreamRequestHandler.rfile", "network", "data received by a socketserver handler"),
    Source("socketserver.DatagramRequestHandler.rfile", "network", "data received by a socketserver handler"),
    Source("asyncio.StreamReader.read", "network", "data read from an asyncio stream"),
    Source("asyncio.StreamReader.readexactly", "network", "data read from an asyncio stream"),
    Source("asyncio.StreamReader.readline", "network", "data read from an asyncio stream"),
    Source("asyncio.StreamReader.readuntil", "network", "data read from an asyncio stream"),
    Source("zmq.Socket.recv", "network", "a message received from a ZeroMQ socket"),
    Source("zmq.Socket.recv_multipart", "network", "a message received from a ZeroMQ socket"),
    Source("zmq.Socket.recv_string", "network", "a message received from a ZeroMQ socket"),
    Source("zmq.Socket.recv_json", "network", "a message received from a ZeroMQ socket"),
    Source("multiprocessing.connection.Connection.recv_bytes", "network",
           "data received over a multiprocessing connection"),
    Source("websockets.ServerConnection.recv", "network", "a WebSocket message"),
    Source("websockets.ServerConnection.__iter__", "network", "a WebSocket message"),
    Source("websockets.ClientConnection.__iter__", "network", "a WebSocket message"),
    Source("kafka.KafkaConsumer.__iter__", "network", "a message consumed from Kafka"),
    Source("kafka.KafkaConsumer.poll", "network", "a message consumed from Kafka"),
    Source("redis.client.PubSub.listen", "network", "a message received from Redis pub/sub"),
    Source("redis.client.PubSub.get_message", "network", "a message received from Redis pub/sub"),
    Source("aiokafka.AIOKafkaConsumer.__iter__", "network", "a message consumed from Kafka"),
    Source("aiokafka.AIOKafkaConsumer.getone", "network", "a message consumed from Kafka"),
    Source("websockets.ClientConnection.recv", "network", "a WebSocket message"),
    Source("confluent_kafka.Consumer.poll", "network", "a message consumed from Kafka"),
    Source("confluent_kafka.Consumer.consume", "network", "a message consumed from Kafka"),
    *[Source(f"pika.adapters.blocking_connection.BlockingChannel.{verb}", "network",
             "a message consumed from RabbitMQ") for verb in ("basic_get", "consume")],
    Source("paho.mqtt.client.MQTTMessage.payload", "network", "an MQTT message payload"),
    Source("torch.distributed.TCPStore.get", "network", "a value read from a torch.distributed store"),
    Source("torch.distributed.Store.get", "network", "a value read from a torch.distributed store"),
    # download: HTTP clients and model hubs
    *[Source(f"requests.{verb}", "download", "an HTTP response downloaded with requests")
      for verb in ("get", "post", "put", "patch", "request")],
    *[Source(f"requests.Session.{verb}", "download", "an HTTP response downloaded with requests")
      for verb in ("get", "post", "put", "patch", "request")],
    *[Source(f"httpx.{verb}", "download", "an HTTP response downloaded with httpx")
      for verb in ("get", "post", "put", "patch", "request", "stream")],
    *[Source(f"httpx.{client}.{verb}", "download", "an HTTP response downloaded with httpx")
      for client in ("Client", "AsyncClient") for verb in ("get", "post", "put", "patch", "request", "stream")],
    *[Source(f"urllib3.{pool}.{verb}", "download", "an HTTP response downloaded with urllib3")
      for pool in ("PoolManager", "HTTPConnectionPool", "HTTPSConnectionPool", "ProxyManager")
      for verb in ("request", "urlopen", "request_encode_url", "request_encode_body")],
    Source("urllib3.request", "download", "an HTTP response downloaded with urllib3"),
    Source("urllib.request.urlopen", "download", "an HTTP response downloaded with urllib"),
    Source("urllib.request.urlretrieve", "download", "a file downloaded with urllib"),
    Source("urllib2.urlopen", "download", "an HTTP response downloaded with urllib2"),
    Source("aiohttp.ClientSession.get", "download", "an HTTP response downloaded with aiohttp"),
    Source("aiohttp.ClientSession.post", "download", "an HTTP response downloaded with aiohttp"),
    Source("aiohttp.ClientSession.request", "download", "an HTTP response downloaded with aiohttp"),
    Source("huggingface_hub.hf_hub_download", "download", "a file downloaded from the Hugging Face Hub"),
    Source("huggingface_hub.snapshot_download", "download", "files downloaded from the Hugging Face Hub"),
    Source("transformers.utils.cached_file", "download", "a file downloaded from the Hugging Face Hub"),
    Source("transformers.utils.hub.cached_file", "download", "a file downloaded from the Hugging Face Hub"),
    Source("torch.hub.load_state_dict_from_url", "download", "a file downloaded by torch.hub"),
    Source("torch.hub.download_url_to_file", "download", "a file downloaded by torch.hub"),
    Source("boto3.client.get_object", "download", "an object downloaded from S3"),
    Source("botocore.client.BaseClient.get_object", "download", "an object downloaded from S3"),
    # local: the person or script running the program
    Source("sys.argv", "local", "a command-line argument"),
    Source("sys.stdin", "local", "standard input"),
    Source("input", "local", "interactive input"),
    Source("os.environ", "local", "an environment variable", "the environment variable {key}"),
    Source("os.getenv", "local", "an environment variable", "the environment variable {key}"),
    Source("os.environb", "local", "an environment variable", "the environment variable {key}"),
    Source("argparse.ArgumentParser.parse_args", "local", "a command-line argument"),
    Source("argparse.ArgumentParser.parse_known_args", "local", "a command-line argument"),
    Source("fileinput.input", "local", "a file named on the command line"),
    # datastore: the attacker must first write there
    *[Source(f"redis.Redis.{verb}", "datastore", "a value read from Redis")
      for verb in ("get", "mget", "hget", "hgetall", "lpop", "rpop", "blpop", "brpop", "lrange",
                   "getdel", "getex", "xread", "smembers", "zrange")],
    Source("pymemcache.client.base.Client.get", "datastore", "a value read from memcached"),
    Source("memcache.Client.get", "datastore", "a value read from memcached"),
    Source("django.core.cache.cache.get", "datastore", "a value read from the Django cache"),
    # DB-API 2.0 drivers all type to dbapi.Connection / dbapi.Cursor (catalog/types.py)
    Source("dbapi.Cursor.fetchone", "datastore", "a row read from a database"),
    Source("dbapi.Cursor.fetchall", "datastore", "rows read from a database"),
    Source("dbapi.Cursor.fetchmany", "datastore", "rows read from a database"),
    Source("dbapi.Cursor.__iter__", "datastore", "rows read from a database"),
    Source("dbapi.Connection.execute.fetchone", "datastore", "a row read from a database"),
    *[Source(f"sqlalchemy.engine.Result.{verb}", "datastore", "a value read from a database")
      for verb in ("fetchone", "fetchall", "fetchmany", "first", "one", "one_or_none", "all", "scalar",
                   "scalar_one", "scalar_one_or_none", "scalars", "__iter__")],
    *[Source(f"sqlalchemy.engine.ScalarResult.{verb}", "datastore", "a value read from a database")
      for verb in ("first", "one", "one_or_none", "all", "__iter__")],
    Source("sqlalchemy.orm.Session.scalar", "datastore", "a value read from a database"),
    Source("sqlalchemy.orm.Session.get", "datastore", "a row read from a database"),
    Source("pymongo.collection.Collection.find_one", "datastore", "a document read from MongoDB"),
]


@dataclass(frozen=True)
class ParameterSource:
    """Parameters that a framework fills from the request: every parameter of a function the decorator
    registers (except those named in `except_names` or typed as a request object)."""

    decorator: str            # canonical qualified name of the decorating callable (`app.route` -> flask.Flask.route)
    threat_model: str
    description: str          # with "{name}": the parameter's name


PARAMETER_SOURCES: list[ParameterSource] = [
    *[ParameterSource(f"flask.Flask.{verb}", "remote", "the URL path parameter {name}")
      for verb in ("route", "get", "post", "put", "patch", "delete")],
    *[ParameterSource(f"flask.Blueprint.{verb}", "remote", "the URL path parameter {name}")
      for verb in ("route", "get", "post", "put", "patch", "delete")],
    *[ParameterSource(f"fastapi.{app}.{verb}", "remote", "the request parameter {name}")
      for app in ("FastAPI", "APIRouter")
      for verb in ("get", "post", "put", "patch", "delete", "api_route", "websocket")],
    *[ParameterSource(f"bottle.{verb}", "remote", "the URL path parameter {name}")
      for verb in ("route", "get", "post", "put", "delete")],
    ParameterSource("flask_socketio.SocketIO.on", "remote", "a Socket.IO message ({name})"),
    ParameterSource("celery.Celery.task", "network", "the task argument {name}"),
    ParameterSource("celery.shared_task", "network", "the task argument {name}"),
    ParameterSource("click.argument", "local", "the command-line argument {name}"),
    ParameterSource("click.option", "local", "the command-line option {name}"),
]

@dataclass(frozen=True)
class CallbackSource:
    """Functions handed to a framework that calls them with untrusted data: the parameters at `params`
    (positions, counted without self) of the callable passed as argument `position` or `keyword`."""

    api: str
    position: int | None
    keyword: str | None
    params: tuple[int, ...] | None        # None: every parameter
    threat_model: str
    description: str                      # with "{name}"


CALLBACK_SOURCES: list[CallbackSource] = [
    CallbackSource("pika.adapters.blocking_connection.BlockingChannel.basic_consume", 1, "on_message_callback",
                   (3,), "network", "a message consumed from RabbitMQ ({name})"),
    CallbackSource("pika.channel.Channel.basic_consume", 1, "on_message_callback", (3,), "network",
                   "a message consumed from RabbitMQ ({name})"),
    *[CallbackSource(f"gradio.{component}", 0, "fn", None, "remote", "the Gradio input {name}")
      for component in ("Interface", "ChatInterface")],
    CallbackSource("gradio.Button.click", 0, "fn", None, "remote", "the Gradio input {name}"),
    CallbackSource("paho.mqtt.client.Client.message_callback_add", 1, "callback", (2,), "network",
                   "an MQTT message ({name})"),
]


@dataclass(frozen=True)
class OverrideSource:
    """Methods a framework calls with untrusted data when a class overrides them: parameters named in
    `params` of method `method` of any subclass of `base` (glob patterns over canonical names)."""

    base: str
    method: str
    params: tuple[str, ...]
    threat_model: str
    description: str                      # with "{name}"
    unless: str = ""                      # not when the class also overrides this method (which calls it)


OVERRIDE_SOURCES: list[OverrideSource] = [
    OverrideSource("*_pb2_grpc.*Servicer", "*", ("request", "request_iterator"), "remote",
                   "the gRPC request ({name})"),
    OverrideSource("asyncio.Protocol", "data_received", ("data",), "network", "data received from a network peer"),
    OverrideSource("asyncio.BufferedProtocol", "buffer_updated", ("data",), "network",
                   "data received from a network peer"),
    OverrideSource("asyncio.DatagramProtocol", "datagram_received", ("data",), "network",
                   "a datagram received from the network"),
    OverrideSource("twisted.internet.protocol.Protocol", "dataReceived", ("data",), "network",
                   "data received from a network peer"),
    OverrideSource("ts.torch_handler.base_handler.BaseHandler", "handle", ("data",), "remote",
                   "the TorchServe inference request ({name})"),
    OverrideSource("ts.torch_handler.base_handler.BaseHandler", "preprocess", ("data",), "remote",
                   "the TorchServe inference request ({name})", unless="handle"),
    OverrideSource("celery.Task", "run", ("*",), "network", "the task argument {name}"),
]


# Route decorators on an application object the scanner cannot type (imported from elsewhere, built by
# a factory): `@<anything>.<verb>("/path")` registers an HTTP handler.
ROUTE_VERBS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route", "websocket"})
UNTYPED_ROUTE_DESCRIPTION = "the request parameter {name}"

# Parameters whose values are request objects rather than request data.
# Defaults that make a handler parameter a dependency the program provides, not request data.
INJECTED_DEFAULTS = frozenset({"fastapi.Depends", "fastapi.Security", "fastapi.params.Depends"})

REQUEST_TYPES_NOT_DATA = frozenset({
    "starlette.requests.Request", "starlette.websockets.WebSocket", "starlette.responses.Response",
    "starlette.background.BackgroundTasks", "fastapi.Depends", "fastapi.Security",
})


@dataclass(frozen=True)
class RequestParameter:
    """An unannotated parameter with this name, in a module that imports `framework`, is a request
    object of `type` (Django views, aiohttp handlers, Falcon responders...)."""

    framework: str
    names: tuple[str, ...]
    type: str


REQUEST_PARAMETERS: list[RequestParameter] = [
    RequestParameter("django", ("request",), "django.http.HttpRequest"),
    RequestParameter("rest_framework", ("request",), "django.http.HttpRequest"),
    RequestParameter("aiohttp", ("request",), "aiohttp.web.Request"),
    RequestParameter("falcon", ("req",), "falcon.Request"),
    RequestParameter("pyramid", ("request",), "pyramid.request.Request"),
    RequestParameter("sanic", ("request",), "sanic.request.Request"),
    RequestParameter("starlette", ("request",), "starlette.requests.Request"),
    RequestParameter("fastapi", ("request",), "starlette.requests.Request"),
    RequestParameter("fastapi", ("websocket", "ws"), "starlette.websockets.WebSocket"),
    RequestParameter("websockets", ("websocket", "ws", "connection"), "websockets.ServerConnection"),
]


@dataclass(frozen=True)
class HandlerParameter:
    """Entry points known by the function's name and its parameters' names (AWS Lambda)."""

    function_names: tuple[str, ...]   # any function so named ...
    companion: str                    # ... or any function that also has a parameter so named
    parameter: str
    threat_model: str
    description: str


HANDLER_PARAMETERS: list[HandlerParameter] = [
    HandlerParameter(("lambda_handler",), "context", "event", "remote", "the AWS Lambda event"),
]


# Where a download's call names what it fetches: download source -> the arguments (position, keyword) that
# name the origin. When the call spells every one of them as a literal (`hf_hub_download("org/model",
# "model.pt")`), the origin is the program's own choice, not an attacker's: the source belongs to the
# `fixed-download` threat model (off by default, low) instead of `download`.
_URL, _METHOD_URL = ((0, "url"),), ((1, "url"),)
_HTTP_VERBS = {"requests": "get post put patch", "requests.Session": "get post put patch",
               "httpx": "get post put patch", "httpx.Client": "get post put patch",
               "httpx.AsyncClient": "get post put patch", "aiohttp.ClientSession": "get post"}
ORIGINS: dict[str, tuple[tuple[int | None, str], ...]] = {
    **{f"{client}.{verb}": _URL for client, verbs in _HTTP_VERBS.items() for verb in verbs.split()},
    **{f"{client}.request": _METHOD_URL for client in _HTTP_VERBS},
    **{f"{client}.stream": _METHOD_URL for client in ("httpx", "httpx.Client", "httpx.AsyncClient")},
    **{f"urllib3.{pool}.{verb}": _METHOD_URL for pool in ("PoolManager", "HTTPConnectionPool", "HTTPSConnectionPool",
                                                         "ProxyManager")
       for verb in ("request", "urlopen", "request_encode_url", "request_encode_body")},
    "urllib3.request": _METHOD_URL,
    "urllib.request.urlopen": _URL, "urllib.request.urlretrieve": _URL, "urllib2.urlopen": _URL,
    "torch.hub.load_state_dict_from_url": _URL, "torch.hub.download_url_to_file": _URL,
    "huggingface_hub.hf_hub_download": ((0, "repo_id"), (1, "filename")),
    "huggingface_hub.snapshot_download": ((0, "repo_id"),),
    "transformers.utils.cached_file": ((0, "path_or_repo_id"), (1, "filename")),
    "transformers.utils.hub.cached_file": ((0, "path_or_repo_id"), (1, "filename")),
    "boto3.client.get_object": ((None, "Bucket"), (None, "Key")),
    "botocore.client.BaseClient.get_object": ((None, "Bucket"), (None, "Key")),
}
