import io

import numpy as np
from django.http import JsonResponse


def upload_embeddings(request):
    uploaded = request.FILES["embeddings"]  # source
    data = uploaded.read()
    matrix = np.load(io.BytesIO(data), allow_pickle=True)  # sink: severity=critical
    return JsonResponse({"shape": list(matrix.shape)})
# expect-flow: 8-9-10
