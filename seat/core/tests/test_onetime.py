from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from seat.core.onetime import CODE_LENGTH, code_digest, code_looks_valid, code_new


def test_a_code_is_stored_only_as_its_digest_and_forgives_how_it_is_typed():
    shown, digest = code_new()
    assert shown not in digest and len(shown) == CODE_LENGTH + 2
    assert code_digest(shown.lower().replace("-", " ")) == digest
    assert code_looks_valid(f"  {shown.lower()} ")


def test_codes_do_not_repeat():
    assert len({code_new()[0] for _ in range(2000)}) == 2000


@given(st.text(max_size=40))
def test_anything_typed_is_checked_without_error(typed):
    code_looks_valid(typed)
    assert len(code_digest(typed)) == 64


def test_look_alike_letters_are_not_codes():
    assert not code_looks_valid("O" * CODE_LENGTH)
    assert not code_looks_valid("1" * CODE_LENGTH)
