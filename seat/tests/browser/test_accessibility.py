"""Accessibility: axe-core finds no WCAG 2.2 A/AA violations, and the keyboard path is right.

axe-core is a test-only npm package (``package.json`` at the repository root; ``npm ci``). It is
injected with ``page.evaluate`` because the strict Content-Security-Policy blocks added script
tags. axe cannot judge everything, so the keyboard test walks the top of a page by hand.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language_info
from playwright.sync_api import Browser, Page, expect

from seat.accountability.enums import Outcome
from seat.accountability.services import response_record
from seat.accounts.enums import Role
from seat.accounts.models import User
from seat.compensation.services import payment_record
from seat.consultations.models import Consultation, Contribution, Invitation, Project
from seat.tests.browser import PHONE, WCAG_TAGS, axe_source, click_and_wait, log_in, visit
from seat.tests.personas import (
    make_advisor,
    make_consultation,
    make_contribution,
    make_expert,
    make_invitation,
    make_link,
    make_member,
    make_org,
    make_plan,
    make_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RUN_AXE = """async tags => {
  const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
  const result = await axe.run(document, options);
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.join(" "), html: n.html, summary: n.failureSummary,
    })),
  }));
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {
    text: el.textContent.trim(),
    href: el.getAttribute("href"),
    exit: el.hasAttribute("data-quick-exit"),
    inMain: !!el.closest("main"),
    onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
      && box.right <= innerWidth,
    outline: style.outlineStyle + " " + style.outlineWidth,
  };
}"""


def axe_violations(page: Page, source: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def describe(found: dict[str, list[dict]]) -> str:
    """One readable block per page: rule, impact, what to do, and where."""
    lines = []
    for name, violations in found.items():
        lines.append(f"\n== {name}: {len(violations)} rule(s) violated")
        for v in violations:
            lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
            for node in v["nodes"][:5]:
                lines.append(f"      at {node['target']}: {node['html'][:160]}")
                lines.append("         " + node["summary"].replace("\n", "\n         "))
            if len(v["nodes"]) > 5:
                lines.append(f"      ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def check_pages(page: Page, pages: list[tuple[str, str]]) -> dict[str, list[dict]]:
    """Run axe on each page; a page named "not found ..." must answer 404, the others 200."""
    source = axe_source()
    found = {}
    for name, url in pages:
        visit(page, url, status=404 if name.startswith("not found") else 200)
        violations = axe_violations(page, source)
        if violations:
            found[f"{name} ({url})"] = violations
    return found


@dataclass
class Scene:
    """One organisation's loop in every state a page can show."""

    project: Project
    consultation: Consultation
    pending: Invitation
    accepted: Invitation
    answered: Contribution
    unanswered: Contribution


def make_scene() -> Scene:
    organisation = make_org("Dhaka Freedom Network")
    staff = make_member("nadia", organisation, Role.STAFF)
    tara = make_expert("tara", "Tara", identity={"legal_name": "T. Example", "phone": "+880 1711"})
    rosa = make_expert("rosa", "Rosa")
    project = make_project(staff, organisation)
    # The invitation with everything it can say: a content note, and a question about what
    # happened to her, marked, that an admin opened over the quality check.
    admin = make_member("parveen", organisation, Role.ADMIN)
    waiting = make_consultation(
        staff,
        project,
        override_by=admin,
        title="Which words should the campaign avoid?",
        content_note="The questions mention forced work and debt.",
        questions=["Which words hurt?", "Please describe the abuse you suffered."],
    )
    pending = make_invitation(staff, waiting, tara)
    to_answer = make_consultation(staff, project, title="What should the helpline say first?")
    accepted = make_invitation(staff, to_answer, tara, accept=True)
    consultation = make_consultation(staff, project)
    answered = make_contribution(make_invitation(staff, consultation, tara, accept=True))
    response_record(
        actor=staff,
        contribution=answered,
        outcome=Outcome.PARTLY_ADOPTED,
        reason="The fee limits are now in module one.",
    )
    payment_record(
        actor=staff,
        contribution=answered,
        units=Decimal("2"),
        unit="hour",
        rate=Decimal("25.00"),
        expenses_travel=Decimal("5.00"),
        currency="USD",
        due_on=timezone.localdate() + timezone.timedelta(days=30),
    )
    unanswered = make_contribution(make_invitation(staff, consultation, rosa, accept=True))
    make_consultation(staff, project, publish=False, title="A draft about shelters")
    # The project page then shows each flag: design asked without a plan, implementation planned
    # with nobody asked yet, evaluation with nothing.
    make_plan(staff, project, "implementation", survivor_led=True)
    return Scene(project, consultation, pending, accepted, answered, unanswered)


