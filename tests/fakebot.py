"""A fake Bot API: answers the calls the bot makes and records what it sent.

`FakeBotApi` holds the state; `FakeRequest` plugs it into python-telegram-bot in-process (a
`BaseRequest`), and `tests/botapi_server.py` serves the same object over loopback HTTP.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_ID = 1_000_000
BOT_USERNAME = "verksam_test_bot"
TOKEN = f"{BOT_ID}:TEST-token-not-a-secret"


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters  # e.g. {"retry_after": 3} with a 429


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


class FakeBotApi:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.chats: dict[int, dict] = {}
        self.messages: dict[tuple[int, int], dict] = {}
        self._message_ids = itertools.count(10_000)
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._lock = threading.Condition()
        self.blocked_chats: set[int] = set()
        self.files: dict[str, bytes] = {}  # file_id -> content, for getFile and downloads
        self.failures: dict[str, list[Exception]] = {}  # method -> what its next calls fail with

    def fail_next(self, method: str, error: Exception, times: int = 1) -> None:
        """Make the next `times` calls of `method` fail: an ApiError is answered as Telegram would
        answer it (an HTTP error), any other exception (telegram.error.TimedOut, say) is raised
        by the network layer. A failed call is not recorded: nothing was delivered."""
        self.failures.setdefault(method, []).extend([error] * times)

    def take_failure(self, method: str) -> Exception | None:
        waiting = self.failures.get(method)
        return waiting.pop(0) if waiting else None

    # --- what tests use -------------------------------------------------
    def sent(self, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method in {"sendMessage", "sendPhoto", "sendDocument", "editMessageText"}
            and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)
        ]

    def push_update(self, update: dict) -> dict:
        """Queue an update for getUpdates (the HTTP server's long polling)."""
        with self._lock:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
            self._lock.notify_all()
        return update

    def next_update_id(self) -> int:
        return next(self._update_ids)

    # --- the Bot API ------------------------------------------------------
    def handle(self, method: str, params: dict[str, Any], files: dict | None = None) -> Any:
        self.calls.append(Call(method, params, files or {}))
        handler = getattr(self, f"_api_{method}", None)
        return handler(params) if handler else True

    def _api_getMe(self, _params: dict) -> dict:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Verksam",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _new_message(self, params: dict, **content: Any) -> dict:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked_chats:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self.chats.get(chat_id, {"id": chat_id, "type": "private"}),
            "from": self._api_getMe({}),
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = _plain(params["reply_markup"])
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _api_sendMessage(self, params: dict) -> dict:
        return self._new_message(params, text=params["text"])

    def _api_sendPhoto(self, params: dict) -> dict:
        photo = [{"file_id": "photo1", "file_unique_id": "p1", "width": 800, "height": 600}]
        return self._new_message(params, photo=photo, caption=params.get("caption", ""))

    def _api_sendDocument(self, params: dict) -> dict:
        return self._new_message(
            params, document={"file_id": "doc1", "file_unique_id": "d1"}, caption=params.get("caption", "")
        )

    def _stored(self, params: dict) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self.messages[key]

    def _api_editMessageText(self, params: dict) -> dict:
        message = self._stored(params)
        message["text"] = params["text"]
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = _plain(params["reply_markup"])
        return message

    def _api_editMessageReplyMarkup(self, params: dict) -> dict:
        message = self._stored(params)
        if not message.get("reply_markup") and not params.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = _plain(params["reply_markup"])
        return message

    def _api_deleteMessage(self, params: dict) -> bool:
        self.messages.pop((int(params["chat_id"]), int(params["message_id"])), None)
        return True

    def _api_getFile(self, params: dict) -> dict:
        file_id = params["file_id"]
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(self.files[file_id]),
            "file_path": f"documents/{file_id}",
        }

    def download(self, path: str) -> bytes:
        return self.files[path.rsplit("/", 1)[-1]]

    def _api_getUpdates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._lock:
            while True:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates or time.monotonic() >= deadline:
                    return list(self._updates)
                self._lock.wait(timeout=max(0.0, deadline - time.monotonic()))


def _plain(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


class FakeRequest(BaseRequest):
    """python-telegram-bot's network layer, answered by a FakeBotApi in the same process."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=BaseRequest.DEFAULT_NONE,
        write_timeout=BaseRequest.DEFAULT_NONE,
        connect_timeout=BaseRequest.DEFAULT_NONE,
        pool_timeout=BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:  # a download of a file the bot asked for with getFile
            return 200, self.api.download(url)
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = {}
        if request_data and request_data.contains_files:
            files = {k: (v[0], v[1]) for k, v in request_data.multipart_data.items() if isinstance(v, tuple)}
        try:
            failure = self.api.take_failure(api_method)
            if failure is not None:
                raise failure
            result = self.api.handle(api_method, params, files)
        except ApiError as error:
            body = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return error.code, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()
