"""The role×URL matrix for the roles test_permissions.py does not log in as, and rows for the
routes its matrices did not reach.

Three more people: a facilitator of organisation A (the role a survivor-led organisation's
facilitator holds, here in A), a survivor advisor of A (an expert A asked, who said yes), and
the platform operator (is_staff and is_superuser, second factor verified, in no organisation).
Expert B is test_permissions' ``other_expert`` (Rosa, who works with organisation B).

Every row of test_permissions' GET_MATRIX and POST_MATRIX must have a row here too
(MORE_GET / MORE_POST), so a route added there without deciding these roles' answers fails.
Each (row, person) runs in a savepoint rolled back after it: one world serves a whole matrix,
which keeps ~1,000 requests to a few minutes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from seat.tests import test_permissions as matrix
from seat.tests.personas import World, verify_second_factor

# The fixture `more` (seat/conftest.py) adds these people to the world.
MORE_PEOPLE = ["facilitator_a", "advisor_a", "operator"]
ALL_PEOPLE = [*matrix.PEOPLE, *MORE_PEOPLE]


def login(client: Client, world: World, who: str) -> None:
    if who == "operator":
        verify_second_factor(client, world.operator)  # type: ignore[attr-defined]
    elif who in MORE_PEOPLE:
        client.force_login(getattr(world, who))
    else:
        matrix.login(client, world, who)


def rolled_back(world: World, act: Callable[[], Any]) -> Any:
    """``act``'s answer, with everything it made or changed undone (the world too)."""
    kept = dict(vars(world))
    with transaction.atomic():
        answer = act()
        transaction.set_rollback(True)
    vars(world).clear()
    vars(world).update(kept)
    return answer


# --- Rows for routes test_permissions' matrices did not reach --------------------------------


def assessment_round_of_a(world: World):
    from seat.assessment.services import round_open

    if not hasattr(world, "round_a"):
        world.round_a = round_open(actor=world.staff_a, organisation=world.org_a, title="R")  # type: ignore[attr-defined]
    return world.round_a  # type: ignore[attr-defined]


def rejected_rows_of_a(world: World):
    from seat.trainings.services import trainings_import

    data = b"trainer,date,audience,place,participants,units,rate,currency\nTara,not-a-date,,,,,,\n"
    return trainings_import(actor=world.staff_a, organisation=world.org_a, data=data)


def url_for(world: World, name: str) -> str:
    org = world.org_a.pk
    if name == "training_rejected_a":
        return f"/trainings/imports/{rejected_rows_of_a(world).pk}/rejected.csv"
    if name == "assessment_results_pdf_a":
        return f"/assessment/rounds/{assessment_round_of_a(world).pk}/results.pdf"
    if name == "payment_record_collective_a":
        collective = matrix.partners_of(world).collective
        return f"/payments/record/{world.consultation.pk}/collective/{collective.pk}/"
    return {
        "home": "/",
        "account_security": "/accounts/security/",
        "two_factor": "/accounts/two-factor/",
        "two_factor_setup": "/accounts/two-factor/setup/",
        "member_invitation_form": "/accounts/invitation/",
        "member_invitation_link": "/accounts/invitation/no-such-code/",
        "organisations": "/organisation/",
        "my_contribute": f"/me/invitations/{world.invitation.pk}/contribute/",
        "join_link": "/join/no-such-code/",
        "training_template_a": f"/trainings/{org}/import/columns.csv",
    }.get(name) or matrix.url_for(world, name)


