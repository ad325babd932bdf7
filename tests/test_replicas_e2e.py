"""Several `verksam run` processes on one token, as an operator would start them.

Polling: a second process meets Telegram's 409 Conflict, says so and how to run several, and exits.
Webhook mode: two replicas on one PostgreSQL database behind a round-robin proxy take turns with
one conversation, send 1 000 due reminders once between them, and when one is killed (-9) in the
middle of a sweep the other sends the rest.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import insert, text

from domain.roles import Role
from storage import crypto, orgs
from storage.database import Database
from storage.models import Entry, Membership, Outbox, WelcomeCase
from tests.botapi_server import BotApiServer
from tests.conftest import POSTGRES_URL, _skip_or_fail_without_postgres
from tests.fakebot import TOKEN
from tests.test_e2e_subprocess import TIMEOUT, VERKSAM, clean_env, pytestmark  # noqa: F401

SECRET = "replicas-test-secret"
ADMIN, VOLUNTEER, OFFICER = 7171, 7272, 7373
REMINDERS = 1_000


def test_a_second_polling_instance_says_another_is_polling_and_exits(tmp_path: Path) -> None:
    """Also: in polling mode, /healthz and /metrics are served on VERKSAM_HTTP_PORT when it is set."""
    port = free_port()
    with BotApiServer(conflicts=True) as server:
        env = clean_env(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=server.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}",
            VERKSAM_DATA_KEY=crypto.new_key(),
            VERKSAM_KEY_FILE=str(tmp_path / "secrets" / "data.key"),  # its folder remembers the databases
        )
        first_env = {**env, "VERKSAM_HTTP_PORT": str(port)}
        first = subprocess.Popen([*VERKSAM, "run"], env=first_env, cwd=tmp_path, stdout=subprocess.DEVNULL)
        try:
            eventually(lambda: get(f"http://127.0.0.1:{port}/healthz") == (200, "ok"), 60, "the first one healthy")
            server.wait_for(lambda c: c.method == "getUpdates", TIMEOUT, "the first instance polling")
            second = subprocess.run([*VERKSAM, "run"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=90)
            assert second.returncode == 1, second.stderr
            said = second.stderr.strip().splitlines()[-1]
            assert "Another instance of this bot is already polling" in said and "WEBHOOK_URL" in said
            assert "Traceback" not in second.stderr
            server.push_message(ADMIN, "/hjalp")  # the first one goes on
            server.wait_for_message(ADMIN, lambda text: bool(text), TIMEOUT)
            status, scraped = get(f"http://127.0.0.1:{port}/metrics")
            assert status == 200 and 'verksam_updates_total{command="hjalp"} 1.0' in scraped
            first.send_signal(signal.SIGTERM)
            assert first.wait(timeout=TIMEOUT) == 0
        finally:
            if first.poll() is None:
                first.kill()
            first.wait(timeout=5)
    assert get(f"http://127.0.0.1:{port}/healthz")[0] == 0  # stopped with the bot


class RoundRobinProxy:
    """The load balancer: each request to the next replica in turn, skipping one that is down."""

    def __init__(self) -> None:
        self.backends: list[int] = []
        self.forwarded: Counter[int] = Counter()
        self._turn = itertools.count()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = proxy.forward(self.path, body, dict(self.headers))
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_args: object) -> None:
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._http.server_port}"
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def forward(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        for _ in range(len(self.backends)):
            port = self.backends[next(self._turn) % len(self.backends)]
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST")
            for name in ("Content-Type", "X-Telegram-Bot-Api-Secret-Token"):
                if name in headers:
                    request.add_header(name, headers[name])
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    self.forwarded[port] += 1
                    return answer.status, answer.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()
            except OSError:
                continue  # that replica is down: the next one
        return 502, b""

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:
        return 0, str(error)


def eventually(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {timeout} s: {what}")
        time.sleep(0.1)


def database(work):
    """Run `work(db)` on the test's PostgreSQL database, from this synchronous test."""

    async def run():
        db = Database(POSTGRES_URL)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


async def empty_schema(db: Database) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))


