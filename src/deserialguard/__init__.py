"""deserialguard: find, fix and guard against insecure deserialization (CWE-502) in Python code."""

__version__ = "0.1.0"
