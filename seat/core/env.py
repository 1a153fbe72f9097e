"""Small typed readers for settings that come from the environment."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_secret(name: str) -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return ""


def env_networks(name: str, what: str = "the proxies in front of Seat") -> list[str]:
    """Comma-separated IP addresses or networks ("10.0.0.1,fd00::/8"), checked at start-up;
    ``what`` says in the error message whose addresses they are."""
    entries = [e.strip() for e in os.environ.get(name, "").split(",") if e.strip()]
    for entry in entries:
        try:
            if entry.isdigit():  # "1" parses as 0.0.0.1: surely the older proxy count
                raise ValueError(entry)
            ipaddress.ip_network(entry, strict=False)
        except ValueError as error:
            raise ImproperlyConfigured(
                f"{name} lists the addresses or networks of {what}, "
                f"for example 127.0.0.1 or 10.0.0.0/8; {entry!r} is not one."
            ) from error
    return entries


def env_phone(name: str) -> str:
    """A phone number in international form ("+880 1711 000000"), checked at start-up."""
    from seat.core.phone import MAX_DIGITS, MIN_DIGITS, PhoneError, phone_normalise

    try:
        return phone_normalise(os.environ.get(name, ""))
    except PhoneError as error:
        raise ImproperlyConfigured(
            f"{name} must be a phone number with its country code, starting with + "
            f"(for example +880 1711 000000), {MIN_DIGITS} to {MAX_DIGITS} digits in all; "
            f"{os.environ.get(name)!r} is not one."
        ) from error
