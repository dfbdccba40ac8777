# Sanic Blueprint with a class-based HTTPMethodView; the body is decoded with jsonpickle, which
# rebuilds arbitrary classes from "py/object" tags.
import jsonpickle
from sanic import Blueprint, json
from sanic.views import HTTPMethodView

bp = Blueprint("workflows", url_prefix="/workflows")


class WorkflowView(HTTPMethodView):
    async def get(self, request, wf_id):
        return json({"id": wf_id})

    async def put(self, request, wf_id):
        text = request.body.decode("utf-8")  # source
        workflow = jsonpickle.decode(text)  # sink: severity=critical
        return json({"id": wf_id, "tasks": len(workflow.tasks)})


bp.add_route(WorkflowView.as_view(), "/<wf_id>")
# expect-flow: 15-16
