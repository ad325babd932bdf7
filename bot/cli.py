"""The `verksam` command: run the bot, create an organisation, upgrade the database."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.helpers import create_deep_linked_url

from bot import backup as backup_commands
from bot import bot_api, data_keys, installation
from bot.app import application_from_settings
from bot.replicas import ANOTHER_POLLER
from bot.settings import Settings, SettingsError, load_settings
from bot.wording import counted
from domain.errors import InputError
from domain.phone import normalise_phone
from domain.roles import Role, parse_role
from handlers.evaluation import evaluation_rows
from storage import crypto, goals, members, meta, migrate, org_people, orgs
from storage.database import Database
from views.evaluation import evaluation_csv
from views.i18n import Texts

EXIT_CONFIG = 2


class RedactingFormatter(logging.Formatter):
    """Writes secrets (the bot token) as <redacted>, in messages and tracebacks alike."""

    def __init__(self, fmt: str, secrets: list[str]) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        return text


# The whole `telegram` tree: telegram.ext.Application logs every update whole at DEBUG ("Processing
# update Update(message=...)": a new member's name and phone as the volunteer types them).
QUIET_LOGGERS = ("httpx", "httpcore", "telegram", "apscheduler", "sqlalchemy")


def configure_logging(level: str, secrets: list[str]) -> None:
    logging.basicConfig(level=level, force=True)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    # These log what passes through them at DEBUG or INFO: httpx every request URL (Bot API URLs
    # carry the token), python-telegram-bot every update and every call's parameters (message texts:
    # a new member's name and phone), APScheduler its jobs' arguments, SQLAlchemy every statement's
    # parameters.
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def prepare(settings: Settings, *, create: bool = False) -> None:
    """Before any database work: the database is the one used before (or a first one), the data key is
    the one it was sealed with (made only for a database that holds nothing sealed), the schema."""
    url = settings.database_url
    existed = migrate.has_schema(url)
    if not existed and not create:
        installation.refuse_if_vanished(settings)
    stored, sealed = asyncio.run(_key_facts(url)) if existed else (None, False)
    keyring = _keyring(settings, stored, sealed)
    crypto.use(keyring)
    migrate.upgrade(url)
    asyncio.run(_check_key(settings, keyring))
    installation.remember(settings)


async def _key_facts(url: str) -> tuple[str | None, bool]:
    db = Database(url)
    try:
        return await meta.key_facts(db)
    finally:
        await db.dispose()


def _keyring(settings: Settings, stored: str | None, sealed: bool) -> crypto.Keyring:
    if settings.verksam_data_key is None and installation.is_postgresql(settings):
        raise SettingsError(
            "VERKSAM_DATA_KEY is not set: with PostgreSQL every replica must seal with the same key, so a key "
            "file made on one host is not used. Make a key with `verksam keys new` (or take the one in "
            f"{settings.verksam_key_file}, if the bot used it) and set VERKSAM_DATA_KEY on every host."
        )
    try:
        keyring, note = data_keys.load(settings, may_create=stored is None and not sealed)
    except data_keys.MissingKey:
        which = f"the data key with fingerprint {stored}" if stored else "a data key"
        raise SettingsError(
            f"VERKSAM_DATA_KEY is not set and there is no key file {settings.verksam_key_file}, but this "
            f"database holds members' contact details sealed with {which}. Restore that key (VERKSAM_DATA_KEY "
            "or the key file); no new key was made, as it could not open them."
        ) from None
    except crypto.DataKeyError as exc:
        raise SettingsError(f"VERKSAM_DATA_KEY is invalid: {exc}") from None
    if note:
        print(note, file=sys.stderr)
    if stored is None:
        return keyring
    if stored not in keyring.fingerprints:
        raise _wrong_key(stored, keyring)
    return keyring.with_active(stored)


def _wrong_key(stored: str, keyring: crypto.Keyring) -> SettingsError:
    return SettingsError(
        f"VERKSAM_DATA_KEY: this database's contact details are sealed with the data key with fingerprint "
        f"{stored}, and the key configured has {keyring.fingerprints[0]}. Use the key with fingerprint "
        f"{stored} (`verksam keys fingerprint` shows the configured key's)."
    )


async def _check_key(settings: Settings, keyring: crypto.Keyring) -> None:
    db = Database(settings.database_url)
    try:
        await members.check_key(db)
        stored = await meta.adopt_key(db, keyring.fingerprints[0])  # the first replica's key wins
    except crypto.DataKeyError as exc:
        raise SettingsError(f"VERKSAM_DATA_KEY: {exc}; use the key they were sealed with") from None
    finally:
        await db.dispose()
    if stored != keyring.fingerprints[0]:
        raise _wrong_key(stored, keyring)


def cmd_run(settings: Settings, _args: argparse.Namespace) -> int:
    settings.require_token()
    prepare(settings)
    secret = _webhook_secret(settings) if settings.webhook_url else None
    db = Database(settings.database_url)
    app = application_from_settings(settings, db)

    async def dispose(_app) -> None:
        await db.dispose()

    app.post_shutdown = dispose
    mode = "webhook" if secret else "long polling"
    logging.getLogger(__name__).info(
        "Verksam is starting (database: %s, %s)", db.engine.url.get_backend_name(), mode
    )
    try:
        # One event loop for the whole run, so the application's own bot can ask getMe first: a refused
        # token then ends in one line, not in PTB's retry loop, and the start does not ask a second time.
        with asyncio.Runner() as runner:
            runner.run(_check_token(app))
            if secret is not None:
                from bot import web  # the web server loads only when it is used

                runner.run(
                    web.run_webhook(app, settings.webhook_url, secret, settings.webhook_listen, settings.webhook_port)
                )
                return 0
            return _run_polling(settings, app)
    except InvalidToken:
        print("TELEGRAM_BOT_TOKEN was refused by the Bot API: copy it again from @BotFather.", file=sys.stderr)
        return EXIT_CONFIG
    except NetworkError as exc:
        print(f"Cannot reach the Bot API at {settings.telegram_base_url}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the web server's port is taken
        print(f"Cannot serve HTTP: {exc}", file=sys.stderr)
        return 1


def _webhook_secret(settings: Settings) -> str:
    secret, note = data_keys.webhook_secret(settings)
    if note:
        print(note, file=sys.stderr)
    return secret


def _run_polling(settings: Settings, app) -> int:
    if settings.verksam_http_port:
        from bot import web

        web.serve_beside(app, settings.verksam_http_listen, settings.verksam_http_port)
    # In the runner's loop (the current one), which the runner closes; stops cleanly on SIGINT and SIGTERM.
    app.run_polling(allowed_updates=Update.ALL_TYPES, close_loop=False)
    if app.another_poller:
        print(ANOTHER_POLLER, file=sys.stderr)
        return 1
    return 0


async def _check_token(app) -> None:
    try:
        await app.bot.initialize()  # calls getMe; the application's start then skips it
    except TelegramError:
        await app.bot.shutdown()
        raise


def cmd_db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    prepare(settings, create=True)  # the explicit way to make a database, a new one included
    print("The database schema is up to date.")
    return 0


def cmd_org_create(settings: Settings, args: argparse.Namespace) -> int:
    token = settings.require_token()
    prepare(settings)
    return asyncio.run(_org_create(settings, token, args.name, args.forening))


async def _org_create(settings: Settings, token: str, name: str, foreningar: list[str]) -> int:
    db = Database(settings.database_url)
    now = datetime.now(UTC)
    try:
        org_id = await orgs.create_org(db, name, foreningar, settings.verksam_timezone, now)
        code = await orgs.create_invite(db, org_id, Role.ADMIN, now, ttl=timedelta(days=settings.invite_ttl_days))
    finally:
        await db.dispose()
    print(f"Created organisation {org_id}: {name}" + (f" with {len(foreningar)} föreningar" if foreningar else ""))
    try:
        async with bot_api.bot(token, settings.telegram_base_url) as bot:
            link = create_deep_linked_url(bot.username, code)
        print(f"Admin invite (one person, valid {settings.invite_ttl_days} days): {link}")
    except TelegramError as exc:
        print(f"(Could not ask the Bot API for the bot's name: {exc}. Send the code with /start instead.)")
    print(f"Code: {code}")
    return 0


def cmd_org_invite(settings: Settings, args: argparse.Namespace) -> int:
    """A new invite for an organisation: the way back in when its admins are gone."""
    try:
        role = parse_role(args.role)
    except InputError:
        print(f"Unknown role {args.role!r}: volontär, medlemsansvarig, styrelse or admin.", file=sys.stderr)
        return EXIT_CONFIG
    prepare(settings)
    return asyncio.run(_org_invite(settings, args.org, role))


async def _org_invite(settings: Settings, org_id: int, role: Role) -> int:
    db = Database(settings.database_url)
    try:
        org = await orgs.organisation(db, org_id)
        if org is None:
            print(f"There is no organisation {org_id}.", file=sys.stderr)
            return 1
        now = datetime.now(UTC)
        code = await orgs.create_invite(db, org_id, role, now, ttl=timedelta(days=settings.invite_ttl_days))
    finally:
        await db.dispose()
    print(f"Invite to {org[0]} as {role.value} (one person, valid {settings.invite_ttl_days} days).")
    await _print_link(settings, code)
    return 0


async def _print_link(settings: Settings, code: str) -> None:
    """The deep link when the Bot API can name the bot; the code to send with /start always."""
    if settings.telegram_bot_token:
        try:
            async with bot_api.bot(settings.telegram_bot_token, settings.telegram_base_url) as bot:
                print(f"Link: {create_deep_linked_url(bot.username, code)}")
        except TelegramError as exc:
            print(f"(Could not ask the Bot API for the bot's name: {exc}.)")
    print(f"Or send the bot: /start {code}")


def cmd_org_list(settings: Settings, _args: argparse.Namespace) -> int:
    prepare(settings)
    return asyncio.run(_org_list(settings))


async def _org_list(settings: Settings) -> int:
    db = Database(settings.database_url)
    try:
        found = await org_people.list_orgs(db)
    finally:
        await db.dispose()
    for org in found:
        people = counted(org.people, "person", "people")
        print(f"{org.id}  {org.name}  ({people}, {counted(org.admins, 'admin')}, {org.timezone})")
    if not found:
        print("No organisations yet: verksam org create NAME")
    return 0


def cmd_org_show(settings: Settings, args: argparse.Namespace) -> int:
    prepare(settings)
    return asyncio.run(_org_show(settings, args.org))


async def _org_show(settings: Settings, org_id: int) -> int:
    """The organisation's people and roles: volunteers' names only, never a member's contact details."""
    db = Database(settings.database_url)
    try:
        org = await orgs.organisation(db, org_id)
        if org is None:
            print(f"There is no organisation {org_id}.", file=sys.stderr)
            return 1
        foreningar = [name for _, name in await orgs.foreningar(db, org_id)]
        found = await org_people.people(db, org_id)
    finally:
        await db.dispose()
    print(f"{org_id}  {org[0]}  ({org[1]})")
    print(f"Föreningar: {', '.join(foreningar) or '-'}")
    for person in found:
        joined = person.joined_at.astimezone(ZoneInfo(org[1])).date().isoformat()
        print(f"  {person.role.value:16} {person.display_name}  [{person.forening or '-'}]  joined {joined}")
    if not any(p.role is Role.ADMIN for p in found):
        print(f"No admin: make one with  verksam org invite --org {org_id} --role admin")
    return 0


