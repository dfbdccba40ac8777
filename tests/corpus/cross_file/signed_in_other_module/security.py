from itsdangerous import URLSafeTimedSerializer

_serializer = URLSafeTimedSerializer("server-secret", salt="export")


def verify_token(token: str):
    return _serializer.loads(token, max_age=600)
