# threat-models: library
import dill


def run_remote_udf(serialized_fn, *args, name="udf"):  # source
    fn = dill.loads(serialized_fn)  # sink: severity=low threat_model=library
    print("running", name)
    return fn(*args)
# expect-flow: 5-6
