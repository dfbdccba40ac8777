# CVE-2025-47277 / GHSA-hjq4-87xh-g4fv (vLLM PyNcclPipe / StatelessProcessGroup): recv_obj() unpickles
# whatever a peer put into the TCPStore, and the store listens on the network.
import dataclasses
import pickle

from torch.distributed import TCPStore


@dataclasses.dataclass
class StatelessProcessGroup:
    rank: int
    world_size: int
    store: TCPStore
    recv_src_counter: dict = dataclasses.field(default_factory=dict)

    def recv_obj(self, src: int):
        key = f"send_to/{self.rank}/{self.recv_src_counter.get(src, 0)}"
        obj = pickle.loads(self.store.get(key))  # source sink: severity=critical
        self.recv_src_counter[src] = self.recv_src_counter.get(src, 0) + 1
        return obj

    @staticmethod
    def create(host: str, port: int, rank: int, world_size: int) -> "StatelessProcessGroup":
        store = TCPStore(host_name=host, port=port, world_size=world_size, is_master=(rank == 0))
        return StatelessProcessGroup(rank=rank, world_size=world_size, store=store)
