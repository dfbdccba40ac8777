import os

from huggingface_hub import hf_hub_download

CACHE = os.path.expanduser("~/.cache/estimators")


def resolve(repo_id: str, filename: str, revision: str = "main") -> str:
    return hf_hub_download(repo_id, filename, revision=revision, cache_dir=CACHE)  # source
