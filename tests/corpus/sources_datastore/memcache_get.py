# threat-models: datastore
import pickle

from pymemcache.client.base import Client

mc = Client(("memcached", 11211))


def cached_report(report_id):
    blob = mc.get(f"report-{report_id}")  # source
    if blob:
        return pickle.loads(blob)  # sink: severity=medium
    return None
# expect-flow: 10-12
