import json

from parsing import *  # noqa: F403


def lambda_handler(event, context):  # source
    doc = extract_document(event)  # noqa: F405
    manifest = load_manifest(doc)  # noqa: F405
    return {"statusCode": 200, "body": json.dumps({"services": list(manifest.get("services", {}))})}
