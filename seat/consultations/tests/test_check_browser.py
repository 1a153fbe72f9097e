"""The quality check in the browser, without JavaScript, on a phone-sized screen (issue 9, "Done
when"): staff draft a poor consultation, see its findings and how to fix each, fix them, and open
it; the check kept with the opened version has no blockers. The draft's pages with findings pass
axe."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from seat.accounts.enums import Role
from seat.consultations.enums import ConsultationStatus
from seat.consultations.models import Consultation, ConsultationCheck
from seat.tests.browser import PHONE, axe_source, click_and_wait, log_in, visit
from seat.tests.browser.test_accessibility import axe_violations, describe
from seat.tests.personas import make_member, make_org, make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY_QUESTION = "Please describe the abuse you suffered."
BETTER_QUESTION = "What should the shelter change about how it welcomes people?"


def day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def test_staff_fix_a_poor_draft_without_javascript_and_open_it(
    live_server, browser: Browser
) -> None:
    organisation = make_org("Dhaka Freedom Network")
    make_member("nadia", organisation, Role.STAFF)
    project = make_project(make_member("omar", organisation, Role.STAFF), organisation)
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    main = page.get_by_role("main")

    # A poor draft: five days' notice, no pay, a question asking people to retell their abuse.
    log_in(page, base, "nadia")
    visit(page, f"{base}/projects/{project.pk}/consultations/new/")
    page.get_by_label("Title").fill("How should the shelter welcome people?")
    page.get_by_label("What it is for and what will change").fill(
        "We are writing the shelter's welcome and will change it where you advise us to."
    )
    page.get_by_label("Project stage").select_option("design")
    page.get_by_label("How finished the work is").select_option("concept")
    page.get_by_label("How much influence people will have").select_option("involve")
    page.get_by_label("Invitations go out on").fill(day(0))
    page.get_by_label("Last day to take part").fill(day(5))
    page.get_by_label("Expected hours").fill("1.5")
    page.get_by_label("Pay rate").fill("")
    page.get_by_label("English").check()
    page.get_by_label("Who survivors can ask for help").fill("Asha, our survivor-support worker")
    page.get_by_label("Questions, one per line").fill(STORY_QUESTION)
    click_and_wait(page, page.get_by_role("button", name="Save as draft"))

    # The findings, each with how to fix it, on the page JavaScript never touched.
    consultation = Consultation.objects.get()
    assert consultation.status == ConsultationStatus.DRAFT
    check = main.locator("#quality-check")
    expect(check).to_contain_text("Nothing is paid.")
    expect(check).to_contain_text("People get 5 days between the invitation and the last day")
    expect(check).to_contain_text("Question 1:")
    expect(check).to_contain_text("Stops opening")
    expect(check.get_by_role("link", name="Fix it").first).to_be_visible()
    expect(main.locator("#blocked")).to_be_visible()
    expect(main.get_by_role("button", name="Open for input")).to_have_count(0)

    # Fix each, beside its field on the edit page.
    click_and_wait(page, main.get_by_role("link", name="Change the draft"))
    expect(main.locator("#id_pay_rate_check")).to_contain_text("Nothing is paid.")
    # The summary at the top of the form links each finding to its field, as the page's does.
    pay_finding = check.locator("li", has_text="Nothing is paid.")
    pay_finding.get_by_role("link", name="Fix it").click()
    expect(page).to_have_url(f"{base}/projects/consultations/{consultation.pk}/edit/#id_pay_rate")
    expect(main.locator("#id_deadline_check")).to_contain_text("give them at least 14")
    expect(main.locator("#id_questions_check")).to_contain_text("Question 1:")
    page.get_by_label("Last day to take part").fill(day(21))
    page.get_by_label("Pay rate").fill("30.00")
    page.get_by_label("Pay unit").select_option("hour")
    page.get_by_label("How people are paid").select_option("cash")
    page.get_by_label("Questions, one per line").fill(BETTER_QUESTION)
    click_and_wait(page, page.get_by_role("button", name="Save changes"))

    expect(check).not_to_contain_text("Nothing is paid.")
    expect(check).not_to_contain_text("People get")
    expect(check).not_to_contain_text("Question 1:")
    expect(main.locator("#blocked")).to_have_count(0)
    click_and_wait(page, main.get_by_role("button", name="Open for input"))
    context.close()

    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.OPEN
    kept = ConsultationCheck.objects.get(consultation=consultation)
    assert (kept.trigger, kept.blockers) == (ConsultationCheck.Trigger.PUBLISH, 0)
    assert [f for f in kept.findings if f["severity"] == "blocker"] == []


def test_a_draft_showing_its_findings_passes_axe(live_server, browser: Browser) -> None:
    from seat.tests.personas import make_consultation

    organisation = make_org("Dhaka Freedom Network")
    staff = make_member("nadia", organisation, Role.STAFF)
    project = make_project(staff, organisation)
    draft = make_consultation(
        staff,
        project,
        publish=False,
        pay_rate=None,
        deadline=timezone.localdate() + datetime.timedelta(days=5),
        questions=[STORY_QUESTION],
    )
    base = live_server.url
    # axe-core needs JavaScript: the draft's pages, checked in a context that has it.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, base, "nadia")
    found = {}
    for name, url in [
        ("draft", f"/projects/consultations/{draft.pk}/"),
        ("edit", f"/projects/consultations/{draft.pk}/edit/"),
    ]:
        visit(page, base + url)
        expect(page.locator("#quality-check")).to_contain_text("Nothing is paid.")
        found[name] = axe_violations(page, axe_source())
    context.close()
    assert not any(found.values()), describe(found)


def test_the_live_check_keeps_a_link_from_each_finding_to_its_field(
    live_server, browser: Browser
) -> None:
    """With JavaScript the summary is redrawn as she types; its links stay, and pass axe."""
    organisation = make_org("Dhaka Freedom Network")
    project = make_project(make_member("nadia", organisation, Role.STAFF), organisation)
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, base, "nadia")
    visit(page, f"{base}/projects/{project.pk}/consultations/new/")
    page.get_by_label("Title").fill("How should the shelter welcome people?")
    check = page.locator("#quality-check")
    expect(check).to_contain_text("Nothing is paid.")
    link = check.locator("li", has_text="Nothing is paid.").get_by_role("link", name="Fix it")
    expect(link).to_have_attribute("href", "#id_pay_rate")
    violations = axe_violations(page, axe_source())
    context.close()
    assert not violations, describe({"live check": violations})
