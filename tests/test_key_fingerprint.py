"""The data key across hosts (issue 9, item 10): the database names its key by a fingerprint, a host
with another key is refused, PostgreSQL takes no key file, a restore without its key makes no key."""

from __future__ import annotations

import asyncio

import pytest

from bot.cli import main
from storage import crypto, meta
from tests.conftest import POSTGRES_URL, _skip_or_fail_without_postgres
from tests.test_cli_keys_gdpr import a_member, operator, with_db  # noqa: F401 - a fixture among them
from tests.test_migrate_concurrent import _empty


def stored_fingerprint(url: str) -> str | None:
    return with_db(url, lambda db: meta.key_facts(db))[0]


def test_a_database_restored_without_its_key_says_so_and_makes_no_key(operator, capsys):  # noqa: F811
    url, key_file = operator
    assert main(["db", "upgrade"]) == 0
    expected = crypto.fingerprint(key_file.read_text().strip())
    assert stored_fingerprint(url) == expected  # stored on first use
    with_db(url, a_member)
    key_file.unlink()  # the database came back from a backup; the key did not
    capsys.readouterr()
    assert main(["export", "--org", "1", "--year", "2025"]) == 2
    error = capsys.readouterr().err
    assert f"fingerprint {expected}" in error and "no new key was made" in error
    assert not key_file.exists()


def test_another_key_is_refused_naming_the_fingerprint_expected(operator, monkeypatch, capsys):  # noqa: F811
    _url, key_file = operator
    assert main(["db", "upgrade"]) == 0  # no member yet: nothing sealed for a check to open
    expected = crypto.fingerprint(key_file.read_text().strip())
    other = crypto.new_key()
    monkeypatch.setenv("VERKSAM_DATA_KEY", other)
    assert main(["db", "upgrade"]) == 2
    error = capsys.readouterr().err
    assert f"fingerprint {expected}" in error and crypto.fingerprint(other) in error
    assert other not in error  # a fingerprint, never the key


def test_rotation_moves_the_fingerprint_and_the_old_key_alone_is_refused(operator, monkeypatch, capsys):  # noqa: F811
    url, _ = operator
    old = crypto.new_key()
    monkeypatch.setenv("VERKSAM_DATA_KEY", old)
    assert main(["db", "upgrade"]) == 0
    with_db(url, a_member)
    new = crypto.new_key()
    assert main(["keys", "rotate", "--key", new]) == 0
    assert stored_fingerprint(url) == crypto.fingerprint(new)
    assert main(["db", "upgrade"]) == 2  # still only the old key: refused
    monkeypatch.setenv("VERKSAM_DATA_KEY", f"{new},{old}")
    assert main(["db", "upgrade"]) == 0
    monkeypatch.setenv("VERKSAM_DATA_KEY", new)
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["keys", "fingerprint"]) == 0
    assert capsys.readouterr().out.strip() == crypto.fingerprint(new)


def test_the_database_names_the_sealing_key_of_a_ring():
    old, new = crypto.new_key(), crypto.new_key()
    ring = crypto.Keyring([new, old]).with_active(crypto.fingerprint(old))
    assert ring.fingerprints == [crypto.fingerprint(old), crypto.fingerprint(new)]
    assert crypto.Keyring([old]).open(ring.seal("Anna")) == "Anna"
    with pytest.raises(crypto.DataKeyError):
        ring.with_active("0" * 16)


@pytest.fixture
def postgres_operator(operator, monkeypatch):  # noqa: F811
    _skip_or_fail_without_postgres()
    asyncio.run(_empty(POSTGRES_URL))
    monkeypatch.setenv("DATABASE_URL", POSTGRES_URL)
    yield POSTGRES_URL, operator[1]
    asyncio.run(_empty(POSTGRES_URL))


def test_postgresql_takes_no_key_file_and_two_hosts_cannot_diverge(postgres_operator, monkeypatch, capsys):
    url, key_file = postgres_operator
    key_file.parent.mkdir(mode=0o700)
    key_file.write_text(crypto.new_key() + "\n")  # a key file of this host's own
    assert main(["db", "upgrade"]) == 2
    assert "VERKSAM_DATA_KEY is not set" in capsys.readouterr().err

    first, second = crypto.new_key(), crypto.new_key()
    monkeypatch.setenv("VERKSAM_DATA_KEY", first)
    assert main(["db", "upgrade"]) == 0  # the first host, before any member exists
    monkeypatch.setenv("VERKSAM_DATA_KEY", second)
    assert main(["db", "upgrade"]) == 2  # the second host, with a key of its own: refused at once
    assert f"fingerprint {crypto.fingerprint(first)}" in capsys.readouterr().err
    assert stored_fingerprint(url) == crypto.fingerprint(first)
