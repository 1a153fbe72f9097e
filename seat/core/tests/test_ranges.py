"""Byte ranges of a served file: what a browser seeking in audio (or Safari before it plays)
asks for, and the answers it must get."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from seat.core.ranges import byte_range, file_response


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("bytes=0-", (0, 99)),
        ("bytes=0-1", (0, 1)),
        ("bytes=10-19", (10, 19)),
        ("bytes=90-500", (90, 99)),  # the end is cut to the file's
        ("bytes=-10", (90, 99)),  # the last ten bytes
        ("bytes=-500", (0, 99)),
        ("bytes=100-", False),  # nothing there
        ("bytes=-0", False),
        ("bytes=20-10", None),  # malformed: the whole file
        ("bytes=0-1,5-6", None),  # several ranges: the whole file
        ("items=0-1", None),
        ("bytes=-", None),
        ("bytes=abc-", None),
    ],
)
def test_the_range_asked_for(header, expected):
    assert byte_range(header, 100) == expected


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "a.opus"
    path.write_bytes(bytes(range(100)))
    return path


def test_no_range_gets_the_whole_file_and_says_ranges_are_served(served):
    response = file_response(
        RequestFactory().get("/"), served, content_type="audio/ogg", headers={"ETag": '"x"'}
    )
    assert response.status_code == 200 and response.content == bytes(range(100))
    assert (response["Accept-Ranges"], response["ETag"]) == ("bytes", '"x"')


def test_a_range_gets_206_with_exactly_those_bytes(served):
    request = RequestFactory().get("/", headers={"range": "bytes=10-19"})
    response = file_response(request, served, content_type="audio/ogg", headers={})
    assert response.status_code == 206 and response.content == bytes(range(10, 20))
    assert response["Content-Range"] == "bytes 10-19/100"
    assert response["Content-Length"] == "10"


def test_a_range_past_the_end_gets_416_with_the_size(served):
    request = RequestFactory().get("/", headers={"range": "bytes=100-"})
    response = file_response(request, served, content_type="audio/ogg", headers={})
    assert response.status_code == 416 and response["Content-Range"] == "bytes */100"
