"""Answers every operation may give besides its own: errors and the rate limit's refusal."""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class ValidationIssueOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """422: the request's parameters or body do not fit the operation's schema (a list of
    issues), or a value the schema allows that Seat still cannot use (one sentence)."""

    detail: str | list[ValidationIssueOut]
