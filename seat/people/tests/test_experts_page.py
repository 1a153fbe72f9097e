"""The people page names each expert's languages as she would, each in its own script; a code
Seat does not know is shown as it is, without a lang attribute that would mislead."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_languages_are_named_in_their_own_script(client, world):
    world.expert.languages = "bn,hi,zz"
    world.expert.save(update_fields=["languages"])
    client.force_login(world.staff_a)
    page = client.get("/people/").content.decode()
    row = page[page.index("<td>Tara</td>") :]
    row = row[: row.index("</tr>")]
    assert (
        '<td><span lang="bn" dir="ltr">বাংলা</span>, <span lang="hi" dir="ltr">हिन्दी</span>, zz</td>'
    ) in row
    assert "bn,hi" not in page
