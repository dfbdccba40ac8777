# Pattern of the Django REST Framework "restore experiment state" endpoints: an uploaded state file
# reaches cloudpickle through a helper method of the viewset.
import cloudpickle
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .models import Experiment
from .serializers import ExperimentSerializer


class ExperimentViewSet(viewsets.ModelViewSet):
    queryset = Experiment.objects.all()
    serializer_class = ExperimentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def _restore_state(self, experiment, fileobj):
        state = cloudpickle.load(fileobj)  # sink: severity=critical
        experiment.state = state
        experiment.save(update_fields=["state"])
        return state

    @action(detail=True, methods=["post"], url_path="restore")
    def restore(self, request, pk=None):
        experiment = self.get_object()
        upload = request.FILES["state"]  # source
        state = self._restore_state(experiment, upload)
        return Response({"id": experiment.pk, "keys": sorted(state)})
# expect-flow: 26-27-17-18
