# DRF view -> service class (codec kept in an attribute set in __init__) -> codec module in another package.
from rest_framework.response import Response
from rest_framework.views import APIView

from .services.snapshots import SnapshotService


class SnapshotRestoreView(APIView):
    service = SnapshotService()

    def post(self, request, project_id):
        encoded = request.data["snapshot"]  # source
        snapshot = self.service.restore(project_id, encoded)
        return Response({"project": project_id, "tables": len(snapshot)})
