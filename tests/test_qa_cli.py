"""The operator's command line, after a QA pass: no alembic chatter, a missing organisation named, plurals."""

from __future__ import annotations

from bot.cli import main
from tests.test_cli_keys_gdpr import a_member, operator, with_db  # noqa: F401 (the fixture)


def test_commands_other_than_db_upgrade_print_no_alembic_info(operator, capsys):  # noqa: F811
    url, _ = operator
    main(["db", "upgrade"])
    with_db(url, a_member)
    capsys.readouterr()
    assert main(["org", "list"]) == 0
    out, err = capsys.readouterr()
    assert "alembic" not in err and "INFO" not in err
    assert "(1 person, 0 admins, Europe/Stockholm)" in out


def test_gdpr_for_an_organisation_that_does_not_exist(operator, capsys):  # noqa: F811
    url, _ = operator
    main(["db", "upgrade"])
    org_id = with_db(url, a_member)
    capsys.readouterr()
    assert main(["gdpr", "export", "--org", str(org_id + 1), "--phone", "070-123 45 67"]) == 1
    assert f"There is no organisation {org_id + 1}." in capsys.readouterr().err
    assert main(["gdpr", "erase", "--org", str(org_id), "--phone", "0709999999"]) == 1
    assert "Erased the contact details of 0 members; the counts stay." in capsys.readouterr().out
    assert main(["gdpr", "erase", "--org", str(org_id), "--phone", "070-123 45 67"]) == 0
    assert "Erased the contact details of 1 member;" in capsys.readouterr().out
