"""The OpenAPI document lists the five webhooks with their payload schemas."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_documents_each_event_as_a_webhook(client):
    schema = client.get("/api/v2/schema/").json()

    assert list(schema["webhooks"]) == [
        "signature.confirmed",
        "signature.rejected",
        "signature.erased",
        "petition.milestone",
        "comment.published",
    ]
    components = schema["components"]["schemas"]
    confirmed = schema["webhooks"]["signature.confirmed"]["post"]
    assert confirmed["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SignatureConfirmedPayload"
    }
    assert "webhook-signature" in confirmed["description"]
    assert set(components["SignatureData"]["properties"]["signer"]["oneOf"][0]["$ref"].split("/")[-1:]) == {"Signer"}
    assert set(components["ErasedSignatureData"]["properties"]) == {"id", "petition"}
    assert "email" not in components["CommentData"]["properties"]
