"""Drive the real telegram.ext.Application through conversations, as a user would."""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import Update
from telegram.ext import Application, BaseUpdateProcessor

from tests.fakebot import Call, FakeBotApi


class FakeClock:
    """The injected clock: tests move time, nothing sleeps."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass(frozen=True)
class Person:
    id: int
    first_name: str = "Kim"
    language_code: str = "sv"

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }


class Harness:
    def __init__(self, app: Application, api: FakeBotApi, clock: FakeClock) -> None:
        self.app = app
        self.api = api
        self.clock = clock
        self._ids = itertools.count(1)
        self._callbacks = itertools.count(1)

    def private(self, person: Person) -> dict:
        chat = {"id": person.id, "type": "private", "first_name": person.first_name}
        self.api.chats[person.id] = chat
        return chat

    def group(self, chat_id: int = -100_200, title: str = "Ektorps knackarlag") -> dict:
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        self.api.chats[chat_id] = chat
        return chat

    def message(self, person: Person, text: str, chat: dict | None = None, sent: datetime | None = None) -> dict:
        chat = chat or self.private(person)
        message = {
            "message_id": next(self._ids),
            "date": int((sent or self.clock()).timestamp()),
            "chat": chat,
            "from": person.as_json(),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return message

    async def deliver(self, update: dict) -> list[Call]:
        """Process one update; return what the bot sent because of it."""
        before = len(self.api.calls)
        await self.app.process_update(Update.de_json({"update_id": next(self._ids), **update}, self.app.bot))
        return [
            c
            for c in self.api.calls[before:]
            if c.method in {"sendMessage", "editMessageText", "sendPhoto", "sendDocument"}
        ]

    async def deliver_all(self, updates: list[dict], processor: BaseUpdateProcessor | None = None) -> None:
        """Deliver updates as `verksam run` does: each one a task, in arrival order, through the
        application's update processor (different people side by side, each person's in order)."""
        processor = processor or self.app.update_processor
        tasks = []
        for raw in updates:
            update = Update.de_json({"update_id": next(self._ids), **raw}, self.app.bot)
            tasks.append(asyncio.create_task(processor.process_update(update, self.app.process_update(update))))
        await asyncio.gather(*tasks)

    async def send(
        self, person: Person, text: str, chat: dict | None = None, sent: datetime | None = None
    ) -> list[Call]:
        return await self.deliver({"message": self.message(person, text, chat, sent)})

    async def send_document(self, person: Person, filename: str, data: bytes, size: int | None = None) -> list[Call]:
        """Upload a file; ``size`` lets a test claim a size without sending that many bytes."""
        file_id = f"file{next(self._ids)}"
        self.api.files[file_id] = data
        message = self.message(person, "")
        del message["text"]
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": filename,
            "file_size": len(data) if size is None else size,
        }
        return await self.deliver({"message": message})

    async def edit(self, person: Person, original: dict, text: str) -> list[Call]:
        edited = {**original, "text": text, "edit_date": int(self.clock().timestamp())}
        if text.startswith("/"):
            edited["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return await self.deliver({"edited_message": edited})

    async def press(self, person: Person, call: Call, data: str) -> list[Call]:
        """Press the button with callback ``data`` on the message the bot sent in ``call``."""
        chat_id = int(call.params["chat_id"])
        stored = next(
            (m for (cid, _), m in reversed(self.api.messages.items()) if cid == chat_id and _button_data(m, data)),
            None,
        )
        message = stored or self.last_message(chat_id)
        # The client sends back what the button holds (the payload and its signature), also when the
        # button has just been removed (a quick second tap); a ``data`` on no button is sent as it is.
        held = _button_data({"reply_markup": _markup(call)}, data) or (stored and _button_data(stored, data))
        return await self.press_raw(person, message, held or data)

    def last_message(self, chat_id: int) -> dict:
        found = [m for (cid, _), m in self.api.messages.items() if cid == chat_id]
        return found[-1] if found else {"message_id": 1, "date": 0, "chat": self.api.chats[chat_id], "text": "?"}

    async def press_raw(self, person: Person, message: dict | Call, data: str) -> list[Call]:
        """A callback query with exactly this ``data`` from ``person`` on ``message`` (or the last
        message in the chat of a ``Call``): what a client, or someone crafting requests, sends."""
        if isinstance(message, Call):
            message = self.last_message(int(message.params["chat_id"]))
        query = {
            "id": str(next(self._callbacks)),
            "from": person.as_json(),
            "chat_instance": "ci",
            "data": data,
            "message": message,
        }
        return await self.deliver({"callback_query": query})

    def answers(self, since: int = 0) -> list[str]:
        """Texts of answerCallbackQuery calls."""
        return [c.params.get("text", "") for c in self.api.calls[since:] if c.method == "answerCallbackQuery"]


def payload_of(data: str) -> str:
    """A button's callback data without its signature (see handlers/button_guard.py)."""
    head, separator, _tag = data.rpartition("~")
    return head if separator else data


def _button_data(message: dict, data: str) -> str | None:
    """The callback data of the button on ``message`` whose payload (or whole data) is ``data``."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    found = [b["callback_data"] for row in rows for b in row if b.get("callback_data")]
    return next((d for d in found if data in (d, payload_of(d))), None)


def _markup(call: Call) -> dict:
    markup = call.params.get("reply_markup") or {}
    return json.loads(markup) if isinstance(markup, str) else markup


def buttons_of(call: Call, signed: bool = False) -> list[str]:
    """The buttons of a message: callback payloads (or the whole signed data) and urls."""
    rows = _markup(call).get("inline_keyboard", [])
    return [
        (b["callback_data"] if signed else payload_of(b["callback_data"])) if b.get("callback_data") else b.get("url")
        for row in rows
        for b in row
    ]


def text_of(calls: list[Call]) -> str:
    return "\n".join(c.params.get("text") or c.params.get("caption") or "" for c in calls)


UTC_NOON = datetime(2025, 3, 14, 11, 0, tzinfo=UTC)  # Friday 14 March 2025, 12:00 in Stockholm
