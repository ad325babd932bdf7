"""The one path from a validated entry to the database and the confirmation with its Ångra button."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from telegram import Message, Update
from telegram.ext import ContextTypes

from domain.activities import type_key
from domain.entries import EntryKind, MemberDetails
from handlers.common import buttons, confirm, local_today, occurred_at, reply, services, texts
from storage import entries, orgs
from storage.entries import RecordStatus
from storage.orgs import Member
from views import metrics
from views.messages import describe, when_phrase

UNDO_PREFIX = "undo:"


@dataclass(frozen=True)
class Origin:
    """The message that asked for an entry: its key makes the entry unique, its date dates it."""

    chat_id: int
    message_id: int
    date: datetime

    @classmethod
    def of(cls, message: Message) -> Origin:
        return cls(message.chat_id, message.message_id, message.date)


def undo_buttons(t, entry_id: int) -> list[list[tuple[str, str]]]:
    return [[(t._("↩ Ångra"), f"{UNDO_PREFIX}{entry_id}")]]


def undo_markup(t, entry_id: int):
    return buttons(undo_buttons(t, entry_id))


async def save(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    member: Member,
    kind: EntryKind,
    fields: dict,
    day: date | None,
    origin: Origin,
    details: MemberDetails | None = None,
) -> int:
    svc = services(context)
    when = occurred_at(member, origin.date, day)
    result = await entries.record(
        svc.db,
        member,
        kind,
        fields,
        chat_id=origin.chat_id,
        message_id=origin.message_id,
        occurred_at=when,
        now=svc.clock(),
        is_edit=update.edited_message is not None,
        details=details,
    )
    if result.status is RecordStatus.CREATED:
        metrics.ENTRIES.labels(kind.value).inc()
    t = texts(update)
    if result.status is RecordStatus.UNDONE:
        await reply(update, t._("Det här var ångrat – inget sparades. Skicka ett nytt meddelande för att logga igen."))
        return result.entry_id
    if result.status is RecordStatus.KIND_REFUSED:
        await reply(
            update,
            t._(
                "En ny medlem kan inte ändras till en annan sorts post, eller tvärtom – inget ändrades. "
                "Ångra med /angra och skriv ett nytt meddelande."
            ),
        )
        return result.entry_id
    custom = await orgs.activity_types(svc.db, member.org_id) if kind is EntryKind.ACTIVITY else None
    summary = describe(t, kind, fields, custom) + when_phrase(
        t, local_today(member, when), local_today(member, svc.clock())
    )
    if result.status is RecordStatus.UPDATED:
        text = t._("✏️ Ändrat: {summary}.", summary=summary)
    elif result.status is RecordStatus.DUPLICATE:
        text = t._("Redan sparat: {summary}.", summary=summary)
    else:
        text = t._("✅ Sparat: {summary}.", summary=summary)
    if result.forening and type_key(fields.get("area") or "") != type_key(result.forening):
        # Which förening it counts toward, unless the area as typed already says it ("i Ektorp").
        text += "\n" + t._("Räknas för {forening}.", forening=result.forening)
    if kind is EntryKind.KNACK and fields.get("members") and result.status is RecordStatus.CREATED:
        text += "\n" + t._("Registrera varje ny medlem med /nymedlem, så blir välkomstsamtalet av.")
    await confirm(update, text, undo_buttons(t, result.entry_id))
    return result.entry_id
