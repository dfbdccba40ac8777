import pickle
import urllib.request


def download_vocab(url):
    with urllib.request.urlopen(url) as resp:  # source
        blob = resp.read()
    vocab = pickle.loads(blob)  # sink: severity=high
    return vocab
# expect-flow: 6-7-8
