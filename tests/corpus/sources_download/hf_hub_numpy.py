import sys

import numpy as np
from huggingface_hub import hf_hub_download

path = hf_hub_download(sys.argv[1], "vectors.npy", revision="main")  # source
vectors = np.load(path, allow_pickle=True)  # sink: severity=high
print(vectors.shape)
# expect-flow: 6-7
