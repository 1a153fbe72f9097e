#!/usr/bin/env python3
"""Known vulnerabilities in Seat's locked dependencies: Python (uv.lock) and the node test tools
(package-lock.json).

    python3 .ci/audit.py            # both
    python3 .ci/audit.py --only python

Python: `uv export --frozen` writes the exact versions uv.lock pins, and pip-audit (run by
`uv tool run`, so it is not one of Seat's dependencies) looks each one up in PyPI's
vulnerability data. Node: `npm audit --omit=optional` asks the npm registry about
package-lock.json.

Exit status:
  0  everything was audited, and nothing has a known vulnerability with a fix;
  1  a known vulnerability has a fixed version: upgrade (the output says to what);
  3  NOT AUDITED: some or all dependencies could not be checked (the vulnerability service
     could not be reached, or did not know them). Not a pass: nothing is known either way.
A vulnerability with no fix yet is printed but does not fail the run (there is nothing to
upgrade to); pip-audit's own "No known vulnerabilities found" is not believed when it skipped
dependencies, which is what it says when PyPI's vulnerability data cannot be reached.

Only the Python standard library is used: CI runs this before anything is installed for it.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PASSED, VULNERABLE, NOT_AUDITED = 0, 1, 3
ROOT = Path(__file__).resolve().parent.parent
# Pinned, so a run audits with the same tool as the last one; raise it on purpose.
PIP_AUDIT = "pip-audit==2.10.1"
TIME_LIMIT = 300


@dataclass
class Findings:
    """What one ecosystem's audit found, in lines fit to print."""

    ecosystem: str
    fixable: list[str] = field(default_factory=list)
    unfixable: list[str] = field(default_factory=list)
    not_audited: list[str] = field(default_factory=list)
    audited: int = 0


def read_pip_audit(report: dict[str, Any]) -> Findings:
    """pip-audit's JSON (`--format json`): each dependency has its vulns or a skip_reason."""
    findings = Findings("python")
    for dependency in report.get("dependencies", []):
        name = f"{dependency.get('name')} {dependency.get('version', '')}".strip()
        if dependency.get("skip_reason"):
            findings.not_audited.append(f"{name}: {dependency['skip_reason']}")
            continue
        findings.audited += 1
        for vuln in dependency.get("vulns", []):
            ids = ", ".join([vuln["id"], *vuln.get("aliases", [])])
            if vuln.get("fix_versions"):
                fixed = ", ".join(vuln["fix_versions"])
                findings.fixable.append(f"{name}: {ids}; fixed in {fixed}")
            else:
                findings.unfixable.append(f"{name}: {ids}; no fixed version yet")
    if "dependencies" not in report:
        findings.not_audited.append("pip-audit gave no list of dependencies")
    return findings


def read_npm_audit(report: dict[str, Any]) -> Findings:
    """`npm audit --json` (report version 2). An error answer has no "vulnerabilities"."""
    findings = Findings("node")
    if "vulnerabilities" not in report:
        error = report.get("error")
        reason = (
            (error.get("summary") if isinstance(error, dict) else error)
            or report.get("message")
            or "npm audit gave no report"
        )
        findings.not_audited.append(f"npm audit: {reason}")
        return findings
    findings.audited = int(report.get("metadata", {}).get("dependencies", {}).get("total", 0))
    for name, vulnerability in sorted(report["vulnerabilities"].items()):
        line = f"{name} ({vulnerability.get('severity', '?')}, {vulnerability.get('range', '?')})"
        fix = vulnerability.get("fixAvailable")
        if fix:
            to = f"{fix['name']} {fix['version']}" if isinstance(fix, dict) else "npm audit fix"
            findings.fixable.append(f"{line}; fixed by {to}")
        else:
            findings.unfixable.append(f"{line}; no fix yet")
    return findings


