import pickle

import torch.distributed as dist


def fetch_peer_config(rank: int):
    store = dist.TCPStore("master", 29500, world_size=4, is_master=False)
    blob = store.get(f"config/{rank}")  # source
    return pickle.loads(blob)  # sink: severity=critical threat_model=network
# expect-flow: 8-9
