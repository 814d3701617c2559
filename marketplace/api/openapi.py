"""How an API route is declared, and the OpenAPI document built from those declarations.

`@endpoint(...)` states what a route reads (JSON body, query), what it answers and who may call it;
the same declaration parses and checks the request, shapes the response and describes the route in
the document, so the document cannot drift from the code."""

import json
import re
from dataclasses import dataclass
from functools import wraps

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, g, jsonify, request
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields

from marketplace.api.errors import REFUSALS, ApiError, from_refusal
from marketplace.api.fields import MAX_ID
from marketplace.auth.models import Role
from marketplace.extensions import db

#: a JSON body larger than this is refused with 413 before it is parsed
MAX_JSON_BYTES = 256 * 1024


@dataclass(frozen=True)
class Operation:
    summary: str
    tag: str
    responses: dict
    body: Schema | None = None
    query: Schema | None = None
    auth: bool = False
    roles: frozenset = frozenset()
    #: statuses a refusal of this route can answer with, besides those implied by the above
    errors: tuple = ()
    description: str = ""
    #: further documented parameters, such as a required header
    parameters: tuple = ()


class ErrorDetail(Schema):
    code = fields.String(required=True, metadata={"description": "snake_case, stable"})
    message = fields.String(required=True, metadata={"description": "readable, in the caller's language"})
    details = fields.Dict(required=True, metadata={"description": "per field: a list of messages"})


class Error(Schema):
    error = fields.Nested(ErrorDetail, required=True)


def current_user_or_none():
    return g.get("api_user")


class Dumped(dict):
    """A response body already shaped by its schema (kept for replay, or completed by hand)."""


def json_body():
    """The request's JSON body as sent, before validation (parsed once per request)."""
    if "api_json" not in g:
        g.api_json = _json_body()
    return g.api_json


def endpoint(summary: str, *, tag: str, responses: dict, body=None, query=None, auth=False, roles=(),
             errors=(), description="", parameters=()):
    wanted = frozenset(Role(role) for role in roles)
    operation = Operation(summary, tag, responses, body, query, auth or bool(wanted), wanted,
                          tuple(errors), description, tuple(parameters))

    def decorator(view):
        @wraps(view)
        def wrapped(**path):
            _authorize(operation)
            kwargs = dict(path)
            if operation.query is not None:
                kwargs["args"] = _load(operation.query, request.args.to_dict())
            if operation.body is not None:
                kwargs["body"] = _load(operation.body, json_body())
            try:
                result = view(**kwargs)
            except REFUSALS as error:
                db.session.rollback()
                raise from_refusal(error) from error
            return _respond(operation, result)

        wrapped.api_operation = operation
        if wanted:
            wrapped.allowed_roles = wanted
        return wrapped

    return decorator


def _authorize(operation: Operation) -> None:
    user = current_user_or_none()
    if operation.auth and user is None:
        raise ApiError(401, "unauthorized", _l("Send a valid token: Authorization: Bearer <token>."))
    if operation.roles and not user.has_role(*operation.roles):
        raise ApiError(403, "forbidden", _l("Your account is not allowed to do this."))


def _json_body():
    too_large = ApiError(413, "payload_too_large", _l("The request body is too large."),
                         {"max_bytes": MAX_JSON_BYTES})
    if (request.content_length or 0) > MAX_JSON_BYTES:
        raise too_large  # refused before reading it
    raw = request.get_data(cache=True)
    if len(raw) > MAX_JSON_BYTES:  # sent without a length
        raise too_large
    try:
        return json.loads(raw or b"{}")
    except (ValueError, RecursionError) as error:
        raise ApiError(400, "malformed_json", _l("The request body is not valid JSON.")) from error


def _load(schema: Schema, data):
    try:
        return schema.load(data)
    except ValidationError as error:
        details = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        raise ApiError(422, "validation_failed", _l("Some values are not valid."), details) from error


def _respond(operation: Operation, result):
    data, status = result if isinstance(result, tuple) else (result, 200)
    if status == 204:
        return "", 204
    schema = operation.responses.get(status)
    if schema is None or isinstance(data, Dumped):
        return jsonify(data), status
    return jsonify(schema.dump(data)), status


# The document.

_PATH_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
_STATUS_TEXT = {200: "OK", 201: "Created", 204: "No content", 400: "Malformed JSON", 401: "No valid token",
                403: "Not allowed for this account", 404: "Not found, or not yours",
                409: "Conflicts with the current state", 413: "Body too large",
                422: "Invalid values; details name each field", 429: "Too many requests",
                503: "A payment provider is unavailable"}


def _parameter(converter: str | None, name: str) -> dict:
    schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID} if converter == "int" else {
        "type": "string", "pattern": "^[a-z0-9-]{1,90}$"}
    return {"in": "path", "name": name, "required": True, "schema": schema}


def _error_statuses(operation: Operation, path: str) -> set[int]:
    statuses = set(operation.errors)
    if any(parameter["in"] == "header" for parameter in operation.parameters):
        statuses.add(400)
    if operation.body is not None:
        statuses |= {400, 413, 422}
    if operation.query is not None:
        statuses.add(422)
    if operation.roles:
        statuses.add(403)
    if "<" in path:
        statuses.add(404)
    statuses.add(401)  # a token that is sent must be valid, on every route
    return statuses


def _operation_doc(operation: Operation, path: str) -> dict:
    doc = {"summary": operation.summary, "tags": [operation.tag],
           "operationId": None, "responses": {}}
    if operation.description:
        doc["description"] = operation.description
    if operation.auth:
        doc["security"] = [{"bearerAuth": []}]
    doc["parameters"] = list(operation.parameters)
    if operation.query is not None:
        doc["parameters"].append({"in": "query", "schema": operation.query})
    if operation.body is not None:
        doc["requestBody"] = {"required": _needs_body(operation.body),
                              "content": {"application/json": {"schema": operation.body}}}
    for status, schema in operation.responses.items():
        answer = {"description": _STATUS_TEXT.get(status, "OK")}
        if status != 204:
            answer["content"] = {"application/json": {"schema": schema if schema is not None else {}}}
        doc["responses"][str(status)] = answer
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for status in sorted(_error_statuses(operation, path)):
        doc["responses"][str(status)] = {"description": _STATUS_TEXT[status], "content": error}
    return doc


def _needs_body(schema: Schema) -> bool:
    """A body is required when one of its fields is; an empty body means `{}` otherwise."""
    partial = schema.partial or ()
    return any(field.required and (partial is not True and name not in partial)
               for name, field in schema.fields.items())


def build_spec(app: Flask) -> dict:
    spec = APISpec(title="Pasar Batik Banyuasin API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()], info={
                       "description": "The marketplace of Banyuasin batik and jumputan, for mobile apps "
                                      "and partners. Money is in whole rupiah (IDR)."})
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=Error)
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        view = app.view_functions.get(rule.endpoint)
        operation = getattr(view, "api_operation", None)
        if operation is None:
            continue
        path = _PATH_PARAMETER.sub(lambda match: "{" + match.group(2) + "}", rule.rule)
        parameters = [_parameter(*match) for match in _PATH_PARAMETER.findall(rule.rule)]
        operations = {}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            doc = _operation_doc(operation, rule.rule)
            doc["operationId"] = f"{rule.endpoint.removeprefix('api.')}"
            operations[method.lower()] = doc
        spec.path(path=path, operations=operations, parameters=parameters)
    return spec.to_dict()
