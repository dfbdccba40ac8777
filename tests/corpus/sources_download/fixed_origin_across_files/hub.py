from huggingface_hub import hf_hub_download

REPO = "acme/classifier"


def pinned_weights_path():
    return hf_hub_download("acme/classifier", "pytorch_model.bin")


def weights_path(filename):
    return hf_hub_download(REPO, filename)  # source