def test_public_pages_have_no_axe_violations(live_server, page: Page) -> None:
    base = live_server.url
    found = check_pages(
        page,
        [
            ("welcome, logged out", f"{base}/"),
            ("login", f"{base}/accounts/login/"),
            ("language", f"{base}/language/?next=/"),
            ("not found", f"{base}/no-such-page/"),
        ],
    )
    assert not found, describe(found)


def test_expert_pages_have_no_axe_violations(live_server, browser: Browser) -> None:
    scene = make_scene()
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, base, "tara")
    found = check_pages(
        page,
        [
            ("expert home", f"{base}/"),
            ("invitation", f"{base}/me/invitations/{scene.pending.pk}/"),
            ("contribute", f"{base}/me/invitations/{scene.accepted.pk}/contribute/"),
            ("my contribution, answered and paid", f"{base}/me/input/{scene.answered.pk}/"),
            ("consent", f"{base}/me/consent/"),
            ("private details", f"{base}/me/private-details/"),
            ("about you", f"{base}/me/about-you/"),
            ("messages", f"{base}/me/inbox/"),
            ("how Seat tells you", f"{base}/me/notifications/"),
            ("not found, logged in", f"{base}/me/invitations/{uuid.uuid4()}/"),
            ("my earnings", f"{base}/me/earnings/"),
        ],
    )
    # Her statement's tables reflow on a phone: nothing to scroll sideways.
    visit(page, f"{base}/me/earnings/")
    expect(page.locator("table.stack")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # A period back to front: the form says so (400), next to the field.
    visit(page, f"{base}/me/earnings/?from=2026-03-31&to=2026-03-01", status=400)
    expect(page.locator(".field.has-error")).to_have_count(1)
    violations = axe_violations(page, axe_source())
    if violations:
        found["my earnings, a period back to front"] = violations
    # The same pages after a mistake: errors are shown next to the fields.
    visit(page, f"{base}/me/invitations/{scene.pending.pk}/")
    expect(page.locator("#content-note")).to_contain_text("forced work and debt")
    expect(page.locator("ol li").nth(1)).to_contain_text("(asks about what you went through)")
    expect(page.locator("#promises")).to_contain_text("You never have to answer them.")
    page.get_by_role("radio", name="Yes, I will take part").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator(".field.has-error")).to_have_count(1)
    violations = axe_violations(page, axe_source())
    if violations:
        found["invitation with an error"] = violations
    # The choice of channels with a mistake: e-mail ticked, no address.
    visit(page, f"{base}/me/notifications/")
    page.get_by_label("E-mail address").fill("")
    page.get_by_label("Also tell me by e-mail").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".field.has-error")).to_have_count(1)
    violations = axe_violations(page, axe_source())
    if violations:
        found["how Seat tells you, with an error"] = violations
    context.close()
    assert not found, describe(found)


@pytest.mark.parametrize(
    "language", [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
)
def test_expert_pages_have_no_axe_violations_in_every_language(
    live_server, browser: Browser, language: str
) -> None:
    """Her pages in each language the picker offers: the document says its language and, for
    Arabic, runs right to left; axe finds nothing (contrast, names, structure) in any of them."""
    from seat.accounts.models import User

    scene = make_scene()
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, base, "tara")
    # The account's language applies from the next page on.
    User.objects.filter(username="tara").update(language=language)
    found = check_pages(
        page,
        [
            ("expert home", f"{base}/"),
            ("invitation", f"{base}/me/invitations/{scene.pending.pk}/"),
            ("contribute", f"{base}/me/invitations/{scene.accepted.pk}/contribute/"),
            ("my contribution, answered and paid", f"{base}/me/input/{scene.answered.pk}/"),
            ("consent", f"{base}/me/consent/"),
            ("my earnings", f"{base}/me/earnings/"),
        ],
    )
    expect(page.locator("html")).to_have_attribute("lang", language)
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    expect(page.locator("html")).to_have_attribute("dir", direction)
    context.close()
    assert not found, describe(found)


