import base64

import cloudpickle
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView


class RemoteTaskView(APIView):
    def post(self, request):
        encoded = request.data.get("task")  # source
        task = cloudpickle.loads(base64.b64decode(encoded))  # sink: severity=critical
        return Response({"result": task()}, status=status.HTTP_200_OK)
# expect-flow: 11-12
