"""Issue 9, "Done when": an expert reads the invitation in Bengali, on a 360 px phone with
JavaScript off, and answers questions asked in Bengali; the same page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from seat.accounts.enums import Role
from seat.consultations.translations import translation_save
from seat.tests.browser import PHONE, WCAG_TAGS, axe_source, click_and_wait, log_in, visit
from seat.tests.personas import (
    PASSWORD,
    make_consultation,
    make_expert,
    make_invitation,
    make_member,
    make_org,
    make_project,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE_BN = "বিদেশ যাওয়ার আগের সেশনগুলোতে কী থাকা উচিত?"
QUESTIONS_BN = [
    "কাজের প্রস্তাবের কোন সতর্ক-সংকেতগুলো প্রতিটি সেশনে বোঝানো উচিত?",
    "কারা সেশনগুলো চালাবেন, আর সেগুলো কোথায় হবে?",
]


def an_invitation_offered_in_bengali():  # type: ignore[no-untyped-def]
    organisation = make_org("Dhaka Freedom Network")
    staff = make_member("nadia", organisation, Role.STAFF)
    expert = make_expert("tara", "Tara")
    consultation = make_consultation(
        staff,
        make_project(staff, organisation),
        title="What should the pre-departure sessions cover?",
        languages="en,bn",
        questions=[
            "Which warning signs about a job offer should every session explain?",
            "Who should run the sessions, and where should they take place?",
        ],
    )
    translation_save(
        actor=staff,
        consultation=consultation,
        language="bn",
        title=TITLE_BN,
        purpose="কাজের জন্য বিদেশ যাওয়ার আগে নারীদের জন্য আমরা তথ্য-সেশন তৈরি করছি।",
        content_note="",
        questions=QUESTIONS_BN,
    )
    return make_invitation(staff, consultation, expert)


def test_an_expert_reads_the_invitation_in_bengali_and_answers_in_it(
    live_server, browser: Browser
) -> None:
    invitation = an_invitation_offered_in_bengali()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "tara")
    # She chooses Bengali as anyone would: from the language page, without JavaScript.
    visit(page, f"{base}/language/?next=/me/")
    page.locator("input[name=language][value=bn]").check()
    click_and_wait(page, page.locator("main button[type=submit]"))
    expect(page.locator("html")).to_have_attribute("lang", "bn")
    click_and_wait(page, page.get_by_role("link", name=TITLE_BN))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_BN)
    for question in QUESTIONS_BN:
        expect(page.get_by_text(question)).to_be_visible()
    # Nothing of the English text, and no notice that it is not in her language.
    assert "pre-departure" not in page.content()
    expect(page.locator("#text-language")).to_have_count(0)
    # She says yes and is asked the questions in Bengali.
    page.locator("input[name=answer][value=accept]").check()
    page.locator("input[name=agree]").check()
    click_and_wait(page, page.locator("main form button[type=submit]"))
    expect(page.get_by_label(QUESTIONS_BN[0])).to_be_visible()
    context.close()
    # The page she read passes axe (axe needs JavaScript; the page is the same).
    checked = browser.new_context(viewport=PHONE)
    page = checked.new_page()
    # Her account keeps the language she chose: the login page is in English, Seat then in
    # Bengali, so log in by the fields rather than by English button names.
    visit(page, f"{base}/accounts/login/")
    page.fill("#id_username", "tara")
    page.fill("#id_password", PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]"))
    visit(page, f"{base}/me/invitations/{invitation.pk}/")
    page.evaluate(axe_source())
    result = page.evaluate(
        "async t => await axe.run(document, {runOnly: {type: 'tag', values: t}, "
        "resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    assert result["violations"] == []
    checked.close()
