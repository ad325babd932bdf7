"""What the bot counts for GET /metrics (Prometheus, with prometheus-client).

A leaf module like views/i18n.py: handlers, the scheduler and bot/ count through it (bot/web.py
serves the page). Every label comes
from a small fixed set (command names, kinds, reasons), never from what a user typed, so no
name, phone or token can reach a scrape, and the number of series stays bounded.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UPDATES = Counter("verksam_updates", "Updates handled, by command ('text', 'button' or 'other' otherwise)", ["command"])
REFUSALS = Counter("verksam_refusals", "Updates or requests refused, by reason", ["reason"])
ERRORS = Counter("verksam_errors", "Errors raised while handling an update")
ENTRIES = Counter("verksam_entries_saved", "Entries saved, by kind", ["kind"])
SENDS_429 = Counter("verksam_sends_429", "Bot API requests answered 429 Too Many Requests")
DIGEST_SECONDS = Histogram(
    "verksam_digest_seconds", "Time to build and send one digest", buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
)
OUTBOX_PENDING = Gauge("verksam_outbox_pending", "Outbox messages not yet sent")
OUTBOX_OVERDUE = Gauge("verksam_outbox_overdue", "Outbox messages due for longer than two sweeps")
SWEEP_LAG = Gauge("verksam_sweep_lag_seconds", "How long the oldest due, unsent outbox message has waited")
LAST_SWEEP_AGE = Gauge("verksam_last_sweep_age_seconds", "Seconds since this process last finished a sweep")


def command_label(update: object, known: frozenset[str]) -> str:
    """'knack' for /knack@verksam_bot 40 12, else 'text', 'button' or 'other'; unknown commands are 'other'."""
    message = getattr(update, "message", None)
    if getattr(update, "callback_query", None) is not None:
        return "button"
    text = getattr(message, "text", None)
    if not text:
        return "other"
    if not text.startswith("/"):
        return "text"
    words = text[1:].split(maxsplit=1)
    name = words[0].split("@", 1)[0].lower() if words else ""
    return name if name in known else "other"

