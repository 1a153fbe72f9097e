"""``python -m seat.core.probe [URL]``: the container's healthcheck, with the standard library only.

Asks Seat's readiness endpoint (default ``http://127.0.0.1:8000/readyz``) the way the proxy would:
with a host name Seat serves (the first of ``SEAT_ALLOWED_HOSTS``, else ``localhost``), since
Django refuses any other. It imports no Django, so a probe every half minute costs a few
milliseconds, not a second. Exit status 0 when Seat answers 200, 1 otherwise.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/readyz"


def host_header() -> str:
    hosts = [h.strip() for h in os.environ.get("SEAT_ALLOWED_HOSTS", "").split(",") if h.strip()]
    for host in hosts:
        # ".example.org" allows example.org and every name under it; "*" allows anything.
        name = host.lstrip(".")
        if name and name != "*":
            return name
    return "localhost"


def probe(url: str = DEFAULT_URL, timeout: float = 8.0) -> int:
    if not url.startswith(("http://", "https://")):
        print(f"Not an http(s) address: {url}", file=sys.stderr)
        return 1
    request = urllib.request.Request(url, headers={"Host": host_header()})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            print(response.read().decode("utf-8", "replace"))
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(error.read().decode("utf-8", "replace"), file=sys.stderr)
    except OSError as error:
        print(f"Seat does not answer at {url}: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(probe(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_URL))
