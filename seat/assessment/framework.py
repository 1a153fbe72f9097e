"""Reading and validating a framework file (TOML). Pure functions: nothing here touches the database."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"
CURRENT_FRAMEWORK_FILE = FRAMEWORK_DIR / "survivor_informed_v1.toml"
LEVEL_KEYS = ["not_yet", "emerging", "established", "leading"]
_DOMAIN_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_INDICATOR_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class FrameworkError(ValueError):
    """The framework file is not valid; the message names the place and the problem."""


@dataclass(frozen=True)
class IndicatorSpec:
    id: str
    text: str
    levels: list[str]
    sources: list[str]
    tip: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DomainSpec:
    id: str
    title: str
    summary: str
    indicators: list[IndicatorSpec]


@dataclass(frozen=True)
class FrameworkSpec:
    version: str
    title: str
    sources: list[dict[str, str]]
    domains: list[DomainSpec]
    # lang → {"domains": {id: {"title", "summary"}}, "indicators": {id: {"text", "levels"}}}
    translations: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    @property
    def indicator_count(self) -> int:
        return sum(len(d.indicators) for d in self.domains)


def _text(value: Any, where: str, name: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(f"{where}: '{name}' must be non-empty text.")
    if len(value) > limit:
        raise FrameworkError(f"{where}: '{name}' is longer than {limit} characters.")
    return value.strip()


def framework_parse(data: dict[str, Any]) -> FrameworkSpec:
    """Validate parsed TOML and return the framework, or raise FrameworkError."""
    version = _text(data.get("version"), "framework", "version", 40)
    title = _text(data.get("title"), "framework", "title", 200)
    if data.get("level_keys", LEVEL_KEYS) != LEVEL_KEYS:
        raise FrameworkError(f"framework: 'level_keys' must be {LEVEL_KEYS}.")

    sources: list[dict[str, str]] = []
    source_ids: set[str] = set()
    for n, raw in enumerate(data.get("sources") or [], start=1):
        where = f"source {n}"
        source_id = _text(raw.get("id"), where, "id", 60)
        if not _SOURCE_ID.match(source_id):
            raise FrameworkError(
                f"{where}: id '{source_id}' must be lowercase letters, digits and '-'."
            )
        if source_id in source_ids:
            raise FrameworkError(f"{where}: duplicate source id '{source_id}'.")
        source_ids.add(source_id)
        entry = {"id": source_id, "title": _text(raw.get("title"), where, "title", 400)}
        if raw.get("url"):
            entry["url"] = _text(raw["url"], where, "url", 400)
        sources.append(entry)

    domains: list[DomainSpec] = []
    seen: set[str] = set()
    raw_domains = data.get("domains")
    if not isinstance(raw_domains, list) or not raw_domains:
        raise FrameworkError("framework: there must be at least one [[domains]] entry.")
    for raw in raw_domains:
        domain_id = _text(raw.get("id"), "a domain", "id", 60)
        where = f"domain '{domain_id}'"
        if not _DOMAIN_ID.match(domain_id):
            raise FrameworkError(f"{where}: id must be lowercase letters, digits and '_'.")
        if domain_id in seen:
            raise FrameworkError(f"{where}: duplicate id.")
        seen.add(domain_id)
        indicators = []
        raw_indicators = raw.get("indicators")
        if not isinstance(raw_indicators, list) or not raw_indicators:
            raise FrameworkError(f"{where}: it has no indicators.")
        for item in raw_indicators:
            indicator_id = _text(item.get("id"), f"an indicator of {where}", "id", 100)
            iwhere = f"indicator '{indicator_id}'"
            if not _INDICATOR_ID.match(indicator_id) or not indicator_id.startswith(
                f"{domain_id}."
            ):
                raise FrameworkError(f"{iwhere}: id must look like '{domain_id}.some_name'.")
            if indicator_id in seen:
                raise FrameworkError(f"{iwhere}: duplicate id.")
            seen.add(indicator_id)
            levels = item.get("levels")
            if not isinstance(levels, list) or len(levels) != len(LEVEL_KEYS):
                raise FrameworkError(
                    f"{iwhere}: needs exactly {len(LEVEL_KEYS)} levels, lowest first "
                    f"(found {len(levels) if isinstance(levels, list) else 0})."
                )
            levels = [_text(level, iwhere, f"level {i}", 400) for i, level in enumerate(levels, 1)]
            item_sources = item.get("sources") or []
            if not item_sources:
                raise FrameworkError(f"{iwhere}: name at least one source.")
            unknown = [s for s in item_sources if s not in source_ids]
            if unknown:
                raise FrameworkError(f"{iwhere}: unknown source(s) {', '.join(map(str, unknown))}.")
            indicators.append(
                IndicatorSpec(
                    id=indicator_id,
                    text=_text(item.get("text"), iwhere, "text", 400),
                    levels=levels,
                    sources=list(item_sources),
                    tip=[str(t) for t in item.get("tip") or []],
                )
            )
        domains.append(
            DomainSpec(
                id=domain_id,
                title=_text(raw.get("title"), where, "title", 200),
                summary=str(raw.get("summary") or "").strip(),
                indicators=indicators,
            )
        )
    return FrameworkSpec(version=version, title=title, sources=sources, domains=domains)


def translation_parse(spec: FrameworkSpec, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Validate one language's translation against the framework; return (lang, translation).

    Every id must exist in the framework and an indicator's levels must be exactly four. A
    translation may be partial: what it leaves out is shown in English.
    """
    lang = _text(data.get("lang"), "translation", "lang", 10)
    if data.get("version") != spec.version:
        raise FrameworkError(
            f"translation '{lang}': it is for version {data.get('version')!r}, not {spec.version!r}."
        )
    domains = {d.id: d for d in spec.domains}
    indicators = {i.id: i for d in spec.domains for i in d.indicators}
    result: dict[str, Any] = {"domains": {}, "indicators": {}}
    for domain_id, raw in (data.get("domains") or {}).items():
        if domain_id not in domains:
            raise FrameworkError(f"translation '{lang}': unknown domain '{domain_id}'.")
        entry = {
            "title": _text(
                raw.get("title"), f"translation '{lang}' domain '{domain_id}'", "title", 200
            )
        }
        if raw.get("summary"):
            entry["summary"] = _text(
                raw["summary"], f"translation '{lang}' domain '{domain_id}'", "summary", 600
            )
        result["domains"][domain_id] = entry
    for indicator_id, raw in (data.get("indicators") or {}).items():
        where = f"translation '{lang}' indicator '{indicator_id}'"
        if indicator_id not in indicators:
            raise FrameworkError(f"translation '{lang}': unknown indicator '{indicator_id}'.")
        levels = raw.get("levels")
        if not isinstance(levels, list) or len(levels) != len(LEVEL_KEYS):
            raise FrameworkError(f"{where}: needs exactly {len(LEVEL_KEYS)} levels, lowest first.")
        result["indicators"][indicator_id] = {
            "text": _text(raw.get("text"), where, "text", 600),
            "levels": [_text(level, where, f"level {n}", 800) for n, level in enumerate(levels, 1)],
        }
    return lang, result


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise FrameworkError(f"{path}: no such file.") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{path}: not valid TOML ({exc}).") from exc


def framework_read(path: Path) -> FrameworkSpec:
    """Read a framework file and its translations, which sit beside it as ``<name>.<lang>.toml``."""
    try:
        spec = framework_parse(_load_toml(path))
        translations = {}
        for translation_path in sorted(path.parent.glob(f"{path.stem}.*.toml")):
            lang, translation = translation_parse(spec, _load_toml(translation_path))
            translations[lang] = translation
    except FrameworkError as exc:
        raise FrameworkError(f"{path.name}: {exc}") from exc
    return FrameworkSpec(spec.version, spec.title, spec.sources, spec.domains, translations)
