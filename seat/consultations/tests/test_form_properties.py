"""Forms that take free text, numbers and dates, fed anything (hypothesis): ``is_valid()`` never
raises; a refused form says why beside a field it has (or for the whole form); an accepted one
keeps every text within its field's limit. Through the test client, any body posted to a
survivor's contribution page is answered with a page, a redirect or a 4xx, never a 500, and
saves her input at most once and only when the form accepted it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Anything a browser can send in a form field: any unicode (not lone surrogates, which cannot
# be encoded), very long text, numbers and dates written in every way, blanks.
odd_values = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80),
    st.text(max_size=3).map(lambda s: s * 3000),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1e309",
            "NaN",
            "Infinity",
            "1,5",
            "১২.৫০",
            "99999999999999999999",
            "0.001",
            "2026-02-30",
            "0001-01-01",
            "9999-12-31",
            "31/12/2026",
            "\x00",
            "<script>",
            "on",
            "true",
        ]
    ),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(str),
)

DJANGO = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def form_data(names: list[str]) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, odd_values))


def assert_form_answers_sanely(form: forms.BaseForm) -> None:
    valid = form.is_valid()  # never raises
    if not valid:
        assert form.errors
        for name, errors in form.errors.items():
            assert name == "__all__" or name in form.fields, name
            assert all(str(error).strip() for error in errors)
        return
    for name, value in form.cleaned_data.items():
        field = form.fields.get(name)
        limit = getattr(field, "max_length", None)
        if isinstance(value, str) and limit:
            assert len(value) <= limit, name
        if isinstance(value, Decimal):
            assert value.is_finite(), name


def valid_consultation() -> dict[str, Any]:
    today = timezone.localdate()
    return {
        **VALID_CONSULTATION,
        "opens_on": str(today + datetime.timedelta(days=1)),
        "deadline": str(today + datetime.timedelta(days=30)),
    }


VALID_CONSULTATION: dict[str, Any] = {
    "form_key": "6a1d1c61-4d1b-4f60-9a3b-0d5c3b6a0f11",
    "title": "What should the sessions cover?",
    "purpose": "Your advice decides the topics.",
    "plain_summary": "We ask what the training should teach.",
    "content_note": "",
    "stage": "design",
    "material_state": "concept",
    "influence": "collaborate",
    "expected_hours": "2.0",
    "pay_rate": "25.00",
    "pay_unit": "hour",
    "currency": "USD",
    "pay_within_days": "30",
    "pay_method": "mobile_money",
    "expenses_covered": "on",
    "expenses_how": "Receipts paid back in cash.",
    "languages": ["en"],
    "text_language": "en",
    "interpretation": "on",
    "support_name": "Asha",
    "support_phone": "+880 1711 000000",
    "support_hours": "Mon-Fri 9-17",
    "questions": "Which warning signs matter most?",
}


@pytest.mark.django_db
def test_the_valid_consultation_the_fuzzing_starts_from_is_valid(world):
    from seat.consultations.forms import ConsultationForm

    form = ConsultationForm(valid_consultation())
    assert form.is_valid(), form.errors


@pytest.mark.django_db
@DJANGO
@given(data=st.data())
def test_the_consultation_form_answers_any_input_sanely(world, data):
    from seat.consultations.forms import ConsultationForm

    names = list(ConsultationForm().fields)
    # A valid consultation with some of its fields replaced, or nothing but odd values.
    values = valid_consultation() if data.draw(st.booleans()) else {}
    values.update(data.draw(form_data(names)))
    form = ConsultationForm(values)
    assert_form_answers_sanely(form)
    if form.is_valid():
        from seat.consultations.limits import QUESTION_MAX_CHARS

        assert all(len(q) <= QUESTION_MAX_CHARS for q in form.cleaned_data["questions"])


@pytest.mark.django_db
@DJANGO
@given(data=st.data())
def test_the_payment_form_answers_any_input_sanely(world, data):
    from seat.compensation.forms import PaymentForm
    from seat.core.bounds import MONEY_CAP

    names = list(PaymentForm(contribution=world.contribution).fields)
    form = PaymentForm(data.draw(form_data(names)), contribution=world.contribution)
    assert_form_answers_sanely(form)
    if form.is_valid():
        currency = form.cleaned_data["currency"]
        assert 0 <= form.cleaned_data["rate"] <= MONEY_CAP[currency]


@pytest.mark.django_db
@DJANGO
@given(data=st.data())
def test_the_join_and_identity_forms_answer_any_input_sanely(world, data):
    from seat.people.forms import JoinForm
    from seat.portal.forms import IdentityForm, PaymentDetailsForm

    for form_class in (JoinForm, IdentityForm, PaymentDetailsForm):
        names = list(form_class().fields)
        assert_form_answers_sanely(form_class(data.draw(form_data(names))))


@pytest.fixture
def open_invitation(world):
    """Tara's accepted invitation to a consultation she has not answered yet."""
    from seat.tests.personas import make_consultation, make_invitation

    consultation = make_consultation(world.staff_a, world.project, title="Fuzzed")
    return make_invitation(world.staff_a, consultation, world.expert, accept=True)


@pytest.mark.django_db
@DJANGO
@given(body=st.data())
def test_any_body_posted_to_her_contribution_page_is_never_a_500_nor_half_saved(
    client, world, open_invitation, body
):
    from django.urls import reverse

    from seat.consultations.models import Contribution

    client.force_login(world.expert.user)
    names = [f"q_{q.pk}" for q in open_invitation.consultation.questions.all()]
    values: dict[str, Any] = body.draw(
        form_data([*names, "attribution", "idempotency_key", "q_0", "csrfmiddlewaretoken"])
    )
    # Often a well-formed key and choice, so some bodies get as far as saving.
    if body.draw(st.booleans()):
        values["idempotency_key"] = str(body.draw(st.uuids()))
        values["attribution"] = body.draw(st.sampled_from(["pseudonym", "not_quoted", "anonymous"]))
    before = Contribution.objects.filter(invitation=open_invitation).count()
    response = client.post(
        reverse("portal:contribute", kwargs={"invitation_id": open_invitation.pk}), values
    )
    assert response.status_code in (200, 302) or 400 <= response.status_code < 500
    after = Contribution.objects.filter(invitation=open_invitation).count()
    assert after - before in (0, 1)
    if after > before:
        assert response.status_code == 302
        saved = Contribution.objects.get(invitation=open_invitation)
        assert any((saved_answer.text or "").strip() for saved_answer in saved.answers.all())
