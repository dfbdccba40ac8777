from flask import request


def get_payload():
    return request.get_data()  # source
