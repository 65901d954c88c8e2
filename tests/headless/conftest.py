"""Fixtures for the headless tests: the petitions and comments fixtures, the OpenAPI document, and a check that a
real answer is one the document describes."""

import json

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.comments.conftest import add_comment, comment_settings, make_discussion_page, page  # noqa: F401 (fixtures)
from tests.petitions.conftest import captcha, make_petition, outbox, petition  # noqa: F401 (fixtures)

DOCUMENT_URI = "urn:campaign-cms-api"


@pytest.fixture(autouse=True)
def headless_settings(settings):
    """On top of the comments suite's autouse settings (imported above): no petition rate limit either."""
    settings.PETITIONS_RATE_LIMIT = "off"
    return settings


@pytest.fixture(scope="session")
def openapi_document():
    """The OpenAPI document as the site serves it."""
    response = Client().get("/api/v2/schema/")
    assert response.status_code == 200
    return json.loads(response.content)


def strict(node):
    """The document with every object schema closed (additionalProperties false, unless it says otherwise), so that
    an answer with a key the document does not describe fails too."""
    if isinstance(node, dict):
        node = {key: strict(value) for key, value in node.items()}
        if "properties" in node and node.get("type") == "object":
            node.setdefault("additionalProperties", False)
        return node
    if isinstance(node, list):
        return [strict(value) for value in node]
    return node


@pytest.fixture(scope="session")
def assert_documented(openapi_document):
    """assert_documented(response, path, method): the answer's status is documented for the operation, its
    required headers are there, and its JSON body matches the documented schema exactly."""
    document = strict(openapi_document)
    registry = Registry().with_resource(DOCUMENT_URI, Resource.from_contents(document, DRAFT202012))

    def check(response, path, method):
        operation = document["paths"][path][method.lower()]
        status = str(response.status_code)
        assert status in operation["responses"], f"{method} {path} answered {status}, which is not documented"
        documented = operation["responses"][status]
        for name, header in documented.get("headers", {}).items():
            assert not header.get("required") or name in response, f"{status} lacks the {name} header"
        if "content" not in documented:
            assert not response.content
            return
        assert response["Content-Type"].startswith("application/json")
        schema = documented["content"]["application/json"]["schema"]
        schema = json.loads(json.dumps(schema).replace('"#/components/', f'"{DOCUMENT_URI}#/components/'))
        validator = Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
        validator.validate(json.loads(response.content))

    return check
