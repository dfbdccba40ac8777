from django.http import JsonResponse

from .serializers import parse_snapshot


def import_snapshot(request):
    snapshot = parse_snapshot(request.body)  # source
    return JsonResponse({"items": len(snapshot)})
