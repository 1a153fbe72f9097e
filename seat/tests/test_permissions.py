"""Every role against every URL: own organisation, another organisation (404), wrong role (403).

The data that could leak (organisation B's project, the other expert's input) exists in every test.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from seat.core.speech import can_speak
from seat.tests.personas import World, verify_second_factor

# Who: anonymous, each role of organisation A, staff of organisation B, the expert, another expert.
PEOPLE = [
    "anon",
    "admin_a",
    "staff_a",
    "finance_a",
    "viewer_a",
    "staff_b",
    "expert",
    "other_expert",
]


def login(client, world: World, who: str) -> None:
    if who == "anon":
        return
    if who == "admin_a":
        verify_second_factor(client, world.admin_a)
        return
    if who in {"expert", "other_expert"}:
        client.force_login(getattr(world, who).user)
        return
    client.force_login(getattr(world, who))


def advisor_request_of(world: World):
    """Organisation A asks the expert to advise it (once per test)."""
    from seat.assessment.services import advisor_ask

    return advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=world.expert)


def new_expert_of_a(world: World):
    """Someone who works with organisation A and has not been invited yet."""
    from seat.tests.personas import make_expert, make_link

    expert = make_expert("mira", "Mira")
    make_link(world.staff_a, expert, world.org_a)
    return expert


def join_code_of(world: World):
    from seat.people.services import join_code_create

    code, _shown = join_code_create(actor=world.staff_a, organisation=world.org_a)
    return code


def her_message(world: World):
    """The expert's inbox entry for her invitation (written when she was invited)."""
    from seat.notifications.models import Notification

    return Notification.objects.get(recipient=world.expert.user, key__startswith="invitation.sent")


def draft_of_a(world: World):
    """A draft consultation of organisation A (only drafts are deleted)."""
    from seat.tests.personas import make_consultation

    return make_consultation(world.staff_a, world.project, publish=False, title="A's draft")


def empty_project_of_a(world: World):
    """A project of organisation A with nothing opened in it (only such a project is deleted)."""
    from seat.tests.personas import make_project

    return make_project(world.staff_a, world.org_a, "A's empty project")


def plan_of_a(world: World):
    """Organisation A's plan for its project's evaluation stage."""
    from seat.tests.personas import make_plan

    return make_plan(world.staff_a, world.project, "evaluation")


def plan_form() -> dict:
    from seat.consultations.tests.test_plans import plan_form as form

    return form(stage="implementation")


def partner_outcomes_of(world: World):
    """Collective C's accepted request from organisation A, with Mina's input written down in
    person, paid by A through the collective and answered (issue 10's outcomes)."""
    from seat.accountability.services import response_record
    from seat.partners.tests.test_outcomes import captured_input, pay, record
    from seat.tests.personas import make_partners

    partners = make_partners(world)
    mina = captured_input(partners)
    line = pay(record(mina, world.staff_a), world)
    response = response_record(
        actor=world.staff_a, contribution=mina, outcome="adopted", reason="At the bus stand."
    )
    return partners, line, response


def session_of_a_partner(world: World):
    """A collective's session, written down for organisation A's consultation."""
    import uuid as uuid_module

    from seat.partners.captures import ParticipantInput, capture_record
    from seat.tests.personas import make_partners

    partners = make_partners(world)
    question = world.consultation.questions.first()
    return capture_record(
        actor=partners.facilitator,
        request=partners.request,
        idempotency_key=uuid_module.uuid4(),
        kind="focus_group",
        held_on=timezone.localdate(),
        place="Jessore",
        participants=[
            ParticipantInput(
                expert_id=partners.device_less.pk,
                attribution="not_quoted",
                answers={str(question.pk): "Words"},  # type: ignore[union-attr]
                consents={"participate": True},
                language="bn",
            )
        ],
    ).capture


def rate_card_of_a(world: World):
    """Organisation A's rate for participants per hour in USD (once per test)."""
    from decimal import Decimal

    from seat.compensation.rates import rate_card_create

    if not hasattr(world, "rate_card"):
        world.rate_card = rate_card_create(  # type: ignore[attr-defined]
            actor=world.admin_a,
            organisation=world.org_a,
            role="participant",
            unit="hour",
            currency="USD",
            survivor_rate=Decimal("20.00"),
            peer_rate=Decimal("25.00"),
        )
    return world.rate_card  # type: ignore[attr-defined]


def partners_of(world: World):
    """Collective C (A's accepted partner, with Mina and Nadia) and Collective D, made once."""
    from seat.tests.personas import make_partners

    if not hasattr(world, "partners"):
        world.partners = make_partners(world)  # type: ignore[attr-defined]
    return world.partners  # type: ignore[attr-defined]


def forwarded_to_nadia(world: World):
    """Collective C forwards A's consultation to Nadia, once."""
    from seat.partners.services import invitation_forward

    partners = partners_of(world)
    invitation_forward(
        actor=partners.facilitator, request=partners.request, experts=[partners.member]
    )
    return partners.request.invitations.get(expert=partners.member)


def payment_of_a(world: World, status: str = "owed", receipt: bool = False):
    """A payment line of organisation A for Tara's meeting, once per test, moved to ``status``
    (approved by A's admin, paid by its finance officer, with a receipt if asked)."""
    if hasattr(world, "payment_a"):
        return world.payment_a  # type: ignore[attr-defined]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from seat.compensation import services as pay
    from seat.compensation.tests.lines import make_line

    line = make_line(world, status="approved" if status in {"approved", "paid"} else status)
    if status == "paid":
        line = pay.payment_pay(
            actor=world.finance_a,
            payment=line,
            method="bank",
            reference="T-1",
            receipt=SimpleUploadedFile("r.pdf", b"%PDF-1.7\n") if receipt else None,
        )
    world.payment_a = line  # type: ignore[attr-defined]
    return line


