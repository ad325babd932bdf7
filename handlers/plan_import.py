"""/plan: the plan the branch adopted goes in as text or a file, and comes out as goals to confirm."""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from telegram import Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from domain.errors import InputError
from domain.goals import GoalKind, GoalSpec
from domain.grammar import parse_count, parse_goal
from domain.metrics import display_name
from domain.plan_documents import MAX_CHARS, MAX_PDF_PAGES, PlanDocumentError
from handlers.common import answer_input_error, buttons, is_private, local_today, reply, services, texts
from handlers.document_reader import read_document, reader_slots
from handlers.flow import ANSWER, end_flow, guided_flow
from handlers.goal_scope import Scope, add_goals, existing_goals, requires_goal_scope
from storage import goals
from views.goal_lines import goal_summary_line
from views.messages import KIND_NAMES, period_label

if TYPE_CHECKING:
    from domain.plan_reader import PlanSection

WAITING, REVIEW, NEW_TARGET, NEW_GOAL = range(4)
KEY = "plan"
PINNED = f"{KEY}:scope"  # the scope /plan began in (Scope.key): the plan is saved there or nowhere
MAX_PLAN_BYTES = 5 * 1024 * 1024
MAX_PLAN_GOALS = 200
FILE_TYPES = {".txt", ".md", ".docx", ".pdf"}


@dataclass
class Review:
    """The goals found, and the board member's answer to each so far."""

    found: list[GoalSpec]
    keep: list[bool] = field(default_factory=list)
    index: int = 0

    @property
    def done(self) -> bool:
        return self.index >= len(self.found)


@requires_goal_scope(setting=True)
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> int:
    t = texts(update)
    if not is_private(update):
        await reply(update, t._("Skicka planen till mig i en privat chatt, inte i gruppen: skriv /plan där."))
        return ConversationHandler.END
    ask = t._(
        "Skicka verksamhetsplanen som fil (.docx, .pdf, .txt eller .md, högst 5 MB) eller klistra in texten. "
        "Jag letar upp målen, och du får gå igenom dem innan något sparas."
    )
    if scope.district_id is not None:
        ask = t._("Distriktets mål, för {district}.", district=scope.name) + " " + ask
    context.user_data[PINNED] = scope.key
    await reply(update, ask)
    return WAITING


def in_pinned_scope(handler):
    """A step of the flow: the board's role is checked again (requires_goal_scope), and the scope must
    still be the one /plan began in. A role taken away or another scope chosen with /org mid-review
    would otherwise save the plan into the wrong organisation or district: the review ends unsaved."""

    @requires_goal_scope(setting=True)
    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> int:
        if context.user_data.get(PINNED) == scope.key:
            return await handler(update, context, scope)
        end_flow(context, KEY, update.effective_chat.id, update.effective_user.id)  # also from the paste job
        if update.callback_query:
            await update.callback_query.answer()
        text = texts(update)._(
            "Din roll eller organisation har ändrats sedan du skrev /plan, så inget sparades. Börja om med /plan."
        )
        await _show(update, text, None)
        return ConversationHandler.END

    return wrapper


# Telegram sends a paste longer than 4096 characters as several messages, each but the last one
# close to the limit. A long part waits for the rest; a shorter one ends the paste. If the last
# part is long too, a job reads the parts once none has come for PASTE_SECONDS.
SPLIT_LENGTH = 3500
PASTE_SECONDS = 3.0
PASTE = f"{KEY}:paste"  # in user_data, kept in the database with the flow (bot/persistence.py)


@dataclass
class Paste:
    parts: list[str] = field(default_factory=list)
    last: dict = field(default_factory=dict)  # the last part's message, to answer it


