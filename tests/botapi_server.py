"""A FakeBotApi served over loopback HTTP, shaped like api.telegram.org, for a real `verksam run`.

with BotApiServer() as server:      # env: TELEGRAM_BASE_URL=server.base_url
    server.push_message(USER, "/start abc")
    server.wait_for_message(USER, lambda text: text.startswith("Välkommen"))
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakebot import TOKEN, ApiError, Call, FakeBotApi
from tests.harness import payload_of

# Parameters the Bot API takes as JSON inside a form field; decoded so that calls recorded over
# HTTP look like the ones FakeRequest records in-process (lists and dicts, not strings).
JSON_FIELDS = {
    "allowed_updates",
    "caption_entities",
    "commands",
    "entities",
    "link_preview_options",
    "media",
    "reply_markup",
    "reply_parameters",
    "scope",
}
SENT = {"sendMessage", "sendPhoto", "sendDocument", "editMessageText"}


class BotApiServer:
    """Serves `api` on 127.0.0.1 at an ephemeral port until `stop()` (or the end of a `with`)."""

    def __init__(self, api: FakeBotApi | None = None, token: str = TOKEN, *, conflicts: bool = False) -> None:
        self.api = api or FakeBotApi()
        self.token = token
        # As Telegram does: a second getUpdates while one is pending is answered 409 Conflict.
        # Opt-in, because a process stopped mid long poll leaves its request pending here.
        self.conflicts = conflicts
        self._polls = 0
        self._polls_lock = threading.Lock()
        self._answered = threading.Condition()  # notified after every Bot API call is answered
        self._message_ids = itertools.count(1)
        self._http = _Server(("127.0.0.1", 0), _handler_for(self))
        self._http.handle_error = self._handle_error
        self.base_url = f"http://127.0.0.1:{self._http.server_port}/bot"
        self._thread = threading.Thread(target=self._http.serve_forever, name="botapi-server", daemon=True)
        self._thread.start()

    def __enter__(self) -> BotApiServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _handle_error(self, request: object, address: object) -> None:
        # A bot stopped mid long-poll hangs up: that is how it ends, not a failure to print.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            ThreadingHTTPServer.handle_error(self._http, request, address)

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)

    # --- what tests use -------------------------------------------------
    def push_message(self, user_id: int, text: str, *, first_name: str = "Kim", language_code: str = "sv") -> dict:
        """A user writes `text` to the bot in a private chat; commands carry their bot_command entity."""
        chat = {"id": user_id, "type": "private", "first_name": first_name}
        self.api.chats[user_id] = chat
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self.api.push_update({"message": message})

    def press(self, user_id: int, data: str) -> dict:
        """The user presses the button `data` under the latest message the bot sent them."""
        sent = self.api.messages[(user_id, max(mid for chat, mid in self.api.messages if chat == user_id))]
        rows = (sent.get("reply_markup") or {}).get("inline_keyboard", [])
        held = [b["callback_data"] for row in rows for b in row if b.get("callback_data")]
        signed = next((d for d in held if data in (d, payload_of(d))), None)  # the client sends what it holds
        assert signed, f"no button {data!r} under {sent.get('text')!r}"
        query = {
            "id": str(next(self._message_ids)),
            "from": {"id": user_id, "is_bot": False, "first_name": "Kim", "language_code": "sv"},
            "chat_instance": str(user_id),
            "message": sent,
            "data": signed,
        }
        return self.api.push_update({"callback_query": query})

    def calls(self, method: str | None = None) -> list[Call]:
        return [c for c in list(self.api.calls) if method is None or c.method == method]

    def wait_for_message(self, chat_id: int, predicate: Callable[[str], bool], timeout: float = 20.0) -> Call:
        """The first message the bot sent to `chat_id` whose text (or caption) satisfies `predicate`."""
        return self.wait_for(
            lambda c: (
                c.method in SENT
                and int(c.params.get("chat_id", 0)) == chat_id
                and predicate(str(c.params.get("text") or c.params.get("caption") or ""))
            ),
            timeout,
            f"a message to chat {chat_id}",
        )

    def wait_for(self, matches: Callable[[Call], bool], timeout: float = 20.0, what: str = "a call") -> Call:
        deadline = time.monotonic() + timeout
        with self._answered:
            while True:
                found = next((c for c in list(self.api.calls) if matches(c)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    sent = [(c.method, c.params.get("text")) for c in self.calls() if c.method != "getUpdates"]
                    raise TimeoutError(f"no {what} within {timeout} s; the bot called: {sent}")
                self._answered.wait(timeout=left)

    # --- the HTTP side ----------------------------------------------------
    def _answer(self, method: str, params: dict[str, Any], files: dict) -> tuple[int, dict]:
        if self.conflicts and method == "getUpdates":
            return self._poll(params)
        return self._handled(method, params, files)

    def _handled(self, method: str, params: dict[str, Any], files: dict) -> tuple[int, dict]:
        try:
            result = self.api.handle(method, params, files)
        except ApiError as error:
            return error.code, {"ok": False, "error_code": error.code, "description": error.description}
        finally:
            with self._answered:
                self._answered.notify_all()
        return 200, {"ok": True, "result": result}

    def _poll(self, params: dict[str, Any]) -> tuple[int, dict]:
        with self._polls_lock:
            if self._polls:
                self.api.calls.append(Call("getUpdates", {**params, "conflict": True}, {}))
                return 409, _error(409, CONFLICT)
            self._polls += 1
        try:
            return self._handled("getUpdates", params, {})
        finally:
            with self._polls_lock:
                self._polls -= 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a pending long poll must not keep the process alive
    # socketserver listens with a backlog of 5: 50 volunteers' replies opening connections at once
    # overflowed it, and a connection the kernel had dropped failed its request (httpx.ReadError).
    request_queue_size = 128


CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"


def _handler_for(server: BotApiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects of api.telegram.org
        # Headers and body go in separate writes: with Nagle on, each answer waited ~40 ms for
        # the client's delayed ACK.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def _serve(self) -> None:
            url = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            prefix, _, rest = url.path.lstrip("/").partition("/")
            if prefix == "file":  # /file/bot<token>/<file_path>: a download after getFile
                prefix, _, rest = rest.partition("/")
                if prefix != f"bot{server.token}":
                    return self._json(401, _error(401, "Unauthorized"))
                try:
                    return self._send(200, "application/octet-stream", server.api.download(rest))
                except KeyError:
                    return self._json(404, _error(404, "Not Found"))
            if prefix != f"bot{server.token}":
                return self._json(401 if prefix.startswith("bot") else 404, _error(401, "Unauthorized"))
            if not rest or "/" in rest:
                return self._json(404, _error(404, "Not Found"))
            params, files = _parse(self.headers.get("Content-Type", ""), body)
            params = {**dict(parse_qsl(url.query)), **params}
            self._json(*server._answer(rest, params, files))

        def _json(self, status: int, payload: dict) -> None:
            self._send(status, "application/json", json.dumps(payload).encode())

        def _send(self, status: int, content_type: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: Any) -> None:  # quiet: pytest shows failures, not access logs
            pass

    return Handler


def _error(code: int, description: str) -> dict:
    return {"ok": False, "error_code": code, "description": description}


def _parse(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Parameters (and uploaded files) from a JSON, urlencoded or multipart body."""
    if not body:
        return {}, {}
    if content_type.startswith("application/json"):
        return json.loads(body), {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        params, files = {}, {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.get_filename() is not None:
                files[name] = (part.get_filename(), part.get_payload(decode=True))
            else:
                params[name] = part.get_payload(decode=True).decode()
        return _decoded(params), files
    return _decoded(dict(parse_qsl(body.decode(), keep_blank_values=True))), {}


def _decoded(fields: dict[str, str]) -> dict[str, Any]:
    return {k: json.loads(v) if k in JSON_FIELDS else v for k, v in fields.items()}
