"""English wording for the operator's command line: '1 admin', '2 admins', never '1 admins' or 'member(s)'."""

from __future__ import annotations


def counted(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"
