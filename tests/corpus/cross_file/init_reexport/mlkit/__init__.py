from .serialization import restore_model, save_model

__all__ = ["restore_model", "save_model"]
