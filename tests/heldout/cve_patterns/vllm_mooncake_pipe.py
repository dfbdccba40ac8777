# CVE-2025-32444 / GHSA-hj4w-hm2g-p6w5 (vLLM, Mooncake KV-transfer integration): the metadata sockets
# were bound on all interfaces and read with recv_pyobj(), so any peer could send a pickle.
import json
import logging
from dataclasses import dataclass

import zmq

logger = logging.getLogger(__name__)


@dataclass
class MooncakeTransferEngineConfig:
    prefill_url: str
    decode_url: str
    handshake_port: int

    @staticmethod
    def from_file(path: str) -> "MooncakeTransferEngineConfig":
        with open(path) as fh:
            raw = json.load(fh)
        return MooncakeTransferEngineConfig(raw["prefill_url"], raw["decode_url"], int(raw["handshake_port"]))


class MooncakeTransferEngine:
    def __init__(self, kv_rank: int, config: MooncakeTransferEngineConfig):
        self.kv_rank = kv_rank
        self.context = zmq.Context()
        self.receiver_socket = self.context.socket(zmq.PULL)
        self.sender_ack = self.context.socket(zmq.PUSH)
        self._setup_metadata_sockets(config)

    def _setup_metadata_sockets(self, config: MooncakeTransferEngineConfig) -> None:
        host = config.decode_url.split(":")[0]
        self.receiver_socket.bind(f"tcp://{host}:{config.handshake_port}")
        self.sender_ack.connect(f"tcp://{config.prefill_url}")

    def recv_bytes(self) -> int:
        src_ptr, length = self.receiver_socket.recv_pyobj()  # source sink: severity=critical
        logger.debug("transfer of %d bytes from %#x", length, src_ptr)
        self.sender_ack.send_pyobj(length)
        return length
