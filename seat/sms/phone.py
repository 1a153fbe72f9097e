"""Phone numbers: one normal form, and the keyed digest (blind index) that finds a person by
her number without the number being stored or compared in clear.

The digest is an HMAC-SHA256 of the normalised number under a key derived from ``SECRET_KEY``
with a label of its own (as ``people.diversity`` does), so it matches no other digest in Seat.
Changing ``SECRET_KEY`` changes every digest: enrol each person again after a key change.
"""

from __future__ import annotations

from seat.core.privacy.digest import keyed_digest

_PURPOSE = b"seat.sms.phone-index.v1"


def phone_normalise(number: str) -> str:
    """Digits only, with a leading ``+`` when it had one (``+880 1711-999 111`` →
    ``+8801711999111``); "" when there are too few digits to be a number."""
    number = number.strip()
    digits = "".join(c for c in number if c.isdigit())
    if len(digits) < 6 or len(digits) > 15:
        return ""
    return ("+" if number.startswith(("+", "00")) else "") + (
        digits[2:] if number.startswith("00") else digits
    )


def phone_index(number: str) -> str:
    """The digest stored for ``number`` ("" for something that is not a number)."""
    normal = phone_normalise(number)
    if not normal:
        return ""
    return keyed_digest(_PURPOSE, normal)
