"""Every translatable string must reach the catalogs: CI fails on gettext calls xgettext skips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from seat.core.gettext_calls import Message, extract_messages, gettext_problems

SEAT = Path(settings.BASE_DIR)


@pytest.mark.parametrize(
    "source",
    [
        'label = _(f"Round {n}")',
        'label = _("Round " + str(n))',
        'label = _("Round %s" % n)',
        'label = _("Round {}".format(n))',
        "label = _(text)",
        'label = pgettext_lazy(ctx, "Open")',
        'label = ngettext("one", f"{n} many", n)',
        """svg = f'<svg aria-label="{escape(_("Overall score"))}">'""",
        """svg = f'{translation.gettext("Overall score")}'""",
    ],
)
def test_each_kind_of_unextractable_call_is_caught(source):
    assert len(gettext_problems(source)) == 1


def test_plain_literals_and_formatting_after_the_call_pass():
    source = """
label = _("Round %(n)s") % {"n": n}
lazy = pgettext_lazy("payment", "Due by")
count = ngettext_lazy("%(n)s item", "%(n)s items", "n")
label = _("Overall score")
svg = f'<svg aria-label="{escape(label)}">'
"""
    assert gettext_problems(source) == []


def test_no_python_file_in_seat_hides_a_string_from_the_catalogs():
    problems = []
    for path in sorted(SEAT.rglob("*.py")):
        if "tests" in path.parts:
            continue
        problems += gettext_problems(path.read_text(encoding="utf-8"), str(path.relative_to(SEAT)))
    assert problems == []


# {% translate variable %} can never be extracted; {% translate "text" %} with a literal can.
_TEMPLATE_TRANSLATE = re.compile(r"{%-?\s*(?:translate|trans)\s+(?![\"'])(\S+)")


def test_no_template_translates_a_variable():
    found = [
        f"{path.relative_to(SEAT)}: {{% translate {m.group(1)} %}}"
        for path in sorted(SEAT.rglob("*.html"))
        for m in _TEMPLATE_TRANSLATE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_extract_messages_reads_context_and_plural():
    source = """
a = _("Save")
b = pgettext_lazy("payment", "Due by")
c = ngettext_lazy("%(n)s item", "%(n)s items", "n")
d = _(f"skipped {x}")
"""
    assert extract_messages(source) == [
        Message("", "%(n)s item", "%(n)s items"),
        Message("", "Save"),
        Message("payment", "Due by"),
    ]
