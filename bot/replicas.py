"""The Application Verksam runs: any replica can take any update, and each update is counted.

Behind a load balancer (webhook mode) consecutive updates of one conversation land on different
replicas. python-telegram-bot keeps guided flows in memory, loaded from persistence once at the
start and written back every few seconds; that is right for one process and wrong for several.
So with `shared_flows` (webhook mode) the user's flows in that chat (their conversation states and
user_data) are read from the database before each update, and whatever changed is written back
right after it. The cost is one short read per update (about 1.5 ms on SQLite), and a write only
when a flow moved on. Polling needs none of it: only one process may poll, so its memory is the truth.
"""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.error import Conflict
from telegram.ext import Application, CommandHandler, ConversationHandler

from views import metrics

log = logging.getLogger(__name__)


ANOTHER_POLLER = (
    "Another instance of this bot is already polling Telegram for updates (409 Conflict), so this one "
    "stops instead of taking turns with it: only one process may poll. To run several replicas, use "
    "webhook mode: set WEBHOOK_URL and WEBHOOK_SECRET for every replica, on one PostgreSQL database."
)
NEWCOMER_SECONDS = 30.0


class VerksamApplication(Application):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.born = time.monotonic()
        self.another_poller = False  # run_polling stopped because another instance polls
        self.shared_flows = False  # set by bot.app.build_application for webhook mode
        self._known_commands: frozenset[str] | None = None  # for the metrics' labels, once handlers are in

    async def process_update(self, update: object) -> None:
        shared = self.shared_flows and isinstance(update, Update)
        if isinstance(update, Update):
            metrics.UPDATES.labels(metrics.command_label(update, self._command_names())).inc()
        if shared:
            await self.update_persistence()  # what a job changed since (a paste read after 3 s) goes first
            await self._load_flows(update)
        await super().process_update(update)
        if shared:
            super()._mark_for_persistence_update(update=update)
            await self.update_persistence()

    def _mark_for_persistence_update(self, *, update: object | None = None, job=None) -> None:
        """With shared flows an update's changes are written by process_update as it ends. PTB marks the
        update again when its task is done (concurrent updates), and a later write of that mark would
        put this replica's copy, by then perhaps stale, over what another replica wrote since."""
        if self.shared_flows and isinstance(update, Update) and job is None:
            return
        super()._mark_for_persistence_update(update=update, job=job)

    async def process_error(self, update: object | None, error: Exception, *args, **kwargs) -> bool:
        if update is None and isinstance(error, Conflict):  # from run_polling's getUpdates
            self._another_poller()
            return True
        metrics.ERRORS.inc()
        return await super().process_error(update, error, *args, **kwargs)

    def _another_poller(self) -> None:
        """Telegram answers 409 Conflict when two processes poll one token. The newcomer meets it
        within seconds (whichever request Telegram cuts off, the old instance polls again at once)
        and stops; an instance that has polled for a while says so in the log and keeps going."""
        if time.monotonic() - self.born < NEWCOMER_SECONDS:
            self.another_poller = True
            # Stopping, the Updater asks once more (to confirm what it fetched: nothing) and meets
            # the same 409; the one line the CLI prints says it all, without that traceback.
            logging.getLogger("telegram.ext.Updater").addFilter(_not_a_conflict)
            self.stop_running()
        else:
            log.warning("409 Conflict: another instance is polling with this token; only one should")

    def _flows(self) -> list[ConversationHandler]:
        return [h for group in self.handlers.values() for h in group if isinstance(h, ConversationHandler)]

    def _command_names(self) -> frozenset[str]:
        names = self._known_commands
        if names is None:
            handlers = [h for group in self.handlers.values() for h in group]
            handlers += [e for flow in self._flows() for e in flow.entry_points]
            names = frozenset(c for h in handlers if isinstance(h, CommandHandler) for c in h.commands)
            self._known_commands = names
        return names

    async def _load_flows(self, update: Update) -> None:
        chat, user = update.effective_chat, update.effective_user
        flows = [flow for flow in self._flows() if flow.persistent]
        if chat is None or user is None or self.persistence is None or not flows:
            return
        data, states = await self.persistence.load_flows([f.name for f in flows], chat.id, user.id)
        user_data = self._user_data[user.id]
        user_data.clear()
        user_data.update(data)
        key = (chat.id, user.id)  # guided flows are per chat and user (handlers/flow.py)
        for flow in flows:
            # Not a change to write back: this is what the database holds already.
            if flow.name in states:
                flow._conversations.update_no_track({key: states[flow.name]})
            else:
                flow._conversations.data.pop(key, None)


def _not_a_conflict(record: logging.LogRecord) -> bool:
    return not (record.exc_info and isinstance(record.exc_info[1], Conflict))
