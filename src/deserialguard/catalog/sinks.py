"""Deserialization sinks: calls that build arbitrary objects from their input.

A row names the API by its canonical qualified name (see aliases.py), the argument that carries the
data, and the conditions under which the call is safe. The engine reads these rows; it knows no API.
"""
from __future__ import annotations

from dataclasses import dataclass

NOT_FALSE = "not-false"   # a keyword whose value is anything but the literal False


@dataclass(frozen=True)
class Sink:
    api: str                          # canonical qualified name of the callable
    family: str                       # picks the rule, the remediation and the fix
    arg: int | None = 0               # position of the data argument; None: the call receives it itself
    keyword: str | None = None        # the same argument by keyword
    safe_if: tuple = ()               # (keyword, literal): the call is safe when keyword == literal
    unsafe_only_if: tuple = ()        # (keyword, NOT_FALSE): the call is a sink only with this keyword
    loader: tuple = ()                # (position, keyword): a loader class; safe when it is a safe loader
    deserializer: tuple = ()          # (position, keyword): a function it decodes with; safe unless a sink
    on_method: str | None = None      # constructor sinks: the data is consumed when .<on_method>() is called
    display: str | None = None        # how the title names the call, if not by api
    threat_model: str = "network"     # for arg=None rows: where the received data comes from
    receives: str = ""                # for arg=None rows: the source description

    @property
    def title(self) -> str:
        return f"{FAMILY_TITLES[self.family]} Deserialization via `{self.display or self.api}()`"


FAMILY_TITLES = {
    "pickle": "Pickle", "jsonpickle": "jsonpickle", "shelve": "Shelve", "marshal": "Marshal",
    "yaml": "YAML", "torch": "PyTorch", "joblib": "Joblib", "numpy": "NumPy Pickle",
    "pandas": "Pandas Pickle", "keras": "Keras Lambda", "pickle-transport": "Pickle",
}


def _pickle_like(module: str, family: str = "pickle") -> list[Sink]:
    return [
        Sink(f"{module}.loads", family, 0, "data"),
        Sink(f"{module}.load", family, 0, "file"),
        Sink(f"{module}.Unpickler", family, 0, "file", on_method="load",
             display=f"{module}.Unpickler().load"),
    ]


# By canonical name: yaml.loader.SafeLoader and yaml.cyaml.CSafeLoader are yaml's (aliases.py).
SAFE_YAML_LOADERS = frozenset({
    "yaml.SafeLoader", "yaml.CSafeLoader", "yaml.BaseLoader", "yaml.CBaseLoader",
    "ruamel.yaml.SafeLoader", "ruamel.yaml.CSafeLoader", "ruamel.yaml.BaseLoader", "ruamel.yaml.CBaseLoader",
})

SINKS: list[Sink] = [
    *_pickle_like("pickle"),
    *_pickle_like("dill"),
    *_pickle_like("cloudpickle"),
    Sink("jsonpickle.decode", "jsonpickle", 0, "string"),
    Sink("jsonpickle.Unpickler.restore", "jsonpickle", 0, "obj", display="jsonpickle.Unpickler().restore"),
    Sink("shelve.open", "shelve", 0, "filename"),
    Sink("shelve.DbfilenameShelf", "shelve", 0, "filename"),
    Sink("marshal.loads", "marshal", 0, "bytes"),
    Sink("marshal.load", "marshal", 0, "file"),
    Sink("yaml.load", "yaml", 0, "stream", loader=(1, "Loader")),
    Sink("yaml.load_all", "yaml", 0, "stream", loader=(1, "Loader")),
    Sink("yaml.full_load", "yaml", 0, "stream"),
    Sink("yaml.full_load_all", "yaml", 0, "stream"),
    Sink("yaml.unsafe_load", "yaml", 0, "stream"),
    Sink("yaml.unsafe_load_all", "yaml", 0, "stream"),
    Sink("yaml.Loader", "yaml", 0, "stream", on_method="get_single_data", display="yaml.Loader().get_single_data"),
    Sink("yaml.UnsafeLoader", "yaml", 0, "stream", on_method="get_single_data",
         display="yaml.UnsafeLoader().get_single_data"),
    Sink("ruamel.yaml.YAML<unsafe>.load", "yaml", 0, "stream", display="ruamel.yaml.YAML(typ='unsafe').load"),
    Sink("ruamel.yaml.YAML<unsafe>.load_all", "yaml", 0, "stream",
         display="ruamel.yaml.YAML(typ='unsafe').load_all"),
    Sink("ruamel.yaml.load", "yaml", 0, "stream", loader=(1, "Loader")),
    Sink("ruamel.yaml.unsafe_load", "yaml", 0, "stream"),
    Sink("torch.load", "torch", 0, "f", safe_if=("weights_only", True)),
    Sink("joblib.load", "joblib", 0, "filename"),
    Sink("numpy.load", "numpy", 0, "file", unsafe_only_if=("allow_pickle", NOT_FALSE)),
    Sink("pandas.read_pickle", "pandas", 0, "filepath_or_buffer"),
    Sink("keras.models.load_model", "keras", 0, "filepath", unsafe_only_if=("safe_mode", False)),
    Sink("keras.saving.load_model", "keras", 0, "filepath", unsafe_only_if=("safe_mode", False)),
    Sink("zmq.Socket.recv_pyobj", "pickle-transport", None, display="zmq.Socket.recv_pyobj",
         receives="a pickled object received from a ZeroMQ socket"),
    Sink("zmq.Socket.recv_serialized", "pickle-transport", None, display="zmq.Socket.recv_serialized",
         receives="a serialized message received from a ZeroMQ socket", deserializer=(0, "deserialize")),
    Sink("multiprocessing.connection.Connection.recv", "pickle-transport", None,
         display="multiprocessing.connection.Connection.recv",
         receives="a pickled object received over a multiprocessing connection"),
]

# Classes whose instances unpickle: a project subclass is a sink unless its find_class restricts globals.
UNPICKLER_CLASSES = frozenset(s.api for s in SINKS if s.on_method == "load")

# What a file must contain, byte for byte, to hold a sink of each family: any one of the alternatives,
# each a set of words that must all be present. A file that imports a sink's module names it (a project
# module that re-exports a sink is found by the names it exports, see engine/prefilter.py, which also
# requires a call's spelling of one of the family's callables). numpy and keras are everywhere in ML code,
# so they need the word that makes their call a sink as well.
PREFILTER: dict[str, tuple[tuple[str, ...], ...]] = {
    "pickle": (("pickle",), ("Pickle",), ("dill",), ("Unpickler",)),
    "jsonpickle": (("jsonpickle",),),
    "shelve": (("shelve",),),
    "marshal": (("marshal",),),
    "yaml": (("yaml",),),
    "torch": (("torch", "load"),),
    "joblib": (("joblib",),),
    "numpy": (("allow_pickle",),),
    "pandas": (("read_pickle",),),
    "keras": (("safe_mode",),),
    "pickle-transport": (("recv_pyobj",), ("recv_serialized",), ("multiprocessing", "recv"),
                         ("connection", "recv")),
}
