"""An organisation always has an admin: the last one cannot /lamna, and the command line can always
make a new admin invite, list organisations and show one's people (issue 10, items 8 and 12)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.cli import main
from domain.roles import Role
from handlers import button_guard
from storage import orgs
from storage.models import Invite
from tests.conftest import ADMIN, join
from tests.harness import Person, text_of
from tests.test_cli_keys_gdpr import a_member, operator, with_db  # noqa: F401  (a fixture)

SECOND_ADMIN = Person(505, "Adam")


async def test_the_only_admin_cannot_leave(team, db, org):
    said = await team.send(ADMIN, "/lamna")
    assert "enda adminen i Partille AK" in text_of(said) and "/bjudin admin" in text_of(said)
    assert "lamna:yes" not in str(said[0].params.get("reply_markup"))
    older = button_guard.sign("lamna:yes", ADMIN.id, ADMIN.id)  # a button from an older question
    await team.press_raw(ADMIN, said[0], older)
    assert "enda admin" in team.answers()[-1]
    assert (await orgs.member_for(db, ADMIN.id)).role is Role.ADMIN


async def test_an_admin_with_another_admin_may_leave(team, db, org):
    await join(team, db, org, SECOND_ADMIN, Role.ADMIN)
    asked = await team.send(ADMIN, "/lamna")
    assert "Vill du lämna" in text_of(asked)
    await team.press(ADMIN, asked[0], "lamna:yes")
    assert await orgs.member_for(db, ADMIN.id) is None
    said = await team.send(SECOND_ADMIN, "/lamna")  # now the only one
    assert "enda admin" in text_of(said)


def test_org_list_show_and_a_new_admin_invite(operator, capsys):  # noqa: F811
    url, _ = operator
    main(["db", "upgrade"])
    org_id = with_db(url, a_member)  # a volunteer who recruited Anna Andersson, +46701234567
    capsys.readouterr()

    assert main(["org", "list"]) == 0
    listed = capsys.readouterr().out
    assert f"{org_id}  Partille AK" in listed and "1 person, 0 admins" in listed

    assert main(["org", "show", "--org", str(org_id)]) == 0
    shown = capsys.readouterr().out
    assert "Vera" in shown and "volontar" in shown and "Ektorp" in shown
    assert "Anna" not in shown and "0701234567" not in shown and "46701234567" not in shown  # no member's data
    assert not re.search(r"\b202\b", shown)  # nor a Telegram id

    assert main(["org", "invite", "--org", str(org_id), "--role", "admin"]) == 0
    printed = capsys.readouterr().out
    code = printed.strip().rsplit(" ", 1)[-1]
    assert "/start " in printed

    async def invites(db):
        async with db.session() as s:
            return [(i.role, i.org_id) for i in await s.scalars(select(Invite).order_by(Invite.id))]

    assert with_db(url, invites)[-1] == ("admin", org_id)

    async def redeem(db):
        return await orgs.redeem_invite(db, code, 777, "Ny admin", datetime.now(UTC))

    _, member = with_db(url, redeem)
    assert member.role is Role.ADMIN and member.org_id == org_id

    assert main(["org", "show", "--org", "99"]) == 1
    assert "There is no organisation 99" in capsys.readouterr().err
    assert main(["org", "invite", "--org", str(org_id), "--role", "kung"]) == 2


def test_gdpr_takes_the_phone_number_unquoted(operator, capsys):  # noqa: F811
    url, _ = operator
    main(["db", "upgrade"])
    org_id = with_db(url, a_member)
    capsys.readouterr()
    assert main(["gdpr", "export", "--org", str(org_id), "--phone", "070-123", "45", "67"]) == 0
    [exported] = json.loads(capsys.readouterr().out)
    assert exported["phone"] == "+46701234567"
    assert main(["gdpr", "export", "--org", str(org_id), "--phone", "07O-123", "45", "67"]) == 1
    assert '--phone "070-123 45 67"' in capsys.readouterr().err


def test_org_show_names_the_local_day_each_person_joined(operator, capsys):  # noqa: F811
    """Joined at 00:30 in Stockholm on New Year's Day, which is still 31 December in UTC."""
    url, _ = operator
    main(["db", "upgrade"])
    new_year = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)

    async def joined_at_new_year(db):
        org_id = await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", new_year)
        code = await orgs.create_invite(db, org_id, Role.VOLONTAR, new_year, ttl=timedelta(days=7))
        await orgs.redeem_invite(db, code, 202, "Vera", new_year)
        return org_id

    org_id = with_db(url, joined_at_new_year)
    capsys.readouterr()
    assert main(["org", "show", "--org", str(org_id)]) == 0
    assert "Vera  [-]  joined 2026-01-01" in capsys.readouterr().out
