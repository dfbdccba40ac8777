"""A download whose origin the code spells in literals is the model or file its authors chose: no attacker
picks it (the `fixed-download` threat model, off by default, reports it). An origin built from anything
else is a download from wherever that value points."""
import pickle
import urllib.request

import boto3
import joblib
import requests
import torch
from huggingface_hub import hf_hub_download, snapshot_download
from transformers.utils import cached_file

s3 = boto3.client("s3")


def pinned_weights():
    return torch.load(hf_hub_download("acme/classifier", "pytorch_model.bin"))  # ok -- a fixed repository and file


def pinned_by_keyword():
    path = hf_hub_download(repo_id="acme/classifier", filename="head.pkl", revision="v1.2")
    return joblib.load(path)  # ok -- a fixed repository and file


def pinned_snapshot():
    folder = snapshot_download("acme/classifier")
    return torch.load(f"{folder}/pytorch_model.bin")  # ok -- a fixed repository


def pinned_cached_file():
    return torch.load(cached_file("acme/classifier", "training_args.bin"))  # ok -- a fixed repository and file


def pinned_url():
    resp = requests.get("https://models.example.com/ranker.pkl", timeout=30)
    return pickle.loads(resp.content)  # ok -- a fixed URL


def pinned_urlopen():
    with urllib.request.urlopen("https://models.example.com/ranker.pkl") as resp:
        return pickle.loads(resp.read())  # ok -- a fixed URL


def pinned_object():
    body = s3.get_object(Bucket="acme-models", Key="ranker.pkl")["Body"].read()
    return pickle.loads(body)  # ok -- a fixed bucket and key


def chosen_file(filename):
    path = hf_hub_download("acme/classifier", filename)  # source[file]
    return torch.load(path)  # sink[file]: severity=high -- the caller picks the file


def chosen_host(host):
    resp = requests.get(f"https://{host}/ranker.pkl", timeout=30)  # source[host]
    return pickle.loads(resp.content)  # sink[host]: severity=high -- the caller picks the server