@in_pinned_scope
async def received_text(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> int:
    """A pasted plan: its parts are collected and read as one text."""
    message = update.effective_message
    paste: Paste = context.user_data.get(PASTE) or Paste()
    paste.parts.append(message.text)
    paste.last = message.to_dict()
    context.user_data[PASTE] = paste
    job_name = f"{PASTE}:{update.effective_chat.id}:{update.effective_user.id}"
    for job in context.job_queue.get_jobs_by_name(job_name) if context.job_queue else ():
        job.schedule_removal()
    if len(message.text) >= SPLIT_LENGTH and context.job_queue:
        context.job_queue.run_once(
            _paste_ended, PASTE_SECONDS, chat_id=message.chat_id, user_id=update.effective_user.id, name=job_name
        )
        return WAITING
    return await _read_paste(update, context)


async def _paste_ended(context: ContextTypes.DEFAULT_TYPE) -> None:
    """No part for PASTE_SECONDS: read what came, answering its last part."""
    paste: Paste | None = context.user_data.get(PASTE)
    if paste is None:  # read already, or the flow was ended (/avbryt, another command)
        return
    message = Message.de_json(paste.last, context.bot)
    await _read_paste(Update(update_id=0, message=message), context)


@in_pinned_scope
async def _read_paste(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> int:
    paste: Paste | None = context.user_data.pop(PASTE, None)
    if paste is None:
        return WAITING
    text = "\n".join(paste.parts)
    if len(paste.parts) > 1:
        t = texts(update)
        await reply(
            update,
            t.n_(
                "Jag läste {chars} tecken i {n} meddelande.",
                "Jag läste {chars} tecken i {n} meddelanden, som en text.",
                len(paste.parts),
                chars=t.num(len(text)),
            ),
        )
    return await _read(update, context, scope, text)


@in_pinned_scope
async def received_file(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> int:
    t = texts(update)
    document = update.effective_message.document
    suffix = PurePath(document.file_name or "").suffix.lower()
    if suffix not in FILE_TYPES:
        await reply(update, t._("Jag läser .docx, .pdf, .txt och .md. Spara planen i något av dem och skicka igen."))
        return WAITING
    if (document.file_size or 0) > MAX_PLAN_BYTES:
        await reply(
            update, t._("Filen är för stor (högst 5 MB). En plan brukar vara mycket mindre: skicka bara planen.")
        )
        return WAITING
    data = bytes(await (await document.get_file()).download_as_bytearray())
    if len(data) > MAX_PLAN_BYTES:
        await reply(
            update, t._("Filen är för stor (högst 5 MB). En plan brukar vara mycket mindre: skicka bara planen.")
        )
        return WAITING
    try:
        text = await read_document(document.file_name or "", data, reader_slots(context))
    except PlanDocumentError as error:
        await reply(update, _document_refusal(t, error.reason))
        return WAITING
    return await _read(update, context, scope, text)


def _document_refusal(t, reason: str) -> str:
    if reason in ("too_large", "too_slow"):
        return t._(
            "Det där är mer än en plan (högst {pages} sidor eller {chars} tecken), så jag läser den inte. "
            "Skicka bara verksamhetsplanen, som .docx, .pdf eller .txt.",
            pages=MAX_PDF_PAGES,
            chars=t.num(MAX_CHARS),
        )
    if reason == "empty":
        return t._("Filen är tom. Skicka planen med text i.")
    if reason == "binary":
        return t._(
            "Filen innehåller ingen läsbar text, trots namnet. Spara planen som .docx, .pdf eller .txt och försök igen."
        )
    return t._("Jag kunde inte läsa filen. Spara planen som .docx, .pdf eller .txt och försök igen.")


async def _read(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope, text: str) -> int:
    from domain.plan_reader import read_sections  # its patterns compile on the first plan, not at start

    t = texts(update)
    today = local_today(scope, services(context).clock())
    found, sections = await asyncio.to_thread(read_sections, text, today=today)
    found = found[:MAX_PLAN_GOALS]
    if not found:
        await reply(
            update,
            t._(
                "Jag hittade inga mål i texten. Mål står ofta under rubriken \u201cMål:\u201d. Skicka hela planen, eller avbryt med /avbryt."
            ),
        )
        return WAITING
    review = Review(found)
    context.user_data[KEY] = review
    period = period_label(t, found[0].period_start, found[0].period_end)
    await reply(
        update,
        t.n_(
            "Jag hittade {n} mål för {period}. Gå igenom dem:",
            "Jag hittade {n} mål för {period}. Gå igenom dem:",
            len(found),
            period=period,
        )
        + _sections_text(t, sections),
    )
    await reply(update, _card(t, review), reply_markup=_card_buttons(t, review))
    return REVIEW


def _sections_text(t, sections: list[PlanSection]) -> str:
    """Per section of the plan, how many goals were found there: an empty section stands out."""
    named = [s for s in sections if s.heading]
    if len(named) < 2:
        return ""
    lines = ["", t._("Per avsnitt i planen:")]
    for section in named:
        count = t.n_("{n} mål", "{n} mål", section.goals) if section.goals else t._("inga mål ⚠️")
        lines.append(f"• {section.heading[:60]}: {count}")
    lines.append(t._("Saknas ett mål? Tryck ➕ på ett kort och skriv det som i /mal."))
    return "\n".join(lines)


def _card(t, review: Review) -> str:
    spec = review.found[review.index]
    lines = [t._("Mål {i} av {n}", i=review.index + 1, n=len(review.found)) + (f" · {spec.area}" if spec.area else "")]
    lines.append(f"{t._(KIND_NAMES[spec.kind])}: {goal_summary_line(t, spec)}")
    if spec.responsible:
        lines.append(t._("Ansvarig: {who}", who=spec.responsible))
    lines.append(f"\u201c{spec.text[:400]}\u201d")
    return "\n".join(lines)


def _card_buttons(t, review: Review):
    i = review.index
    rows = [[(t._("✅ Behåll"), f"plan:keep:{i}"), (t._("🗑 Ta bort"), f"plan:drop:{i}")]]
    if review.found[i].target is not None:
        rows[0].insert(1, (t._("✏️ Ändra värdet"), f"plan:change:{i}"))
    rows.append([(t._("Behåll resten"), f"plan:rest:{i}"), (t._("➕ Lägg till mål"), f"plan:add:{i}")])
    return buttons(rows)


@in_pinned_scope
async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> int:
    query = update.callback_query
    review: Review = context.user_data[KEY]
    _, action, index = query.data.split(":")
    if int(index) != review.index:
        await query.answer(texts(update)._("Redan besvarat."))
        return REVIEW
    await query.answer()
    if action == "change":
        await query.edit_message_text(_card(texts(update), review))
        await reply(update, texts(update)._("Skriv det nya värdet, ett tal."))
        return NEW_TARGET
    if action == "add":
        await reply(update, texts(update)._("Skriv målet som i /mal, till exempel: nya_medlemmar 42 2026"))
        return NEW_GOAL
    if action == "rest":
        review.keep += [True] * (len(review.found) - review.index)
        review.index = len(review.found)
    else:
        review.keep.append(action == "keep")
        review.index += 1
    return await _next(update, context, review)


async def _next(update: Update, context: ContextTypes.DEFAULT_TYPE, review: Review) -> int:
    t = texts(update)
    if not review.done:
        await _show(update, _card(t, review), _card_buttons(t, review))
        return REVIEW
    kept = sum(review.keep)
    text = t._("{kept} av {n} mål behålls. Spara dem?", kept=kept, n=len(review.found))
    await _show(update, text, buttons([[(t._("💾 Spara"), "plan:save:-"), (t._("Avbryt"), "plan:cancel:-")]]))
    return REVIEW


async def _show(update: Update, text: str, markup) -> None:
    """Edit the review card in place after a button; after typed text, send a new card."""
    if update.callback_query:
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    else:
        await reply(update, text, reply_markup=markup)


@in_pinned_scope
async def new_target(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> int:
    review: Review = context.user_data[KEY]
    try:
        value = parse_count(update.effective_message.text.replace("%", ""), 10_000_000)
    except InputError as error:
        await answer_input_error(update, error)
        return NEW_TARGET
    review.found[review.index] = review.found[review.index].model_copy(update={"target": float(value)})
    t = texts(update)
    await reply(update, _card(t, review), reply_markup=_card_buttons(t, review))
    return REVIEW


@in_pinned_scope
async def new_goal(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> int:
    """A goal the reader missed, in the /mal form; it joins the review after the others."""
    review: Review = context.user_data[KEY]
    t = texts(update)
    try:
        command = parse_goal(update.effective_message.text, local_today(scope, services(context).clock()))
        if command.forening or len(review.found) >= MAX_PLAN_GOALS:
            raise InputError("goal_form")
    except InputError as error:
        await answer_input_error(update, error)
        return NEW_GOAL
    name = display_name(command.metric, t.language)
    spec = GoalSpec(
        kind=GoalKind.COUNT,
        metric=command.metric,
        target=command.target,
        period_start=command.period_start,
        period_end=command.period_end,
        text=f"{t.num(command.target)} {name}",
    )
    review.found.append(spec)
    await reply(update, t._("➕ Tillagt sist i genomgången: {target} {name}.", target=t.num(command.target), name=name))
    await reply(update, _card(t, review), reply_markup=_card_buttons(t, review))
    return REVIEW


@in_pinned_scope
async def finish(update: Update, context: ContextTypes.DEFAULT_TYPE, scope: Scope) -> int:
    query = update.callback_query
    review: Review | None = context.user_data.pop(KEY, None)
    context.user_data.pop(PINNED, None)
    t = texts(update)
    await query.answer()
    if review is None or not review.done:
        return ConversationHandler.END
    if query.data.startswith("plan:cancel"):
        await query.edit_message_text(t._("Avbrutet. Inga mål sparade."))
        return ConversationHandler.END
    kept = [spec for spec, keep in zip(review.found, review.keep, strict=True) if keep]
    svc = services(context)
    chosen = _new_goals(kept, await existing_goals(svc.db, scope))
    await add_goals(svc.db, scope, chosen, svc.clock())
    if scope.district_id is None:
        text = t.n_("💾 Sparat {n} mål. Följ dem med /status.", "💾 Sparat {n} mål. Följ dem med /status.", len(chosen))
    else:
        text = t.n_(
            "💾 Sparat {n} mål för distriktet. Följ dem med /distrikt.",
            "💾 Sparat {n} mål för distriktet. Följ dem med /distrikt.",
            len(chosen),
        )
    if skipped := len(kept) - len(chosen):
        text += " " + t.n_("{n} mål fanns redan och sparades inte.", "{n} mål fanns redan och sparades inte.", skipped)
    await query.edit_message_text(text)
    return ConversationHandler.END


async def file_in_review(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file while the goals are reviewed: the review goes on (the state stays as it was)."""
    await reply(update, texts(update)._("Gå först igenom målen, eller /avbryt."))


def _new_goals(kept: list[GoalSpec], existing: dict[tuple, int]) -> list[GoalSpec]:
    """The kept goals not already set (with /mal or an earlier plan), each once."""
    seen, new = set(existing), []
    for spec in kept:
        if (key := goals.goal_key(spec, None)) not in seen:
            seen.add(key)
            new.append(spec)
    return new


def handler():
    a_file = MessageHandler(filters.Document.ALL | filters.PHOTO, file_in_review)
    review_buttons = [
        CallbackQueryHandler(answer, pattern=r"^plan:(keep|drop|change|rest|add):\d+$"),
        CallbackQueryHandler(finish, pattern=r"^plan:(save|cancel):"),
    ]
    return guided_flow(
        KEY,
        [CommandHandler("plan", start)],
        {
            # The review's buttons answer in WAITING too: a paste read by the job (_paste_ended)
            # shows its first card while the flow still waits.
            WAITING: [
                MessageHandler(ANSWER, received_text),
                MessageHandler(filters.Document.ALL, received_file),
                *review_buttons,
            ],
            REVIEW: [*review_buttons, a_file],
            NEW_TARGET: [MessageHandler(ANSWER, new_target), a_file],
            NEW_GOAL: [MessageHandler(ANSWER, new_goal), a_file],
        },
    )
