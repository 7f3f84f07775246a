"""The OpenAPI document, as JSON for programs and as a page for people.

The page is rendered on the server from the same document (no script, no CDN), so it cannot
drift from what /api/openapi.json says. Both are public: they describe the API, no data.
"""

from flask import Blueprint
from flask import jsonify
from flask import render_template

from webapp.restapi import spec

bp = Blueprint("api_docs", __name__)

METHODS = ("get", "post", "patch")


def _operations(document):
    """(path, method, operation, parameters) in the document's order, for the page."""
    for path, item in document["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method in item:
                operation = item[method]
                yield path, method.upper(), operation, shared + operation.get("parameters", [])


def _type(schema):
    """A schema in a few words: "integer", "string | null", "array of Client"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    text = " | ".join(kind) if isinstance(kind, list) else kind
    if "enum" in schema:
        text += " (" + ", ".join(repr(value) for value in schema["enum"]) + ")"
    if "format" in schema:
        text += f", {schema['format']}"
    return text


@bp.route("/api/openapi.json")
def document():
    return jsonify(spec.document())


@bp.route("/api-docs")
def page():
    document = spec.document()
    return render_template(
        "restapi/docs.html",
        document=document,
        operations=list(_operations(document)),
        schemas=document["components"]["schemas"],
        type_of=_type,
    )
