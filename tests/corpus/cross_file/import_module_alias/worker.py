import requests

from services import cache as c


def refresh(url):
    resp = requests.get(url, timeout=5)  # source
    c.store_blob(url, resp.content)
    return c.load_blob(resp.content)
