"""The scoring rules of Mozilla's HTTP Observatory that Seat's responses meet, for tests.

The Observatory (developer.mozilla.org/en-US/observatory, its scoring in
github.com/mdn/mdn-http-observatory) scans one public address over the network, which a test run
cannot ask it to do. This applies the same tests, with the same modifiers, to responses from
Django's test client, so every page a test names is held to the grade the site gets:

- a score starts at 100; each test adds its modifier (a penalty, or extra credit);
- extra credit counts only when the penalties leave the score at 90 or more;
- the grade is read from the score: 100 and more is A+, 90 A, 85 A-, 80 B+, 70 B, and so on.

Two of the Observatory's tests need what a test client cannot know, and get no extra credit
here: HSTS earns +5 only for a domain already on the browsers' preload list (the header may
only ask for it), and subresource integrity earns +5 only for scripts from another origin, which
Seat has none of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

SIX_MONTHS = 15768000
GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
# The Observatory takes a cookie for a session's (which must be HttpOnly) or an anti-CSRF token's
# (which must have SameSite) by its name.
_SESSION_NAME = re.compile(r"login|sess", re.IGNORECASE)
_CSRF_NAME = re.compile(r"csrf|xsrf", re.IGNORECASE)
_UNSAFE_SCRIPT_SOURCES = {"'unsafe-inline'", "data:", "*", "http:", "https:"}
_PRIVATE_REFERRERS = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


@dataclass
class Result:
    """One test's outcome: the Observatory's name for it and its modifier."""

    test: str
    outcome: str
    modifier: int


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    @property
    def score(self) -> int:
        penalties = sum(r.modifier for r in self.results if r.modifier < 0)
        credit = sum(r.modifier for r in self.results if r.modifier > 0)
        base = max(100 + penalties, 0)
        return base + credit if base >= 90 else base

    @property
    def grade(self) -> str:
        return next(grade for floor, grade in GRADES if self.score >= floor)

    def failures(self) -> list[Result]:
        return [r for r in self.results if r.modifier < 0]


def parse_csp(header: str) -> dict[str, list[str]]:
    """Directive -> sources; the first of a repeated directive wins, as in browsers."""
    policy: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words and words[0].lower() not in policy:
            policy[words[0].lower()] = words[1:]
    return policy


def content_security_policy(headers: Any) -> Result:
    header = headers.get("Content-Security-Policy")
    if not header:
        return Result("content-security-policy", "csp-not-implemented", -25)
    policy = parse_csp(header)
    if "default-src" not in policy:
        return Result("content-security-policy", "csp-header-invalid", -25)
    scripts = set(policy.get("script-src", policy["default-src"]))
    styles = set(policy.get("style-src", policy["default-src"]))
    if scripts & _UNSAFE_SCRIPT_SOURCES:
        return Result("content-security-policy", "csp-implemented-with-unsafe-inline", -20)
    if "'unsafe-eval'" in scripts:
        return Result("content-security-policy", "csp-implemented-with-unsafe-eval", -10)
    everything = {source for sources in policy.values() for source in sources}
    if any(source.startswith("http:") for source in everything):
        return Result("content-security-policy", "csp-implemented-with-insecure-scheme", -20)
    if "'unsafe-inline'" in styles:
        return Result(
            "content-security-policy", "csp-implemented-with-unsafe-inline-in-style-src-only", 0
        )
    if policy["default-src"] == ["'none'"]:
        return Result(
            "content-security-policy", "csp-implemented-with-no-unsafe-default-src-none", 10
        )
    return Result("content-security-policy", "csp-implemented-with-no-unsafe", 0)


def cookies(set_cookie_headers: list[str], *, hsts: bool) -> Result:
    found = SimpleCookie()
    for header in set_cookie_headers:
        found.load(header)
    if not found:
        return Result("cookies", "cookies-not-found", 0)
    for name, morsel in found.items():
        session = bool(_SESSION_NAME.search(name))
        if not morsel["secure"]:
            if session:
                outcome = "cookies-session-without-secure-flag"
                return Result("cookies", outcome, -10 if hsts else -40)
            return Result("cookies", "cookies-without-secure-flag", -5 if hsts else -20)
        if session and not morsel["httponly"]:
            return Result("cookies", "cookies-session-without-httponly-flag", -30)
        samesite = morsel["samesite"].lower()
        if samesite and samesite not in {"lax", "strict", "none"}:
            return Result("cookies", "cookies-samesite-flag-invalid", -20)
        if _CSRF_NAME.search(name) and not samesite:
            return Result("cookies", "cookies-anticsrf-without-samesite-flag", -20)
    if all(morsel["samesite"] for morsel in found.values()):
        return Result("cookies", "cookies-secure-with-httponly-sessions-and-samesite", 5)
    return Result("cookies", "cookies-secure-with-httponly-sessions", 0)


def cross_origin_resource_sharing(headers: Any) -> Result:
    if (
        headers.get("Access-Control-Allow-Origin", "").strip() == "*"
        and headers.get("Access-Control-Allow-Credentials", "").lower() == "true"
    ):
        return Result(
            "cross-origin-resource-sharing", "cors-implemented-with-universal-access", -50
        )
    return Result("cross-origin-resource-sharing", "cors-not-implemented", 0)


def redirection(status: int, location: str, host: str) -> Result:
    """The answer to the same address over plain HTTP."""
    if status not in {301, 302, 307, 308}:
        return Result("redirection", "redirection-missing", -20)
    if not location.startswith("https://"):
        return Result("redirection", "redirection-not-to-https", -20)
    if not location.startswith(f"https://{host}/"):
        return Result("redirection", "redirection-off-host-from-http", -5)
    return Result("redirection", "redirection-to-https", 0)


_META_REFERRER = re.compile(
    r"<meta\s+name=[\"']?referrer[\"']?\s+content=[\"']?([\w-]+)", re.IGNORECASE
)


def referrer_policy(headers: Any, body: str = "") -> Result:
    """The header's policy, then a page's <meta name="referrer">: the last one counts."""
    values = [p.strip().lower() for p in headers.get("Referrer-Policy", "").split(",") if p.strip()]
    values += [p.lower() for p in _META_REFERRER.findall(body)]
    if not values:
        return Result("referrer-policy", "referrer-policy-not-implemented", 0)
    policy = values[-1]
    if policy in _PRIVATE_REFERRERS:
        return Result("referrer-policy", "referrer-policy-private", 5)
    if policy == "no-referrer-when-downgrade":
        return Result("referrer-policy", "referrer-policy-no-referrer-when-downgrade", 0)
    if policy in {"origin", "origin-when-cross-origin", "unsafe-url"}:
        return Result("referrer-policy", "referrer-policy-unsafe", -5)
    return Result("referrer-policy", "referrer-policy-header-invalid", -5)


def strict_transport_security(headers: Any) -> Result:
    header = headers.get("Strict-Transport-Security")
    if not header:
        return Result("strict-transport-security", "hsts-not-implemented", -20)
    match = re.search(r"max-age=(\d+)", header, re.IGNORECASE)
    if not match:
        return Result("strict-transport-security", "hsts-header-invalid", -20)
    if int(match.group(1)) < SIX_MONTHS:
        return Result(
            "strict-transport-security", "hsts-implemented-max-age-less-than-six-months", -10
        )
    return Result("strict-transport-security", "hsts-implemented-max-age-at-least-six-months", 0)


def x_content_type_options(headers: Any) -> Result:
    header = headers.get("X-Content-Type-Options")
    if header is None:
        return Result("x-content-type-options", "x-content-type-options-not-implemented", -5)
    if header.strip().lower() != "nosniff":
        return Result("x-content-type-options", "x-content-type-options-header-invalid", -5)
    return Result("x-content-type-options", "x-content-type-options-nosniff", 0)


def x_frame_options(headers: Any) -> Result:
    csp = parse_csp(headers.get("Content-Security-Policy", ""))
    if csp.get("frame-ancestors") in (["'none'"], ["'self'"]):
        return Result("x-frame-options", "x-frame-options-implemented-via-csp", 5)
    header = headers.get("X-Frame-Options", "").strip().upper()
    if header in {"DENY", "SAMEORIGIN"}:
        return Result("x-frame-options", "x-frame-options-sameorigin-or-deny", 0)
    if not header:
        return Result("x-frame-options", "x-frame-options-not-implemented", -20)
    return Result("x-frame-options", "x-frame-options-header-invalid", -20)


def subresource_integrity(content_type: str, body: str) -> Result:
    if "html" not in content_type:
        return Result("subresource-integrity", "sri-not-implemented-response-not-html", 0)
    sources = re.findall(r"<script[^>]*\ssrc=[\"']?([^\"' >]+)", body, re.IGNORECASE)
    insecure = [s for s in sources if s.startswith("http:")]
    if insecure:
        return Result(
            "subresource-integrity",
            "sri-not-implemented-and-external-scripts-not-loaded-securely",
            -50,
        )
    if not sources:
        return Result("subresource-integrity", "sri-not-implemented-but-no-scripts-loaded", 0)
    return Result(
        "subresource-integrity", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    )


def grade(response: Any, *, http_status: int, http_location: str, host: str) -> Report:
    """The Observatory's report for a response over HTTPS, given what the same address answered
    over plain HTTP (its status and Location)."""
    headers = response.headers
    set_cookies = [morsel.OutputString() for morsel in response.cookies.values()]
    hsts = "Strict-Transport-Security" in headers
    body = response.content.decode(errors="replace") if not response.streaming else ""
    return Report(
        [
            content_security_policy(headers),
            cookies(set_cookies, hsts=hsts),
            cross_origin_resource_sharing(headers),
            redirection(http_status, http_location, host),
            referrer_policy(headers, body),
            strict_transport_security(headers),
            subresource_integrity(headers.get("Content-Type", ""), body),
            x_content_type_options(headers),
            x_frame_options(headers),
        ]
    )