def url_for(world: World, name: str) -> str:
    payment = getattr(world.contribution, "payment", None)
    if name.startswith("training"):
        return training_url(world, name)
    if name.startswith("opportunit"):
        return opportunity_url(world, name)
    if name == "partner_collective":
        from seat.tests.personas import make_partners

        return f"/partners/requests/{make_partners(world).request.pk}/collective/"
    if name == "partner_capture_a":
        from seat.tests.personas import make_partners

        return f"/partners/requests/{make_partners(world).request.pk}/capture/"
    if name == "partner_session_a":
        return f"/partners/sessions/{session_of_a_partner(world).pk}/"
    if name == "partner_request":
        return f"/partners/requests/{partners_of(world).request.pk}/"
    if name == "partner_answer":
        return f"/partners/invitations/{forwarded_to_nadia(world).pk}/answer/"
    if name == "my_advisor_request":
        return f"/me/advise/{advisor_request_of(world).pk}/"
    if name == "rate_card_a":
        return f"/payments/rates/card/{rate_card_of_a(world).pk}/"
    if name == "addressed_invitation":
        from seat.accounts.services import member_invitation_create

        made, _code = member_invitation_create(
            actor=world.admin_a,
            organisation=world.org_a,
            role="staff",
            username=world.staff_b.username,
        )
        return f"/accounts/invitations/{made.pk}/"
    if name == "payment_a":
        return f"/payments/{payment_of_a(world).pk}/"
    if name == "payment_receipt_a":
        return f"/payments/{payment_of_a(world, 'paid', receipt=True).pk}/receipt/"
    if name == "consultation_delete_a":
        return f"/projects/consultations/{draft_of_a(world).pk}/delete/"
    if name == "project_delete_a":
        return f"/projects/{empty_project_of_a(world).pk}/delete/"
    if name in {"plan_edit_a", "plan_delete_a"}:
        action = name.split("_")[1]
        return f"/projects/plans/{plan_of_a(world).pk}/{action}/"
    return {
        "people": "/people/",
        "join": "/join/",
        "join_reset": "/join/reset/",
        "my_organisations": "/me/organisations/",
        "projects": "/projects/",
        "project_new": "/projects/new/",
        "project_a": f"/projects/{world.project.pk}/",
        "consultation_new_a": f"/projects/{world.project.pk}/consultations/new/",
        "plan_new_a": f"/projects/{world.project.pk}/plans/new/",
        "consultation_a": f"/projects/consultations/{world.consultation.pk}/",
        "project_edit_a": f"/projects/{world.project.pk}/edit/",
        "consultation_edit_a": f"/projects/consultations/{world.consultation.pk}/edit/",
        "consultation_cancel_a": f"/projects/consultations/{world.consultation.pk}/cancel/",
        "consultation_translation_a": (
            f"/projects/consultations/{world.consultation.pk}/translations/bn/"
        ),
        "contribution_a": f"/input/{world.contribution.pk}/",
        "input_awaiting": "/input/awaiting/",
        "my_home": "/me/",
        "my_invitation": f"/me/invitations/{world.invitation.pk}/",
        "my_invitation_listen": f"/me/invitations/{world.invitation.pk}/listen/about.opus",
        "my_contribution": f"/me/input/{world.contribution.pk}/",
        "my_input": "/me/input/",
        "my_consent": "/me/consent/",
        "my_sms": "/me/text-messages/",
        "my_details": "/me/private-details/",
        "my_about_you": "/me/about-you/",
        "my_inbox": "/me/inbox/",
        "my_notification_choices": "/me/notifications/",
        "my_tokens": "/me/tokens/",
        "my_earnings": "/me/earnings/",
        "my_earnings_csv": "/me/earnings/statement.csv?from=2026-01-01&to=2026-03-31",
        "my_earnings_pdf": "/me/earnings/statement.pdf?from=2026-01-01&to=2026-03-31",
        "payment_advance": f"/payments/{payment.pk}/advance/" if payment else "",
        "record_payment_a": f"/payments/record/{world.consultation.pk}/{world.expert.pk}/",
        "payment_work_a": f"/payments/work/{world.org_a.pk}/",
        "payments": "/payments/",
        "payments_history": "/payments/history/?from=2026-01-01&to=2026-03-31",
        "payments_csv": "/payments/history/csv/?from=2026-01-01&to=2026-03-31",
        "payments_xlsx": "/payments/history/xlsx/?from=2026-01-01&to=2026-03-31",
        "organisation_a": f"/organisation/{world.org_a.pk}/",
        "organisation_invite_a": f"/organisation/{world.org_a.pk}/invite/",
        "organisation_settings_a": f"/organisation/{world.org_a.pk}/settings/",
        "my_sessions": "/accounts/sessions/",
        "my_password": "/accounts/password/",
        "recovery_codes": "/accounts/two-factor/recovery-codes/",
        "organisation_audit_a": f"/organisation/{world.org_a.pk}/audit/",
        "rates": "/payments/rates/",
        "rate_cards_a": f"/payments/rates/{world.org_a.pk}/",
        "partner_outcomes": "/partners/outcomes/",
        "partner_sessions": "/partners/sessions/",
        "partners": "/partners/",
        "insights_csv_a": f"/insights/{world.org_a.pk}/export/insights.csv",
        "insights_api_a": f"/api/v1/organisations/{world.org_a.pk}/insights",
        "insights_xlsx_a": (
            f"/insights/{world.org_a.pk}/export/insights.xlsx?start=2026-01-01&end=2026-12-31"
        ),
        "insights": "/insights/",
        "insights_a": f"/insights/{world.org_a.pk}/",
        "insights_report_a": f"/insights/{world.org_a.pk}/report/",
        "insights_pdf_a": f"/insights/{world.org_a.pk}/report.pdf",
        "my_figures_a": f"/me/organisations/{world.org_a.pk}/figures/",
        "healthz": "/healthz",
        "readyz": "/readyz",
        "metrics": "/metrics",
        "security_txt": "/.well-known/security.txt",
        "my_data": "/me/my-data/",
        "my_data_json": "/me/my-data/seat-data.json",
        "my_data_pdf": "/me/my-data/seat-data.pdf",
        "my_data_erase": "/me/my-data/erase/",
    }[name]


# Expected status of a GET for each person, in PEOPLE order. 302 for anonymous = sent to login.
GET_MATRIX = {
    "projects": [302, 200, 200, 200, 200, 200, 403, 403],
    "project_new": [302, 200, 200, 403, 403, 200, 403, 403],
    "project_a": [302, 200, 200, 200, 200, 404, 404, 404],
    "consultation_new_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "consultation_a": [302, 200, 200, 200, 200, 404, 404, 404],
    # Corrections are for those who manage engagement; viewers and finance read the history.
    "project_edit_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "project_delete_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "consultation_edit_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "consultation_delete_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "consultation_cancel_a": [302, 200, 200, 403, 403, 404, 404, 404],
    # Engagement plans: made and changed by those who manage engagement; viewers and finance
    # read them on the project page.
    "plan_new_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "plan_edit_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "plan_delete_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "consultation_translation_a": [302, 200, 200, 403, 403, 404, 404, 404],
    # Finance pays people and never reads what they said.
    "contribution_a": [302, 200, 200, 403, 200, 404, 404, 404],
    # What awaits a response: each reader of input sees her own organisations' only.
    "input_awaiting": [302, 200, 200, 403, 200, 200, 403, 403],
    "record_payment_a": [302, 200, 200, 200, 403, 404, 404, 404],
    # Pay for a meeting or other work: those who record pay for input, in their organisation.
    "payment_work_a": [302, 200, 200, 200, 403, 404, 404, 404],
    # Approving and paying: the organisation's admins and finance officers. A payment's page
    # (with where to send the money) and its receipt are not there for anyone outside it.
    "payments": [302, 200, 403, 200, 403, 403, 403, 403],
    "payment_a": [302, 200, 403, 200, 403, 404, 404, 404],
    "payment_receipt_a": [302, 200, 403, 200, 403, 404, 404, 404],
    "payments_history": [302, 200, 403, 200, 403, 403, 403, 403],
    "payments_csv": [302, 200, 403, 200, 403, 403, 403, 403],
    "payments_xlsx": [302, 200, 403, 200, 403, 403, 403, 403],
    "my_home": [302, 404, 404, 404, 404, 404, 200, 200],
    "my_invitation": [302, 404, 404, 404, 404, 404, 200, 404],
    # Her invitation read aloud: hers alone (none at all where the server cannot speak).
    "my_invitation_listen": [302, 404, 404, 404, 404, 404, 200 if can_speak("en") else 404, 404],
    "my_contribution": [302, 404, 404, 404, 404, 404, 200, 404],
    "my_input": [302, 404, 404, 404, 404, 404, 200, 200],
    "my_consent": [302, 404, 404, 404, 404, 404, 200, 200],
    # Taking part by text message: her own choice, on her own page.
    "my_sms": [302, 404, 404, 404, 404, 404, 200, 200],
    "my_details": [302, 404, 404, 404, 404, 404, 200, 200],
    # Her answers about herself: hers alone; no organisation has a page that shows them.
    "my_about_you": [302, 404, 404, 404, 404, 404, 200, 200],
    # Her statement of earnings and its files: hers alone; staff of any organisation, even
    # the one that pays her, find nothing there.
    "my_earnings": [302, 404, 404, 404, 404, 404, 200, 200],
    "my_earnings_csv": [302, 404, 404, 404, 404, 404, 200, 200],
    "my_earnings_pdf": [302, 404, 404, 404, 404, 404, 200, 200],
    # Only the person asked to advise sees the request, and only she can answer it.
    "my_advisor_request": [302, 404, 404, 404, 404, 404, 200, 404],
    # Who works with the organisation, and its joining codes: for those who make codes.
    "people": [302, 200, 200, 403, 403, 200, 403, 403],
    # Joining is public; an expert who is logged in adds organisations from her own page, and
    # a member of staff is asked to log out first.
    "join": [200, 200, 200, 200, 200, 200, 302, 302],
    "join_reset": [200, 200, 200, 200, 200, 200, 200, 200],
    "my_organisations": [302, 404, 404, 404, 404, 404, 200, 200],
    # Everyone signed in has their own messages and choices; nobody has anyone else's.
    "my_inbox": [302, 200, 200, 200, 200, 200, 200, 200],
    "my_notification_choices": [302, 200, 200, 200, 200, 200, 200, 200],
    # Everyone signed in makes and revokes their own API tokens, and sees nobody else's.
    "my_tokens": [302, 200, 200, 200, 200, 200, 200, 200],
    # Only the organisation's admins run it; outside it, it is not there at all.
    "organisation_a": [302, 200, 403, 403, 403, 404, 404, 404],
    "organisation_invite_a": [302, 200, 403, 403, 403, 404, 404, 404],
    "organisation_settings_a": [302, 200, 403, 403, 403, 404, 404, 404],
    "organisation_audit_a": [302, 200, 403, 403, 403, 404, 404, 404],
    # Everyone signed in sees their own sessions and changes their own password.
    "my_sessions": [302, 200, 200, 200, 200, 200, 200, 200],
    "my_password": [302, 200, 200, 200, 200, 200, 200, 200],
    # Recovery codes stand in for an authenticator: without one, its setup comes first; experts
    # are not asked for a second step at all.
    "recovery_codes": [302, 200, 302, 302, 302, 302, 403, 403],
    # Rate cards: kept by the organisation's admins and finance; its other roles are refused,
    # and outside it a card is not there at all (the index has nothing to show them).
    "rates": [302, 302, 403, 302, 403, 403, 403, 403],
    "rate_cards_a": [302, 200, 403, 200, 403, 404, 404, 404],
    "rate_card_a": [302, 200, 403, 200, 403, 404, 404, 404],
    # An invitation addressed by username: only that account (here staff of B) opens it.
    "addressed_invitation": [302, 404, 404, 404, 404, 200, 404, 404],
    # A partner's pay and responses, and its collective's input: its facilitators only (their
    # own tests open them); the host that asked sees the request exist (403), nobody else does.
    "partner_outcomes": [302, 403, 403, 403, 403, 403, 403, 403],
    "partner_collective": [302, 403, 403, 404, 404, 404, 404, 404],
    # A collective's in-person sessions are its own: the host that asked it (admins and staff of
    # A) knows of the request but writes nothing down for it; nobody else sees it exist.
    "partner_capture_a": [302, 403, 403, 404, 404, 404, 404, 404],
    "partner_sessions": [302, 403, 403, 403, 403, 403, 403, 403],
    "partner_session_a": [302, 404, 404, 404, 404, 404, 404, 404],
    # A partner's workspace: for facilitators and admins of survivor-led organisations only
    # (REQUEST_GET_MATRIX); a request to a partner is the partner's, not the host's, page.
    "partners": [302, 403, 403, 403, 403, 403, 403, 403],
    "partner_request": [302, 404, 404, 404, 404, 404, 404, 404],
    "partner_answer": [302, 404, 404, 404, 404, 404, 404, 404],
    # Trainer deployments: admins and staff record and import, finance reads (it pays them);
    # everyone signed in with a reading role goes from /trainings/ to their organisation's list.
    "trainings": [302, 302, 302, 302, 403, 302, 403, 403],
    "training_list_a": [302, 200, 200, 200, 403, 404, 404, 404],
    "training_new_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "training_import_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "training_session_a": [302, 200, 200, 200, 403, 404, 404, 404],
    "training_report_a": [302, 200, 200, 200, 403, 404, 404, 404],
    # Opportunities: every expert finds open ones and applies; admins and staff post them and
    # move applications, finance reads; /opportunities/ takes staff to their organisation's.
    "opportunities": [302, 302, 302, 302, 403, 302, 200, 200],
    "opportunity_list_a": [302, 200, 200, 200, 403, 404, 404, 404],
    "opportunity_new_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "opportunity_hires_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "opportunity_manage_a": [302, 200, 200, 200, 403, 404, 404, 404],
    "opportunity_edit_a": [302, 200, 200, 403, 403, 404, 404, 404],
    "opportunity_see_a": [302, 404, 404, 404, 404, 404, 200, 200],
    "opportunity_draft_see_a": [302, 404, 404, 404, 404, 404, 404, 404],
    "opportunity_mine": [302, 404, 404, 404, 404, 404, 200, 200],
    # An organisation's engagement figures as files: every member reads them (aggregates);
    # outside it, and for the experts who work with it, they are not there.
    "insights_csv_a": [302, 200, 200, 200, 200, 404, 404, 404],
    "insights_xlsx_a": [302, 200, 200, 200, 200, 404, 404, 404],
    # The same figures over the API (a signed-in browser's session here): 401 without a login.
    "insights_api_a": [401, 200, 200, 200, 200, 404, 404, 404],
    # Insights: every member of the organisation, whatever the role, reads its figures and its
    # funder report; /insights/ takes a member of one organisation straight to it. An expert
    # reads, in plain words, the figures of an organisation she works with (Tara with A).
    "insights": [302, 302, 302, 302, 302, 302, 403, 403],
    "insights_a": [302, 200, 200, 200, 200, 404, 404, 404],
    "insights_report_a": [302, 200, 200, 200, 200, 404, 404, 404],
    "insights_pdf_a": [302, 200, 200, 200, 200, 404, 404, 404],
    "my_figures_a": [302, 404, 404, 404, 404, 404, 200, 404],
    # The probes (liveness and readiness) are public: one word per part, nothing about anyone.
    "healthz": [200, 200, 200, 200, 200, 200, 200, 200],
    "readyz": [200, 200, 200, 200, 200, 200, 200, 200],
    # The operator's metrics: no role opens them, only SEAT_METRICS_TOKEN or an address in
    # SEAT_METRICS_ALLOW (none here); everyone else finds nothing (seat/core/tests/test_metrics.py).
    "metrics": [404, 404, 404, 404, 404, 404, 404, 404],
    # Public when SEAT_SECURITY_CONTACT names someone (seat/core/tests/test_security_txt.py);
    # here it names nobody, so there is no file, for anyone.
    "security_txt": [404, 404, 404, 404, 404, 404, 404, 404],
    # Her data, her copies, her erasure: each expert her own only; nobody else (404).
    "my_data": [302, 404, 404, 404, 404, 404, 200, 200],
    "my_data_json": [302, 404, 404, 404, 404, 404, 200, 200],
    "my_data_pdf": [302, 404, 404, 404, 404, 404, 200, 200],
    "my_data_erase": [302, 404, 404, 404, 404, 404, 200, 200],
}
# JSON that is a file to keep (her copy of her data), not an API answer: a download.
JSON_FILES = {"my_data_json"}
# Where a 302 goes, when it is not to the login page.
REDIRECTS = {
    "join": "/me/organisations/",
    "rates": "/payments/rates/",
    "trainings": "/trainings/",
    "opportunities": "/opportunities/",
    "insights": "/insights/",
    "recovery_codes": "/accounts/two-factor/setup/",
}


