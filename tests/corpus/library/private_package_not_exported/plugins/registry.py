from ._internal.store import load_catalog

CATALOG = "plugins.pkl"


def plugin_names():
    return sorted(load_catalog(CATALOG))