def post_request(world: World, name: str) -> tuple[str, dict]:
    c = world.consultation
    some = uuid.uuid4()
    if name == "advance_payment":
        return (f"/payments/{matrix.payment_of_a(world).pk}/advance/", {"from": "owed"})
    if name == "edit_opportunity":
        return (matrix.url_for(world, "opportunity_edit_a"), {})
    if name == "accept_addressed_invitation":
        return (matrix.url_for(world, "addressed_invitation"), {})
    if name == "record_collective_payment":
        return (url_for(world, "payment_record_collective_a"), {})
    if name == "assessment_answer":
        found = assessment_round_of_a(world)
        domain = found.framework.domains.order_by("position").first()
        return (f"/assessment/rounds/{found.pk}/answer/{domain.key}/", {})
    if name == "create_consultation":
        from seat.consultations.tests.test_views import consultation_form

        return (f"/projects/{world.project.pk}/consultations/new/", consultation_form())
    return {
        "dismiss_notice": (f"/accounts/notices/{some}/dismiss/", {}),
        "keep_draft": ("/accounts/drafts/", {}),
        "discard_draft": (f"/accounts/drafts/{some}/discard/", {}),
        "two_factor_code": ("/accounts/two-factor/", {"token": "000000"}),
        "two_factor_setup_code": ("/accounts/two-factor/setup/", {"token": "000000"}),
        "member_invitation_code": ("/accounts/invitation/", {"code": "no-such-code"}),
        "notification_choices": ("/me/notifications/", {}),
        "answer_invitation": (f"/me/invitations/{world.invitation.pk}/", {"answer": "decline"}),
        "contribute": (f"/me/invitations/{world.invitation.pk}/contribute/", {}),
        "consent_save": ("/me/consent/", {}),
        "private_details_save": ("/me/private-details/", {}),
        "join_organisation": ("/me/organisations/", {"code": "no-such-code"}),
        "join_with_code": ("/join/", {"code": "no-such-code"}),
        "join_reset_with_code": ("/join/reset/", {"code": "no-such-code"}),
        "create_project": ("/projects/new/", {"title": "New", "summary": "", "stage": "design"}),
        "close_consultation": (f"/projects/consultations/{c.pk}/close/", {}),
        "awaiting_post": ("/input/awaiting/", {}),
        "record_work_payment": (f"/payments/work/{world.org_a.pk}/", {}),
        "assessment_open_round": ("/assessment/", {"title": "Spring"}),
        "advisors_post": ("/assessment/advisors/", {}),
    }.get(name) or matrix.post_request(world, name)


