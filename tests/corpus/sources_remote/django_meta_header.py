import pickle
import zlib

from django.http import HttpResponse


def sync_state(request):
    header = request.META.get("HTTP_X_SYNC_STATE")  # source
    if header is None:
        return HttpResponse(status=204)
    compressed = bytes.fromhex(header)
    state = pickle.loads(zlib.decompress(compressed))  # sink: severity=critical
    return HttpResponse(str(state.get("revision", 0)))
# expect-flow: 8-11-12