@pytest.mark.parametrize("name", list(GET_MATRIX))
@pytest.mark.parametrize("who", PEOPLE)
def test_get_matrix(client, world, name, who):
    login(client, world, who)
    response = client.get(url_for(world, name))
    expected = GET_MATRIX[name][PEOPLE.index(who)]
    assert response.status_code == expected
    if expected == 302:
        target = REDIRECTS.get(name, "/accounts/login/") if who != "anon" else "/accounts/login/"
        assert response["Location"].startswith(target)
    api_answer = name not in JSON_FILES
    if expected == 200 and response["Content-Type"].startswith("application/json") and api_answer:
        # An API answer, read by a program: never a page, never a download.
        assert "Content-Disposition" not in response
    elif expected == 200 and not response["Content-Type"].startswith("text/html"):
        # A file (an export, a receipt): always a download, never shown in the browser.
        assert response["Content-Disposition"].startswith("attachment; ")
    elif expected == 200:
        body = response.content.decode()
        assert "data-quick-exit" in body
        # Organisation B's words never reach anyone in organisation A, and the reverse.
        assert "B&#x27;s private input" not in body and "B's private input" not in body


@pytest.mark.parametrize("who", PEOPLE)
def test_metrics_are_for_the_scrapers_address_or_token_whatever_the_role(
    client, world, settings, who
):
    """Being signed in opens nothing: only the address or the token does (seat/core/metrics.py)."""
    login(client, world, who)
    settings.SEAT_METRICS_TOKEN, settings.SEAT_METRICS_ALLOW = "", ["127.0.0.1"]
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 404
    settings.SEAT_METRICS_TOKEN, settings.SEAT_METRICS_ALLOW = "a-token-for-the-scraper", []
    assert client.get("/metrics").status_code == 404
    bearer = "Bearer a-token-for-the-scraper"
    assert client.get("/metrics", HTTP_AUTHORIZATION=bearer).status_code == 200


