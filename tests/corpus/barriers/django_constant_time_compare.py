import hashlib
import hmac
import pickle

from django.conf import settings
from django.http import HttpResponseForbidden, JsonResponse
from django.utils.crypto import constant_time_compare


def import_snapshot(request):
    body = request.body
    expected = hmac.new(settings.SNAPSHOT_KEY, body, hashlib.sha256).hexdigest()
    if not constant_time_compare(expected, request.headers.get("X-Snapshot-Signature", "")):
        return HttpResponseForbidden()
    snapshot = pickle.loads(body)  # ok -- constant_time_compare checked the MAC
    return JsonResponse({"rows": len(snapshot)})


def import_snapshot_logged(request):
    body = request.body  # source
    expected = hmac.new(settings.SNAPSHOT_KEY, body, hashlib.sha256).hexdigest()
    if not constant_time_compare(expected, request.headers.get("X-Snapshot-Signature", "")):
        print("bad signature")
    snapshot = pickle.loads(body)  # sink: severity=critical -- a check that only logs protects nothing
    return JsonResponse({"rows": len(snapshot)})
