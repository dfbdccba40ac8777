# Tornado handler with two independent flows: an uploaded model file (joblib) and a YAML query argument
# parsed with the full loader.
import io

import joblib
import tornado.web
import yaml


class ModelHandler(tornado.web.RequestHandler):
    def initialize(self, registry):
        self.registry = registry

    def post(self, name):
        fileinfo = self.request.files["model"][0]  # source[model]
        estimator = joblib.load(io.BytesIO(fileinfo["body"]))  # sink[model]: severity=critical
        self.registry[name] = estimator
        self.write({"stored": name})

    def put(self, name):
        settings_text = self.get_argument("settings")  # source[settings]
        settings = yaml.load(settings_text, Loader=yaml.FullLoader)  # sink[settings]: severity=critical
        self.registry[name].set_params(**settings)
        self.write({"updated": name})


def make_app():
    return tornado.web.Application([(r"/models/(\w+)", ModelHandler, dict(registry={}))])
# expect-flow[model]: 15-16
# expect-flow[settings]: 21-22