# POSTs that change things: expected status for each person.
POST_MATRIX = {
    # The SMS provider's webhook: no session or role opens it, only the provider's signature
    # (seat/sms/tests/test_webhook.py); without one, everyone is refused, logged in or not.
    "sms_inbound": [403, 403, 403, 403, 403, 403, 403, 403],
    # The probes answer GET (and HEAD) only, for everyone.
    "healthz": [405, 405, 405, 405, 405, 405, 405, 405],
    "readyz": [405, 405, 405, 405, 405, 405, 405, 405],
    # The operator's metrics are read, never written; refused callers learn nothing (no 405).
    "metrics": [404, 404, 404, 404, 404, 404, 404, 404],
    # security.txt is read, never written.
    "security_txt": [405, 405, 405, 405, 405, 405, 405, 405],
    # Only she chooses text messages and gives her number; nobody in an organisation can.
    "sms_enrol": [302, 404, 404, 404, 404, 404, 302, 302],
    # Her answers about herself: only she gives, changes or deletes them.
    "save_about_you": [302, 404, 404, 404, 404, 404, 302, 302],
    "delete_about_you": [302, 404, 404, 404, 404, 404, 302, 302],
    "publish": [302, 302, 302, 403, 403, 404, 404, 404],
    # Opening a draft over the quality check's blockers, with a reason: admins only.
    "publish_over_blockers": [302, 302, 403, 403, 403, 404, 404, 404],
    # The live quality check answers those who may save the form (JSON, nothing saved).
    "check_new_consultation": [302, 200, 200, 403, 403, 404, 404, 404],
    "check_consultation": [302, 200, 200, 403, 403, 404, 404, 404],
    "invite": [302, 302, 302, 403, 403, 404, 404, 404],
    "respond": [302, 302, 302, 403, 403, 404, 404, 404],
    "record_payment": [302, 302, 302, 302, 403, 404, 404, 404],
    # A payment's steps: admins and finance of A. The line to pay was approved by A's admin,
    # so A's admin may not also mark it paid (400, separation of duties): finance does.
    "approve_payment": [302, 302, 403, 302, 403, 404, 404, 404],
    "pay_payment": [302, 400, 403, 302, 403, 404, 404, 404],
    "pay_payments_bulk": [302, 400, 403, 302, 403, 403, 403, 403],
    "cancel_payment": [302, 302, 403, 302, 403, 404, 404, 404],
    "correct_payment": [302, 302, 403, 302, 403, 404, 404, 404],
    "answer_advisor_request": [302, 404, 404, 404, 404, 404, 302, 404],
    # Codes are made by the organisation's admins and staff; another organisation's staff and
    # experts do not see it exist.
    "make_join_code": [302, 200, 200, 403, 403, 404, 404, 404],
    "withdraw_join_code": [302, 302, 302, 403, 403, 404, 404, 404],
    # A reset code only for an expert who works with the organisation.
    "make_reset_code": [302, 200, 200, 403, 403, 404, 404, 404],
    # Opening a message of the expert's marks it read: only she can.
    "open_her_message": [302, 404, 404, 404, 404, 404, 302, 404],
    # The admin's answer is the page showing the new link.
    "invite_member": [302, 200, 403, 403, 403, 404, 404, 404],
    "change_member_role": [302, 302, 403, 403, 403, 404, 404, 404],
    "remove_member": [302, 302, 403, 403, 403, 404, 404, 404],
    "cancel_member_invitation": [302, 302, 403, 403, 403, 404, 404, 404],
    # Declining an invitation addressed by username: only that account (here staff of B).
    "decline_addressed_invitation": [302, 404, 404, 404, 404, 302, 404, 404],
    # Corrections: the organisation's admins and staff.
    "edit_project": [302, 302, 302, 403, 403, 404, 404, 404],
    "delete_project": [302, 302, 302, 403, 403, 404, 404, 404],
    "edit_consultation": [302, 302, 302, 403, 403, 404, 404, 404],
    "delete_consultation": [302, 302, 302, 403, 403, 404, 404, 404],
    "cancel_consultation": [302, 302, 302, 403, 403, 404, 404, 404],
    "translate_consultation": [302, 302, 302, 403, 403, 404, 404, 404],
    "change_organisation_settings": [302, 302, 403, 403, 403, 404, 404, 404],
    # Rate cards: the organisation's admins and finance add, change and remove them.
    "add_rate_card": [302, 302, 403, 302, 403, 404, 404, 404],
    "change_rate_card": [302, 302, 403, 302, 403, 404, 404, 404],
    "remove_rate_card": [302, 302, 403, 302, 403, 404, 404, 404],
    "create_plan": [302, 302, 302, 403, 403, 404, 404, 404],
    "edit_plan": [302, 302, 302, 403, 403, 404, 404, 404],
    "delete_plan": [302, 302, 302, 403, 403, 404, 404, 404],
    # Each person makes their own tokens; only the owner revokes one.
    "make_api_token": [302, 200, 200, 200, 200, 200, 200, 200],
    "revoke_her_api_token": [302, 404, 404, 404, 404, 404, 302, 404],
    # Each person ends their own sessions and changes their own password; only she ends hers.
    "end_her_session": [302, 404, 404, 404, 404, 404, 302, 404],
    "end_other_sessions": [302, 302, 302, 302, 302, 302, 302, 302],
    "change_password": [302, 302, 302, 302, 302, 302, 302, 302],
    # Shown once, on the answer to the POST: for those with an authenticator (admin A here).
    "make_recovery_codes": [302, 200, 302, 302, 302, 302, 403, 403],
    # The audit log is read, never written, from its page.
    "post_organisation_audit": [405, 405, 405, 405, 405, 405, 405, 405],
    # Only the partner the money and the response went through says it passed them on: the
    # host, whose lines they are, cannot (partners' own tests cover their facilitators).
    "partner_pass_on": [302, 404, 404, 404, 404, 404, 404, 404],
    "partner_told_her": [302, 404, 404, 404, 404, 404, 404, 404],
    "partner_collective_input": [302, 403, 403, 404, 404, 404, 404, 404],
    # Writing down a collective's session: its facilitators only (tests in seat/partners).
    "capture_session_a": [302, 403, 403, 404, 404, 404, 404, 404],
    # Asking a partner and withdrawing: the host's admins and staff.
    "ask_partner": [302, 302, 302, 403, 403, 404, 404, 404],
    "withdraw_partner_request": [302, 302, 302, 403, 403, 404, 404, 404],
    # The partner's own actions: nobody of the host or elsewhere (PARTNER_POST_MATRIX).
    "decide_partner_request": [302, 404, 404, 404, 404, 404, 404, 404],
    "forward_partner_request": [302, 404, 404, 404, 404, 404, 404, 404],
    "answer_for_member": [302, 404, 404, 404, 404, 404, 404, 404],
    "training_record": [302, 302, 302, 403, 403, 404, 404, 404],
    "training_import": [302, 302, 302, 403, 403, 404, 404, 404],
    "opportunity_apply": [302, 404, 404, 404, 404, 404, 302, 302],
    "opportunity_post": [302, 302, 302, 403, 403, 404, 404, 404],
    "opportunity_close": [302, 302, 302, 403, 403, 404, 404, 404],
    "opportunity_move": [302, 302, 302, 403, 403, 404, 404, 404],
    "opportunity_hires": [302, 302, 302, 403, 403, 404, 404, 404],
    # Only she withdraws her application.
    "opportunity_withdraw": [302, 404, 404, 404, 404, 404, 302, 404],
    # Downloads and her data page are read only (405); she alone erases her account.
    "my_data": [405, 405, 405, 405, 405, 405, 405, 405],
    "my_data_json": [405, 405, 405, 405, 405, 405, 405, 405],
    "my_data_pdf": [405, 405, 405, 405, 405, 405, 405, 405],
    "my_data_erase": [302, 404, 404, 404, 404, 404, 200, 200],
}


