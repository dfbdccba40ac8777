import base64
import json
import pickle

from django.http import JsonResponse


def restore_filters(request):
    token = request.GET.get("f", "")  # source
    encoded = token.split(":")[0]
    payload = json.loads(base64.urlsafe_b64decode(encoded + "=="))
    filters = pickle.loads(base64.b64decode(payload["p"]))  # sink: severity=critical
    return JsonResponse({"filters": filters})
# expect-flow: 9-10-11-12
