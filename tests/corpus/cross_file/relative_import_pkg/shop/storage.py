import base64
import pickle


def load_cart(encoded):
    raw = base64.b64decode(encoded)
    return pickle.loads(raw)  # sink: severity=critical
# expect-flow: shop/views.py:10-shop/views.py:11-shop/storage.py:5-shop/storage.py:6-shop/storage.py:7
