"""How data moves through library calls.

A call the catalog does not know passes the taint of its arguments to its result ("passed through f()"):
scanners that drop flows through unknown calls miss real bugs. These rows give the known ones a label for
the flow; NO_PROPAGATION and NO_DATA_METHODS list calls whose results cannot carry a payload (numbers,
booleans), and SELECTORS the arguments that pick what a call returns rather than go into it (CodeQL's
neutral models: the request picks which row, not what it holds).
"""

LABELS: dict[str, str] = {}


def _label(label: str, *apis: str) -> None:
    for api in apis:
        LABELS[api] = label


_label("base64-decoded", "base64.b64decode", "base64.standard_b64decode", "base64.urlsafe_b64decode",
       "base64.decodebytes", "base64.decodestring", "base64.b32decode", "base64.b32hexdecode",
       "base64.b16decode", "base64.b85decode", "base64.a85decode", "binascii.a2b_base64")
_label("hex-decoded", "binascii.unhexlify", "binascii.a2b_hex", "bytes.fromhex", "bytearray.fromhex")
_label("zlib-decompressed", "zlib.decompress", "zlib.decompressobj.decompress")
_label("gzip-decompressed", "gzip.decompress", "gzip.GzipFile", "gzip.open")
_label("bz2-decompressed", "bz2.decompress", "bz2.BZ2File", "bz2.open")
_label("lzma-decompressed", "lzma.decompress", "lzma.LZMAFile", "lzma.open")
_label("decoded with codecs", "codecs.decode")
_label("encoded with codecs", "codecs.encode")
_label("wrapped in io.BytesIO", "io.BytesIO")
_label("wrapped in io.BufferedReader", "io.BufferedReader")
_label("wrapped in io.StringIO", "io.StringIO")
_label("converted with str()", "str")
_label("converted with bytes()", "bytes", "bytearray", "memoryview")
# Path(p).read_bytes() is a method of a tainted path: METHOD_LABELS labels it.
_label("read from the file it names", "open", "io.open", "codecs.open", "tarfile.open", "zipfile.ZipFile")
_label("parsed as JSON", "json.loads", "json.load", "orjson.loads", "ujson.loads")
_label("unpacked from a zip archive", "zipfile.ZipFile.read", "zipfile.ZipFile.open")
_label("joined into a path", "os.path.join", "pathlib.Path", "pathlib.PurePath", "os.path.abspath",
       "os.path.realpath", "os.path.normpath", "os.path.expanduser")
_label("url-decoded", "urllib.parse.unquote", "urllib.parse.unquote_to_bytes", "urllib.parse.unquote_plus")

# Methods called on a tainted value: the label of the step they make.
METHOD_LABELS: dict[str, str] = {
    "decode": "decoded to text", "encode": "encoded to bytes", "read": "read", "readline": "read",
    "readlines": "read", "getvalue": "read", "read_bytes": "read", "read_text": "read",
    "strip": "", "lstrip": "", "rstrip": "", "get": "", "getlist": "", "getone": "", "pop": "", "copy": "",
    "json": "parsed as JSON", "text": "read",
}

# Methods that pick one item out of a source by a constant key: the key names the source.
KEYED_METHODS = frozenset({"get", "getlist", "getone", "get_argument", "get_body_argument",
                           "get_query_argument", "get_header", "get_param", "get_cookie", "pop",
                           "getenv"})

