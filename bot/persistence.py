"""python-telegram-bot persistence backed by the database: guided flows survive a restart.

Only conversations and user_data are kept (bot_data holds the services; chat_data is unused).
The Application writes changes every UPDATE_SECONDS and once more when it stops (SIGTERM).

python-telegram-bot hands over the user_data of every user an update came from, almost always
empty (a one-line /knack leaves nothing behind). An empty one only needs writing (as a delete) if
a row is stored for that user: the persistence remembers whose rows it loaded or wrote, so a
quiet day's updates cost no database work here.

bot/replicas.py also reads a user's flows before each of their updates (webhook mode) and writes
them right after, so that several replicas behind a load balancer can take turns with one conversation.
"""

from __future__ import annotations

from telegram.ext import BasePersistence, PersistenceInput

from handlers.common import Clock
from storage import flows
from storage.database import Database

UPDATE_SECONDS = 5


class DatabasePersistence(BasePersistence):
    def __init__(self, db: Database, clock: Clock) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=UPDATE_SECONDS,
        )
        self.db, self.clock = db, clock
        self._stored: set[int] = set()  # users with a row of user_data in the database

    async def get_user_data(self) -> dict[int, dict]:
        loaded = await flows.load_user_data(self.db)
        self._stored.update(loaded)
        return loaded

    async def load_flows(self, names: list[str], chat_id: int, user_id: int) -> tuple[dict, dict[str, int]]:
        """The user's answers so far and their flows' states in this chat, fresh from the database."""
        data, states = await flows.load_for(self.db, names, chat_id, user_id)
        if data:
            self._stored.add(user_id)
        else:
            self._stored.discard(user_id)
        return data or {}, states

    async def update_user_data(self, user_id: int, data: dict) -> None:
        if not data and user_id not in self._stored:
            return  # nothing stored, nothing to store
        await flows.save_user_data(self.db, user_id, data, self.clock())
        if data:
            self._stored.add(user_id)
        else:
            self._stored.discard(user_id)

    async def drop_user_data(self, user_id: int) -> None:
        await flows.drop_user_data(self.db, user_id)
        self._stored.discard(user_id)

    async def get_conversations(self, name: str) -> dict[tuple, object]:
        return await flows.load_states(self.db, name)

    async def update_conversation(self, name: str, key: tuple, new_state: object | None) -> None:
        await flows.save_state(self.db, name, key, new_state if isinstance(new_state, int) else None, self.clock())

    # Not stored: nothing to read, write or refresh.
    async def get_chat_data(self) -> dict[int, dict]:
        return {}

    async def get_bot_data(self) -> dict:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        return None

    async def update_bot_data(self, data: dict) -> None:
        return None

    async def update_callback_data(self, data: object) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict) -> None:
        return None

    async def flush(self) -> None:
        return None