def cmd_plan_import(settings: Settings, args: argparse.Namespace) -> int:
    # The plan reader (its word lists and patterns) loads for this command, not for every other one.
    from domain.plan_documents import PlanDocumentError, extract_text
    from domain.plan_reader import read_sections

    path = Path(args.file)
    try:
        text = extract_text(path.name, path.read_bytes())
    except OSError as exc:
        print(f"Cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 1
    except PlanDocumentError as exc:
        print(f"Cannot read a plan from {path}: {exc}", file=sys.stderr)
        return 1
    found, sections = read_sections(text, today=datetime.now(ZoneInfo(settings.verksam_timezone)).date())
    if args.json:
        print(json.dumps([spec.to_json() for spec in found], ensure_ascii=False, indent=2))
    else:
        _print_by_section(found, sections)
    if args.dry_run:
        return 0
    if args.org is None:
        print("Give --org ID to save the goals (or --dry-run to only look).", file=sys.stderr)
        return EXIT_CONFIG
    prepare(settings)
    return asyncio.run(_save_goals(settings, args.org, found))


def _print_by_section(found: list, sections: list) -> None:
    """The goals under the plan's own headings, with a count per section so an empty one stands out."""
    number = 0
    for section in sections:
        heading = section.heading or "(before the first heading)"
        note = "   <- no goals found here" if section.goals == 0 else ""
        print(f"{heading}: {section.goals} goal{'s' if section.goals != 1 else ''}{note}")
        for spec in (spec for spec in found if spec.area == section.heading):
            number += 1
            target = "" if spec.target is None else f" {spec.target:g}"
            print(f"{number:5}. {spec.kind.value:9} {spec.metric or '-'}{target}  {spec.text[:90]}")


async def _save_goals(settings: Settings, org_id: int, found: list) -> int:
    db = Database(settings.database_url)
    try:
        if await orgs.organisation(db, org_id) is None:
            print(f"There is no organisation {org_id}.", file=sys.stderr)
            return 1
        ids = await goals.add_goals(db, org_id, found, datetime.now(UTC))
    finally:
        await db.dispose()
    print(f"Saved {len(ids)} goals for organisation {org_id}.")
    return 0


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    prepare(settings)
    return asyncio.run(_export(settings, args))


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    db = Database(settings.database_url)
    try:
        org = await orgs.organisation(db, args.org)
        if org is None:
            print(f"There is no organisation {args.org}.", file=sys.stderr)
            return 1
        name, timezone = org
        today = datetime.now(ZoneInfo(timezone)).date()
        rows = await evaluation_rows(db, args.org, timezone, args.year, today, Texts("sv"))
    finally:
        await db.dispose()
    if args.format == "csv":
        data = evaluation_csv(rows)
    else:
        from views.evaluation_xlsx import evaluation_xlsx  # openpyxl loads for a spreadsheet only

        data = evaluation_xlsx(name, args.year, rows, today)
    output = Path(args.output or f"utvardering-{args.org}-{args.year}.{args.format}")
    output.write_bytes(data)
    print(f"Wrote {output} ({len(rows)} goals).")
    return 0


def cmd_keys_new(_settings: Settings, _args: argparse.Namespace) -> int:
    print(crypto.new_key())
    return 0


def cmd_keys_fingerprint(settings: Settings, _args: argparse.Namespace) -> int:
    """The configured keys' fingerprints, to compare with the one a refusal names; makes no key."""
    try:
        keyring, _ = data_keys.load(settings, may_create=False)
    except crypto.DataKeyError as exc:
        raise SettingsError(f"VERKSAM_DATA_KEY: {exc}") from None
    print("\n".join(keyring.fingerprints))
    return 0


def cmd_keys_rotate(settings: Settings, args: argparse.Namespace) -> int:
    """Reseal everything under a new key; the key file (if that is where the key lives) follows."""
    prepare(settings)
    new = args.key or crypto.new_key()
    in_file = settings.verksam_data_key is None
    old_keys = data_keys.read_key_file(settings.verksam_key_file) if in_file else _env_keys(settings)
    if in_file:  # both keys open while the rows move: a crash halfway loses nothing
        data_keys.write_key_file(settings.verksam_key_file, [new, *old_keys])
    crypto.use(crypto.Keyring([new, *old_keys]))
    count = asyncio.run(_reseal(settings, crypto.fingerprint(new)))
    if in_file:
        data_keys.write_key_file(settings.verksam_key_file, [new])
        print(f"Resealed {count} members' contact details under a new key in {settings.verksam_key_file}.")
    else:
        print(f"Resealed {count} members' contact details. Set VERKSAM_DATA_KEY to the new key now:")
        print(new)
    return 0


def _env_keys(settings: Settings) -> list[str]:
    return [k.strip() for k in settings.verksam_data_key.get_secret_value().split(",") if k.strip()]


async def _reseal(settings: Settings, new_fingerprint: str) -> int:
    """Everything sealed under the new key, then the database names it the active one. A crash between
    the two leaves both keys configured (the key file) and the old one active: nothing is lost."""
    db = Database(settings.database_url)
    try:
        count = await members.reseal_all(db)
        await meta.set_key(db, new_fingerprint)
        return count
    finally:
        await db.dispose()


def cmd_gdpr(settings: Settings, args: argparse.Namespace) -> int:
    """Export or erase a member's personal data, found by phone number, from the command line."""
    try:
        phone = normalise_phone(" ".join(args.phone))
    except InputError:
        print('That is not a phone number: write it as --phone "070-123 45 67" or +46701234567.', file=sys.stderr)
        return 1
    prepare(settings)
    return asyncio.run(_gdpr(settings, args, phone))


async def _gdpr(settings: Settings, args: argparse.Namespace, phone: str) -> int:
    db = Database(settings.database_url)
    now = datetime.now(UTC)
    try:
        if await orgs.organisation(db, args.org) is None:
            print(f"There is no organisation {args.org}.", file=sys.stderr)
            return 1
        if args.gdpr_command == "export":
            found = await members.export(db, args.org, phone, now, members.CLI, args.reason)
            print(json.dumps(found, ensure_ascii=False, indent=2))
            return 0 if found else 1
        entries = [f.entry_id for f in await members.find_by_phone(db, args.org, phone)]
        count = await members.erase(db, args.org, entries, now, members.CLI, args.reason)
    finally:
        await db.dispose()
    print(f"Erased the contact details of {counted(count, 'member')}; the counts stay.")
    return 0 if count else 1


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="verksam", description="Verksam: the activity plan in every volunteer's pocket."
    )
    sub = root.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="upgrade the database and run the bot (long polling; webhook mode with WEBHOOK_URL)").set_defaults(func=cmd_run)
    db = sub.add_parser("db", help="database maintenance").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="bring the schema up to date (idempotent)").set_defaults(func=cmd_db_upgrade)
    org = sub.add_parser("org", help="organisations").add_subparsers(dest="org_command", required=True)
    create = org.add_parser("create", help="create an arbetarekommun and print an admin invite")
    create.add_argument("name")
    create.add_argument("--forening", action="append", default=[], metavar="NAME", help="a förening (repeatable)")
    create.set_defaults(func=cmd_org_create)
    invite = org.add_parser("invite", help="a new invite link for an organisation (an admin, say)")
    invite.add_argument("--org", type=int, required=True, help="the organisation")
    invite.add_argument("--role", default="admin", help="volontär, medlemsansvarig, styrelse or admin")
    invite.set_defaults(func=cmd_org_invite)
    org.add_parser("list", help="the organisations, with how many people and admins").set_defaults(
        func=cmd_org_list
    )
    show = org.add_parser("show", help="an organisation's people and roles (no member's data)")
    show.add_argument("--org", type=int, required=True, help="the organisation")
    show.set_defaults(func=cmd_org_show)
    plan = sub.add_parser("plan", help="the activity plan").add_subparsers(dest="plan_command", required=True)
    imp = plan.add_parser("import", help="read a plan (.txt, .md, .docx, .pdf) and save its goals")
    imp.add_argument("file")
    imp.add_argument("--org", type=int, help="the organisation the goals belong to")
    imp.add_argument("--dry-run", action="store_true", help="show the goals, save nothing")
    imp.add_argument("--json", action="store_true", help="print the goals as one JSON array")
    imp.set_defaults(func=cmd_plan_import)
    export = sub.add_parser("export", help="the year's evaluation as a spreadsheet")
    export.add_argument("--org", type=int, required=True, help="the organisation")
    export.add_argument("--year", type=int, required=True)
    export.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    export.add_argument("--output", help="file to write (default utvardering-ORG-YEAR.FORMAT)")
    export.set_defaults(func=cmd_export)
    keys = sub.add_parser("keys", help="the data key that seals members' contact details")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    keys_sub.add_parser("new", help="print a new key (for VERKSAM_DATA_KEY)").set_defaults(func=cmd_keys_new)
    keys_sub.add_parser("fingerprint", help="print the configured keys' fingerprints").set_defaults(
        func=cmd_keys_fingerprint
    )
    rotate = keys_sub.add_parser("rotate", help="reseal every member's details under a new key")
    rotate.add_argument("--key", help="the new key, as --key=KEY (a key may begin with -; default: a fresh one)")
    rotate.set_defaults(func=cmd_keys_rotate)
    gdpr = sub.add_parser("gdpr", help="a member's personal data: export or erase (by phone number)")
    gdpr_sub = gdpr.add_subparsers(dest="gdpr_command", required=True)
    for name, what in (("export", "print as JSON"), ("erase", "delete at once")):
        one = gdpr_sub.add_parser(name, help=f"{what} a member's contact details")
        one.add_argument("--org", type=int, required=True, help="the organisation")
        one.add_argument("--phone", required=True, nargs="+", help="the member's phone number (070-123 45 67)")
        one.add_argument("--reason", default="begäran från medlemmen", help="why (goes into the audit log)")
        one.set_defaults(func=cmd_gdpr)
    backup_commands.register(sub, db, keys_sub)
    from bot import cli_district  # its own module: the district commands (issue 14)

    cli_district.add_parser(sub)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(settings.log_level, [settings.telegram_bot_token or ""])
    # Every command checks the schema first; only upgrading (and the bot's start) reports it.
    upgrades = args.func in (cmd_db_upgrade, cmd_run)
    logging.getLogger("alembic").setLevel(logging.NOTSET if upgrades else logging.WARNING)
    try:
        return args.func(settings, args)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_CONFIG


if __name__ == "__main__":
    sys.exit(main())