def post_request(world: World, name: str) -> tuple[str, dict]:
    c = world.consultation
    if name == "metrics":
        return ("/metrics", {})
    if name == "sms_inbound":
        return (
            "/sms/inbound/twilio/",
            {"MessageSid": "SM1", "From": "+8801711999111", "Body": "STOP"},
        )
    if name in {"healthz", "readyz"}:
        return (f"/{name}", {})
    if name == "security_txt":
        return ("/.well-known/security.txt", {})
    if name.startswith("my_data"):
        return (url_for(world, name), {"sure": "on"})
    if name == "sms_enrol":
        return ("/me/text-messages/", {"phone": "+880 1711 000 222", "language": "bn"})
    if name == "save_about_you":
        return ("/me/about-you/", {"gender": "woman"})
    if name == "delete_about_you":
        from seat.people.diversity import diversity_save

        diversity_save(actor=world.expert.user, expert=world.expert, answers={"gender": "woman"})
        return ("/me/about-you/delete/", {})
    if name.startswith("training"):
        return training_post(world, name)
    if name.startswith("opportunit"):
        return opportunity_post(world, name)
    if name in {"partner_pass_on", "partner_told_her"}:
        _partners, line, response = partner_outcomes_of(world)
        world.target = (line, response)  # type: ignore[attr-defined]
        if name == "partner_pass_on":
            return (f"/partners/outcomes/payments/{line.pk}/passed-on/", {})
        return (f"/partners/outcomes/responses/{response.pk}/told/", {})
    if name == "partner_collective_input":
        from seat.tests.personas import make_partners

        request = make_partners(world).request
        question = c.questions.first()
        return (
            f"/partners/requests/{request.pk}/collective/",
            {
                "members_count": "3",
                f"q_{question.pk}": "Words",  # type: ignore[union-attr]
                "attribution": "pseudonym",
                "idempotency_key": str(uuid.uuid4()),
            },
        )
    if name in PARTNER_POSTS:
        return PARTNER_POSTS[name](world)
    if name in PAYMENT_POSTS:
        status, action, data = PAYMENT_POSTS[name]
        line = payment_of_a(world, status)
        if action == "pay/" and name == "pay_payments_bulk":
            return ("/payments/pay/", {**data, "payments": [str(line.pk)]})
        return (f"/payments/{line.pk}/{action}", data)
    if name == "answer_advisor_request":
        return (f"/me/advise/{advisor_request_of(world).pk}/", {"answer": "accept"})
    if name == "make_join_code":
        return (f"/people/{world.org_a.pk}/codes/", {})
    if name == "capture_session_a":
        return (url_for(world, "partner_capture_a"), {})
    if name == "withdraw_join_code":
        return (f"/people/codes/{join_code_of(world).pk}/withdraw/", {})
    if name == "make_reset_code":
        from seat.people.services import expert_link_record

        expert_link_record(actor=None, expert=world.expert, organisation=world.org_a)
        return (f"/people/{world.org_a.pk}/experts/{world.expert.pk}/reset-code/", {})
    if name == "open_her_message":
        return ("/me/inbox/", {"open": str(her_message(world).pk)})
    if name == "invite_member":
        return (
            f"/organisation/{world.org_a.pk}/invite/",
            {"role": "staff", "email": "", "form_key": str(uuid.uuid4())},
        )
    if name in {"change_member_role", "remove_member"}:
        target = world.finance_a.memberships.get(organisation=world.org_a)  # type: ignore[attr-defined]
        action = "role" if name == "change_member_role" else "remove"
        return (f"/organisation/{world.org_a.pk}/members/{target.pk}/{action}/", {"role": "viewer"})
    if name == "change_organisation_settings":
        return (
            f"/organisation/{world.org_a.pk}/settings/",
            {
                "name": "Organisation A",
                "kind": "ngo",
                "country": "NP",
                "default_currency": "NPR",
                "languages": ["en"],
                "min_lead_days": "20",
                "response_days": "30",
                "pay_within_days": "30",
            },
        )
    if name == "make_api_token":
        return ("/me/tokens/", {"name": "script", "form_key": str(uuid.uuid4())})
    if name == "add_rate_card":
        return (
            f"/payments/rates/{world.org_a.pk}/",
            {
                "role": "advisor",
                "unit": "flat",
                "currency": "USD",
                "survivor_rate": "100",
                "peer_rate": "100",
            },
        )
    if name in {"change_rate_card", "remove_rate_card"}:
        card = rate_card_of_a(world)
        action = "remove/" if name == "remove_rate_card" else ""
        return (
            f"/payments/rates/card/{card.pk}/{action}",
            {"survivor_rate": "25", "peer_rate": "25"},
        )
    if name == "end_her_session":
        from seat.accounts.models import UserSession

        world.target = UserSession.objects.create(  # type: ignore[attr-defined]
            user=world.expert.user,
            key_digest="her-session",
            key="her-session-key",
            last_seen_at=timezone.now(),
        )
        return (f"/accounts/sessions/{world.target.pk}/end/", {})  # type: ignore[attr-defined]
    if name == "end_other_sessions":
        return ("/accounts/sessions/end-others/", {})
    if name == "make_recovery_codes":
        return ("/accounts/two-factor/recovery-codes/", {})
    if name == "post_organisation_audit":
        return (f"/organisation/{world.org_a.pk}/audit/", {})
    if name == "change_password":
        from seat.tests.personas import PASSWORD

        new = "another long pass phrase"
        return (
            "/accounts/password/",
            {"old_password": PASSWORD, "password1": new, "password2": new},
        )
    if name == "revoke_her_api_token":
        from seat.api.services import api_token_create

        token, _shown = api_token_create(actor=world.expert.user, name="hers")
        return (f"/me/tokens/{token.pk}/revoke/", {})
    if name == "cancel_member_invitation":
        from seat.accounts.services import member_invitation_create

        made, _code = member_invitation_create(
            actor=world.admin_a, organisation=world.org_a, role="staff"
        )
        return (f"/organisation/{world.org_a.pk}/invitations/{made.pk}/cancel/", {})
    if name == "decline_addressed_invitation":
        from seat.accounts.services import member_invitation_create

        made, _code = member_invitation_create(
            actor=world.admin_a,
            organisation=world.org_a,
            role="staff",
            username=world.staff_b.username,
        )
        return (f"/accounts/invitations/{made.pk}/decline/", {})
    if name == "edit_project":
        return (
            f"/projects/{world.project.pk}/edit/",
            {
                "title": "Renamed",
                "summary": "",
                "stage": "evaluation",
                "form_key": str(uuid.uuid4()),
            },
        )
    if name == "delete_project":
        world.target = empty_project_of_a(world)  # type: ignore[attr-defined]
        return (f"/projects/{world.target.pk}/delete/", {"form_key": str(uuid.uuid4())})  # type: ignore[attr-defined]
    if name == "delete_consultation":
        world.target = draft_of_a(world)  # type: ignore[attr-defined]
        return (
            f"/projects/consultations/{world.target.pk}/delete/",  # type: ignore[attr-defined]
            {"form_key": str(uuid.uuid4())},
        )
    if name == "translate_consultation":
        return (
            f"/projects/consultations/{c.pk}/translations/bn/",
            {
                "title": "শিরোনাম",
                "purpose": "উদ্দেশ্য",
                "questions": "প্রশ্ন এক\nপ্রশ্ন দুই",
                "form_key": str(uuid.uuid4()),
            },
        )
    if name == "edit_consultation":
        from seat.consultations.tests.test_correction_views import edit_form

        world.target = draft_of_a(world)  # type: ignore[attr-defined]
        return (
            f"/projects/consultations/{world.target.pk}/edit/",  # type: ignore[attr-defined]
            edit_form(world.target, title="Renamed"),  # type: ignore[attr-defined]
        )
    if name in {"check_new_consultation", "check_consultation"}:
        from seat.consultations.tests.test_views import consultation_form

        where = (
            f"/projects/{world.project.pk}/consultations/check/"
            if name == "check_new_consultation"
            else f"/projects/consultations/{c.pk}/check/"
        )
        return (where, consultation_form())
    if name == "publish_over_blockers":
        from seat.tests.personas import make_consultation

        blocked = make_consultation(
            world.staff_a, world.project, publish=False, title="Unpaid draft", pay_rate=None
        )
        return (
            f"/projects/consultations/{blocked.pk}/publish/",
            {"override_reason": "The funder pays them directly, outside Seat, this once."},
        )
    if name == "create_plan":
        return (f"/projects/{world.project.pk}/plans/new/", plan_form())
    if name in {"edit_plan", "delete_plan"}:
        world.target = plan_of_a(world)  # type: ignore[attr-defined]
        action = name.split("_")[0]
        return (f"/projects/plans/{world.target.pk}/{action}/", plan_form())  # type: ignore[attr-defined]
    if name == "cancel_consultation":
        return (
            f"/projects/consultations/{c.pk}/cancel/",
            {"message": "Funding ended.", "form_key": str(uuid.uuid4())},
        )
    return {
        "publish": (f"/projects/consultations/{c.pk}/publish/", {}),
        "invite": (
            f"/projects/consultations/{c.pk}/invite/",
            {"experts": [str(new_expert_of_a(world).pk)]},
        ),
        "respond": (
            f"/input/{world.contribution.pk}/",
            {"outcome": "adopted", "reason": "We will add it to the sessions."},
        ),
        "record_payment": (
            f"/payments/record/{c.pk}/{world.expert.pk}/",
            {
                "units": "2",
                "unit": "hour",
                "rate": "25.00",
                "expenses_travel": "0",
                "currency": "USD",
                "due_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            },
        ),
    }[name]


# Each payment step: the line's state before, the address under /payments/<id>/, the form,
# and the state after, when done.
PAYMENT_POSTS = {
    "approve_payment": ("owed", "approve/", {}),
    "pay_payment": ("approved", "pay/", {"method": "bank", "reference": "T-2"}),
    "pay_payments_bulk": ("approved", "pay/", {"method": "bank", "reference": "T-3"}),
    "cancel_payment": ("owed", "cancel/", {"reason": "Counted twice"}),
    "correct_payment": ("approved", "correct/", {"reason": "Approved too soon"}),
}
PAYMENT_DONE = {
    "approve_payment": "approved",
    "pay_payment": "paid",
    "pay_payments_bulk": "paid",
    "cancel_payment": "cancelled",
    "correct_payment": "owed",
}


def _ask_partner(world: World) -> tuple[str, dict]:
    partners = partners_of(world)
    return (
        f"/partners/ask/{world.consultation.pk}/",
        {"partner": str(partners.other_collective.pk), "collective_pay": "per_member"},
    )


def _decide_partner_request(world: World) -> tuple[str, dict]:
    from seat.partners.services import partner_request_create

    partners = partners_of(world)
    asked = partner_request_create(
        actor=world.staff_a, consultation=world.consultation, partner=partners.other_collective
    )
    return (f"/partners/requests/{asked.pk}/decide/", {"answer": "accept"})


PARTNER_POSTS = {
    "ask_partner": _ask_partner,
    "withdraw_partner_request": lambda world: (
        f"/partners/requests/{partners_of(world).request.pk}/withdraw/",
        {},
    ),
    "decide_partner_request": _decide_partner_request,
    "forward_partner_request": lambda world: (
        f"/partners/requests/{partners_of(world).request.pk}/forward/",
        {"experts": [str(partners_of(world).device_less.pk)]},
    ),
    "answer_for_member": lambda world: (
        f"/partners/invitations/{forwarded_to_nadia(world).pk}/answer/",
        {"answer": "accept", "channel": "verbal", "language": "bn"},
    ),
}


def partner_state(world: World, name: str):
    """What each partner action changes, read after it was tried."""
    from seat.partners.models import PartnerRequest

    partners = partners_of(world)
    if name == "ask_partner":
        return PartnerRequest.objects.filter(partner=partners.other_collective).count()
    if name == "withdraw_partner_request":
        return PartnerRequest.objects.get(pk=partners.request.pk).status
    if name == "decide_partner_request":
        return PartnerRequest.objects.get(partner=partners.other_collective).status
    if name == "forward_partner_request":
        return partners.request.invitations.filter(expert=partners.device_less).count()
    return partners.request.invitations.get(expert=partners.member).status


# What each partner action leaves when it was refused, and when it was done.
PARTNER_REFUSED_DONE = {
    "ask_partner": (0, 1),
    "withdraw_partner_request": ("accepted", "withdrawn"),
    "decide_partner_request": ("pending", "accepted"),
    "forward_partner_request": (0, 1),
    "answer_for_member": ("pending", "accepted"),
}


@pytest.mark.parametrize("name", list(POST_MATRIX))
@pytest.mark.parametrize("who", PEOPLE)
def test_post_matrix(client, world, name, who):
    login(client, world, who)
    url, data = post_request(world, name)
    response = client.post(url, data)
    expected = POST_MATRIX[name][PEOPLE.index(who)]
    assert response.status_code == expected
    if who == "anon" and expected == 302:
        assert response["Location"].startswith("/accounts/login/")
    if name == "answer_advisor_request":
        advises = world.expert.user.memberships.filter(organisation=world.org_a).exists()
        assert advises == (who == "expert")
    if name == "open_her_message":
        assert (her_message(world).read_at is not None) == (who == "expert")
    if name == "my_data_erase":
        from seat.core.models import AuditEvent

        erased = set(
            AuditEvent.objects.filter(verb="account.erase").values_list("object_id", flat=True)
        )
        mine = {"expert": {str(world.expert.pk)}, "other_expert": {str(world.other_expert.pk)}}
        assert erased == mine.get(who, set())
    if name in {"save_about_you", "delete_about_you"}:
        from seat.people.models import DiversitySelfId

        answered = {d.profile_id for d in DiversitySelfId.objects.all()}
        if name == "save_about_you":
            done = {world.expert.pk: "expert", world.other_expert.pk: "other_expert"}
            assert answered == {pk for pk, person in done.items() if person == who}
        else:
            assert answered == (set() if who == "expert" else {world.expert.pk})
    if name == "invite_member":
        from seat.accounts.models import MemberInvitation

        assert MemberInvitation.objects.count() == (1 if who == "admin_a" else 0)
    if name in {"change_member_role", "remove_member"}:
        left = {"change_member_role": ["viewer"], "remove_member": []}[name]
        finance = list(world.finance_a.memberships.values_list("role", flat=True))  # type: ignore[attr-defined]
        assert finance == (left if who == "admin_a" else ["finance"])
    if name == "cancel_member_invitation":
        from seat.accounts.models import MemberInvitation

        cancelled = MemberInvitation.objects.filter(revoked_at__isnull=False).exists()
        assert cancelled == (who == "admin_a")
    if name == "decline_addressed_invitation":
        from seat.accounts.models import MemberInvitation

        declined = MemberInvitation.objects.filter(declined_at__isnull=False).exists()
        assert declined == (who == "staff_b")
    if name in PAYMENT_POSTS:
        line = world.payment_a  # type: ignore[attr-defined]
        line.refresh_from_db()
        done = expected == 302 and who != "anon"
        assert line.status == (PAYMENT_DONE[name] if done else PAYMENT_POSTS[name][0])
    acted = who in {"admin_a", "staff_a"}
    if name.startswith("training"):
        from seat.trainings.models import TrainingImport, TrainingSession

        # An accepted file's rows are written by a task once the request commits.
        made = TrainingImport if name == "training_import" else TrainingSession
        assert made.objects.filter(organisation=world.org_a).count() == int(acted)
    if name in PARTNER_REFUSED_DONE:
        refused, done = PARTNER_REFUSED_DONE[name]
        host_action = name in {"ask_partner", "withdraw_partner_request"}
        assert partner_state(world, name) == (done if host_action and acted else refused)
    if name in {"delete_project", "delete_consultation"}:
        assert type(world.target).objects.filter(pk=world.target.pk).exists() != acted  # type: ignore[attr-defined]
    if name == "edit_project":
        world.project.refresh_from_db()
        assert (world.project.title == "Renamed") == acted
    if name == "edit_consultation":
        world.target.refresh_from_db()  # type: ignore[attr-defined]
        assert (world.target.title == "Renamed") == acted  # type: ignore[attr-defined]
    if name == "create_plan":
        from seat.consultations.models import EngagementPlan

        made = EngagementPlan.objects.filter(project=world.project, stage="implementation")
        assert made.exists() == acted
    if name in {"edit_plan", "delete_plan"}:
        from seat.consultations.models import EngagementPlan

        left = EngagementPlan.objects.filter(pk=world.target.pk).first()  # type: ignore[attr-defined]
        if name == "delete_plan":
            assert (left is None) == acted
        else:
            assert left is not None and (left.stage == "implementation") == acted
    if name == "cancel_consultation":
        world.consultation.refresh_from_db()
        assert (world.consultation.status == "cancelled") == acted
    if name == "change_organisation_settings":
        world.org_a.refresh_from_db()
        assert world.org_a.country == ("NP" if who == "admin_a" else "")
    if name in {"partner_pass_on", "partner_told_her"}:
        line, response = world.target  # type: ignore[attr-defined]
        line.refresh_from_db()
        response.refresh_from_db()
        assert (line.passed_on_at, response.relayed_at) == (None, None)
    if name == "partner_collective_input":
        from seat.consultations.models import Contribution

        assert not Contribution.objects.filter(collective__isnull=False).exists()
    if name in {"add_rate_card", "change_rate_card", "remove_rate_card"}:
        from seat.compensation.models import RateCard

        kept = who in {"admin_a", "finance_a"}
        cards = {(c.role, c.survivor_rate) for c in RateCard.objects.all()}
        assert (
            cards
            == {
                "add_rate_card": {("advisor", 100)} if kept else set(),
                "change_rate_card": {("participant", 25 if kept else 20)},
                "remove_rate_card": set() if kept else {("participant", 20)},
            }[name]
        )
    if name == "end_her_session":
        from seat.accounts.models import UserSession

        kept = UserSession.objects.filter(pk=world.target.pk).exists()  # type: ignore[attr-defined]
        assert kept == (who != "expert")
    if name == "make_recovery_codes":
        from django_otp.plugins.otp_static.models import StaticToken

        assert StaticToken.objects.count() == (10 if who == "admin_a" else 0)
    if name == "change_password" and who != "anon":
        person = getattr(world, who)
        person = getattr(person, "user", person)
        person.refresh_from_db()
        assert person.check_password("another long pass phrase")
    if name in {"make_api_token", "revoke_her_api_token"}:
        from seat.api.models import ApiToken

        made = {"make_api_token": 0 if who == "anon" else 1, "revoke_her_api_token": 1}[name]
        assert ApiToken.objects.count() == made
        revoked = ApiToken.objects.filter(revoked_at__isnull=False).count()
        assert revoked == (1 if name == "revoke_her_api_token" and who == "expert" else 0)


# Requests to partners, as the partner's people see them: Collective C's facilitator, a viewer there (the wrong role), Collective
# D's facilitator, Nadia (a member of C with an account) and Laila (a member of D).
REQUEST_PEOPLE = ["facilitator", "viewer_c", "other_facilitator", "member", "other_member"]
REQUEST_GET_MATRIX = {
    "partners": [200, 403, 200, 403, 403],
    "partner_request": [200, 403, 404, 404, 404],
    "partner_answer": [200, 403, 404, 404, 404],
    "consultation_a": [404, 404, 404, 404, 404],
    "people": [200, 403, 200, 403, 403],
}
REQUEST_POST_MATRIX = {
    "decide_partner_request": [404, 404, 302, 404, 404],
    "forward_partner_request": [302, 403, 404, 404, 404],
    "answer_for_member": [302, 403, 404, 404, 404],
    "ask_partner": [404, 404, 404, 404, 404],
    "withdraw_partner_request": [404, 404, 404, 404, 404],
}


def request_login(client, world: World, who: str) -> None:
    from seat.accounts.enums import Role
    from seat.tests.personas import make_member

    partners = partners_of(world)
    user = {
        "facilitator": lambda: partners.facilitator,
        "viewer_c": lambda: make_member("viewer-c", partners.collective, Role.VIEWER),
        "other_facilitator": lambda: partners.other_facilitator,
        "member": lambda: partners.member.user,
        "other_member": lambda: partners.other_member.user,
    }[who]()
    client.force_login(user)


@pytest.mark.parametrize("name", list(REQUEST_GET_MATRIX))
@pytest.mark.parametrize("who", REQUEST_PEOPLE)
def test_partner_request_get_matrix(client, world, name, who):
    url = url_for(world, name)
    request_login(client, world, who)
    response = client.get(url)
    assert response.status_code == REQUEST_GET_MATRIX[name][REQUEST_PEOPLE.index(who)]
    if response.status_code == 200:
        body = response.content.decode()
        assert "data-quick-exit" in body
        # A collective's members never show on another collective's pages.
        mine = who == "facilitator"
        assert ("Nadia" in body) == (mine and name != "partners")
        assert "Laila" not in body or who == "other_facilitator"


@pytest.mark.parametrize("name", list(REQUEST_POST_MATRIX))
@pytest.mark.parametrize("who", REQUEST_PEOPLE)
def test_partner_request_post_matrix(client, world, name, who):
    url, data = post_request(world, name)
    request_login(client, world, who)
    expected = REQUEST_POST_MATRIX[name][REQUEST_PEOPLE.index(who)]
    assert client.post(url, data).status_code == expected
    refused, done = PARTNER_REFUSED_DONE[name]
    assert partner_state(world, name) == (done if expected == 302 else refused)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anon", 302),
        ("admin_a", 302),
        ("finance_a", 302),
        ("staff_a", 403),
        ("viewer_a", 403),
        ("staff_b", 404),
        ("expert", 404),
    ],
)
def test_payment_advance_is_for_finance_and_admins(client, world, who, expected):
    from decimal import Decimal

    from seat.compensation.services import payment_record

    payment = payment_record(
        actor=world.staff_a,
        contribution=world.contribution,
        units=Decimal(2),
        unit="hour",
        rate=Decimal("25.00"),
        expenses_travel=Decimal(0),
        currency="USD",
        due_on=world.consultation.deadline,
    )
    login(client, world, who)
    response = client.post(f"/payments/{payment.pk}/advance/", {"from": "owed"})
    assert response.status_code == expected
    payment.refresh_from_db()
    assert payment.status == ("approved" if expected == 302 and who != "anon" else "owed")


