from __future__ import annotations

from django import forms

from seat.core.templatetags.seat_forms import fields_to_fix


class Short(forms.Form):
    username = forms.CharField()
    password = forms.CharField()


class Long(Short):
    pseudonym = forms.CharField()
    note = forms.CharField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput)


def test_a_long_form_lists_its_fields_to_fix_in_page_order() -> None:
    form = Long(data={"password": "x", "note": "fine"})
    assert [field.name for field in fields_to_fix(form)] == ["username", "pseudonym"]


def test_a_short_form_or_one_without_errors_needs_no_summary() -> None:
    assert fields_to_fix(Short(data={})) == []
    assert (
        fields_to_fix(
            Long(data={"username": "a", "password": "b", "pseudonym": "c", "hidden": "d"})
        )
        == []
    )