def test_staff_pages_have_no_axe_violations(live_server, page: Page) -> None:
    scene = make_scene()
    base = live_server.url
    log_in(page, base, "nadia")
    found = check_pages(
        page,
        [
            ("project list", f"{base}/projects/"),
            ("new project", f"{base}/projects/new/"),
            ("project", f"{base}/projects/{scene.project.pk}/"),
            ("new consultation", f"{base}/projects/{scene.project.pk}/consultations/new/"),
            ("new engagement plan", f"{base}/projects/{scene.project.pk}/plans/new/"),
            ("consultation", f"{base}/projects/consultations/{scene.consultation.pk}/"),
            ("contribution, answered and paid", f"{base}/input/{scene.answered.pk}/"),
            ("contribution, needs a response", f"{base}/input/{scene.unanswered.pk}/"),
            (
                "record a payment",
                f"{base}/payments/record/{scene.consultation.pk}/{scene.unanswered.expert_id}/",
            ),
            (
                "pay for other work",
                f"{base}/payments/work/{scene.project.organisation_id}/",
            ),
            ("two-factor setup", f"{base}/accounts/two-factor/setup/"),
            ("not found, staff", f"{base}/me/input/{scene.answered.pk}/"),
        ],
    )
    # The consultation form sent empty: every error is shown and announced.
    visit(page, f"{base}/projects/{scene.project.pk}/consultations/new/")
    # As a browser that ignores `required` would send it.
    page.eval_on_selector("main form", "form => { form.noValidate = true; }")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".field.has-error").first).to_be_visible()
    violations = axe_violations(page, axe_source())
    if violations:
        found["new consultation with errors"] = violations
    # The plan form sent with its end before its start: the error is shown and announced.
    visit(page, f"{base}/projects/{scene.project.pk}/plans/new/?stage=evaluation")
    start = timezone.localdate() + timezone.timedelta(days=400)
    page.get_by_label("Planned start").fill(start.isoformat())
    page.get_by_label("Planned end").fill((start - timezone.timedelta(days=30)).isoformat())
    page.get_by_label("How survivors give input").select_option("survey")
    page.get_by_label("Who leads").fill("Programme officer")
    page.get_by_label("Budget for survivor input at this stage").fill("0")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".field.has-error")).to_have_count(1)
    violations = axe_violations(page, axe_source())
    if violations:
        found["new engagement plan with errors"] = violations
    assert not found, describe(found)


def test_keyboard_reaches_skip_link_then_quick_exit(live_server, browser: Browser) -> None:
    make_expert("tara", "Tara")
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, base, "tara")
    visit(page, f"{base}/")

    def focused() -> dict:
        return page.evaluate(FOCUSED)

    page.keyboard.press("Tab")
    skip = focused()
    assert (skip["text"], skip["href"], skip["onScreen"]) == ("Skip to main content", "#main", True)
    page.keyboard.press("Tab")
    exit_control = focused()
    assert exit_control["exit"], exit_control
    assert (exit_control["text"], exit_control["onScreen"]) == ("Quick exit", True)
    assert exit_control["outline"] == "solid 3px", "the focused quick exit shows a focus ring"

    # The skip link moves on to the page's own content.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused()["inMain"], focused()
    context.close()


def test_axe_reports_a_planted_violation(live_server, page: Page) -> None:
    """The checker itself works: a page with an unlabelled field fails."""
    visit(page, f"{live_server.url}/accounts/login/")
    page.evaluate("document.querySelector('label[for=id_username]').remove()")
    violations = axe_violations(page, axe_source())
    assert [v["id"] for v in violations] == ["label"], json.dumps(violations, indent=1)


