# Django class-based view that computes an HMAC over the wizard cookie but only logs a mismatch:
# the check does not dominate the sink, so the cookie is still unpickled.
import base64
import hashlib
import hmac
import logging
import pickle

from django.conf import settings
from django.http import JsonResponse
from django.views import View

logger = logging.getLogger(__name__)


class WizardStepView(View):
    def get(self, request, step):
        token = request.COOKIES.get("wizard", "")  # source
        data, _, mac = token.partition(".")
        expected = hmac.new(settings.SECRET_KEY.encode(), data.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, mac):
            logger.warning("wizard cookie signature mismatch for step %s", step)
        state = pickle.loads(base64.b64decode(data))  # sink: severity=critical
        return JsonResponse({"step": step, "answers": state.get(step, {})})
# expect-flow: 18-19-23
