import base64
import pickle

from django.core import signing
from django.http import JsonResponse


def restore_filters(request):
    token = request.GET.get("f", "")
    try:
        payload = signing.loads(token, salt="filters")
    except signing.BadSignature:
        return JsonResponse({"filters": []})
    filters = pickle.loads(base64.b64decode(payload["p"]))  # ok -- django.core.signing verified it
    return JsonResponse({"filters": filters})
