"""Fuzzing every operation of our OpenAPI document with schemathesis, on the database the suite runs on: whatever a
client sends (valid or not, by the document), the site never answers 5xx and every answer is one the document
describes (status, content type, headers and body)."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

OPERATIONS = ["petitions_list", "petitions_retrieve", "petitions_sign", "comments_list", "comments_create"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Enough to reach every branch of the validation on two cores in a few seconds per operation.
EXAMPLES_PER_OPERATION = 40


@pytest.fixture
def wsgi_schema(petition, page, add_comment):
    """The document, loaded from the site itself, with requests going to the site in this test's transaction."""
    # Like Django's test client: a request must not close the connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        add_comment(add_comment(body="A thread"), body="A reply")
        yield schemathesis.openapi.from_wsgi("/api/v2/schema/", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def aim_at_real_objects(case, petition, page):
    """Most generated ids match nothing; point whole-number ones at the petition and page that exist, half the time,
    so that the cases reach validation and signing, not just the 404."""
    for parameters, name, real_id in ((case.path_parameters, "id", petition.pk), (case.query, "page_id", page.pk)):
        if parameters and isinstance(parameters.get(name), int) and parameters[name] % 2 == 0:
            parameters[name] = real_id
    if isinstance(case.body, dict) and isinstance(case.body.get("page_id"), int) and case.body["page_id"] % 2 == 0:
        case.body["page_id"] = page.pk


def test_every_documented_operation_is_fuzzed(openapi_document):
    documented = [
        operation["operationId"] for path in openapi_document["paths"].values() for operation in path.values()
    ]
    assert sorted(documented) == sorted(OPERATIONS)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_fuzzed_requests_get_documented_answers_and_no_server_error(wsgi_schema, petition, page, operation_id):
    operation = wsgi_schema.find_operation_by_id(operation_id)
    cases = st.one_of(
        operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
        operation.as_strategy(schemathesis.GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    def fuzz(case):
        aim_at_real_objects(case, petition, page)
        case.validate_response(case.call(), checks=CHECKS)

    fuzz()
