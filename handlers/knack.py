"""/knack: a door-knocking session, in one line or a few button presses."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
)

from domain.entries import MAX_CONVERSATIONS, MAX_DOORS, EntryKind, Knock
from domain.errors import InputError
from domain.grammar import KnockDraft, parse_area, parse_knock
from domain.roles import LOGGERS
from handlers.common import answer_input_error, buttons, local_today, reply, requires, services, texts
from handlers.flow import ANSWER, answered_number, guided_flow, pressed
from handlers.recording import Origin, save
from storage import entries
from storage.orgs import Member

DOORS, TALKS, AREA, CONFIRM = range(4)
KEY = "knack"


@requires(LOGGERS)
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    message = update.effective_message
    try:
        draft = parse_knock(" ".join(context.args or []), local_today(member, message.date))
    except InputError as error:
        await answer_input_error(update, error)
        return ConversationHandler.END
    origin = Origin.of(message)
    if draft.has_figures:
        return await _finish(update, context, member, draft, origin)
    if update.edited_message:
        return ConversationHandler.END  # an edit never starts a guided flow
    context.user_data[KEY] = (draft, origin)
    t = texts(update)
    await reply(
        update,
        t._("Hur många dörrar knackade du på? Skriv ett tal eller välj."),
        reply_markup=buttons([[(str(n), f"knack:doors:{n}") for n in (10, 20, 30, 40, 50)]]),
    )
    return DOORS


@requires(LOGGERS)
async def doors(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    draft, _ = context.user_data[KEY]
    draft.doors = await answered_number(update, MAX_DOORS)
    if draft.doors is None:
        return DOORS
    t = texts(update)
    await reply(
        update,
        t._("Hur många samtal blev det?"),
        reply_markup=buttons([[(str(n), f"knack:talks:{n}") for n in (0, 5, 10, 15, 20)]]),
    )
    return TALKS


@requires(LOGGERS)
async def talks(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    draft, origin = context.user_data[KEY]
    draft.conversations = await answered_number(update, MAX_CONVERSATIONS)
    if draft.conversations is None:
        return TALKS
    if draft.area:
        return await _finish(update, context, member, draft, origin)
    recent = await entries.recent_areas(services(context).db, member)
    context.user_data[f"{KEY}:areas"] = recent
    t = texts(update)
    rows = [[(area, f"knack:area:{i}")] for i, area in enumerate(recent)]
    rows.append([(t._("Inget område"), "knack:area:-")])
    await reply(update, t._("Var knackade ni? Skriv området eller välj."), reply_markup=buttons(rows))
    return AREA


@requires(LOGGERS)
async def area(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    draft, origin = context.user_data[KEY]
    choice = await pressed(update)
    try:
        if choice is None:
            message = update.effective_message
            draft.area, day = parse_area(message.text, local_today(member, message.date))
            if day is not None and draft.day not in (None, day):
                raise InputError("two_dates")
            draft.day = draft.day or day
        elif choice != "-":
            draft.area = context.user_data[f"{KEY}:areas"][int(choice)]
    except (InputError, IndexError, ValueError) as error:
        if isinstance(error, InputError):
            await answer_input_error(update, error)
        return AREA
    return await _finish(update, context, member, draft, origin)


async def _finish(update: Update, context, member: Member, draft: KnockDraft, origin: Origin, confirmed=False) -> int:
    knock = Knock(
        doors=draft.doors or 0,
        opened=draft.opened or 0,
        conversations=draft.conversations or 0,
        members=draft.members or 0,
        area=draft.area,
        day=draft.day,
    )
    if knock.doubts() and not confirmed:
        context.user_data[KEY] = (draft, origin)
        t = texts(update)
        await reply(
            update,
            _doubt_text(t, knock),
            reply_markup=buttons([[(t._("Ja, spara"), "knack:confirm:yes"), (t._("Nej, ändra"), "knack:confirm:no")]]),
        )
        return CONFIRM
    fields = knock.model_dump(exclude={"day"})
    await save(update, context, member, EntryKind.KNACK, fields, knock.day, origin)
    context.user_data.pop(KEY, None)
    return ConversationHandler.END


def _doubt_text(t, knock: Knock) -> str:
    doubts = knock.doubts()
    if "opened_gt_doors" in doubts:
        return t._(
            "Fler öppnade dörrar ({opened}) än knackade ({doors})? Stämmer det?",
            opened=knock.opened,
            doors=knock.doors,
        )
    if "conversations_gt_doors" in doubts:
        return t._(
            "Fler samtal ({talks}) än dörrar ({doors})? Det händer när flera i ett hushåll pratar. Stämmer det?",
            talks=knock.conversations,
            doors=knock.doors,
        )
    return t._(
        "Fler nya medlemmar ({members}) än samtal ({talks})? Stämmer det?",
        members=knock.members,
        talks=knock.conversations,
    )


@requires(LOGGERS)
async def confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    draft, origin = context.user_data[KEY]
    if await pressed(update) == "yes":
        return await _finish(update, context, member, draft, origin, confirmed=True)
    context.user_data.pop(KEY, None)
    await reply(update, texts(update)._("Inget sparat. Skriv om, till exempel /knack 40 12 Ektorp."))
    return ConversationHandler.END


def handler():
    return guided_flow(
        KEY,
        [CommandHandler(["knack", "knock"], start)],
        {
            DOORS: [MessageHandler(ANSWER, doors), CallbackQueryHandler(doors, pattern=r"^knack:doors:")],
            TALKS: [MessageHandler(ANSWER, talks), CallbackQueryHandler(talks, pattern=r"^knack:talks:")],
            AREA: [MessageHandler(ANSWER, area), CallbackQueryHandler(area, pattern=r"^knack:area:")],
            CONFIRM: [CallbackQueryHandler(confirm, pattern=r"^knack:confirm:")],
        },
    )
