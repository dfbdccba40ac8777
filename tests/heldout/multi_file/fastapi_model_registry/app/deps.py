from .ml.registry import ModelRegistry

_registry = ModelRegistry()


def get_registry() -> ModelRegistry:
    return _registry
