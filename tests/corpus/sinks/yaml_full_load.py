import yaml
from django.http import JsonResponse


def import_survey(request):
    survey = yaml.full_load(request.body)  # source sink: severity=critical
    return JsonResponse({"questions": len(survey["questions"])})
