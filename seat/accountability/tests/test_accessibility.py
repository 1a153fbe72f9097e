"""axe-core on every page of closing the loop: what awaits a response, her input, the outcome
reports (staff, reader, public), in English and, for her, in Bengali (right-to-left is covered
by the site-wide checks)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from seat.accountability.enums import Outcome
from seat.accountability.reports import report_create, report_send, report_translation_save
from seat.accountability.services import response_record
from seat.accounts.enums import Role
from seat.accounts.models import Organisation
from seat.tests.browser import PHONE, log_in
from seat.tests.browser.test_accessibility import check_pages, describe
from seat.tests.personas import (
    make_consultation,
    make_contribution,
    make_expert,
    make_invitation,
    make_member,
    make_org,
    make_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTS = {
    "heard": "Most people asked for evening sessions.",
    "changed": "Sessions now run in the evening.",
    "unchanged": "No childcare yet: the funder said no this year.",
    "next_steps": "We ask again in March.",
}


def test_closing_the_loop_pages_have_no_axe_violations(
    live_server, page: Page, browser: Browser
) -> None:
    organisation = make_org("Dhaka Freedom Network")
    Organisation.objects.filter(pk=organisation.pk).update(publishes_outcomes=True)
    staff = make_member("nadia", organisation, Role.STAFF)
    tara = make_expert("tara", "Tara")
    rosa = make_expert("rosa", "Rosa")
    consultation = make_consultation(staff, make_project(staff, organisation))
    answered = make_contribution(make_invitation(staff, consultation, tara, accept=True))
    make_contribution(make_invitation(staff, consultation, rosa, accept=True))
    # Five people took part: the report is on the public page.
    for name in ("mitra", "nadia", "sokha"):
        expert = make_expert(f"person-{name}", name.title())
        make_contribution(make_invitation(staff, consultation, expert, accept=True))
    response_record(
        actor=staff, contribution=answered, outcome=Outcome.UNDER_CONSIDERATION, reason="Soon."
    )
    report = report_create(actor=staff, consultation=consultation, language="en", **PARTS)
    report_translation_save(actor=staff, report=report, language="es", **PARTS)
    report_send(actor=staff, report=report)
    draft = report_create(actor=staff, consultation=consultation, language="en", **PARTS)
    base = live_server.url

    log_in(page, base, "nadia")
    found = check_pages(
        page,
        [
            ("input to answer", f"{base}/input/awaiting/"),
            ("new report", f"{base}/input/reports/consultations/{consultation.pk}/new/"),
            ("a sent report", f"{base}/input/reports/{report.pk}/"),
            ("a draft report", f"{base}/input/reports/{draft.pk}/"),
            ("consultation with its reports", f"{base}/projects/consultations/{consultation.pk}/"),
            ("you said, we did", f"{base}/you-said-we-did/{organisation.pk}/"),
            (
                "you said, we did: a report",
                f"{base}/you-said-we-did/{organisation.pk}/{report.pk}/",
            ),
        ],
    )
    context = browser.new_context(viewport=PHONE)
    phone = context.new_page()
    log_in(phone, base, "tara")
    found |= check_pages(
        phone,
        [
            ("my input", f"{base}/me/input/"),
            ("my contribution, under consideration", f"{base}/me/input/{answered.pk}/"),
            ("my reports", f"{base}/me/reports/"),
            ("my report", f"{base}/me/reports/{report.pk}/"),
            ("my report, in Spanish", f"{base}/me/reports/{report.pk}/?lang=es"),
        ],
    )
    context.close()
    assert not found, describe(found)