# Expected GET status for each person, in ALL_PEOPLE order (test_permissions' eight, then
# the facilitator, the advisor and the operator of MORE_PEOPLE).
GET_MATRIX: dict[str, list[int]] = {
    # Home: a welcome for anonymous, her own page for an expert or advisor, staff to their work.
    "home": [200, 302, 302, 302, 302, 302, 200, 200, 302, 200, 200],
    # Second factors are for staff, admins and the operator; experts are never asked.
    "account_security": [302, 200, 200, 200, 200, 200, 403, 403, 200, 403, 200],
    "two_factor": [302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "two_factor_setup": [302, 200, 200, 200, 200, 200, 403, 403, 200, 403, 200],
    # Joining an organisation by code: a form for anyone; a code is kept in the session.
    "member_invitation_form": [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "member_invitation_link": [302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302],
    # The organisations index takes an admin to hers; nobody else runs one.
    "organisations": [302, 302, 403, 403, 403, 403, 403, 403, 403, 403, 403],
    "my_contribute": [302, 404, 404, 404, 404, 404, 302, 404, 404, 404, 404],
    "join_link": [302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302],
    # Trainer deployments: A's managers import; finance reads the rejected rows (it pays).
    "training_template_a": [302, 200, 200, 403, 403, 404, 404, 404, 403, 403, 404],
    "training_rejected_a": [302, 200, 200, 200, 403, 404, 404, 404, 403, 403, 404],
    # Assessment results: every member of A, the advisor included; nobody outside.
    "assessment_results_pdf_a": [302, 200, 200, 200, 200, 404, 404, 404, 200, 200, 404],
    # Paying a collective (here one with nothing recorded for A yet): not there, or the wrong role.
    "payment_record_collective_a": [302, 404, 404, 404, 403, 404, 404, 404, 403, 404, 404],
}
# Expected POST status; forms are empty or wrong where the row is about who is let in: those let
# in get the form back with its errors (200 or 400), nothing saved.
POST_MATRIX: dict[str, list[int]] = {
    # One's own notices and drafts only: another id is not there.
    "dismiss_notice": [302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    # An empty draft is bad input for anyone, before anything else is looked at.
    "keep_draft": [400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400],
    "discard_draft": [302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    # A wrong code: the form again.
    "two_factor_code": [302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    "two_factor_setup_code": [302, 200, 200, 200, 200, 200, 403, 403, 200, 403, 200],
    "member_invitation_code": [302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302],
    # Only the account the invitation names (staff of B) answers it.
    "accept_addressed_invitation": [302, 404, 404, 404, 404, 302, 404, 404, 404, 404, 404],
    "notification_choices": [302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302],
    # Her invitation, already answered: only she gets the page back.
    "answer_invitation": [302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404],
    "contribute": [302, 404, 404, 404, 404, 404, 302, 404, 404, 404, 404],
    # Her own consent, details and organisations: experts and advisors only, each her own.
    "consent_save": [302, 404, 404, 404, 404, 404, 200, 200, 404, 200, 404],
    "private_details_save": [302, 404, 404, 404, 404, 404, 302, 302, 404, 302, 404],
    "join_organisation": [302, 404, 404, 404, 404, 404, 200, 200, 404, 200, 404],
    # A wrong code: the form again, for anyone; a signed-in expert joins from her own page.
    "join_with_code": [200, 200, 200, 200, 200, 200, 302, 302, 200, 302, 200],
    "join_reset_with_code": [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    # Forms with errors (200) for those let in; refused before the form for the rest.
    "create_project": [302, 200, 200, 403, 403, 200, 403, 403, 403, 403, 403],
    "create_consultation": [302, 302, 302, 403, 403, 404, 404, 404, 403, 404, 404],
    "close_consultation": [302, 302, 302, 403, 403, 404, 404, 404, 403, 404, 404],
    "awaiting_post": [302, 200, 200, 403, 200, 200, 403, 403, 200, 403, 403],
    # Paying a collective with nothing recorded: not there, or the wrong role.
    "record_collective_payment": [302, 404, 404, 404, 403, 404, 404, 404, 403, 404, 404],
    "record_work_payment": [302, 200, 200, 200, 403, 404, 404, 404, 403, 403, 404],
    "advance_payment": [302, 302, 403, 302, 403, 404, 404, 404, 403, 404, 404],
    "edit_opportunity": [302, 200, 200, 403, 403, 404, 404, 404, 403, 403, 404],
    # Assessment: managers of an organisation open rounds and ask advisors.
    "assessment_open_round": [302, 200, 200, 403, 403, 200, 403, 403, 403, 403, 403],
    "assessment_answer": [302, 200, 200, 200, 200, 404, 404, 404, 200, 200, 404],
    "advisors_post": [302, 200, 200, 403, 403, 200, 403, 403, 403, 403, 403],
}

# Expected status for MORE_PEOPLE, for each row of test_permissions' GET_MATRIX and POST_MATRIX.
MORE_GET: dict[str, list[int]] = {
    # A's facilitator reads A's engagement as a viewer does (ENGAGEMENT_ROLES) and changes nothing;
    # the advisor reads only her own pages and A's figures; the operator, in no organisation,
    # finds organisations' pages not there (404) and role-gated lists refused (403).
    "projects": [200, 403, 403],
    "project_new": [403, 403, 403],
    "project_a": [200, 404, 404],
    "consultation_new_a": [403, 404, 404],
    "consultation_a": [200, 404, 404],
    "project_edit_a": [403, 404, 404],
    "project_delete_a": [403, 404, 404],
    "consultation_edit_a": [403, 404, 404],
    "consultation_delete_a": [403, 404, 404],
    "consultation_cancel_a": [403, 404, 404],
    "plan_new_a": [403, 404, 404],
    "plan_edit_a": [403, 404, 404],
    "plan_delete_a": [403, 404, 404],
    "consultation_translation_a": [403, 404, 404],
    "contribution_a": [200, 404, 404],
    "input_awaiting": [200, 403, 403],
    "record_payment_a": [403, 404, 404],
    "payment_work_a": [403, 403, 404],
    "payments": [403, 403, 403],
    "payment_a": [403, 404, 404],
    "payment_receipt_a": [403, 404, 404],
    "payments_history": [403, 403, 403],
    "payments_csv": [403, 403, 403],
    "payments_xlsx": [403, 403, 403],
    "my_home": [404, 200, 404],
    "my_invitation": [404, 404, 404],
    "my_invitation_listen": [404, 404, 404],
    "my_contribution": [404, 404, 404],
    "my_input": [404, 200, 404],
    "my_consent": [404, 200, 404],
    "my_sms": [404, 200, 404],
    "my_details": [404, 200, 404],
    "my_about_you": [404, 200, 404],
    "my_earnings": [404, 200, 404],
    "my_earnings_csv": [404, 200, 404],
    "my_earnings_pdf": [404, 200, 404],
    "my_advisor_request": [404, 404, 404],
    "people": [403, 403, 403],
    "join": [200, 302, 200],
    "join_reset": [200, 200, 200],
    "my_organisations": [404, 200, 404],
    "my_inbox": [200, 200, 200],
    "my_notification_choices": [200, 200, 200],
    "my_tokens": [200, 200, 200],
    "organisation_a": [403, 403, 404],
    "organisation_invite_a": [403, 403, 404],
    "organisation_settings_a": [403, 403, 404],
    "rates": [403, 403, 403],
    "rate_cards_a": [403, 403, 404],
    "rate_card_a": [403, 403, 404],
    "addressed_invitation": [404, 404, 404],
    "partner_outcomes": [403, 403, 403],
    "partner_collective": [404, 404, 404],
    "partner_capture_a": [404, 404, 404],
    "partner_sessions": [403, 403, 403],
    "partner_session_a": [404, 404, 404],
    "partners": [403, 403, 403],
    "partner_request": [404, 404, 404],
    "partner_answer": [404, 404, 404],
    "trainings": [403, 403, 403],
    "training_list_a": [403, 403, 404],
    "training_new_a": [403, 403, 404],
    "training_import_a": [403, 403, 404],
    "training_session_a": [403, 403, 404],
    "training_report_a": [403, 403, 404],
    "opportunities": [403, 200, 403],
    "opportunity_list_a": [403, 403, 404],
    "opportunity_new_a": [403, 403, 404],
    "opportunity_hires_a": [403, 403, 404],
    "opportunity_manage_a": [403, 403, 404],
    "opportunity_edit_a": [403, 403, 404],
    "opportunity_see_a": [404, 200, 404],
    "opportunity_draft_see_a": [404, 404, 404],
    "opportunity_mine": [404, 200, 404],
    "insights_csv_a": [200, 200, 404],
    "insights_xlsx_a": [200, 200, 404],
    "insights_api_a": [200, 200, 404],
    "insights": [302, 302, 403],
    "insights_a": [200, 200, 404],
    "insights_report_a": [200, 200, 404],
    "insights_pdf_a": [200, 200, 404],
    "my_figures_a": [404, 200, 404],
    "healthz": [200, 200, 200],
    "readyz": [200, 200, 200],
    "metrics": [404, 404, 404],
    # Account pages are everyone's own; the audit log is for A's admins (a member of A in another
    # role: 403); her data pages are an expert's own (the advisor is one).
    "organisation_audit_a": [403, 403, 404],
    "my_sessions": [200, 200, 200],
    "my_password": [200, 200, 200],
    # Recovery codes are for those with an authenticator: the facilitator is sent to set one up,
    # the advisor (an expert, no second step) is refused, the operator has one.
    "recovery_codes": [302, 403, 200],
    "security_txt": [404, 404, 404],
    "my_data": [404, 200, 404],
    "my_data_json": [404, 200, 404],
    "my_data_pdf": [404, 200, 404],
    "my_data_erase": [404, 200, 404],
}
MORE_POST: dict[str, list[int]] = {
    # Nobody of these three changes anything of A's; the advisor acts only on her own pages.
    "sms_inbound": [403, 403, 403],
    "healthz": [405, 405, 405],
    "readyz": [405, 405, 405],
    "metrics": [404, 404, 404],
    "sms_enrol": [404, 302, 404],
    "save_about_you": [404, 302, 404],
    "delete_about_you": [404, 302, 404],
    "publish": [403, 404, 404],
    "publish_over_blockers": [403, 404, 404],
    "check_new_consultation": [403, 404, 404],
    "check_consultation": [403, 404, 404],
    "invite": [403, 404, 404],
    "respond": [403, 404, 404],
    "record_payment": [403, 404, 404],
    "approve_payment": [403, 404, 404],
    "pay_payment": [403, 404, 404],
    "pay_payments_bulk": [403, 403, 403],
    "cancel_payment": [403, 404, 404],
    "correct_payment": [403, 404, 404],
    "answer_advisor_request": [404, 404, 404],
    "make_join_code": [403, 403, 404],
    "withdraw_join_code": [403, 403, 404],
    "make_reset_code": [403, 403, 404],
    "open_her_message": [404, 404, 404],
    "invite_member": [403, 403, 404],
    "change_member_role": [403, 403, 404],
    "remove_member": [403, 403, 404],
    "cancel_member_invitation": [403, 403, 404],
    "decline_addressed_invitation": [404, 404, 404],
    "edit_project": [403, 404, 404],
    "delete_project": [403, 404, 404],
    "edit_consultation": [403, 404, 404],
    "delete_consultation": [403, 404, 404],
    "cancel_consultation": [403, 404, 404],
    "translate_consultation": [403, 404, 404],
    "change_organisation_settings": [403, 403, 404],
    "add_rate_card": [403, 403, 404],
    "change_rate_card": [403, 403, 404],
    "remove_rate_card": [403, 403, 404],
    "create_plan": [403, 404, 404],
    "edit_plan": [403, 404, 404],
    "delete_plan": [403, 404, 404],
    "make_api_token": [200, 200, 200],
    "revoke_her_api_token": [404, 404, 404],
    "partner_pass_on": [404, 404, 404],
    "partner_told_her": [404, 404, 404],
    "partner_collective_input": [404, 404, 404],
    "capture_session_a": [404, 404, 404],
    "ask_partner": [403, 404, 404],
    "withdraw_partner_request": [403, 404, 404],
    "decide_partner_request": [404, 404, 404],
    "forward_partner_request": [404, 404, 404],
    "answer_for_member": [404, 404, 404],
    "training_record": [403, 403, 404],
    "training_import": [403, 403, 404],
    "opportunity_apply": [404, 302, 404],
    "opportunity_post": [403, 403, 404],
    "opportunity_close": [403, 403, 404],
    "opportunity_move": [403, 403, 404],
    "opportunity_hires": [403, 403, 404],
    "opportunity_withdraw": [404, 404, 404],
    "security_txt": [405, 405, 405],
    "end_her_session": [404, 404, 404],  # the expert's session: nobody else's to end
    "end_other_sessions": [302, 302, 302],
    "change_password": [302, 302, 302],
    "make_recovery_codes": [302, 403, 200],
    "post_organisation_audit": [405, 405, 405],
    "my_data": [405, 405, 405],
    "my_data_json": [405, 405, 405],
    "my_data_pdf": [405, 405, 405],
    "my_data_erase": [404, 200, 404],  # only an expert erases, and only her own account
}


def answer_of(client: Client, world: World, who: str, method: str, name: str) -> int:
    """The status ``who`` gets, with what the row and the request made undone after."""

    def act() -> int:
        login(client, world, who)
        if method == "get":
            response = client.get(url_for(world, name))
        else:
            url, data = post_request(world, name)
            response = client.post(url, data)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            body = response.content.decode()
            # Organisation B's words never reach anyone else; Tara's real name, nobody new.
            assert "B's private input" not in body and "B&#x27;s private input" not in body
            if who in MORE_PEOPLE:
                assert "Tahmina" not in body, (who, name)
        client.logout()
        return response.status_code

    return rolled_back(world, act)


def observed(world: World, method: str, rows: dict[str, list[int]], people: list[str]):
    from django.core.cache import caches

    got = {}
    for name in rows:
        got[name] = []
        for who in people:
            for alias in ("default", "axes"):
                caches[alias].clear()  # no lockout or rate limit carried from row to row
            got[name].append(answer_of(Client(), world, who, method, name))
    return got


@pytest.mark.django_db
def test_new_rows_get(more):
    assert observed(more, "get", GET_MATRIX, ALL_PEOPLE) == GET_MATRIX


@pytest.mark.django_db
def test_new_rows_post(more):
    assert observed(more, "post", POST_MATRIX, ALL_PEOPLE) == POST_MATRIX


@pytest.mark.django_db
def test_more_roles_get(more):
    assert set(MORE_GET) == set(matrix.GET_MATRIX), "each GET row needs these roles' answers"
    assert observed(more, "get", MORE_GET, MORE_PEOPLE) == MORE_GET


@pytest.mark.django_db
def test_more_roles_post(more):
    assert set(MORE_POST) == set(matrix.POST_MATRIX), "each POST row needs these roles' answers"
    assert observed(more, "post", MORE_POST, MORE_PEOPLE) == MORE_POST