def test_guessed_and_malformed_ids_are_404(client, world):
    client.force_login(world.staff_a)
    assert client.get("/projects/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/projects/1/").status_code == 404
    assert client.get("/input/not-a-uuid/").status_code == 404


def test_gets_change_nothing(client, world):
    """Visiting the publish or invite URLs with GET must not act."""
    client.force_login(world.staff_a)
    draft_count = world.consultation.invitations.count()
    assert (
        client.get(f"/projects/consultations/{world.consultation.pk}/publish/").status_code == 405
    )
    assert client.get(f"/projects/consultations/{world.consultation.pk}/invite/").status_code == 405
    assert world.consultation.invitations.count() == draft_count


# Her home's queries: session, user, second-factor check, her profile, memberships (menu and
# advisor rounds), security notices, then one per section (invitations, input, payments,
# advisor requests, rounds she advises, the advisory councils she sits on, and, when a line
# pays for council work, the meetings her pay links to): 13 with every section drawn, and one to
# spare for what the page will show next. Seat's busiest page: each query costs more to build
# than to run.
EXPERT_HOME_QUERIES = 14


@pytest.mark.parametrize("path", ["/me/", "/"])
def test_the_expert_home_keeps_its_query_budget_as_data_grows(client, world, path):
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from seat.assessment.services import advisor_ask, round_open
    from seat.compensation.services import payment_record
    from seat.tests.personas import (
        make_advisor,
        make_consultation,
        make_contribution,
        make_invitation,
    )

    def grow(n: int) -> None:
        consultation = make_consultation(world.staff_a, world.project, title=f"More {n}")
        contribution = make_contribution(
            make_invitation(world.staff_a, consultation, world.expert, accept=True)
        )
        payment_record(
            actor=world.staff_a,
            contribution=contribution,
            units=Decimal(2),
            unit="hour",
            rate=Decimal("25.00"),
            expenses_travel=Decimal(0),
            currency="USD",
            due_on=consultation.deadline,
        )
        pending = make_consultation(world.staff_a, world.project, title=f"Waiting {n}")
        make_invitation(world.staff_a, pending, world.expert)

    client.force_login(world.expert.user)
    grow(0)
    client.get(path)
    with CaptureQueriesContext(connection) as plain:
        assert client.get(path).status_code == 200
    assert len(plain) <= EXPERT_HOME_QUERIES - 1, "\n".join(q["sql"] for q in plain)

    # Every section filled, more of each: an advisor of one organisation, asked by another.
    make_advisor(world.expert.user, world.org_b)
    round_open(actor=world.staff_b, organisation=world.org_b, title="Spring")
    advisor_ask(actor=world.staff_a, organisation=world.org_a, expert=world.expert)
    grow(1)
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    for n in range(2, 5):
        grow(n)
    with CaptureQueriesContext(connection) as several:
        body = client.get(path).content.decode()
    assert "More 4" in body and "Waiting 4" in body and "Spring" in body
    assert len(several) == len(one)
    assert len(one) <= EXPERT_HOME_QUERIES, "\n".join(q["sql"] for q in one)


