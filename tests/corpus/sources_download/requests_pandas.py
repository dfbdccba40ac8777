import io

import pandas as pd
import requests


def load_remote_frame(url: str) -> pd.DataFrame:
    payload = requests.get(url, timeout=10).content  # source
    return pd.read_pickle(io.BytesIO(payload))  # sink: severity=high
# expect-flow: 8-9
