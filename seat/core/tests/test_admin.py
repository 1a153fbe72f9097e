"""The Django admin works for every model, behind the second factor, without identity fields."""

from __future__ import annotations

import pytest
from django.contrib import admin

from seat.accounts.models import User
from seat.tests.personas import verify_second_factor


@pytest.fixture
def superuser_client(client, world):
    user = User.objects.create_superuser(username="root", password=None)
    verify_second_factor(client, user)
    return client


@pytest.mark.django_db
def test_every_seat_model_has_a_working_admin_list_and_page(superuser_client, world):
    seat_models = [
        m
        for m in admin.site._registry
        if m._meta.app_label
        in {"accounts", "people", "consultations", "compensation", "accountability", "core"}
    ]
    assert len(seat_models) >= 11
    for model in seat_models:
        opts = model._meta
        listing = superuser_client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
        assert listing.status_code == 200, opts.label
        obj = model.objects.first()
        if obj is not None:
            page = superuser_client.get(
                f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
            )
            assert page.status_code == 200, opts.label
            body = page.content.decode()
            assert "Tahmina Secret Name" not in body and "999 111" not in body, opts.label


@pytest.mark.django_db
def test_identity_has_no_admin_page(superuser_client):
    assert superuser_client.get("/admin/people/expertidentity/").status_code == 404


@pytest.mark.django_db
def test_admin_needs_the_second_factor(client, world):
    user = User.objects.create_superuser(username="root", password=None)
    client.force_login(user)
    assert client.get("/admin/")["Location"] == "/accounts/two-factor/setup/"


@pytest.mark.django_db
def test_any_django_admin_user_needs_the_second_factor(client):
    user = User.objects.create_user(username="operator", password=None, is_staff=True)
    client.force_login(user)
    assert client.get("/admin/")["Location"] == "/accounts/two-factor/setup/"
