# Ray Serve deployment (cf. the ShadowRay campaign on exposed Ray endpoints, CVE-2023-48022): the HTTP
# body of a request to the deployment is a cloudpickled feature batch.
import cloudpickle
from ray import serve
from starlette.requests import Request


@serve.deployment(num_replicas=2, ray_actor_options={"num_cpus": 1})
class FraudScorer:
    def __init__(self, threshold: float = 0.7):
        self.threshold = threshold

    def _score(self, features):
        return [float(sum(row)) > self.threshold for row in features]

    async def __call__(self, request: Request):
        payload = await request.body()  # source
        features = cloudpickle.loads(payload)  # sink: severity=critical
        return {"flags": self._score(features)}


app = FraudScorer.bind(threshold=0.85)
# expect-flow: 17-18
