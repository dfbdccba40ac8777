import base64
import pickle

from pyramid.view import view_config


@view_config(route_name="state", renderer="json")
def restore_state(request):
    state = request.params.getone("state")  # source step: the request parameter state
    return pickle.loads(base64.b64decode(state))  # sink: severity=critical
