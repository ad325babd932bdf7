"""Composition root: one place that wires settings, database, services and handlers together."""

from __future__ import annotations

from datetime import timedelta

from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

import handlers
from bot import bot_api
from bot.backup import schedule_nightly
from bot.commands import set_menu
from bot.health import observed_sweep_job
from bot.metrics import CountingRateLimiter
from bot.persistence import DatabasePersistence
from bot.replicas import VerksamApplication
from bot.settings import Settings
from bot.update_processor import PerUserUpdateProcessor
from handlers.common import SWEEP_SOON
from scheduler.planning import PLAN_SECONDS, plan_job
from scheduler.sweep import SWEEP_SECONDS, reclaim_after_restart, sweep_soon
from storage.database import Database
from storage.services import Clock, Services, system_clock


def file_url_for(base_url: str) -> str:
    """Files are served beside the API: https://host/bot -> https://host/file/bot."""
    root, sep, tail = base_url.rstrip("/").rpartition("/")
    return f"{root}/file/{tail}" if sep else f"{base_url}/file"


# Telegram allows 30 messages a second. aiolimiter's bucket would let 30 go at once and then keep
# pace, which a sliding-window count (as Telegram keeps) sees as 31 in a second: a 429, and every
# send paused for a second. One message per 1/SEND_RATE s never bursts.
SEND_RATE = 29.5


def smooth_rate_limiter() -> AIORateLimiter:
    return CountingRateLimiter(overall_max_rate=1, overall_time_period=1 / SEND_RATE, max_retries=3)


def build_application(
    token: str,
    db: Database,
    *,
    base_url: str | None = None,
    request: BaseRequest | None = None,
    clock: Clock = system_clock,
    invite_ttl: timedelta = timedelta(days=7),
    default_timezone: str = "Europe/Stockholm",
    rate_limited: bool = False,
    shared_flows: bool = False,
) -> Application:
    # Different people's updates run side by side, each person's in order (bot/update_processor.py);
    # VerksamApplication reads and writes a person's flows around each update when replicas share them.
    builder = (
        ApplicationBuilder()
        .application_class(VerksamApplication)
        .token(token)
        .concurrent_updates(PerUserUpdateProcessor())
    )
    if base_url:
        builder = builder.base_url(base_url).base_file_url(file_url_for(base_url))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:  # the real clients share one TLS context (bot/bot_api.py)
        builder = builder.request(bot_api.request()).get_updates_request(bot_api.request(updates=True))
    if rate_limited:
        builder = builder.rate_limiter(smooth_rate_limiter())
    app = builder.persistence(DatabasePersistence(db, clock)).build()
    app.shared_flows = shared_flows  # webhook mode: flows read and written per update (bot/replicas.py)
    app.bot_data["services"] = Services(db=db, clock=clock, invite_ttl=invite_ttl, default_timezone=default_timezone)
    app.bot_data[SWEEP_SOON] = sweep_soon  # handlers wake the clock without importing the scheduler
    handlers.register(app)
    return app


def application_from_settings(settings: Settings, db: Database) -> Application:
    app = build_application(
        settings.telegram_bot_token,
        db,
        base_url=settings.telegram_base_url,
        invite_ttl=timedelta(days=settings.invite_ttl_days),
        default_timezone=settings.verksam_timezone,
        rate_limited=True,
        shared_flows=settings.webhook_url is not None,  # any replica may take the next update
    )
    app.post_init = _post_init
    app.bot_data["instance"] = settings.verksam_instance
    # The clock: one short run of each job at a time (max_instances), a missed one not caught up twice
    # (coalesce). Planning writes outbox rows for digests and nudges; the sweep sends what is due.
    app.job_queue.run_repeating(
        observed_sweep_job, interval=SWEEP_SECONDS, first=1, job_kwargs={"max_instances": 1, "coalesce": True}
    )
    app.job_queue.run_repeating(
        plan_job, interval=PLAN_SECONDS, first=1, job_kwargs={"max_instances": 1, "coalesce": True}
    )
    schedule_nightly(app, settings)  # with VERKSAM_BACKUP_DIR set
    return app


async def _post_init(app: Application) -> None:
    # The menu is set beside the first getUpdates, not before it: two Bot API calls off every start.
    app.job_queue.run_once(_set_menu, when=0, name="set the command menu")
    await reclaim_after_restart(app)  # what this instance's previous run had claimed when it died


async def _set_menu(context: ContextTypes.DEFAULT_TYPE) -> None:
    await set_menu(context.bot)
