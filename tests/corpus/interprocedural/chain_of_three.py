import base64
import pickle

from django.http import JsonResponse


def _strip(token):
    return token.strip()


def _decode(token):
    cleaned = _strip(token)
    return base64.b64decode(cleaned)


def _materialize(token):
    return pickle.loads(_decode(token))  # sink: severity=critical


def restore_view(request):
    obj = _materialize(request.POST["token"])  # source
    return JsonResponse({"obj": repr(obj)})