def _run(command: list[str]) -> subprocess.CompletedProcess[str] | str:
    """The finished process, or why it could not run."""
    try:
        return subprocess.run(  # noqa: S603 - our own commands, no shell
            command, cwd=ROOT, capture_output=True, text=True, timeout=TIME_LIMIT, check=False
        )
    except FileNotFoundError:
        return f"{command[0]} is not installed"
    except subprocess.TimeoutExpired:
        return f"{shlex.join(command[:3])} took longer than {TIME_LIMIT} s"


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def audit_python(uv: list[str]) -> Findings:
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        exported = _run(
            [*uv, "export", "--frozen", "--no-hashes", "--no-emit-project", "-q"]
            + ["-o", str(requirements)]
        )
        if isinstance(exported, str) or exported.returncode != 0:
            reason = exported if isinstance(exported, str) else _last_line(exported.stderr)
            return Findings("python", not_audited=[f"uv export: {reason}"])
        # Every version is pinned by the lock file: nothing to resolve, so no pip (--no-deps).
        audited = _run(
            [*uv, "tool", "run", PIP_AUDIT, "-r", str(requirements), "--no-deps", "--disable-pip"]
            + ["--format", "json", "--progress-spinner", "off"]
        )
    if isinstance(audited, str):
        return Findings("python", not_audited=[f"pip-audit: {audited}"])
    try:
        report = json.loads(audited.stdout)
    except json.JSONDecodeError:
        return Findings("python", not_audited=[f"pip-audit: {_last_line(audited.stderr)}"])
    return read_pip_audit(report)


def audit_node() -> Findings:
    if not (ROOT / "package-lock.json").exists():
        return Findings("node")
    if shutil.which("npm") is None:
        return Findings("node", not_audited=["npm is not installed"])
    audited = _run(["npm", "audit", "--omit=optional", "--json"])
    if isinstance(audited, str):
        return Findings("node", not_audited=[f"npm audit: {audited}"])
    try:
        report = json.loads(audited.stdout)
    except json.JSONDecodeError:
        return Findings("node", not_audited=[f"npm audit: {_last_line(audited.stderr)}"])
    return read_npm_audit(report)


def verdict(all_findings: list[Findings]) -> int:
    """Print what was found and return the exit status."""
    status = PASSED
    for findings in all_findings:
        name = findings.ecosystem
        for line in findings.fixable:
            print(f"VULNERABLE ({name}): {line}")
        for line in findings.unfixable:
            print(f"known, no fix yet ({name}): {line}")
        if findings.not_audited:
            print(f"NOT AUDITED ({name}): {len(findings.not_audited)} could not be checked")
            for line in findings.not_audited[:5]:
                print(f"  {line}")
            if len(findings.not_audited) > 5:
                print(f"  ... and {len(findings.not_audited) - 5} more")
        else:
            print(f"{name}: {findings.audited} dependencies audited")
        if findings.fixable:
            status = VULNERABLE
        elif findings.not_audited and status == PASSED:
            status = NOT_AUDITED
    print(
        {
            PASSED: "Audit passed: no known vulnerability with a fix.",
            VULNERABLE: "Audit FAILED: upgrade the dependencies named above.",
            NOT_AUDITED: "NOT AUDITED: the vulnerability data could not be reached for some "
            "dependencies (see above); nothing is known about them either way.",
        }[status]
    )
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["python", "node"])
    parser.add_argument("--uv", default="uv", help="how to run uv (e.g. 'python3 -m uv')")
    # Read a report already written instead of running the tool (the tests, or a saved run).
    parser.add_argument("--pip-audit-json", type=Path)
    parser.add_argument("--npm-audit-json", type=Path)
    args = parser.parse_args(argv)
    found = []
    if args.only in (None, "python"):
        if args.pip_audit_json:
            found.append(read_pip_audit(json.loads(args.pip_audit_json.read_text())))
        else:
            found.append(audit_python(shlex.split(args.uv)))
    if args.only in (None, "node"):
        if args.npm_audit_json:
            found.append(read_npm_audit(json.loads(args.npm_audit_json.read_text())))
        else:
            found.append(audit_node())
    return verdict(found)


if __name__ == "__main__":
    sys.exit(main())
