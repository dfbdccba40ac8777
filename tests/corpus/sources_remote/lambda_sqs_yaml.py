import logging

import yaml

logger = logging.getLogger()


def handler(event, context):  # source
    for record in event["Records"]:
        config = yaml.load(record["body"], Loader=yaml.UnsafeLoader)  # sink: severity=critical
        logger.info("applying config %s", config.get("name"))
    return {"batchItemFailures": []}
