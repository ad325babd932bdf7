"""`verksam district create|add|remove|list|schedule`: districts from the command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime, timedelta

from bot.settings import Settings
from domain.district import DistrictRole
from storage import districts
from storage.database import Database


def _run(settings: Settings, work) -> int:
    from bot.cli import prepare

    prepare(settings)

    async def go() -> int:
        db = Database(settings.database_url)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(go())


def cmd_create(settings: Settings, args: argparse.Namespace) -> int:
    async def work(db: Database) -> int:
        from bot.cli import _print_link

        now = datetime.now(UTC)
        district_id = await districts.create(db, args.name, [], settings.verksam_timezone, now)
        for org_id in args.org:
            if not await districts.add_branch(db, district_id, org_id):
                print(f"There is no organisation {org_id}; left out.", file=sys.stderr)
        ttl = timedelta(days=settings.invite_ttl_days)
        code = await districts.create_invite(db, district_id, DistrictRole.ADMIN, now, ttl=ttl)
        count = len(await districts.branches(db, district_id))
        print(f"Created district {district_id}: {args.name} with {count} branches")
        print(f"Invite for the district's admin (one person, valid {settings.invite_ttl_days} days).")
        await _print_link(settings, code)
        return 0

    return _run(settings, work)


def cmd_add(settings: Settings, args: argparse.Namespace) -> int:
    async def work(db: Database) -> int:
        if not await districts.add_branch(db, args.district, args.org):
            print(f"There is no district {args.district} or no organisation {args.org}.", file=sys.stderr)
            return 1
        print(f"Organisation {args.org} is in district {args.district}.")
        return 0

    return _run(settings, work)


def cmd_remove(settings: Settings, args: argparse.Namespace) -> int:
    async def work(db: Database) -> int:
        if not await districts.remove_branch(db, args.district, args.org):
            print(f"Organisation {args.org} is not in district {args.district}.", file=sys.stderr)
            return 1
        print(f"Organisation {args.org} has left district {args.district}.")
        return 0

    return _run(settings, work)


def cmd_list(settings: Settings, _args: argparse.Namespace) -> int:
    async def work(db: Database) -> int:
        found = await districts.listing(db)
        for district_id, name, branches, people in found:
            print(f"{district_id}  {name}  ({len(branches)} branches, {people} people): {', '.join(branches) or '-'}")
        if not found:
            print('No districts yet: verksam district create "NAME" --org 1 --org 2')
        return 0

    return _run(settings, work)


def cmd_schedule(settings: Settings, args: argparse.Namespace) -> int:
    async def work(db: Database) -> int:
        if not await districts.set_schedule(db, args.district, args.weekday, args.hour):
            print(f"There is no district {args.district}.", file=sys.stderr)
            return 1
        print(f"District {args.district}: the weekly digest on weekday {args.weekday} (0 = Monday) at {args.hour}:00.")
        return 0

    return _run(settings, work)


def add_parser(sub) -> None:
    district = sub.add_parser("district", help="districts: many organisations, one district board")
    dsub = district.add_subparsers(dest="district_command", required=True)
    create = dsub.add_parser("create", help="create a district and print an invite for its admin")
    create.add_argument("name")
    create.add_argument("--org", type=int, action="append", default=[], help="a branch (repeatable)")
    create.set_defaults(func=cmd_create)
    for name, func, what in (("add", cmd_add, "put an organisation in"), ("remove", cmd_remove, "take one out of")):
        one = dsub.add_parser(name, help=f"{what} a district")
        one.add_argument("--district", type=int, required=True)
        one.add_argument("--org", type=int, required=True)
        one.set_defaults(func=func)
    dsub.add_parser("list", help="the districts and their branches").set_defaults(func=cmd_list)
    schedule = dsub.add_parser("schedule", help="the district digest's weekday and hour")
    schedule.add_argument("--district", type=int, required=True)
    schedule.add_argument("--weekday", type=int, choices=range(7), required=True, help="0 = Monday")
    schedule.add_argument("--hour", type=int, choices=range(24), required=True)
    schedule.set_defaults(func=cmd_schedule)
