"""The language the bot speaks: the organisation's (Swedish) to everyone in it, English to whoever
chooses it with /sprak en (/language en). The Telegram app's language counts only for someone in
no organisation yet: many Swedes run their phones in English.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from handlers.common import (
    explain_not_member,
    member_of,
    reply,
    services,
    texts,
    use_language,
    use_stranger_language,
)
from storage import districts, orgs
from storage.orgs import Member
from views.i18n import DEFAULT_LANGUAGE, Texts, texts_for

CHOICES = {
    "sv": "sv",
    "svenska": "sv",
    "swedish": "sv",
    "en": "en",
    "engelska": "en",
    "english": "en",
}


async def resolve(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Texts:
    """Once per update, before the handlers: the member lookup is the one `requires` repeats (cached).
    Someone with a district role only speaks the language chosen there."""
    member = await member_of(update, context)
    if member is not None:
        return use_language(update, member.language)
    user = update.effective_user
    who = await districts.member_for(services(context).db, user.id) if user else None
    return use_stranger_language(update) if who is None else use_language(update, who.language)


async def sprak(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sprak for a member of an organisation, a district role, or both: the choice is the person's."""
    t, db, user = texts(update), services(context).db, update.effective_user
    member = await member_of(update, context)
    if member is None and (user is None or await districts.member_for(db, user.id) is None):
        await explain_not_member(update)
        return
    wanted = CHOICES.get((context.args or [""])[0].lower()) if len(context.args or []) == 1 else None
    if wanted is None:
        current = t._("svenska") if t.language == "sv" else t._("engelska")
        await reply(
            update,
            t._(
                "Jag talar {language} med dig. Byt med /sprak sv (svenska) eller /sprak en (English).",
                language=current,
            ),
        )
        return
    await orgs.set_language(db, user.id, wanted)
    await districts.set_language(db, user.id, wanted)
    t = use_language(update, wanted)
    if wanted == "en":
        await reply(update, t._("Nu talar jag engelska med dig, även i påminnelser. Tillbaka: /sprak sv."))
    else:
        await reply(update, t._("Nu talar jag svenska med dig, även i påminnelser."))


def english_hint(update: Update, member: Member) -> str | None:
    """For a new member whose Telegram app is in English: how to choose English, in English."""
    user = update.effective_user
    phone = texts_for(user.language_code if user else None)
    if phone.language == DEFAULT_LANGUAGE or member.language is not None:
        return None
    return phone._("Jag talar svenska här. Vill du läsa på engelska? Skriv /language en.")


def handlers() -> list:
    return [CommandHandler(["sprak", "language"], sprak)]

