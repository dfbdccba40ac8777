# CVE-2026-25873 (VectorSpaceLab/OmniGen2 reward server and proxy): the server unpickled raw POST bodies
# and the proxy unpickled whatever the reward server answered.
import pickle

import requests
from flask import Flask, Response, request

app = Flask(__name__)
REWARD_URL = "http://reward-server:18085/"


def compute_rewards(images, prompts, metadata):
    return [0.0 for _ in prompts]


@app.route("/", methods=["POST"])
def score():
    try:
        data = request.get_data()  # source[server]
        images, prompts, metadata = pickle.loads(data)  # sink[server]: severity=critical
    except Exception as exc:
        return Response(pickle.dumps({"error": str(exc)}), status=400)
    rewards = compute_rewards(images, prompts, metadata)
    return Response(pickle.dumps({"rewards": rewards}), mimetype="application/octet-stream")


class RewardProxy:
    def __init__(self, url: str = REWARD_URL):
        self.url = url

    def query(self, images, prompts, metadata):
        resp = requests.post(self.url, data=pickle.dumps((images, prompts, metadata)), timeout=60)  # source[proxy]
        resp.raise_for_status()
        result = pickle.loads(resp.content)  # sink[proxy]: severity=high threat_model=download
        return result["rewards"]
# expect-flow[server]: 19-20
# expect-flow[proxy]: 32-34
