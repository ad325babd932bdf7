"""/aktivitet: a meeting, course, study circle or visit that was held; /aktivitetstyp adds types."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
)

from domain import activities
from domain.entries import MAX_PARTICIPANTS, Activity, EntryKind
from domain.errors import InputError
from domain.grammar import ActivityDraft, parse_activity
from domain.roles import ADMINS, LOGGERS
from handlers.common import answer_input_error, buttons, local_today, reply, requires, services, texts
from handlers.flow import ANSWER, answered_number, guided_flow, pressed
from handlers.recording import Origin, save
from storage import orgs
from storage.orgs import Member

TYPE, PARTICIPANTS = range(2)
KEY = "aktivitet"


@requires(LOGGERS)
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    message = update.effective_message
    custom = await orgs.activity_types(services(context).db, member.org_id)
    try:
        draft = parse_activity(" ".join(context.args or []), local_today(member, message.date), custom)
    except InputError as error:
        await answer_input_error(update, error)
        return ConversationHandler.END
    origin = Origin.of(message)
    if draft.type is not None:
        return await _finish(update, context, member, draft, origin)
    if update.edited_message:
        return ConversationHandler.END
    context.user_data[KEY] = (draft, origin)
    choices = [(t.name_sv, f"aktivitet:type:{t.key}") for t in activities.BUILTIN]
    choices += [(name, f"aktivitet:type:{key}") for key, name in sorted(custom.items())]
    rows = [choices[i : i + 2] for i in range(0, len(choices), 2)]
    await reply(update, texts(update)._("Vilken aktivitet?"), reply_markup=buttons(rows))
    return TYPE


@requires(LOGGERS)
async def kind(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    draft, origin = context.user_data[KEY]
    custom = await orgs.activity_types(services(context).db, member.org_id)
    draft.type = activities.resolve_type(await pressed(update) or "", custom)
    if draft.type is None:  # not a type of this organisation: forged or from an old keyboard
        return TYPE
    if draft.participants is not None:
        return await _finish(update, context, member, draft, origin)
    t = texts(update)
    await reply(
        update,
        t._("Hur många deltog? Skriv ett tal eller hoppa över."),
        reply_markup=buttons([[(t._("Hoppa över"), "aktivitet:participants:-")]]),
    )
    return PARTICIPANTS


@requires(LOGGERS)
async def participants(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> int:
    draft, origin = context.user_data[KEY]
    if update.callback_query is None:  # typed; the only button is "skip"
        draft.participants = await answered_number(update, MAX_PARTICIPANTS)
        if draft.participants is None:
            return PARTICIPANTS
    else:
        await pressed(update)
    return await _finish(update, context, member, draft, origin)


async def _finish(update: Update, context, member: Member, draft: ActivityDraft, origin: Origin) -> int:
    activity = Activity(type=draft.type, participants=draft.participants, day=draft.day)
    fields = {"activity_type": activity.type, "participants": activity.participants}
    await save(update, context, member, EntryKind.ACTIVITY, fields, activity.day, origin)
    context.user_data.pop(KEY, None)
    return ConversationHandler.END


@requires(ADMINS)
async def add_type(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    t = texts(update)
    name = " ".join(context.args or []).strip()
    if not name or len(name) > 60 or not activities.type_key(name):
        await reply(update, t._("Skriv namnet på den nya aktivitetstypen: /aktivitetstyp seniorträff"))
        return
    await orgs.add_activity_type(services(context).db, member.org_id, name)
    await reply(update, t._("Klart. Logga den med /aktivitet {name}, och sätt mål med /mal {name} 10.", name=name))


def handlers() -> list:
    return [
        guided_flow(
            KEY,
            [CommandHandler(["aktivitet", "activity"], start)],
            {
                TYPE: [CallbackQueryHandler(kind, pattern=r"^aktivitet:type:")],
                PARTICIPANTS: [
                    MessageHandler(ANSWER, participants),
                    CallbackQueryHandler(participants, pattern=r"^aktivitet:participants:"),
                ],
            },
        ),
        CommandHandler(["aktivitetstyp", "activitytype"], add_type),
    ]
