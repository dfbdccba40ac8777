import yaml
from django.http import JsonResponse
from django.views import View


class WorkflowImportView(View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        text = request.body.decode("utf-8")  # source
        workflow = yaml.load(text, Loader=yaml.FullLoader)  # sink: severity=critical
        return JsonResponse({"steps": len(workflow["steps"])})
# expect-flow: 10-11
