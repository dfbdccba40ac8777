# threat-models: local
import base64
import os
import pickle

raw = os.environ["WORKER_BOOTSTRAP"]  # source
bootstrap = pickle.loads(base64.b64decode(raw))  # sink: severity=medium threat_model=local
print(bootstrap["queues"])
# expect-flow: 6-7
