# TorchServe custom handler: each request row's body (the HTTP payload) is restored with torch.load().
# Same shape as the model-serving RCEs in the ShadowMQ / TorchServe write-ups.
import io

import torch
from ts.torch_handler.base_handler import BaseHandler


class TensorBatchHandler(BaseHandler):
    def preprocess(self, data):
        tensors = []
        for row in data:
            body = row.get("data") or row.get("body")
            tensors.append(torch.load(io.BytesIO(body)))  # sink: severity=critical
        return torch.stack(tensors)

    def handle(self, data, context):  # source
        batch = self.preprocess(data)
        with torch.no_grad():
            output = self.model(batch)
        return output.tolist()
# expect-flow: 17-18-10-12-13-14
