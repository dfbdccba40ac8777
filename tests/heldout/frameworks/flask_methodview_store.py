# Flask class-based MethodView; the store object is passed through as_view() and the raw request body
# is handed to it.
import dill
from flask import Flask, request
from flask.views import MethodView


class PipelineStore:
    def __init__(self):
        self._pipelines = {}

    def restore(self, pipeline_id, raw):
        pipeline = dill.loads(raw)  # sink: severity=critical
        self._pipelines[pipeline_id] = pipeline
        return pipeline


class PipelineAPI(MethodView):
    init_every_request = False

    def __init__(self, store: PipelineStore):
        self.store = store

    def get(self, pipeline_id):
        return {"known": pipeline_id in self.store._pipelines}

    def put(self, pipeline_id):
        raw = request.get_data(cache=False)  # source
        pipeline = self.store.restore(pipeline_id, raw)
        return {"id": pipeline_id, "steps": len(pipeline.steps)}


app = Flask(__name__)
app.add_url_rule("/pipelines/<pipeline_id>", view_func=PipelineAPI.as_view("pipelines", PipelineStore()))
# expect-flow: 28-29-12-13