def add_reminders(first: int, count: int) -> Callable:
    """`count` welcome cases, each with a reminder due now, for one officer (as tests/test_two_schedulers.py)."""

    async def work(db: Database) -> None:
        now = datetime.now(UTC)
        org = await orgs.create_org(db, f"Reminders {first}", ["Ektorp"], "Europe/Stockholm", now)
        async with db.session() as s:
            officer = Membership(org_id=org, telegram_user_id=OFFICER, role=Role.MEDLEMSANSVARIG, joined_at=now)
            s.add(officer)
            await s.flush()
            entry = {"org_id": org, "kind": "member", "occurred_at": now, "created_at": now, "chat_id": org}
            ids = (
                await s.scalars(
                    insert(Entry).returning(Entry.id), [{**entry, "message_id": i} for i in range(count)]
                )
            ).all()
            case = {"org_id": org, "step": "welcome_call", "opened_at": now, "assignee_id": officer.id}
            case_ids = (
                await s.scalars(
                    insert(WelcomeCase).returning(WelcomeCase.id),
                    [{**case, "new_member_entry_id": i, "due_at": now + timedelta(days=5)} for i in ids],
                )
            ).all()
            row = {"org_id": org, "kind": "case_remind", "due_at": now - timedelta(minutes=1), "attempts": 0}
            await s.execute(insert(Outbox), [{**row, "key": f"case:{c}:r", "case_id": c} for c in case_ids])

    return work


def cards_per_case(server: BotApiServer) -> Counter[str]:
    """How many reminder cards went out for each case (its ✅ button names the case)."""
    found = Counter()
    for call in server.calls("sendMessage"):
        if int(call.params.get("chat_id", 0)) == OFFICER:
            found.update(re.findall(r"case:done:(\d+)", json.dumps(call.params.get("reply_markup"))))
    return found


@contextmanager
def replicas(env: dict[str, str], cwd: Path, count: int) -> Iterator[list[tuple[subprocess.Popen, int]]]:
    started = []
    try:
        for n in range(count):
            port = free_port()
            log = (cwd / f"replica{n}.log").open("w")
            process = subprocess.Popen(
                [*VERKSAM, "run"],
                env={**env, "WEBHOOK_PORT": str(port), "VERKSAM_INSTANCE": f"replica{n}"},  # one host, two names
                cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
            )
            started.append((process, port))
            eventually(lambda port=port: get(f"http://127.0.0.1:{port}/healthz")[0] == 200, 60, f"replica {n} healthy")
        yield started
    finally:
        for process, _port in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, _port in started:
            try:
                process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()


def test_two_webhook_replicas_on_one_postgresql_database(tmp_path: Path, capsys) -> None:
    _skip_or_fail_without_postgres()
    database(empty_schema)
    proxy = RoundRobinProxy()
    with BotApiServer() as server:
        env = clean_env(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=server.base_url,
            DATABASE_URL=POSTGRES_URL,
            VERKSAM_DATA_KEY=crypto.new_key(),
            VERKSAM_KEY_FILE=str(tmp_path / "secrets" / "data.key"),  # its folder remembers the databases
            WEBHOOK_URL=f"{proxy.url}/telegram",
            WEBHOOK_SECRET=SECRET,
        )
        created = subprocess.run(
            [*VERKSAM, "org", "create", "Partille AK", "--forening", "Ektorp"],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=90,
        )  # fmt: skip
        assert created.returncode == 0, created.stderr
        code = re.search(r"^Code: (\S+)$", created.stdout, re.MULTILINE).group(1)
        try:
            with replicas(env, tmp_path, 2) as started:
                proxy.backends = [port for _process, port in started]
                hooks = server.calls("setWebhook")
                assert {(c.params["url"], c.params["secret_token"]) for c in hooks} == {(env["WEBHOOK_URL"], SECRET)}
                a_flow_alternating(server, proxy, code)
                exactly_once(server, capsys)
                killed_mid_sweep(server, started, capsys)
                status, scraped = get(f"http://127.0.0.1:{started[1][1]}/metrics")
                assert status == 200 and "verksam_updates_total{command=" in scraped
            assert started[1][0].returncode == 0  # SIGTERM: a clean stop
            for log in tmp_path.glob("replica*.log"):
                said = log.read_text()
                assert "Traceback" not in said
                for secret in ("Anna", "0701234567", "070-123", TOKEN.split(":")[1], SECRET):
                    assert secret not in said
        finally:
            proxy.stop()
            database(empty_schema)


