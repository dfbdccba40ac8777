# threat-models: library
# CVE-2024-14021 / GHSA-m592-cr2f-4qg5 (llama-index-indices-managed-bge-m3): BGEM3Index.load_from_disk()
# unpickles multi_embed_store.pkl from whatever persist_dir the caller passes.
from .index import BGEM3Index

__all__ = ["BGEM3Index"]
