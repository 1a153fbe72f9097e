import pytest


@pytest.mark.django_db
def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Seat API"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", ["/api/v1/nothing-here", "/api/v1/nothing/here/", "/api/v1/me/nothing/"]
)
def test_an_address_no_operation_answers_is_a_json_404_not_the_html_page(client, address):
    for method in (client.get, client.post, client.delete):
        response = method(address)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.json() == {"detail": "Not Found"}


@pytest.mark.django_db
def test_a_method_the_address_does_not_take_is_a_json_405_naming_the_allowed_ones(client):
    response = client.delete("/api/v1/consultations/check")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method Not Allowed"}
    assert response["Allow"] == "POST"
