# Django REST Framework: the value survives a serializer's validation (it only checks it is base64)
# and is then unpickled.
import base64
import binascii
import pickle

from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response


class WidgetLayoutSerializer(serializers.Serializer):
    dashboard = serializers.IntegerField()
    layout = serializers.CharField()

    def validate_layout(self, value):
        try:
            base64.b64decode(value, validate=True)
        except binascii.Error as exc:
            raise serializers.ValidationError("layout must be base64") from exc
        return value


class WidgetLayoutView(GenericAPIView):
    serializer_class = WidgetLayoutSerializer

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)  # source
        serializer.is_valid(raise_exception=True)
        encoded = serializer.validated_data["layout"]
        widgets = pickle.loads(base64.b64decode(encoded))  # sink: severity=critical
        return Response({"widgets": len(widgets)}, status=status.HTTP_201_CREATED)
# expect-flow: 28-30-31
