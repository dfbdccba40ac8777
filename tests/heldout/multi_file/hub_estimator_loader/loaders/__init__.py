from .hub import resolve
from .sk import load_estimator

__all__ = ["resolve", "load_estimator"]
