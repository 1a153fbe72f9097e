"""Issue 14 item 3 in the browser: her invitation in Bengali offers its recordings, nothing is
downloaded until she asks, and Chromium plays what Seat serves (Opus in Ogg)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from seat.core.tests.test_speech import needs_speech
from seat.tests.browser import PHONE, axe_violations, log_in, visit
from seat.tests.browser.test_bengali_invitation import an_invitation_offered_in_bengali

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_speech,
    pytest.mark.usefixtures("audio_dir"),
]


def test_her_bengali_invitation_is_heard_only_when_she_asks(live_server, browser: Browser) -> None:
    invitation = an_invitation_offered_in_bengali()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url, "tara")
    # Her account reads Seat in Bengali from her next page on.
    invitation.expert.user.language = "bn"
    invitation.expert.user.save()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    visit(page, f"{live_server.url}/me/invitations/{invitation.pk}/")
    players = page.locator("main audio")
    assert players.count() == 3
    # Loading the page downloads no recording: on 2G each costs seconds she did not ask for.
    assert not [url for url in fetched if "/listen/" in url]
    duration = page.evaluate(
        """async () => {
            const audio = document.querySelector("main audio");
            const loaded = new Promise((ok, fail) => {
                audio.addEventListener("loadedmetadata", () => ok(audio.duration));
                audio.addEventListener("error", () => fail(String(audio.error && audio.error.code)));
            });
            audio.preload = "metadata";
            audio.load();
            return await loaded;
        }"""
    )
    # The title and the purpose, read in Bengali at an unhurried pace: several seconds.
    assert duration > 3
    assert [url for url in fetched if url.endswith("/listen/about.opus")]
    assert axe_violations(page) == []
    context.close()