# Methods of objects outside the scanned code whose arguments select what they return: a key, a name, a
# range, a query's criteria. The result is what the receiver holds (its taint flows, as for `d.get(k)` on
# an untrusted dict), never the key's: the request picks which row, not what it holds. Method name -> the
# arguments (positions, keywords) whose data the result may still hold, a default; all others select.
# By name, whatever the receiver: an ORM chain on a model class (`Job.query.filter_by(id=job_id).first()`,
# `Job.objects.get(pk=pk)`) is code the scan cannot type, and in SQLAlchemy, Flask-SQLAlchemy, Django and
# peewee the arguments of these methods are criteria and primary keys: what they return is stored data
# (a `datastore` source where the catalog knows the store), whoever chose the key.
SELECTORS: dict[str, tuple] = {
    # mappings and multi-dicts: the key selects, a default is returned as it is
    "get": (1, "default"), "pop": (1, "default"), "setdefault": (1, "default"), "getone": (1, "default"),
    "getall": (1, "default"), "getlist": (), "__getitem__": (),
    # key-value stores: Redis, memcached, Django's cache (names, keys, ranges, counts)
    "hget": (), "hmget": (), "hgetall": (), "mget": (), "get_many": (), "get_multi": (), "lindex": (),
    "lrange": (), "zrange": (), "smembers": (), "getdel": (), "getex": (), "lpop": (), "rpop": (),
    # ORM query builders: criteria and primary keys
    "filter_by": (), "filter": (), "exclude": (), "get_or_404": (), "get_or_none": (), "get_by_id": (),
}

# Methods whose result is a truth value or a number, whatever they are called on: a tainted value tested
# or measured picks among the program's own files, it cannot be one. Also the column operators of SQL
# expression builders (`Job.id.in_(ids)`): what they build is a condition. Names, and name patterns.
NO_DATA_METHODS = frozenset({
    "exists", "isfile", "isdir", "islink", "startswith", "endswith", "isdigit", "isalpha", "isalnum",
    "isnumeric", "isdecimal", "isspace", "isascii", "isidentifier", "issubset", "issuperset", "isdisjoint",
    "count", "index", "__len__", "tell", "fileno", "in_", "not_in", "notin_", "like", "ilike", "between",
})
NO_DATA_METHOD_PATTERNS = frozenset({"is_*", "has_*", "*_exists"})

# Request parameters a framework converts before the handler sees them, by annotation (FastAPI's
# `job_id: int`) or route converter (Flask's `<int:job_id>`, Starlette's `{job_id:int}`): a number, a
# truth value or a UUID picks among the program's files, it cannot be a payload or a path.
NO_DATA_TYPES = frozenset({"int", "float", "bool", "uuid.UUID"})
NO_DATA_CONVERTERS = frozenset({"int", "float", "uuid"})

# Methods that put their argument into the object they are called on.
MUTATORS = frozenset({"write", "writelines", "append", "extend", "insert", "update", "add",
                      "setdefault", "put", "put_nowait", "appendleft", "feed", "write_bytes", "write_text"})

# Methods that write what they are called on into the file their argument names (position, keyword):
# after `upload.save(path)` the file at `path` holds the upload, whatever confined its name.
WRITES_TO_ARGUMENT: dict[str, tuple[int, str]] = {"save": (0, "dst")}

# Calls whose result is a fixed-size digest of their input: it cannot carry a payload, but it still says
# whose data went into a MAC comparison (see barriers.CHECKS).
DIGESTS = frozenset({"hashlib.new", "hashlib.md5", "hashlib.sha1", "hashlib.sha224", "hashlib.sha256",
                     "hashlib.sha384", "hashlib.sha512", "hashlib.blake2b", "hashlib.blake2s",
                     "hashlib.sha3_256", "hashlib.sha3_512", "hashlib.file_digest", "hmac.new", "hmac.HMAC",
                     "hmac.digest", "zlib.crc32", "zlib.adler32", "binascii.crc32", "uuid.uuid5", "uuid.uuid3"})
DIGEST_METHODS = frozenset({"hexdigest", "digest"})

# Serializers: what they return is the program's own encoding, safe to decode again whatever went in.
SERIALIZERS = frozenset({"pickle.dumps", "dill.dumps", "cloudpickle.dumps", "marshal.dumps", "yaml.dump",
                         "yaml.safe_dump", "json.dumps"})

# Calls that return None (print, logging, os.remove) need no row: nothing can come out of them.
NO_PROPAGATION = frozenset({
    "len", "int", "float", "bool", "complex", "hash", "id", "type", "isinstance", "issubclass",
    "hasattr", "callable", "ord", "range", "repr", "round", "abs", "int.from_bytes",
    "struct.unpack", "struct.unpack_from", "struct.calcsize", "os.path.getsize", "os.stat",
})
