"""The stylesheet keeps its promises: a focus ring visible on every background, and no 404 icon.

The contrast is computed from seat.css itself (WCAG 2.x relative luminance), so a new background
colour or a new ring colour is checked the day it is written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[1] / "static" / "seat" / "seat.css").read_text()
FOCUSABLE = ["a", "button", "input", "select", "textarea"]


def hex_colour(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def variables() -> dict[str, str]:
    root = re.search(r":root\{([^}]*)\}", CSS)
    assert root
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+)", root.group(1)))


def resolve(value: str) -> tuple[int, int, int]:
    named = {"#fff": "#fff", "white": "#fff", "black": "#000"}
    value = value.strip()
    match = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if match:
        value = variables()[match.group(1)]
    value = named.get(value, value)
    assert re.fullmatch(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}", value), value
    return hex_colour(value)


def rules() -> list[tuple[str, str]]:
    without_comments = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    # Flatten @media blocks: their rules count like any other.
    return re.findall(r"([^{}]+)\{([^{}]*)\}", without_comments)


def backgrounds() -> set[tuple[int, int, int]]:
    """Every colour the stylesheet paints behind anything, the page's own included."""
    found = {resolve(variables()["--bg"])}
    for _, body in rules():
        for value in re.findall(r"background(?:-color)?:\s*([^;]+)", body):
            if value.strip() in ("none", "transparent", "inherit"):
                continue
            found.add(resolve(value.split()[0]))
    return found


def focus_rule() -> str:
    for selector, body in rules():
        targets = {s.strip() for s in selector.split(",")}
        if {f"{tag}:focus-visible" for tag in FOCUSABLE} <= targets:
            return body
    raise AssertionError("no :focus-visible rule covers " + ", ".join(FOCUSABLE))


def test_focus_ring_stands_out_at_least_3_to_1_on_every_background() -> None:
    body = focus_rule()
    outline = re.search(r"outline:\s*(\d+)px solid ([^;]+)", body)
    assert outline, body
    assert int(outline.group(1)) >= 2
    ring = resolve(outline.group(2))
    halo_match = re.search(r"box-shadow:\s*0 0 0 \d+px ([^;]+)", body)
    ring_colours = [ring]
    if halo_match:
        halo = resolve(halo_match.group(1))
        ring_colours.append(halo)
        # Technique C40: two colours at least 9:1 apart guarantee 3:1 against any background.
        assert contrast(ring, halo) >= 9, contrast(ring, halo)
    weak = {
        "#{:02x}{:02x}{:02x}".format(*bg): round(max(contrast(c, bg) for c in ring_colours), 2)
        for bg in backgrounds()
        if max(contrast(c, bg) for c in ring_colours) < 3
    }
    assert weak == {}, f"the focus ring is below 3:1 on {weak}"


def test_the_old_yellow_ring_would_fail() -> None:
    """The check can fail: the yellow ring of before is 1.8:1 against white."""
    assert round(contrast(hex_colour("#f5b700"), hex_colour("#fff")), 1) == 1.8


@pytest.mark.django_db
def test_favicon_is_served_small_and_cached_for_a_year(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert len(response.content) < 300


@pytest.mark.django_db
def test_pages_name_an_inline_icon_so_browsers_do_not_ask_for_one(client) -> None:
    html = client.get("/accounts/login/").content.decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert len(icons) == 1 and icons[0].startswith("data:image/svg+xml,"), icons
