from .store import restore_session, save_session

__all__ = ["restore_session", "save_session"]
