import pickle

from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def import_board(request):
    if request.content_type != "application/octet-stream":
        return HttpResponseBadRequest("octet-stream expected")
    board = pickle.loads(request.body)  # source sink: severity=critical threat_model=remote
    return JsonResponse({"columns": len(board["columns"])})
