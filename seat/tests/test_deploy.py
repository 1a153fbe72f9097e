"""The deployment files (docs/DEPLOY.md) checked without running them: this machine has no
container runtime, so each file is parsed and held to the rules the guide promises."""

from __future__ import annotations

import base64
import configparser
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
EXAMPLE = DEPLOY / "seat.env.example"
SECRET_WORDS = re.compile(r"(SECRET|PASSWORD|TOKEN|_KEY)", re.IGNORECASE)


# --- The Dockerfile ---------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    instructions, current = [], ""
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        current += line.rstrip()
        if current.endswith("\\"):
            current = current[:-1] + " "
            continue
        keyword, _, rest = current.strip().partition(" ")
        instructions.append((keyword.upper(), " ".join(rest.split())))
        current = ""
    assert not current, "the Dockerfile ends inside a continued line"
    return instructions


def _images(instructions: list[tuple[str, str]]) -> list[str]:
    found = [args.split()[0] for keyword, args in instructions if keyword == "FROM"]
    found += re.findall(r"--from=(\S+)", " ".join(a for k, a in instructions if k == "COPY"))
    return found


def test_the_dockerfile_builds_on_debian_12_with_pinned_images():
    instructions = dockerfile()
    known = {"FROM", "RUN", "COPY", "ENV", "WORKDIR", "USER", "EXPOSE", "HEALTHCHECK", "CMD"}
    assert {keyword for keyword, _ in instructions} <= known
    assert instructions[0] == ("FROM", "python:3.11-slim-bookworm")
    for image in _images(instructions):
        name, _, tag = image.rpartition(":")
        assert name and tag and tag != "latest", f"{image}: name a version, never latest"


def test_the_dockerfile_installs_from_the_lock_file_with_what_seat_needs_at_run_time():
    instructions = dockerfile()
    copies = [args for keyword, args in instructions if keyword == "COPY"]
    assert "pyproject.toml uv.lock ./" in copies
    runs = " ".join(args for keyword, args in instructions if keyword == "RUN")
    assert "uv sync --locked --no-dev --no-install-project" in runs
    assert "uv sync --locked --no-dev " in runs
    for package in [
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "fonts-noto-core",
        "espeak-ng",
        "opus-tools",
    ]:
        assert f" {package} " in runs, package
    # Static files collected and compressed at build time, for `seat serve` to find ready.
    assert "python -m seat.core.staticfiles" in runs
    assert "rm -rf /var/lib/apt/lists/*" in runs


def test_the_dockerfile_runs_seat_serve_as_a_user_with_a_readiness_healthcheck():
    instructions = dockerfile()
    keywords = [keyword for keyword, _ in instructions]
    users = [args for keyword, args in instructions if keyword == "USER"]
    assert users and users[-1] not in {"root", "0", "0:0"}
    # Nothing runs as root after the switch, and the switch comes before the server starts.
    assert "RUN" not in keywords[keywords.index("USER") :]
    (healthcheck,) = [args for keyword, args in instructions if keyword == "HEALTHCHECK"]
    assert healthcheck.endswith('CMD ["python", "-m", "seat.core.probe"]')
    assert "--timeout=" in healthcheck and "--start-period=" in healthcheck
    (cmd,) = [args for keyword, args in instructions if keyword == "CMD"]
    assert json.loads(cmd)[:2] == ["seat", "serve"]
    assert instructions[-1][0] == "CMD"
    environment = " ".join(args for keyword, args in instructions if keyword == "ENV")
    assert "SEAT_ENV=production" in environment


