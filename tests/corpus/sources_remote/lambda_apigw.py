import base64
import json
import pickle


def lambda_handler(event, context):  # source
    body = event["body"]
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body)
    job = pickle.loads(body)  # sink: severity=critical threat_model=remote
    return {"statusCode": 200, "body": json.dumps({"job": job["id"]})}
