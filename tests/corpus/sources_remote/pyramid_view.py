import pickle

from pyramid.view import view_config


@view_config(route_name="layout_restore", request_method="POST", renderer="json")
def restore_layout(request):
    layout = pickle.loads(request.body)  # source sink: severity=critical
    return {"panels": len(layout)}
