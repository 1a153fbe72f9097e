""".ci/audit.py: a known vulnerability with a fix fails the run; an audit that could not reach
the vulnerability data says NOT AUDITED (exit 3), never a pass."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit.py"


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ci_audit", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered while it loads: its dataclasses look their module up by name.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def run(audit: ModuleType, tmp_path: Path, pip: dict | None = None, npm: dict | None = None):
    argv = []
    if pip is not None:
        (tmp_path / "pip.json").write_text(json.dumps(pip))
        argv += ["--pip-audit-json", str(tmp_path / "pip.json")]
    if npm is not None:
        (tmp_path / "npm.json").write_text(json.dumps(npm))
        argv += ["--npm-audit-json", str(tmp_path / "npm.json")]
    if pip is None or npm is None:
        argv += ["--only", "python" if npm is None else "node"]
    return audit.main(argv)


CLEAN_PIP = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {"name": "whitenoise", "version": "6.12.0", "vulns": []},
    ],
    "fixes": [],
}
FIXABLE_PIP = {
    "dependencies": [
        {
            "name": "django",
            "version": "5.2.1",
            "vulns": [
                {
                    "id": "PYSEC-2025-1",
                    "aliases": ["CVE-2025-0001"],
                    "fix_versions": ["5.2.2"],
                    "description": "...",
                }
            ],
        }
    ],
    "fixes": [],
}
UNREACHABLE_PIP = {
    "dependencies": [
        {
            "name": "django",
            "skip_reason": "Dependency not found on PyPI and could not be audited: django (5.2.19)",
        }
    ],
    "fixes": [],
}
CLEAN_NPM = {
    "auditReportVersion": 2,
    "vulnerabilities": {},
    "metadata": {"dependencies": {"total": 12}},
}
FIXABLE_NPM = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "axe-core": {
            "name": "axe-core",
            "severity": "high",
            "range": "<4.10.1",
            "via": [],
            "fixAvailable": {"name": "axe-core", "version": "4.10.1", "isSemVerMajor": False},
        }
    },
    "metadata": {"dependencies": {"total": 12}},
}
UNREACHABLE_NPM = {
    "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    "statusCode": 405,
}


def test_nothing_known_passes(audit, tmp_path, capsys):
    assert run(audit, tmp_path, pip=CLEAN_PIP, npm=CLEAN_NPM) == audit.PASSED == 0
    out = capsys.readouterr().out
    assert "python: 2 dependencies audited" in out
    assert "node: 12 dependencies audited" in out


def test_a_vulnerability_with_a_fix_fails(audit, tmp_path, capsys):
    assert run(audit, tmp_path, pip=FIXABLE_PIP, npm=CLEAN_NPM) == audit.VULNERABLE == 1
    assert (
        "VULNERABLE (python): django 5.2.1: PYSEC-2025-1, CVE-2025-0001; fixed in 5.2.2"
        in capsys.readouterr().out
    )
    assert run(audit, tmp_path, npm=FIXABLE_NPM) == 1
    assert "fixed by axe-core 4.10.1" in capsys.readouterr().out


def test_a_vulnerability_without_a_fix_is_shown_but_does_not_fail(audit, tmp_path, capsys):
    unfixed = json.loads(json.dumps(FIXABLE_PIP))
    unfixed["dependencies"][0]["vulns"][0]["fix_versions"] = []
    assert run(audit, tmp_path, pip=unfixed) == 0
    assert "known, no fix yet (python): django 5.2.1" in capsys.readouterr().out


def test_unreachable_vulnerability_data_is_not_audited_never_a_pass(audit, tmp_path, capsys):
    assert run(audit, tmp_path, pip=UNREACHABLE_PIP, npm=CLEAN_NPM) == audit.NOT_AUDITED == 3
    assert "NOT AUDITED (python): 1 could not be checked" in capsys.readouterr().out
    assert run(audit, tmp_path, pip=CLEAN_PIP, npm=UNREACHABLE_NPM) == 3
    out = capsys.readouterr().out
    assert "NOT AUDITED (node)" in out and "405 Method Not Allowed" in out


def test_a_fixable_vulnerability_fails_even_when_the_rest_was_not_audited(audit, tmp_path):
    assert run(audit, tmp_path, pip=FIXABLE_PIP, npm=UNREACHABLE_NPM) == 1


def test_a_tool_that_cannot_run_is_not_audited(audit, tmp_path, monkeypatch, capsys):
    assert audit.main(["--only", "python", "--uv", str(tmp_path / "no-such-uv")]) == 3
    assert "NOT AUDITED (python)" in capsys.readouterr().out