def test_assessment_pages_have_no_axe_violations(live_server, browser: Browser) -> None:
    from seat.assessment import services as assessment
    from seat.assessment.models import Indicator

    organisation = make_org("Dhaka Freedom Network")
    staff = make_member("nadia", organisation, Role.STAFF)
    advisor = make_expert("tara", "Tara").user
    make_advisor(advisor, organisation)
    first = assessment.round_open(actor=staff, organisation=organisation, title="Baseline")
    indicators = list(Indicator.objects.filter(domain__framework=first.framework))
    assessment.ratings_save(
        actor=staff, assessment_round=first, answers={i.key: (3, "") for i in indicators}
    )
    assessment.ratings_save(
        actor=advisor, assessment_round=first, answers={i.key: (1, "") for i in indicators[:20]}
    )
    assessment.round_close(actor=staff, assessment_round=first)
    action = assessment.action_from_gap(
        actor=staff, assessment_round=first, indicator=indicators[0]
    )
    second = assessment.round_open(actor=staff, organisation=organisation, title="Review")
    domain = second.framework.domains.order_by("position").first()
    # Another organisation asks her too; she has not answered yet.
    other = make_org("Coastal Shelter Trust")
    omar = make_member("omar", other, Role.STAFF)
    make_link(omar, advisor.expert_profile, other)
    asking = assessment.advisor_ask(
        actor=omar,
        organisation=other,
        expert=advisor.expert_profile,
    )
    accepted = advisor.expert_profile.advisor_requests.get(organisation=organisation)
    base = live_server.url

    context = browser.new_context(viewport=PHONE)
    phone = context.new_page()
    log_in(phone, base, "tara")
    found = check_pages(
        phone,
        [
            ("advisor home", f"{base}/"),
            ("round to answer", f"{base}/assessment/rounds/{second.pk}/"),
            ("answer a domain", f"{base}/assessment/rounds/{second.pk}/answer/{domain.key}/"),
            ("results, advisor", f"{base}/assessment/rounds/{first.pk}/results/"),
            ("asked to advise", f"{base}/me/advise/{asking.pk}/"),
            ("advising, may stop", f"{base}/me/advise/{accepted.pk}/"),
            ("an organisation's figures", f"{base}/me/organisations/{organisation.pk}/figures/"),
        ],
    )
    context.close()
    staff_page = browser.new_page()
    log_in(staff_page, base, "nadia")
    found.update(
        check_pages(
            staff_page,
            [
                ("rounds", f"{base}/assessment/"),
                ("results with trend, staff", f"{base}/assessment/rounds/{second.pk}/results/"),
                ("action", f"{base}/assessment/actions/{action.pk}/"),
                ("survivor advisors", f"{base}/assessment/advisors/"),
                ("insights, self-assessment beside", f"{base}/insights/{organisation.pk}/"),
                ("funder report", f"{base}/insights/{organisation.pk}/report/"),
            ],
        )
    )
    # A period that ends before it starts: the page says so (400) and stays usable.
    visit(staff_page, f"{base}/insights/{organisation.pk}/?start=2026-06-30&end=2026-01-01", 400)
    violations = axe_violations(staff_page, axe_source())
    if violations:
        found["insights, backwards period"] = violations
    assert not found, describe(found)


def test_finance_worklist_has_no_axe_violations(live_server, page: Page) -> None:
    scene = make_scene()
    make_member("shirin", scene.project.organisation, Role.FINANCE)
    base = live_server.url
    log_in(page, base, "shirin")
    found = check_pages(page, [("payments to approve and pay", f"{base}/payments/")])
    expect(page.get_by_role("main")).to_contain_text("55.00 US dollars")
    # A line to approve, then the same line approved by a colleague: the queue's bulk form and
    # the payment page's pay form (with its receipt field), and the history of what was paid.
    from seat.compensation.models import PaymentLine
    from seat.compensation.services import payment_approve

    line = PaymentLine.objects.get(recorded_by__isnull=False)
    found |= check_pages(page, [("a payment to approve", f"{base}/payments/{line.pk}/")])
    colleague = make_member("omar", scene.project.organisation, Role.FINANCE)
    payment_approve(actor=colleague, payment=line)
    found |= check_pages(
        page,
        [
            ("payments to pay, bulk form", f"{base}/payments/"),
            ("a payment to pay", f"{base}/payments/{line.pk}/"),
            ("what was paid", f"{base}/payments/history/"),
        ],
    )
    assert not found, describe(found)


