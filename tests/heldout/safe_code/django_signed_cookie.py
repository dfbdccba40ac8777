# Django's request.get_signed_cookie() verifies the signature (and max_age) before returning the value.
import base64
import pickle

from django.core.signing import BadSignature
from django.http import JsonResponse


def saved_filters(request):
    try:
        token = request.get_signed_cookie("filters", salt="filters.v2", max_age=86400)
    except (KeyError, BadSignature):
        return JsonResponse({"filters": []})
    filters = pickle.loads(base64.b64decode(token))  # ok -- signed by the server
    return JsonResponse({"filters": filters})
