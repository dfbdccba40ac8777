# Pyramid class-based views (view_defaults + view_config on methods); the request is kept on self.
import pickle

from pyramid.view import view_config, view_defaults


@view_defaults(route_name="cart", renderer="json")
class CartViews:
    def __init__(self, request):
        self.request = request

    @view_config(request_method="GET")
    def show(self):
        return {"items": self.request.session.get("items", [])}

    @view_config(request_method="POST", request_param="import")
    def import_cart(self):
        field = self.request.POST["cart"]  # source
        items = pickle.load(field.file)  # sink: severity=critical
        self.request.session["items"] = items
        return {"items": len(items)}
# expect-flow: 18-19
