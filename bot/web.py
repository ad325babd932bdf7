"""One small ASGI app (Starlette, served by uvicorn): the webhook, GET /healthz and GET /metrics.

Webhook mode serves all three on WEBHOOK_PORT, as python-telegram-bot's custom-webhook example
does; polling mode serves health and metrics on VERKSAM_HTTP_PORT when it is set. Neither page
carries a name, a phone or the token: health gives reasons in fixed words, metrics fixed labels.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import signal
import socket
from collections.abc import Iterator
from json import JSONDecodeError
from urllib.parse import urlsplit

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.health import OVERDUE, sweep_trouble
from handlers.common import Services
from storage import health
from views import metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DB_TIMEOUT = 3.0  # seconds: a health check must answer even when the database does not


def web_app(app: Application, *, webhook_path: str | None = None, secret: str | None = None) -> Starlette:
    svc: Services = app.bot_data["services"]
    app.bot_data.setdefault("started_at", svc.clock())

    async def healthz(_request: Request) -> Response:
        reasons = []
        try:
            await asyncio.wait_for(health.ping(svc.db), DB_TIMEOUT)
        except Exception:  # any failure to answer is the reason, whatever its kind
            reasons.append("the database does not answer")
        if trouble := sweep_trouble(app.bot_data, svc.clock()):
            reasons.append(trouble)
        return PlainTextResponse("\n".join(reasons) or "ok", status_code=503 if reasons else 200)

    async def scrape(_request: Request) -> Response:
        now = svc.clock()
        with contextlib.suppress(Exception):  # the counters still answer when the database does not
            figures = await asyncio.wait_for(health.outbox_figures(svc.db, now, OVERDUE), DB_TIMEOUT)
            metrics.OUTBOX_PENDING.set(figures.pending)
            metrics.OUTBOX_OVERDUE.set(figures.overdue)
            metrics.SWEEP_LAG.set((now - figures.oldest_due).total_seconds() if figures.oldest_due else 0)
        if finished := app.bot_data.get("sweep_finished"):
            metrics.LAST_SWEEP_AGE.set((now - finished).total_seconds())
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    async def telegram(request: Request) -> Response:
        sent = request.headers.get(SECRET_HEADER, "")
        if secret is None or not secrets.compare_digest(sent.encode(), secret.encode()):
            metrics.REFUSALS.labels("webhook_secret").inc()
            log.warning("Refused a webhook request without the right secret token")
            return Response(status_code=403)
        try:
            update = Update.de_json(await request.json(), app.bot)
        except (JSONDecodeError, TypeError, KeyError, ValueError):
            return Response(status_code=400)
        await app.update_queue.put(update)
        return Response()

    routes = [Route("/healthz", healthz), Route("/metrics", scrape)]
    if webhook_path is not None:
        routes.append(Route(webhook_path, telegram, methods=["POST"]))
    return Starlette(routes=routes)


class Server(uvicorn.Server):
    """uvicorn, leaving SIGINT and SIGTERM to the bot: it stops when told to (`should_exit`)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def server(web: Starlette, host: str, port: int) -> Server:
    # No access log: an update's path and the client's address are nobody's business in the log.
    config = uvicorn.Config(web, host=host, port=port, log_config=None, access_log=False, lifespan="off")
    return Server(config)


async def start(srv: Server) -> asyncio.Task:
    """Serve in the background; returns once listening, raises OSError when the port is taken.

    The socket is bound here, not by uvicorn, which would end the whole process on that error."""
    host, port = srv.config.host, srv.config.port
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    task = asyncio.create_task(srv.serve(sockets=[sock]))
    while not srv.started:
        if task.done():
            task.result()  # its error, if it ended with one
            raise OSError(f"cannot serve on {host}:{port}")
        await asyncio.sleep(0.02)
    return task


async def stop(srv: Server, task: asyncio.Task) -> None:
    srv.should_exit = True
    with contextlib.suppress(asyncio.CancelledError):
        await task


def serve_beside(app: Application, host: str, port: int) -> None:
    """Polling mode: health and metrics on their own port, from the bot's start to its stop."""
    srv = server(web_app(app), host, port)
    after_init, before_stop = app.post_init, app.post_stop
    task: asyncio.Task | None = None

    async def post_init(a: Application) -> None:
        nonlocal task
        if after_init:
            await after_init(a)
        task = await start(srv)

    async def post_stop(a: Application) -> None:
        if task is not None:
            await stop(srv, task)
        if before_stop:
            await before_stop(a)

    app.post_init, app.post_stop = post_init, post_stop


def webhook_path(url: str) -> str:
    return urlsplit(url).path or "/"


async def run_webhook(app: Application, url: str, secret: str, host: str, port: int) -> None:
    """Like Application.run_webhook, with health and metrics on the same port; ends on SIGINT or SIGTERM."""
    srv = server(web_app(app, webhook_path=webhook_path(url), secret=secret), host, port)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        task = await start(srv)  # first: a port in use ends the run here, before anything started
        try:
            await app.start()
            try:
                # Every replica registers the same webhook: the last call wins and they are all the same.
                await app.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
                log.info("Webhook mode: listening on %s:%s", host, port)
                await stopping.wait()
            finally:
                await app.stop()
                if app.post_stop:
                    await app.post_stop(app)
        finally:
            await stop(srv, task)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
