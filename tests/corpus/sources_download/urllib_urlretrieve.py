from urllib.request import urlretrieve

import torch

CHECKPOINT = "https://download.example.com/resnet18-5c106cde.pth"


def load_pretrained(model):
    local_path, _headers = urlretrieve(CHECKPOINT)  # source
    state = torch.load(local_path, map_location="cpu")  # sink: severity=high
    model.load_state_dict(state)
    return model
# expect-flow: 9-10
