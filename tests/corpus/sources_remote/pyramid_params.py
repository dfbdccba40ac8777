import base64

import dill
from pyramid.response import Response
from pyramid.view import view_config


@view_config(route_name="resume")
def resume(request):
    token = request.params["token"]  # source
    raw = base64.urlsafe_b64decode(token)
    job = dill.loads(raw)  # sink: severity=critical
    return Response(job.describe())
# expect-flow: 10-11-12
