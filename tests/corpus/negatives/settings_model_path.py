import joblib
from django.conf import settings
from django.http import JsonResponse

MODEL = joblib.load(settings.MODEL_PATH)  # ok -- a path from the project's settings


def predict(request):
    x = float(request.GET.get("x", 0))
    return JsonResponse({"y": float(MODEL.predict([[x]])[0])})
