"""docs/drift.md, the install for a branch's tech volunteer: every command in it is run, here or by
.ci/wheel, or is named below with the reason no test can run it (systemd, apt, a network copy).

The `verksam` commands run in the order the document gives them, as the verksam user would run
them: in its directory, with the document's own configuration file as `.env` (paths moved into a
temporary directory, the Bot API a loopback server, PostgreSQL the tests' database).
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from tests.botapi_server import BotApiServer
from tests.conftest import POSTGRES_URL, _skip_or_fail_without_postgres
from tests.fakebot import TOKEN
from tests.test_db_copy import reset_postgres

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "drift.md"
UNIT = ROOT / "deploy" / "verksam.service"
CADDY = ROOT / "docs" / "Caddyfile.example"
VERKSAM = "sudo -u verksam /opt/verksam/venv/bin/verksam "
DOC_POSTGRES = "postgresql+asyncpg://verksam:LOSENORD@127.0.0.1/verksam"

# Run by .ci/wheel: the pattern its script must contain.
IN_CI_WHEEL = {
    "python3 -m pip wheel --no-deps -w dist .": r"-m pip wheel .*--no-deps -w ",
    "sudo python3 -m venv /opt/verksam/venv": r"python3 -m venv|-m venv ",
    "sudo /opt/verksam/venv/bin/pip install dist/verksam-*.whl": r"pip install .*/dist/verksam-\*\.whl",
    "sudo /opt/verksam/venv/bin/pip install -U dist/verksam-*.whl": r"pip install .*/dist/verksam-\*\.whl",
}
# Not run by any test, and why.
NOT_RUN = {
    "sudo apt install": "installs system packages (the test machine has them)",
    "sudo useradd": "creates a system user",
    "sudo install -d": "a root-owned directory; the test writes the file itself",
    "sudoedit": "an editor; the test writes the document's configuration block",
    "sudo chgrp": "ownership needs root and the verksam user",
    "sudo chmod": "ownership needs root and the verksam user",
    "sudo cp deploy/verksam.service": "systemd; the unit is checked with systemd-analyze below",
    "sudo systemctl": "systemd on the server",
    "sudo journalctl": "systemd's journal on the server",
    "sudo cat /var/lib/verksam/key/data.key": "prints the key for the password manager",
    "rsync": "a copy to another machine",
    "sudo -u postgres": "PostgreSQL roles; the test has its own database (VERKSAM_TEST_POSTGRES_URL)",
    "sudo cp docs/Caddyfile.example": "Caddy's config; checked with `caddy validate` below",
    "curl -s http://127.0.0.1:8080/": "the health endpoints: their own tests request them over HTTP",
}


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def commands() -> list[str]:
    return [line.strip() for block in blocks("sh") for line in block.splitlines() if line.strip()]


def how_run(command: str) -> str:
    if command.startswith(VERKSAM) or command.startswith(("cd /var/lib/verksam", "sudo ln -s ")):
        return "here"
    if command in IN_CI_WHEEL:
        return "ci"
    if any(command.startswith(prefix) for prefix in NOT_RUN):
        return "not run"
    return "unaccounted"


def test_every_command_in_the_document_is_run_or_excused():
    found = commands()
    assert len(found) > 20
    assert [c for c in found if how_run(c) == "unaccounted"] == []
    script = (ROOT / ".ci" / "wheel").read_text()
    assert "bash .ci/wheel" in (ROOT / ".ci" / "run").read_text()
    for command in found:
        if how_run(command) == "ci":
            assert re.search(IN_CI_WHEEL[command], script), f".ci/wheel does not run {command!r}"


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """The server's paths under tmp_path, and an environment with no Verksam settings of its own."""
    for name in list(os.environ):
        if name.upper().startswith(("VERKSAM_", "TELEGRAM_", "DATABASE_URL", "WEBHOOK_")):
            monkeypatch.delenv(name)
    return lambda text: text.replace("/var/lib/verksam", f"{tmp_path}/var/lib/verksam").replace(
        "/etc/verksam", f"{tmp_path}/etc/verksam"
    )


def test_the_documents_verksam_commands_run_in_order(machine, tmp_path, monkeypatch, capsys):
    _skip_or_fail_without_postgres()
    import asyncio

    asyncio.run(reset_postgres(POSTGRES_URL))
    config = Path(machine("/etc/verksam/verksam.env"))
    config.parent.mkdir(parents=True)
    config.write_text(machine(blocks("ini")[0]))
    Path(machine("/var/lib/verksam")).mkdir(parents=True)
    ran = []
    try:
        with BotApiServer() as server:
            monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)  # the document's token is a placeholder
            monkeypatch.setenv("TELEGRAM_BASE_URL", server.base_url)
            for command in commands():
                if how_run(command) != "here":
                    continue
                line = machine(command).replace(DOC_POSTGRES, POSTGRES_URL)
                if line.startswith("cd "):
                    monkeypatch.chdir(line.split()[1])
                elif line.startswith("sudo ln -s "):
                    subprocess.run(shlex.split(line.removeprefix("sudo ")), check=True)
                else:
                    argv = shlex.split(line.removeprefix(machine(VERKSAM)).removeprefix(VERKSAM))
                    assert main(argv) == 0, f"{command}: {capsys.readouterr()}"
                ran.append(command.split()[4] if command.startswith(VERKSAM) else command.split()[0])
    finally:
        asyncio.run(reset_postgres(POSTGRES_URL))
    out = capsys.readouterr().out
    assert {"db", "org", "keys", "backup", "restore", "cd", "sudo"} <= set(ran), ran
    assert "Created organisation 1: Partille AK with 2 föreningar" in out and "Copied, and counted" in out
    assert Path(machine("/var/lib/verksam/key/data.key")).stat().st_mode & 0o777 == 0o600
    assert Path(machine("/var/lib/verksam/backup/manuell.db.json")).exists()


def test_the_systemd_unit_runs_as_its_own_user_and_keeps_the_key_directory_private():
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str
    unit.read(UNIT)
    service = unit["Service"]
    assert service["User"] == "verksam" and service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == "/etc/verksam/verksam.env"
    assert service["ExecStart"].endswith("/verksam run") and service["RestartPreventExitStatus"] == "2"
    assert "verksam/key" in service["StateDirectory"].split() and service["StateDirectoryMode"] == "0700"
    ini = blocks("ini")[0]
    assert "VERKSAM_KEY_FILE=/var/lib/verksam/key/" in ini and service["WorkingDirectory"] == "/var/lib/verksam"
    assert f"cd {service['WorkingDirectory']}" in commands()  # the document's commands see the service's .env
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    checked = Path(os.environ.get("TMPDIR", "/tmp")) / f"verksam-unit-{os.getpid()}" / "verksam.service"
    checked.parent.mkdir(exist_ok=True)
    checked.write_text(re.sub(r"(?m)^ExecStart=.*$", "ExecStart=/bin/true", UNIT.read_text()))
    result = subprocess.run(["systemd-analyze", "verify", str(checked)], capture_output=True, text=True)
    shutil.rmtree(checked.parent)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_the_caddy_example_is_valid():
    if shutil.which("caddy") is None:
        pytest.skip("caddy is not installed")
    result = subprocess.run(
        ["caddy", "validate", "--config", str(CADDY), "--adapter", "caddyfile"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
