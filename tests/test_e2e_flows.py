"""End to end with `verksam run`: a new admin invite from the command line, a plan pasted in two
long messages read by the live run_once job, an abandoned flow ended by the next command."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.botapi_server import BotApiServer
from tests.test_e2e_subprocess import TIMEOUT, VERKSAM, env, pytestmark, server  # noqa: F401  (fixtures)
from tests.test_plan_paste import PLANS, split_like_telegram

ADMIN = 6161


def verksam(environment: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*VERKSAM, *args], env=environment, cwd=cwd, capture_output=True, text=True, timeout=60)


def test_cli_invite_a_pasted_plan_and_flows_live(server: BotApiServer, env: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    assert verksam(env, tmp_path, "org", "create", "Partille AK", "--forening", "Ektorp").returncode == 0
    listed = verksam(env, tmp_path, "org", "list")
    assert "1  Partille AK  (0 people, 0 admins" in listed.stdout
    invited = verksam(env, tmp_path, "org", "invite", "--org", "1", "--role", "admin")
    assert invited.returncode == 0, invited.stderr
    code = re.search(r"/start (\S+)", invited.stdout).group(1)
    assert f"https://t.me/verksam_test_bot?start={code}" in invited.stdout

    log = (tmp_path / "run.log").open("w")
    bot = subprocess.Popen([*VERKSAM, "run"], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    say = lambda text: server.push_message(ADMIN, text, first_name="Alva")  # noqa: E731
    answer = lambda predicate: server.wait_for_message(ADMIN, predicate, TIMEOUT)  # noqa: E731
    try:
        say(f"/start {code}")
        answer(lambda text: text.startswith("Välkommen till Partille AK"))
        say("/lamna")
        answer(lambda text: "enda admin" in text)

        say("/knack")
        answer(lambda text: text.startswith("Hur många dörrar"))
        say("/samtal")
        answer(lambda text: text.startswith("Hur många samtal"))
        say("6")
        answer(lambda text: text == "Var blev samtalen av?")
        say("/avbryt")
        answer(lambda text: text == "Avbrutet. Inget sparat.")
        say("/avbryt")
        answer(lambda text: text.startswith("Det finns inget att avbryta"))

        plan = (PLANS / "partille-2022.txt").read_text(encoding="utf-8")
        say("/plan")
        answer(lambda text: text.startswith("Skicka verksamhetsplanen"))
        for part in split_like_telegram(plan)[:2]:  # both long: only the job can tell the paste has ended
            say(part)
        answer(lambda text: text.startswith("Jag läste 7\xa0841 tecken i 2 meddelanden"))
        answer(lambda text: text.startswith("Jag hittade"))
        assert "Skriv /hjalp för att se hur du loggar" not in " ".join(c.params.get("text", "") for c in server.calls("sendMessage"))
    finally:
        bot.terminate()
        bot.wait(timeout=TIMEOUT)
        log.close()
    shown = verksam(env, tmp_path, "org", "show", "--org", "1")
    assert "admin" in shown.stdout and "Alva" in shown.stdout
