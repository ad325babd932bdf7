"""The ASGI app beside the bot: the webhook's secret token, GET /healthz and GET /metrics."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
import pytest
from prometheus_client import REGISTRY
from pydantic import ValidationError
from telegram.ext import CallbackContext

from bot import data_keys
from bot.app import build_application
from bot.health import observed_sweep_job
from bot.settings import Settings
from bot.web import SECRET_HEADER, web_app
from storage import outbox
from storage.database import Database
from tests.conftest import STRANGER, VOLUNTEER
from tests.fakebot import TOKEN, ApiError, FakeBotApi, FakeRequest
from tests.harness import text_of

SECRET = "s3cret-token_for-the-webhook"
PERSONAL = ("Anna", "Andersson", "0701234567", "070-123", "+4670123")


@asynccontextmanager
async def client(app, **options):
    web = web_app(app, **options)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://verksam") as http:
        yield http


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_a_webhook_request_without_the_secret_token_is_refused_and_nothing_else_happens(team, caplog):
    update = {"update_id": 900, "message": team.message(VOLUNTEER, "/knack 40 12 Ektorp")}
    refused = sample("verksam_refusals_total", reason="webhook_secret")
    caplog.set_level(logging.DEBUG)
    async with client(team.app, webhook_path="/telegram", secret=SECRET) as http:
        for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}, {SECRET_HEADER: SECRET[:-1]}):
            answer = await http.post("/telegram", json=update, headers=headers)
            assert answer.status_code == 403 and answer.content == b""
    assert team.app.update_queue.empty()  # nothing reaches the bot
    assert team.api.calls == []
    ours = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore", "asyncio"))]
    assert [r.getMessage() for r in ours] == ["Refused a webhook request without the right secret token"] * 4
    assert sample("verksam_refusals_total", reason="webhook_secret") == refused + 4


async def test_a_webhook_request_with_the_secret_token_is_handled(team):
    update = {"update_id": 901, "message": team.message(VOLUNTEER, "/knack 40 12 Ektorp")}
    async with client(team.app, webhook_path="/telegram", secret=SECRET) as http:
        answer = await http.post("/telegram", json=update, headers={SECRET_HEADER: SECRET})
        assert answer.status_code == 200
        assert (await http.post("/telegram", content=b"{not json", headers={SECRET_HEADER: SECRET})).status_code == 400
    queued = await team.app.update_queue.get()
    assert queued.update_id == 901 and team.app.update_queue.empty()
    before = len(team.api.calls)
    await team.app.process_update(queued)
    assert text_of(team.api.sent(VOLUNTEER.id)[-1:]).startswith("✅ Sparat")
    assert len(team.api.calls) > before


async def test_healthz_is_200_after_a_sweep_and_503_with_the_reason_when_the_clock_stops(team):
    async with client(team.app) as http:
        await observed_sweep_job(CallbackContext(team.app))
        answer = await http.get("/healthz")
        assert (answer.status_code, answer.text) == (200, "ok")
        team.clock.advance(minutes=5)
        answer = await http.get("/healthz")
        assert answer.status_code == 503
        assert answer.text == "the last sweep finished 300 s ago"


async def test_healthz_is_503_when_the_database_does_not_answer(tmp_path):
    nowhere = Database("postgresql+asyncpg://verksam@127.0.0.1:9/verksam")  # port 9: nothing listens
    app = build_application(TOKEN, nowhere, request=FakeRequest(FakeBotApi()))
    try:
        async with client(app) as http:
            answer = await http.get("/healthz")
            metrics = await http.get("/metrics")  # counters still answer
    finally:
        await nowhere.dispose()
    assert answer.status_code == 503
    assert answer.text == "the database does not answer"
    assert metrics.status_code == 200 and "verksam_updates_total" in metrics.text


async def test_metrics_count_what_happened_and_carry_no_personal_data_or_token(team, db):
    before = {
        "knack": sample("verksam_updates_total", command="knack"),
        "entries": sample("verksam_entries_saved_total", kind="knack"),
        "stranger": sample("verksam_refusals_total", reason="stranger"),
        "errors": sample("verksam_errors_total"),
    }
    await team.send(VOLUNTEER, "/knack 40 12 Ektorp")
    await team.send(STRANGER, "/knack 40 12 Ektorp")
    await team.send(VOLUNTEER, "/nymedlem")
    await team.send(VOLUNTEER, "Anna Andersson")
    await team.send(VOLUNTEER, "070-123 45 67")  # a flow half done: the name and phone are in its state
    team.api.fail_next("sendMessage", ApiError(400, "Bad Request: chat not found"))
    await team.send(VOLUNTEER, "/status")  # an error while handling
    async with db.session() as s:
        await outbox.enqueue(s, key="test:late", org_id=1, kind="nudge", due_at=team.clock() - timedelta(minutes=10))
    async with client(team.app, webhook_path="/telegram", secret=SECRET) as http:
        answer = await http.get("/metrics")
        health = await http.get("/healthz")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    text = answer.text
    assert sample("verksam_updates_total", command="knack") == before["knack"] + 2
    assert sample("verksam_updates_total", command="text") >= 2
    assert sample("verksam_entries_saved_total", kind="knack") == before["entries"] + 1
    assert sample("verksam_refusals_total", reason="stranger") == before["stranger"] + 1
    assert sample("verksam_errors_total") == before["errors"] + 1
    assert sample("verksam_outbox_pending") >= 1 and sample("verksam_outbox_overdue") >= 1
    assert sample("verksam_sweep_lag_seconds") == 600
    for name in ("verksam_sends_429_total", "verksam_digest_seconds_bucket", "verksam_last_sweep_age_seconds"):
        assert name in text
    for page in (text, health.text):
        for secret in (*PERSONAL, TOKEN, TOKEN.split(":")[1], SECRET):
            assert secret not in page


async def test_sends_answered_429_are_counted(db, clock):
    api = FakeBotApi()
    app = build_application(TOKEN, db, request=FakeRequest(api), clock=clock, rate_limited=True)
    await app.initialize()
    try:
        before = sample("verksam_sends_429_total")
        api.fail_next("sendMessage", ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1}))
        await app.bot.send_message(VOLUNTEER.id, "hej")  # waited out and sent again by the rate limiter
    finally:
        await app.shutdown()
    assert sample("verksam_sends_429_total") == before + 1
    assert [c.method for c in api.calls if c.method != "getMe"] == ["sendMessage"]  # delivered once


async def test_each_digest_sent_is_timed(team):
    from tests.test_digest import board_group, digests_in, stockholm, tick

    await board_group(team)
    before = sample("verksam_digest_seconds_count")
    sent = digests_in(await tick(team, stockholm(3, 24, 8)))
    assert sent and sample("verksam_digest_seconds_count") == before + len(sent)


def test_the_webhook_secret_is_made_once_kept_readable_by_its_owner_alone_and_checked(tmp_path):
    settings = Settings(_env_file=None, webhook_secret_file=tmp_path / "keys" / "webhook.secret")
    made, note = data_keys.webhook_secret(settings)
    again, second_note = data_keys.webhook_secret(settings)
    assert made == again and len(made) >= 32 and "webhook.secret" in note and second_note is None
    assert (tmp_path / "keys" / "webhook.secret").stat().st_mode & 0o777 == 0o600
    assert Settings.model_validate({"webhook_secret": "given_by-me"}).webhook_secret.get_secret_value() == "given_by-me"
    with pytest.raises(ValidationError, match="A-Z, a-z, 0-9"):
        Settings(_env_file=None, webhook_secret="no spaces or slashes/")
