from flask import request
from marshmallow import Schema, fields


class UserSchema(Schema):
    name = fields.Str()


class Registry:
    def load(self, key):
        return {"key": key}


def create_user():
    user = UserSchema().loads(request.get_data(as_text=True))  # ok -- marshmallow parses JSON
    entry = Registry().load(request.args["k"])  # ok -- not a deserializer
    return {"user": user, "entry": entry}
