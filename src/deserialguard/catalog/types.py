"""What external calls return, where it is not an instance of the callable itself.

The engine types `socket.socket(...)` as an instance of `socket.socket` without a row; these rows say
that `s.accept()` returns a socket, `ctx.socket()` a zmq.Socket, and so on, so that methods called on the
results find their source and sink rows.
"""

RETURNS: dict[str, str] = {
    "socket.socket.accept": "socket.socket",
    "socket.create_connection": "socket.socket",
    "socket.create_server": "socket.socket",
    "socket.fromfd": "socket.socket",
    "socket.socketpair": "socket.socket",
    "ssl.SSLContext.wrap_socket": "socket.socket",
    "zmq.Context.socket": "zmq.Socket",
    "zmq.Context.instance": "zmq.Context",
    "zmq.asyncio.Context": "zmq.Context",
    "zmq.asyncio.Context.socket": "zmq.Socket",
    "zmq.asyncio.Socket": "zmq.Socket",
    "zmq.green.Context": "zmq.Context",
    "multiprocessing.connection.Listener.accept": "multiprocessing.connection.Connection",
    "multiprocessing.connection.Client": "multiprocessing.connection.Connection",
    "redis.StrictRedis": "redis.Redis",
    "redis.from_url": "redis.Redis",
    "redis.Redis.from_url": "redis.Redis",
    "redis.client.Redis": "redis.Redis",
    "redis.asyncio.Redis": "redis.Redis",
    "redis.asyncio.from_url": "redis.Redis",
    **{f"{driver}.connect": "dbapi.Connection" for driver in (
        "sqlite3", "psycopg2", "psycopg", "pymysql", "MySQLdb", "mysql.connector", "cx_Oracle",
        "oracledb", "pyodbc", "pymssql", "snowflake.connector", "duckdb")},
    "psycopg.Connection.connect": "dbapi.Connection",
    "dbapi.Connection.cursor": "dbapi.Cursor",
    "dbapi.Connection.execute": "dbapi.Cursor",
    "dbapi.Cursor.execute": "dbapi.Cursor",
    "redis.Redis.pubsub": "redis.client.PubSub",
    "sqlalchemy.engine.Connection.execute": "sqlalchemy.engine.Result",
    "sqlalchemy.orm.Session.execute": "sqlalchemy.engine.Result",
    "requests.session": "requests.Session",
    "asyncio.open_connection": "asyncio.StreamReader",
    "websockets.connect": "websockets.ClientConnection",
    "websockets.sync.client.connect": "websockets.ClientConnection",
    "pika.BlockingConnection.channel": "pika.adapters.blocking_connection.BlockingChannel",
    "pika.SelectConnection.channel": "pika.channel.Channel",
    "sqlalchemy.orm.Session.scalars": "sqlalchemy.engine.ScalarResult",
    "sqlalchemy.engine.Result.scalars": "sqlalchemy.engine.ScalarResult",
}

# Constructor arguments that change what an instance can do: (type, keyword, literal) -> refined type.
REFINEMENTS: dict[tuple[str, str, object], str] = {
    ("ruamel.yaml.YAML", "typ", "unsafe"): "ruamel.yaml.YAML<unsafe>",
}

# Objects all request handlers share: an attribute set on one (in a before_request hook) is read in another.
SHARED_OBJECTS = frozenset({"flask.g"})