@pytest.mark.parametrize(
    "url",
    ["/projects/", "project", "consultation"],
)
def test_staff_list_pages_keep_their_query_count_as_data_grows(client, world, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from seat.consultations.models import Change
    from seat.tests.personas import (
        make_consultation,
        make_contribution,
        make_expert,
        make_invitation,
    )

    path = {
        "/projects/": "/projects/",
        "project": f"/projects/{world.project.pk}/",
        "consultation": f"/projects/consultations/{world.consultation.pk}/",
    }[url]
    client.force_login(world.staff_a)
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    from seat.consultations.corrections import project_update

    for n in range(3):
        expert = make_expert(f"more-{n}", f"Person {n}")
        make_contribution(make_invitation(world.staff_a, world.consultation, expert, accept=True))
        make_consultation(world.staff_a, world.project, title=f"More {n}")
        # The history of changes grows too, on both pages.
        project_update(
            actor=world.staff_a,
            project=world.project,
            title=f"Renamed {n}",
            summary="",
            stage="design",
        )
        change = Change.objects.filter(project=world.project).first()
        change.consultation = world.consultation  # type: ignore[union-attr]
        change.save()  # type: ignore[union-attr]
    with CaptureQueriesContext(connection) as several:
        client.get(path)
    assert len(several) == len(one)


# Partners' workspace (issue 10): a collective's facilitator acts for its members; the member
# herself, another collective's facilitator, the host's staff and admin, and an expert of the
# host do not. Who, in order:
PARTNER_PEOPLE = [
    "anon",
    "facilitator",
    "member",
    "other_facilitator",
    "staff_a",
    "admin_a",
    "expert",
]


def partner_login(client, world: World, partners, who: str) -> None:
    if who in {"facilitator", "other_facilitator"}:
        client.force_login(getattr(partners, who))
    elif who == "member":
        client.force_login(partners.member.user)
    else:
        login(client, world, who)


def partner_url(world: World, partners, name: str) -> str:
    return {
        "members": "/partners/members/",
        "members_of_c": f"/partners/members/?organisation={partners.collective.pk}",
        "member_new": "/partners/members/new/",
        "member_new_c": f"/partners/members/new/?organisation={partners.collective.pk}",
        "member_edit_kept": f"/partners/members/{partners.device_less.pk}/",
        "member_edit_account": f"/partners/members/{partners.member.pk}/",
        "member_consent_kept": f"/partners/members/{partners.device_less.pk}/consent/",
        "member_consent_account": f"/partners/members/{partners.member.pk}/consent/",
        "member_sms_kept": f"/partners/members/{partners.device_less.pk}/text-messages/",
        "member_sms_account": f"/partners/members/{partners.member.pk}/text-messages/",
    }[name]


# Each facilitator sees their own collective's list (and may add to it); a member page of
# Collective C exists only for C's facilitator.
PARTNER_GET_MATRIX = {
    "members": [302, 200, 403, 200, 403, 403, 403],
    "members_of_c": [302, 200, 404, 404, 404, 404, 404],
    "member_new": [302, 200, 403, 200, 403, 403, 403],
    "member_new_c": [302, 200, 404, 404, 404, 404, 404],
    "member_edit_kept": [302, 200, 404, 404, 404, 404, 404],
    "member_edit_account": [302, 200, 404, 404, 404, 404, 404],
    "member_consent_kept": [302, 200, 404, 404, 404, 404, 404],
    "member_consent_account": [302, 200, 404, 404, 404, 404, 404],
    # Text messages for a member the collective keeps; one with an account enrols her own.
    "member_sms_kept": [302, 200, 404, 404, 404, 404, 404],
    "member_sms_account": [302, 403, 404, 404, 404, 404, 404],
}


@pytest.mark.parametrize("name", list(PARTNER_GET_MATRIX))
@pytest.mark.parametrize("who", PARTNER_PEOPLE)
def test_partner_get_matrix(client, world, partners, name, who):
    partner_login(client, world, partners, who)
    response = client.get(partner_url(world, partners, name))
    expected = PARTNER_GET_MATRIX[name][PARTNER_PEOPLE.index(who)]
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/accounts/login/")
    api_answer = name not in JSON_FILES
    if expected == 200 and response["Content-Type"].startswith("application/json") and api_answer:
        # An API answer, read by a program: never a page, never a download.
        assert "Content-Disposition" not in response
    elif expected == 200 and not response["Content-Type"].startswith("text/html"):
        # A file (an export, a receipt): always a download, never shown in the browser.
        assert response["Content-Disposition"].startswith("attachment; ")
    elif expected == 200:
        body = response.content.decode()
        assert "data-quick-exit" in body
        # Another collective's members never show.
        assert "Laila" not in body if who == "facilitator" else "Mina" not in body


PARTNER_POST_MATRIX = {
    "member_new_c": [302, 302, 404, 404, 404, 404, 404],
    "member_edit_kept": [302, 302, 404, 404, 404, 404, 404],
    # Her preferences are hers: the collective reads them and changes nothing.
    "member_edit_account": [302, 403, 404, 404, 404, 404, 404],
    "member_consent_kept": [302, 302, 404, 404, 404, 404, 404],
    "member_consent_account": [302, 302, 404, 404, 404, 404, 404],
    # Her number is hers when she has an account: the collective never gives it for her.
    "member_sms_kept": [302, 302, 404, 404, 404, 404, 404],
    "member_sms_account": [302, 403, 404, 404, 404, 404, 404],
    # Her own meeting and pay preferences: only she sets them.
    "my_preferences": [302, 404, 302, 404, 404, 404, 302],
}


def partner_post(world: World, partners, name: str) -> tuple[str, dict]:
    now = timezone.now().astimezone(datetime.UTC)
    if name == "my_preferences":
        return ("/me/preferences/", {"meeting_preference": "phone", "pay_preference": "cash"})
    if name.startswith("member_sms"):
        return (
            partner_url(world, partners, name),
            {"phone": "+880 1711 555 000", "language": "bn"},
        )
    if name.startswith("member_consent"):
        return (
            partner_url(world, partners, name),
            {
                "purpose_participate": "given",
                "channel": "verbal",
                "language": "bn",
                "said_on": now.date().isoformat(),
                "said_time": now.strftime("%H:%M"),
                "form_key": str(uuid.uuid4()),
            },
        )
    return (
        partner_url(world, partners, name),
        {
            "pseudonym": "Rupa",
            "languages": ["bn"],
            "form_key": str(uuid.uuid4()),
        },
    )


@pytest.mark.parametrize("name", list(PARTNER_POST_MATRIX))
@pytest.mark.parametrize("who", PARTNER_PEOPLE)
def test_partner_post_matrix(client, world, partners, name, who):
    from seat.people.models import ConsentRecord, ExpertProfile

    partner_login(client, world, partners, who)
    url, data = partner_post(world, partners, name)
    response = client.post(url, data)
    expected = PARTNER_POST_MATRIX[name][PARTNER_PEOPLE.index(who)]
    assert response.status_code == expected
    if who == "anon":
        assert response["Location"].startswith("/accounts/login/")
    acted = expected == 302 and who != "anon"
    rupa = ExpertProfile.objects.filter(pseudonym="Rupa")
    if name == "member_new_c":
        assert rupa.exists() == acted
    if name.startswith("member_edit"):
        assert rupa.exists() == acted
    if name.startswith("member_consent"):
        expert = partners.device_less if name.endswith("kept") else partners.member
        witnessed = ConsentRecord.objects.filter(expert=expert, channel="verbal")
        assert witnessed.exists() == acted
    if name.startswith("member_sms"):
        from seat.sms.models import SmsClaim

        asked = SmsClaim.objects.filter(expert=partners.device_less)
        assert asked.exists() == (acted and name.endswith("kept"))
        assert not SmsClaim.objects.filter(expert=partners.member).exists()
    if name == "my_preferences":
        from seat.people.models import ExpertProfile as Profile

        changed = Profile.objects.filter(meeting_preference="phone").count()
        assert changed == (1 if acted else 0)


# Trainer deployments -------------------------------------------------------------------------


def training_url(world: World, name: str) -> str:
    from seat.trainings.services import trainings_import
    from seat.trainings.tests.helpers import days_ago, record

    org = world.org_a.pk
    if name == "training_session_a":
        return f"/trainings/sessions/{record(world).pk}/"
    if name == "training_report_a":
        data = TRAINING_CSV.format(day=days_ago(2).isoformat()).encode()
        made = trainings_import(actor=world.staff_a, organisation=world.org_a, data=data)
        return f"/trainings/imports/{made.pk}/"
    return {
        "trainings": "/trainings/",
        "training_list_a": f"/trainings/{org}/",
        "training_new_a": f"/trainings/{org}/new/",
        "training_import_a": f"/trainings/{org}/import/",
    }[name]


TRAINING_CSV = (
    "trainer,date,audience,place,participants,units,rate,currency\n"
    "Tara,{day},Mirpur police station,Dhaka,20,2,25,USD\n"
)


def training_post(world: World, name: str) -> tuple[str, dict]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from seat.trainings.tests.helpers import days_ago, form_data

    org = world.org_a.pk
    if name == "training_record":
        return (f"/trainings/{org}/new/", form_data(world))
    data = TRAINING_CSV.format(day=days_ago(2).isoformat()).encode()
    return (f"/trainings/{org}/import/", {"file": SimpleUploadedFile("sessions.csv", data)})


# Opportunities -------------------------------------------------------------------------------


def opportunity_url(world: World, name: str) -> str:
    from seat.opportunities.tests.helpers import post

    org = world.org_a.pk
    if name == "opportunity_manage_a":
        return f"/opportunities/manage/{post(world).pk}/"
    if name == "opportunity_edit_a":
        return f"/opportunities/manage/{post(world).pk}/edit/"
    if name == "opportunity_see_a":
        return f"/opportunities/see/{post(world).pk}/"
    if name == "opportunity_draft_see_a":
        return f"/opportunities/see/{post(world, publish=False).pk}/"
    return {
        "opportunities": "/opportunities/",
        "opportunity_list_a": f"/opportunities/{org}/",
        "opportunity_new_a": f"/opportunities/{org}/new/",
        "opportunity_hires_a": f"/opportunities/{org}/hires/",
        "opportunity_mine": "/opportunities/mine/",
    }[name]


def opportunity_post(world: World, name: str) -> tuple[str, dict]:
    from seat.opportunities.services import application_submit
    from seat.opportunities.tests.helpers import days_ahead, form_data, post

    org = world.org_a.pk
    if name == "opportunity_apply":
        return (f"/opportunities/see/{post(world).pk}/", {"note": "I can help."})
    if name == "opportunity_post":
        return (f"/opportunities/{org}/new/", form_data())
    if name == "opportunity_close":
        return (f"/opportunities/manage/{post(world).pk}/status/", {"action": "close"})
    if name == "opportunity_hires":
        return (
            f"/opportunities/{org}/hires/",
            {"paid_roles": "1", "leadership_roles": "0", "counted_on": days_ahead(0).isoformat()},
        )
    application, _new = application_submit(expert=world.expert, opportunity=post(world))
    if name == "opportunity_move":
        return (f"/opportunities/applications/{application.pk}/", {"to": "shortlisted"})
    return (f"/opportunities/mine/{application.pk}/", {"to": "withdrawn"})
