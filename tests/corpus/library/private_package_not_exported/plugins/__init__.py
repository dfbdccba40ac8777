# threat-models: library
from .registry import plugin_names

__all__ = ["plugin_names"]