def log_in_with_second_step(page: Page, base: str, username: str) -> None:
    """Log in as an organisation admin, who must give the authenticator's code outside demo."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from seat.accounts.models import User

    device = TOTPDevice.objects.create(
        user=User.objects.get(username=username), name="phone", confirmed=True
    )
    log_in(page, base, username)
    visit(page, f"{base}/accounts/two-factor/")
    page.fill("#id_token", f"{totp(device.bin_key):06d}")
    page.get_by_role("main").get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Your organisation")).to_be_visible()


def test_organisation_pages_have_no_axe_violations(live_server, browser: Browser) -> None:
    from seat.accounts.services import member_invitation_create, organisation_create

    setup = organisation_create(
        actor=None, name="Coastal Shelter Trust", kind="ngo", admin_username="amina"
    )
    organisation = setup.organisation
    make_member("farhana", organisation, Role.ADMIN)
    make_member("imran", organisation, Role.STAFF)
    make_member("omar", make_org("Dhaka Freedom Network"), Role.STAFF)
    _made, code = member_invitation_create(
        actor=User.objects.get(username="farhana"), organisation=organisation, role=Role.FINANCE
    )
    base = live_server.url

    newcomer = browser.new_page()
    found = check_pages(
        newcomer,
        [
            ("type a code", f"{base}/accounts/invitation/"),
            ("choose a first password", f"{base}/accounts/invitation/{setup.setup_code}/"),
            ("join, new account", f"{base}/accounts/invitation/{code}/"),
        ],
    )
    # The form sent with mistakes: each is shown next to its field.
    newcomer.fill("#id_username", "farhana")
    newcomer.fill("#id_password1", "short")
    newcomer.fill("#id_password2", "short")
    click_and_wait(newcomer, newcomer.get_by_role("button", name="Make my account and join"))
    expect(newcomer.locator(".field.has-error")).to_have_count(2)
    if violations := axe_violations(newcomer, axe_source()):
        found["join, with errors"] = violations
    visit(newcomer, f"{base}/accounts/invitation/ABCDE-FGHJK-MNPQR/", status=404)
    if violations := axe_violations(newcomer, axe_source()):
        found["a code that opens nothing"] = violations
    newcomer.close()

    # Someone with an account, from another organisation.
    member = browser.new_page()
    log_in(member, base, "omar")
    found.update(
        check_pages(member, [("join, with my account", f"{base}/accounts/invitation/{code}/")])
    )
    member.close()

    admin = browser.new_page()
    log_in_with_second_step(admin, base, "farhana")
    found.update(
        check_pages(
            admin,
            [
                ("members", f"{base}/organisation/{organisation.pk}/"),
                ("invite", f"{base}/organisation/{organisation.pk}/invite/"),
            ],
        )
    )
    admin.get_by_role("radio", name="Staff").check()
    click_and_wait(admin, admin.get_by_role("button", name="Make the link"))
    expect(admin.get_by_label("Link to copy")).to_have_value(re.compile(r"/accounts/invitation/"))
    if violations := axe_violations(admin, axe_source()):
        found["the invitation link"] = violations
    admin.close()
    assert not found, describe(found)


def test_facilitator_members_pages_have_no_axe_violations(live_server, browser: Browser) -> None:
    from seat.people.services import consent_grant
    from seat.tests.personas import make_partners, make_world

    partners = make_partners(make_world())
    consent_grant(
        actor=partners.facilitator,
        expert=partners.member,
        purpose="participate",
        channel="verbal",
        language="bn",
    )
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, base, "facilitator-c")
    mina, nadia = partners.device_less.pk, partners.member.pk
    found = check_pages(
        page,
        [
            ("members", f"{base}/partners/members/"),
            ("new member", f"{base}/partners/members/new/"),
            ("edit a kept profile", f"{base}/partners/members/{mina}/"),
            ("her preferences, read only", f"{base}/partners/members/{nadia}/"),
            ("consent said aloud, in Bengali", f"{base}/partners/members/{mina}/consent/"),
            ("consent history", f"{base}/partners/members/{nadia}/consent/?language=en"),
            ("not found, facilitator", f"{base}/partners/members/{partners.other_member.pk}/"),
        ],
    )
    # Each form sent with mistakes: the errors are shown next to their fields.
    visit(page, f"{base}/partners/members/new/")
    page.get_by_label("Her chosen name").fill("nadia")
    page.get_by_label("Areas of expertise (optional)").fill("Helping other victims")
    click_and_wait(page, page.get_by_role("button", name="Save her profile"))
    expect(page.locator(".field.has-error")).to_have_count(1)
    page.get_by_label("বাংলা").check()
    click_and_wait(page, page.get_by_role("button", name="Save her profile"))
    expect(page.locator(".field.has-error")).to_contain_text("already uses this name")
    if violations := axe_violations(page, axe_source()):
        found["new member, with errors"] = violations
    visit(page, f"{base}/partners/members/{mina}/consent/")
    click_and_wait(page, page.get_by_role("button", name="Write it down"))
    expect(page.locator(".error")).to_contain_text("at least one purpose")
    if violations := axe_violations(page, axe_source()):
        found["consent said aloud, with an error"] = violations
    page.get_by_role("group", name="Take part and have my input used").get_by_label(
        "She said yes"
    ).check()
    click_and_wait(page, page.get_by_role("button", name="Write it down"))
    expect(page.get_by_role("main")).to_contain_text("Said aloud to facilitator-c")
    context.close()

    member = browser.new_context(viewport=PHONE).new_page()
    log_in(member, base, "member-nadia")
    found.update(
        check_pages(
            member,
            [
                ("her consent, said aloud", f"{base}/me/consent/"),
                ("her private details and preferences", f"{base}/me/private-details/"),
            ],
        )
    )
    expect(member.get_by_role("main")).to_contain_text("I prefer to take part")


def test_capture_pages_have_no_axe_violations(live_server, browser: Browser) -> None:
    """A facilitator's pages for writing down an in-person session, on a phone: choosing who
    took part, the form for them (and again with what to fix), the session, the list."""
    from seat.partners.captures import ParticipantInput, capture_record
    from seat.tests.personas import make_partners, make_world

    world = make_world()
    partners = make_partners(world)
    capture = capture_record(
        actor=partners.facilitator,
        request=partners.request,
        idempotency_key=uuid.uuid4(),
        kind="village_meeting",
        held_on=timezone.localdate(),
        place="Satkhira",
        participants=[
            ParticipantInput(
                expert_id=partners.member.pk,
                attribution="not_quoted",
                answers={str(world.consultation.questions.first().pk): "Words"},  # type: ignore[union-attr]
                consents={"participate": True},
                language="bn",
            )
        ],
    ).capture
    base = live_server.url
    page = browser.new_page(viewport=PHONE)
    log_in(page, base, "facilitator-c")
    capture_url = f"{base}/partners/requests/{partners.request.pk}/capture/"
    found = check_pages(
        page,
        [
            ("choose who took part", capture_url),
            ("the session", f"{base}/partners/sessions/{capture.pk}/"),
            ("sessions", f"{base}/partners/sessions/"),
            ("write it down", f"{capture_url}?participant={partners.device_less.pk}"),
        ],
    )
    page.get_by_role("region", name="Mina").get_by_label("Question 1").fill("Words")
    page.get_by_label("Place").fill("Satkhira")
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_role("alert")).to_contain_text("Mina has not consented to take part.")
    if violations := axe_violations(page, axe_source()):
        found["the form with what to fix"] = violations
    page.close()
    assert not found, describe(found)


def test_partner_outcome_pages_have_no_axe_violations(live_server, browser: Browser) -> None:
    """A facilitator's "Pay and responses" (pay to pass on, shared per member, coming, passed
    on; responses to tell in Bengali and told) and the collective's input page, blank and with
    a mistake, then as sent."""
    from seat.compensation.services import payment_pass_on
    from seat.partners.tests.test_outcomes import captured_input, collective_input, pay, record
    from seat.tests.personas import make_partners, make_world

    world = make_world()
    partners = make_partners(world)
    mina = captured_input(partners)
    pay(record(mina, world.staff_a), world)
    response_record(
        actor=world.staff_a, contribution=mina, outcome=Outcome.ADOPTED, reason="At the stand."
    )
    nadia = captured_input(partners, expert=partners.member)
    payment_pass_on(actor=partners.facilitator, payment=pay(record(nadia, world.staff_a), world))
    from seat.accountability.services import response_relay

    response_relay(
        actor=partners.facilitator,
        response=response_record(
            actor=world.staff_a, contribution=nadia, outcome=Outcome.NOT_ADOPTED, reason="No."
        ),
    )
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, base, partners.facilitator.username)
    collective_url = f"{base}/partners/requests/{partners.request.pk}/collective/"
    found = check_pages(page, [("collective input", collective_url)])
    page.eval_on_selector("main form", "form => { form.noValidate = true; }")
    page.get_by_role("button", name="Send the collective's input").click()
    expect(page.locator(".field.has-error").first).to_be_visible()
    if violations := axe_violations(page, axe_source()):
        found["collective input with errors"] = violations
    record(collective_input(partners), world.staff_a)
    found.update(
        check_pages(
            page,
            [
                ("collective input, sent", collective_url),
                ("pay and responses", f"{base}/partners/outcomes/"),
            ],
        )
    )
    context.close()
    assert not found, describe(found)


def test_partner_pages_have_no_axe_violations(live_server, browser: Browser) -> None:
    """A collective's facilitator: her workspace, a request she may forward, the page to record
    a member's answer (also with an error); the host's Partners section; a member's invitation
    brought by her collective."""
    from seat.partners.services import invitation_forward, partner_request_create
    from seat.tests.personas import make_partners, make_world

    world = make_world()
    partners = make_partners(world)
    (mina,) = invitation_forward(
        actor=partners.facilitator, request=partners.request, experts=[partners.device_less]
    )
    (nadia,) = invitation_forward(
        actor=partners.facilitator, request=partners.request, experts=[partners.member]
    )
    waiting = make_consultation(world.staff_a, world.project, title="Waiting for a decision")
    asked = partner_request_create(
        actor=world.staff_a, consultation=waiting, partner=partners.collective
    )
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, base, "facilitator-c")
    found = check_pages(
        page,
        [
            ("workspace", f"{base}/partners/"),
            ("request, accepted", f"{base}/partners/requests/{partners.request.pk}/"),
            ("request, waiting", f"{base}/partners/requests/{asked.pk}/"),
            ("record an answer", f"{base}/partners/invitations/{mina.pk}/answer/"),
        ],
    )
    # As a browser that ignores `required` would send it: her answer and how she told, missing.
    page.eval_on_selector("main form", "form => { form.noValidate = true; }")
    page.get_by_role("button", name="Record her answer").click()
    expect(page.locator(".field.has-error")).to_have_count(2)
    violations = axe_violations(page, axe_source())
    if violations:
        found["record an answer, with errors"] = violations
    context.close()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, base, "member-nadia")
    found.update(
        check_pages(
            page, [("invitation through a collective", f"{base}/me/invitations/{nadia.pk}/")]
        )
    )
    context.close()
    context = browser.new_context()
    page = context.new_page()
    log_in(page, base, "staff-a")
    found.update(
        check_pages(
            page,
            [
                (
                    "consultation with partners",
                    f"{base}/projects/consultations/{world.consultation.pk}/",
                )
            ],
        )
    )
    context.close()
    assert not found, describe(found)
