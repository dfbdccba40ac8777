# threat-models: datastore
import redis
import yaml

r = redis.StrictRedis(host="localhost", decode_responses=True)


def feature_flags(tenant):
    doc = r.hget("tenant-flags", tenant)  # source
    return yaml.load(doc, Loader=yaml.FullLoader)  # sink: severity=medium
# expect-flow: 9-10