def deliver(proxy: RoundRobinProxy, update: dict) -> None:
    request = urllib.request.Request(
        f"{proxy.url}/telegram", data=json.dumps(update).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200


def a_flow_alternating(server: BotApiServer, proxy: RoundRobinProxy, code: str) -> None:
    def step(user: int, text: str | None, expect: Callable[[str], bool], button: str | None = None) -> str:
        before = len(server.calls())
        deliver(proxy, server.press(user, button) if button else server.push_message(user, text))
        answer = server.wait_for(
            lambda c: any(c is n for n in server.calls()[before:]) and c.method == "sendMessage"
            and int(c.params["chat_id"]) == user and expect(str(c.params.get("text"))),
            TIMEOUT, f"an answer to {text or button}",
        )  # fmt: skip
        # A person reads the question before answering it. The flow's state is written right after
        # the question goes out (milliseconds; more on a loaded test machine), so an answer faster
        # than that could meet the step before on the other replica: no person answers that fast.
        time.sleep(1.0)
        return answer.params["text"]

    step(ADMIN, f"/start {code}", lambda t: t.startswith("Välkommen till Partille AK"))
    invite = re.search(r"\?start=(\S+)", step(ADMIN, "/bjudin volontär Ektorp", lambda t: "?start=" in t)).group(1)
    step(VOLUNTEER, f"/start {invite}", lambda t: t.startswith("Välkommen till Partille AK"))
    step(VOLUNTEER, "/nymedlem", lambda t: t.startswith("Ny medlem!"))
    step(VOLUNTEER, "Anna Andersson", lambda t: "telefon" in t.lower())
    step(VOLUNTEER, "070-123 45 67", lambda t: "förening" in t.lower())
    step(VOLUNTEER, None, lambda t: "värv" in t.lower(), "nymedlem:forening:-")
    step(VOLUNTEER, None, lambda t: "fackförbund" in t, "nymedlem:channel:dorr")
    step(VOLUNTEER, None, lambda t: t.startswith("✅ Sparat: En ny medlem"), "nymedlem:union:yes")
    assert sorted(proxy.forwarded.values()) == [4, 5]  # every other update on the other replica


def exactly_once(server: BotApiServer, capsys) -> None:
    database(add_reminders(1, REMINDERS))
    eventually(lambda: len(cards_per_case(server)) >= REMINDERS, 180, f"{REMINDERS} reminders sent")
    time.sleep(2)  # anything still to come would be a repeat
    per_case = cards_per_case(server)
    assert len(per_case) == REMINDERS and set(per_case.values()) == {1}
    with capsys.disabled():
        print(f"\nreplicas: {REMINDERS} due reminders, {sum(per_case.values())} sent, each once")


def killed_mid_sweep(server: BotApiServer, started: list, capsys) -> None:
    before = set(cards_per_case(server))
    database(add_reminders(2, REMINDERS))
    new = lambda: {case: n for case, n in cards_per_case(server).items() if case not in before}  # noqa: E731
    eventually(lambda: len(new()) >= REMINDERS // 5, 180, "the second thousand under way")
    victim, _ = started[0]
    os.kill(victim.pid, signal.SIGKILL)  # mid sweep: it holds claimed rows and may have a send in flight
    victim.wait(timeout=TIMEOUT)
    at_kill = len(new())
    survivor_port = started[1][1]

    # The survivor sends what it claims; the dead replica's claims are its again when their lease
    # (no longer renewed) runs out.
    eventually(lambda: len(new()) >= REMINDERS, 240, "every reminder sent after the kill")
    time.sleep(2)
    sent = new()
    lost = REMINDERS - len(sent)
    repeated = sum(n - 1 for n in sent.values())
    assert get(f"http://127.0.0.1:{survivor_port}/healthz")[0] == 200
    with capsys.disabled():
        print(f"replicas: kill -9 after {at_kill} of {REMINDERS}: {sum(sent.values())} sent, {repeated} repeated, {lost} lost")
    assert lost == 0 and repeated <= 1



def test_webhook_mode_with_its_port_taken_says_so_and_exits(tmp_path: Path) -> None:
    with BotApiServer() as server, socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = clean_env(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=server.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}",
            VERKSAM_DATA_KEY=crypto.new_key(),
            VERKSAM_KEY_FILE=str(tmp_path / "secrets" / "data.key"),  # its folder remembers the databases
            WEBHOOK_URL="https://bot.example.org/telegram",
            WEBHOOK_PORT=str(port),
            WEBHOOK_SECRET_FILE=str(tmp_path / "secrets" / "webhook.secret"),
        )
        result = subprocess.run([*VERKSAM, "run"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=90)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(f"Cannot serve HTTP: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in result.stderr
    assert f"Created the webhook's secret token in {tmp_path / 'secrets' / 'webhook.secret'}" in result.stderr
    assert server.calls("setWebhook") == []  # nothing registered that nobody would answer
