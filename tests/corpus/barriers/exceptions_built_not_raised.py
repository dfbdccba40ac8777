import hashlib
import hmac
import pickle

from django.core.exceptions import PermissionDenied
from fastapi import FastAPI, HTTPException, Request
from pyramid.httpexceptions import exception_response

app = FastAPI()
KEY = b"replace-me"


def signed(body: bytes, signature: str) -> bool:
    return hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).hexdigest(), signature)


@app.post("/jobs")
async def fastapi_job(request: Request):
    body = await request.body()  # source[a]
    if not signed(body, request.headers.get("X-Signature", "")):
        HTTPException(status_code=403)
    return pickle.loads(body)  # sink[a]: severity=critical -- the exception is built, never raised


@app.post("/jobs/checked")
async def fastapi_job_checked(request: Request):
    body = await request.body()
    if not signed(body, request.headers.get("X-Signature", "")):
        raise HTTPException(status_code=403)
    return pickle.loads(body)  # ok


def django_job(request):
    body = request.body  # source[b]
    if not signed(body, request.headers.get("X-Signature", "")):
        PermissionDenied("unsigned job")
    return pickle.loads(body)  # sink[b]: severity=critical


def django_job_checked(request):
    body = request.body
    if not signed(body, request.headers.get("X-Signature", "")):
        raise PermissionDenied("unsigned job")
    return pickle.loads(body)  # ok


def pyramid_job(request):
    body = request.body  # source[c]
    if not signed(body, request.headers.get("X-Signature", "")):
        exception_response(403)
    return pickle.loads(body)  # sink[c]: severity=critical -- exception_response() returns the exception


def pyramid_job_checked(request):
    body = request.body
    if not signed(body, request.headers.get("X-Signature", "")):
        raise exception_response(403)
    return pickle.loads(body)  # ok
