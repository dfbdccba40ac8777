import dill


def run_job(payload):
    fn = dill.loads(payload)  # sink: severity=critical threat_model=network
    return fn()
