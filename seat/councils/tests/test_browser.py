"""Without JavaScript, on a phone: the secretariat records attendance and the host's response;
a member reads her council and adds her dissenting view. Every page passes axe."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Browser, expect

from seat.councils.models import Attendance, Dissent, HostResponse
from seat.councils.tests.helpers import Full, make_meeting
from seat.tests.browser import PHONE, axe_source, click_and_wait, log_in, log_out, visit
from seat.tests.browser.test_accessibility import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set to a folder to keep a screenshot of each page (for looking at them, not for the test).
SHOTS = os.environ.get("SEAT_COUNCIL_SHOTS", "")


def test_a_council_is_run_and_read_without_javascript(live_server, browser: Browser, world):
    full = Full(world)
    meeting = make_meeting(world, full.council, on=-1, place="Online")
    base = live_server.url
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    main = page.get_by_role("main")
    pages: dict[str, tuple[str, str]] = {}

    log_in(page, base, "staff-a")
    visit(page, f"{base}/councils/")
    pages["list"] = ("staff-a", page.url)
    click_and_wait(page, main.get_by_role("link", name=full.council.name))
    pages["council"] = ("staff-a", page.url)
    visit(page, f"{base}/councils/meetings/{meeting.pk}/")
    pages["meeting"] = ("staff-a", page.url)
    main.get_by_label("Tara").check()
    click_and_wait(page, main.get_by_role("button", name="Save attendance"))
    assert sorted(
        (a.term.expert.pseudonym, a.present) for a in Attendance.objects.filter(meeting=meeting)
    ) == [("Mira", False), ("Tara", True)]
    visit(page, f"{base}/councils/recommendations/{full.open.pk}/")
    pages["recommendation"] = ("staff-a", page.url)
    main.get_by_label("Partly accepted").check()
    main.get_by_label("The host's response").fill("Within ten days, from next month.")
    click_and_wait(page, main.get_by_role("button", name="Record the response"))
    assert HostResponse.objects.filter(recommendation=full.open).count() == 1
    pages["report"] = (
        "staff-a",
        f"{base}/councils/{full.council.pk}/report/{meeting.held_on.year}/",
    )
    log_out(page)

    log_in(page, base, "expert")
    visit(page, f"{base}/me/")
    # Her councils are listed right after what happened to her input, one link each.
    expect(main.get_by_role("heading", name="Advisory councils I sit on")).to_be_visible()
    pages["member list"] = ("expert", f"{base}/councils/")
    # Her pay for each meeting links to it too: the council's own link is the exact name.
    click_and_wait(page, main.get_by_role("link", name=full.council.name, exact=True))
    pages["member council"] = ("expert", page.url)
    expect(main.get_by_text("Within ten days", exact=False)).to_have_count(0)
    click_and_wait(page, main.get_by_role("link", name=full.open.title))
    pages["member recommendation"] = ("expert", page.url)
    expect(main.get_by_text("Within ten days, from next month.")).to_be_visible()
    click_and_wait(page, main.get_by_role("link", name="Add my dissenting view"))
    pages["member dissent"] = ("expert", page.url)
    main.get_by_label("Your dissenting view").fill("Ten days is too long for us.")
    main.get_by_label("Without my name").check()
    click_and_wait(page, main.get_by_role("button", name="Record it"))
    dissent = Dissent.objects.get(recommendation=full.open)
    assert (dissent.text, dissent.unnamed) == ("Ten days is too long for us.", True)
    visit(page, f"{base}/councils/meetings/{meeting.pk}/")
    pages["member meeting"] = ("expert", page.url)
    expect(main.get_by_text("You were there.")).to_be_visible()
    context.close()

    found: dict[str, list[dict]] = {}
    for who in ("staff-a", "expert"):
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        log_in(page, base, who)
        for name, (person, url) in pages.items():
            if person == who:
                visit(page, url)
                if SHOTS:
                    page.screenshot(path=f"{SHOTS}/{name.replace(' ', '-')}.png", full_page=True)
                found[name] = axe_violations(page, axe_source())
        context.close()
    found = {name: v for name, v in found.items() if v}
    assert not found, describe(found)