def test_the_dockerfile_holds_no_secrets_and_the_build_sends_none():
    for keyword, args in dockerfile():
        if keyword in {"ENV", "ARG"}:
            for name, _value in re.findall(r"(\w+)=(\S*)", args):
                assert not SECRET_WORDS.search(name), f"{keyword} {name}: secrets come at run time"
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert not re.search(r"SEAT_SECRET_KEY|SEAT_ENCRYPTION_KEYS|PASSWORD=", text)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    # deploy/ holds seat.env and .env, with the real keys and passwords.
    assert {".git", ".venv", ".seat-data", "deploy"} <= set(ignored)
    # Nor are they ever committed.
    assert {"deploy/seat.env", "deploy/.env"} <= set(
        (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    )


# --- compose.yaml -----------------------------------------------------------------------------


def compose() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def test_every_container_keeps_a_bounded_log_and_the_journal_keeps_30_days():
    for name, service in compose()["services"].items():
        logging = service.get("logging", {})
        assert logging.get("driver") == "local", name
        assert logging["options"]["max-size"] and logging["options"]["max-file"], name
    journal = (DEPLOY / "systemd" / "journald-seat.conf").read_text(encoding="utf-8")
    assert "MaxRetentionSec=30day" in journal.splitlines()
    assert "journald-seat.conf" in (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")


def test_compose_runs_seat_with_postgresql_redis_and_a_tls_proxy_each_with_a_healthcheck():
    services = compose()["services"]
    assert set(services) == {"migrate", "app", "worker", "postgres", "redis", "proxy"}
    for name in ["app", "worker", "postgres", "redis", "proxy"]:
        check = services[name].get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), name
    assert services["app"]["command"][:2] == ["seat", "serve"]
    assert services["worker"]["command"] == ["seat", "worker"]
    assert services["migrate"]["command"][:2] == ["seat", "migrate"]
    assert services["app"]["healthcheck"]["test"] == ["CMD", "python", "-m", "seat.core.probe"]
    assert services["postgres"]["image"].split(":")[1].split("-")[0] == "15"
    assert services["redis"]["image"].split(":")[1].split("-")[0] == "7"
    assert services["proxy"]["image"].startswith("caddy:")
    for service in services.values():
        if "image" in service:
            assert ":" in service["image"] and not service["image"].endswith(":latest")
    # Seat starts once the migrations are applied, and the database and Redis are healthy.
    for name in ["app", "worker"]:
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"},
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }
        assert services[name]["env_file"] == "seat.env"
        assert services[name]["environment"]["SEAT_ENV"] == "production"


def test_compose_publishes_the_proxy_only_and_keeps_the_database_off_its_network():
    services = compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert sorted(services["proxy"]["ports"]) == ["443:443", "443:443/udp", "80:80"]
    assert services["proxy"]["networks"] == ["frontend"]
    for name in ["postgres", "redis", "worker", "migrate"]:
        assert services[name]["networks"] == ["backend"], name
    assert sorted(services["app"]["networks"]) == ["backend", "frontend"]
    # No password written into the file: it comes from deploy/.env.
    environment = services["app"]["environment"]
    assert "${POSTGRES_PASSWORD" in environment["DATABASE_URL"]
    assert services["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD"
    )


def test_the_proxy_forwards_to_seat_and_the_trusted_proxies_cover_its_network(monkeypatch):
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "{$SEAT_DOMAIN} {" in caddyfile
    assert "reverse_proxy app:8000" in caddyfile
    # Caddy trusting no proxy of its own is what makes the single X-Forwarded-For entry honest;
    # and it keeps no access log.
    code = [line for line in caddyfile.splitlines() if not line.lstrip().startswith("#")]
    assert not any("trusted_proxies" in line or line.strip() == "log" for line in code)
    from seat.core.env import env_networks

    trusted = compose()["services"]["app"]["environment"]["SEAT_TRUSTED_PROXIES"]
    monkeypatch.setenv("SEAT_TEST_NETWORKS", trusted)
    assert env_networks("SEAT_TEST_NETWORKS") == trusted.split(",")
    systemd_caddyfile = (DEPLOY / "systemd" / "Caddyfile").read_text(encoding="utf-8")
    assert "reverse_proxy 127.0.0.1:8000" in systemd_caddyfile


# --- seat.env.example -------------------------------------------------------------------------

_ENV_CALL = re.compile(r"\benv_(str|bool|int|secret|networks|phone)\(\s*\"([A-Z][A-Z0-9_]*)\"")
_ENVIRON = re.compile(r"os\.environ(?:\.get|\.setdefault|\.pop)?\s*[\(\[]\s*\"([A-Z][A-Z0-9_]*)\"")
# Set for Django or the tests, not settings an operator chooses.
_NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def settings_read_by_the_code() -> set[str]:
    """Every variable Seat's own code reads (tests and conftest files aside)."""
    names: set[str] = set()
    for path in (ROOT / "seat").rglob("*.py"):
        if "tests" in path.parts or path.name == "conftest.py":
            continue
        text = path.read_text(encoding="utf-8")
        for kind, name in _ENV_CALL.findall(text):
            names.add(name)
            if kind == "secret":  # env_secret also reads NAME_FILE
                names.add(f"{name}_FILE")
        names.update(_ENVIRON.findall(text))
    return names - _NOT_SETTINGS


