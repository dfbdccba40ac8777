import base64
import os

import dill

hook = dill.loads(base64.b64decode(os.environ["POST_HOOK"]))  # ok -- local is opt-in
hook()
