"""What every update passes before any command sees it: four steps, in this order, in one place.

python-telegram-bot walks its handler groups one by one for every update; each step in a group of
its own (a TypeHandler on everything) was a walk, a check and a call more per update. So the steps
are one function in one group, registered before the commands (handlers/__init__.py). A step that
stops the update raises ApplicationHandlerStop, as before: no later step and no command runs; a
step that fails stops it too, after the error handler has seen the error (fail closed).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes, TypeHandler

from handlers import button_guard, flow, gate, language


async def before_commands(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    try:
        await button_guard.guard(update, context)  # a press checked against whom its button was sent to
        await gate.gate(update, context)  # floods slowed; junk and oversized messages stop here
        await language.resolve(update, context)  # the language this update is answered in
        await flow.reset(update, context)  # /avbryt ends open flows; a new command, those it does not answer
    except ApplicationHandlerStop:
        raise
    except Exception as error:  # a step that failed vouches for nothing: no command runs unchecked
        await context.application.process_error(update, error)
        raise ApplicationHandlerStop from error


def handler() -> TypeHandler:
    return TypeHandler(Update, before_commands)
