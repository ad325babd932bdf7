"""Plan documents are read in a separate process, with a time and a memory limit.

A process, not a thread: a thread cannot be stopped when its time is up, and a parser holding
the GIL slows every other user's updates. A child process can be killed, runs on another core,
and its memory limit (domain/plan_documents.py) ends a zip bomb without touching the bot.
At most READERS documents are read at once, so a queue of uploads cannot fill the machine.
The worker starts in a fraction of a second; python-docx and pypdf load in it, not in the bot.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

from telegram.ext import ContextTypes

from domain.plan_documents import PlanDocumentError

READ_SECONDS = 20.0  # a real 40-page plan takes a second or two
READERS = 2
_MAX_OUTPUT = 8 * 1024 * 1024  # the worker caps the text it returns far below this
WORKER = (sys.executable, "-m", "domain.plan_documents")
# The worker gets no secrets: a parser bug a document exploits finds no token or data key.
_WORKER_ENV = ("PATH", "PYTHONPATH", "LANG", "LC_ALL", "SYSTEMROOT")


def reader_slots(context: ContextTypes.DEFAULT_TYPE) -> asyncio.Semaphore:
    return context.bot_data.setdefault("document_readers", asyncio.Semaphore(READERS))


async def read_document(filename: str, data: bytes, slots: asyncio.Semaphore) -> str:
    """The document's text; PlanDocumentError when it cannot or may not be read."""
    seconds = READ_SECONDS
    async with slots:
        worker = await asyncio.create_subprocess_exec(
            *WORKER,
            filename,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            env={name: os.environ[name] for name in _WORKER_ENV if name in os.environ},
            limit=_MAX_OUTPUT,
        )
        try:
            output, _ = await asyncio.wait_for(worker.communicate(data), seconds)
        except TimeoutError:
            raise PlanDocumentError("too_slow", f"not read within {seconds:g} s") from None
        finally:
            if worker.returncode is None:
                worker.kill()
                await worker.wait()
    try:
        result = json.loads(output)
    except ValueError:  # killed by its memory or CPU limit: nothing, or half a line, was written
        raise PlanDocumentError("too_large", f"the reader stopped (exit {worker.returncode})") from None
    if "text" in result:
        return result["text"]
    raise PlanDocumentError(result["reason"], result["message"])
