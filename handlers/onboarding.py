"""/start with an invite code, /bjudin to invite, /hjalp."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes
from telegram.helpers import create_deep_linked_url

from domain.errors import InputError
from domain.roles import BOARD, Role, may_invite, parse_role
from handlers.common import (
    ROLE_NAMES,
    answer_input_error,
    explain_not_member,
    member_of,
    reply,
    requires,
    services,
    texts,
    use_language,
)
from handlers.language import english_hint
from storage import orgs
from storage.orgs import JoinOutcome, Member

TEAM_WORDS = {"lag", "team", "grupp"}
MAX_CODE = 64  # Telegram's limit for a deep-link payload


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    t = texts(update)
    user = update.effective_user
    code = (context.args or [""])[0]
    if not code or len(code) > MAX_CODE:
        member = await member_of(update, context)
        if member is None:
            await explain_not_member(update)
        else:
            await reply(
                update,
                t._("Välkommen tillbaka till {org}!", org=member.org_name) + "\n\n" + help_text(t, member.role),
            )
        return
    outcome, member = await orgs.redeem_invite(svc.db, code, user.id, user.first_name or "", svc.clock())
    refusals = {
        JoinOutcome.UNKNOWN: t._("Den koden känner jag inte igen. Kontrollera länken eller be om en ny inbjudan."),
        JoinOutcome.EXPIRED: t._("Inbjudan har gått ut. Be den som bjöd in dig om en ny länk."),
        JoinOutcome.USED: t._("Inbjudan är redan använd. Varje länk gäller en person, be om en egen."),
    }
    if outcome in refusals:
        await reply(update, refusals[outcome])
        return
    t = use_language(update, member.language)  # a member now: the organisation's language
    role = t._(ROLE_NAMES[member.role])
    forening = await orgs.forening_name(svc.db, member.forening_id)
    where = f"{member.org_name}, {forening}" if forening else member.org_name
    if outcome is JoinOutcome.ALREADY:
        head = t._("Du är redan med i {org} som {role}.", org=where, role=role)
    elif outcome is JoinOutcome.ROLE_KEPT:
        head = t._(
            "Du är redan med i {org} som {role}, och det förblir du: en inbjudan kan ge en roll mer att göra, "
            "aldrig ta något ifrån dig.",
            org=where,
            role=role,
        )
    elif outcome is JoinOutcome.ROLE_CHANGED:
        head = t._("Din roll i {org} är nu {role}.", org=where, role=role)
    else:
        head = t._("Välkommen till {org}! Du är med som {role}.", org=where, role=role)
        if len(await orgs.memberships_of(svc.db, user.id)) > 1:
            head += "\n" + t._(
                "Du är med i flera organisationer: i privat chatt gäller nu {org}. Byt med /org.", org=member.org_name
            )
    hint = english_hint(update, member)
    await reply(update, head + "\n\n" + help_text(t, member.role) + (f"\n\n{hint}" if hint else ""))


@requires(BOARD)
async def invite(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    svc = services(context)
    t = texts(update)
    args = list(context.args or [])
    if not args:
        await reply(
            update,
            t._(
                "Skriv vem du bjuder in: /bjudin volontär [förening] [lag]. Roller: volontär, medlemsansvarig, styrelse, admin."
            ),
        )
        return
    try:
        role = parse_role(args.pop(0))
    except InputError as error:
        await answer_input_error(update, error)
        return
    if not may_invite(member.role, role):
        await reply(update, t._("Bara en admin kan bjuda in fler admins."))
        return
    team = bool(args) and args[-1].lower() in TEAM_WORDS
    if team:
        args.pop()
    forening_id, forening = None, None
    if args:
        found = await orgs.find_forening(svc.db, member.org_id, " ".join(args))
        if found is None:
            await reply(
                update,
                t._("Jag hittar ingen förening som heter \u201c{name}\u201d.", name=" ".join(args)[:40]),
            )
            return
        forening_id, forening = found
    code = await orgs.create_invite(
        svc.db,
        member.org_id,
        role,
        svc.clock(),
        ttl=svc.invite_ttl,
        forening_id=forening_id,
        multi_use=team,
        created_by=member.id,
    )
    link = create_deep_linked_url(context.bot.username, code)
    who = t._(ROLE_NAMES[role]) + (f", {forening}" if forening else "")
    days = svc.invite_ttl.days
    if team:
        text = t._("Inbjudan för hela laget ({who}), giltig i {days} dagar:\n{link}", who=who, days=days, link=link)
    else:
        text = t._("Inbjudan för en person ({who}), giltig i {days} dagar:\n{link}", who=who, days=days, link=link)
    await reply(update, text)


def help_text(t, role: Role) -> str:
    lines = [
        t._("Så loggar du:"),
        t._("/knack 40 12 Ektorp – dörrknackning: dörrar, samtal, område"),
        t._("/samtal 25 torg – samtal (dörr, torg, telefon, digitalt, arbetsplats, annat)"),
        t._("/nymedlem – registrera en ny medlem"),
        t._("/aktivitet medlemsmöte 12 – en aktivitet och antal deltagare"),
        t._("Lägg till igår, en veckodag eller 12/3 om det hände tidigare."),
        t._("/angra – ångra det du loggade senast"),
        t._("/status – hur det går mot målen"),
    ]
    lines.append(t._("/minadata – det boten sparar om dig; /lamna – gå ur"))
    if role is not Role.VOLONTAR:
        lines.append(t._("/ringlista – dina öppna välkomstsamtal och nästa steg"))
    if role in (Role.MEDLEMSANSVARIG, Role.ADMIN):
        lines.append(t._("/glom 070-123 45 67 – radera en medlems kontaktuppgifter direkt"))
    if role is Role.ADMIN:
        lines.append(t._("/logg – vem som har sett, exporterat eller raderat medlemsuppgifter"))
    if role in BOARD:
        lines += [
            t._("/mal nya_medlemmar 42 2026 – sätt ett mål; /mal visar alla"),
            t._("/bjudin volontär [förening] [lag] – bjud in"),
            t._("/plan – läs in verksamhetsplanen och välj vilka mål som följs"),
            t._("/rapportera medlemsantal 1250 – rapportera en nivå"),
            t._("/klar 3, /paborjad 3 – markera en milstolpe"),
            t._("/status graf – diagram; /utvardering – årets utvärdering som kalkylblad"),
            t._("/rapport – veckorapporten nu; /rapportchatt – få den i gruppen (skriv där) eller privat"),
            t._("/installningar – rapportens dag och tid, tysta timmar"),
        ]
    return "\n".join(lines)


@requires(frozenset(Role))
async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE, member: Member) -> None:
    await reply(update, help_text(texts(update), member.role))


def handlers() -> list:
    return [
        CommandHandler("start", start),
        CommandHandler(["bjudin", "invite"], invite),
        CommandHandler(["hjalp", "help"], help_command),
    ]
