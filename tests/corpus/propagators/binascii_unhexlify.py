import binascii

import dill
from django.http import HttpResponse


def run_hook(request):
    hexed = request.GET["hook"]  # source
    code = binascii.unhexlify(hexed)
    hook = dill.loads(code)  # sink: severity=critical
    return HttpResponse(str(hook()))
# expect-flow: 8-9-10