def example() -> list[tuple[str, str, bool]]:
    """(name, value, commented out) for every setting line of seat.env.example."""
    found = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(#?)([A-Z][A-Z0-9_]*)=(.*)", line)
        if match:
            found.append((match.group(2), match.group(3), bool(match.group(1))))
    return found


def test_the_example_lists_exactly_the_settings_the_code_reads():
    listed = [name for name, _value, _commented in example()]
    assert len(listed) == len(set(listed)), "a setting is listed twice"
    read = settings_read_by_the_code()
    assert len(read) > 40  # the scan found settings.py's calls
    assert set(listed) - read == set(), "listed but read by nothing"
    assert read - set(listed) == set(), "read by Seat but missing from deploy/seat.env.example"


def test_each_setting_in_the_example_says_what_it_is():
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if re.fullmatch(r"#?[A-Z][A-Z0-9_]*=.*", line):
            above = lines[number - 1]
            assert above.startswith("# ") or re.fullmatch(r"#?[A-Z][A-Z0-9_]*=.*", above), line


def test_the_example_holds_no_secret_values():
    for name, value, _commented in example():
        if SECRET_WORDS.search(name) and not name.endswith("_FILE"):
            assert value == "", f"{name} must be left for the operator to fill in"


# Test values for the settings the example leaves to fill in (a new one needs its own here).
def fill_in() -> dict[str, str]:
    return {
        "SEAT_SECRET_KEY": secrets.token_urlsafe(50),
        # As the example says to make one.
        "SEAT_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
    }


def example_environment(*, filled: bool = True) -> dict[str, str]:
    """The example's settings (those not commented out), blanks filled with test values."""
    values = {name: value for name, value, commented in example() if not commented}
    if filled:
        blanks = {name for name, value in values.items() if not value}
        tests = fill_in()
        assert blanks == set(tests), "give test values for the example's blank settings"
        values.update(tests)
    return values


# --- systemd ------------------------------------------------------------------------------------

UNITS = ["seat-web.service", "seat-worker.service", "seat-migrate.service"]
HARDENING = {
    "User": "seat",
    "ProtectSystem": "strict",
    "ReadWritePaths": "/var/lib/seat",
    "PrivateTmp": "true",
    "NoNewPrivileges": "true",
    "ProtectHome": "true",
    "EnvironmentFile": "/etc/seat/seat.env",
    "CapabilityBoundingSet": "",
}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / "systemd" / name).read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("name", UNITS)
def test_the_systemd_units_are_hardened(name):
    service = unit(name)["Service"]
    for key, value in HARDENING.items():
        assert service.get(key) == value, f"{name}: {key}"
    command = shlex.split(service["ExecStart"])
    assert command[0] == "/opt/seat/.venv/bin/seat"
    assert command[1] == {"seat-web.service": "serve", "seat-worker.service": "worker"}.get(
        name, "migrate"
    )
    if name != "seat-migrate.service":
        # Behind the proxy on loopback only; migrations first, at every start.
        assert unit(name)["Unit"]["Requires"] == "seat-migrate.service"
        assert "seat-migrate.service" in unit(name)["Unit"]["After"].split()
        assert unit(name)["Install"]["WantedBy"] == "multi-user.target"
    if name == "seat-web.service":
        assert command[2:] == ["--host", "127.0.0.1", "--port", "8000"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path):
    # The units name /opt/seat/.venv/bin/seat, absent here: an executable stands in for it.
    for name in UNITS:
        text = (DEPLOY / "systemd" / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace("/opt/seat/.venv/bin/seat", "/bin/true"))
    checked = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / name) for name in UNITS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "seat-" not in checked.stderr, checked.stderr


def test_seat_admin_is_a_valid_shell_script_that_runs_seat_as_its_user():
    script = DEPLOY / "systemd" / "seat-admin"
    assert os.access(script, os.X_OK)
    checked = subprocess.run(["sh", "-n", str(script)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    text = script.read_text(encoding="utf-8")
    for option in ["--uid=seat", "EnvironmentFile=/etc/seat/seat.env", "ProtectSystem=strict"]:
        assert option in text
