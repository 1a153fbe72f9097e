"""A small file served whole or in the one byte range asked for (RFC 9110, section 14).

Browsers ask for ranges of audio to seek, and Safari on iPhones asks for a range before it
plays at all; Django's FileResponse always answers with the whole file. Seat's recordings are
small (at most a few hundred kilobytes), so the part asked for is read into memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

_SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def byte_range(header: str, size: int) -> tuple[int, int] | None | Literal[False]:
    """The first and last byte (inclusive) the ``Range`` header asks for; None when it asks
    for nothing we serve in part (absent, malformed, several ranges: the whole file is sent);
    False when it asks only for bytes past the end (416)."""
    found = _SINGLE_RANGE.match(header.strip())
    if not found or found.groups() == ("", ""):
        return None
    first, last = found.groups()
    if first == "":  # the last N bytes
        length = int(last)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start > end:
        return False if start >= size else None
    return start, end


def file_response(
    request: HttpRequest, path: Path, *, content_type: str, headers: dict[str, str]
) -> HttpResponse:
    """``path`` whole (200) or the range asked for (206); 416 for a range past its end."""
    data = path.read_bytes()
    size = len(data)
    headers = {**headers, "Accept-Ranges": "bytes"}
    wanted = byte_range(request.headers.get("Range", ""), size)
    if wanted is False:
        return HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
    start, end = (0, size - 1) if wanted is None else wanted
    part = {"Content-Length": str(end + 1 - start)}
    if wanted is None:
        return HttpResponse(data, content_type=content_type, headers={**headers, **part})
    return HttpResponse(
        data[start : end + 1],
        status=206,
        content_type=content_type,
        headers={**headers, **part, "Content-Range": f"bytes {start}-{end}/{size}"},
    )


def kept_file_response(
    request: HttpRequest,
    *,
    digest: str,
    make: Callable[[], Path],
    content_type: str,
    filename: str,
) -> HttpResponse:
    """A file kept under the ``digest`` of what it is made from, as a download: 304 when the
    browser already holds it (``make`` is then not called), else whole or the range asked for.
    Revalidated on each use, so a changed file is fetched at once."""
    etag = f'"{digest}"'
    caching = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers=caching)
    # A player plays it all the same; opened as a link, it is saved, never shown as a page.
    download = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return file_response(request, make(), content_type=content_type, headers=caching | download)
