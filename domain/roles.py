"""Roles and what each may do."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import InputError


class Role(StrEnum):
    VOLONTAR = "volontar"
    MEDLEMSANSVARIG = "medlemsansvarig"
    STYRELSE = "styrelse"
    ADMIN = "admin"


# Roles are not a ladder (a medlemsansvarig is no board member), so permissions are sets.
LOGGERS = frozenset(Role)
BOARD = frozenset({Role.STYRELSE, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})

_WORDS = {
    "volontar": Role.VOLONTAR,
    "volontär": Role.VOLONTAR,
    "aktiv": Role.VOLONTAR,
    "volunteer": Role.VOLONTAR,
    "medlemsansvarig": Role.MEDLEMSANSVARIG,
    "membership_officer": Role.MEDLEMSANSVARIG,
    "styrelse": Role.STYRELSE,
    "styrelsen": Role.STYRELSE,
    "board": Role.STYRELSE,
    "admin": Role.ADMIN,
}


def parse_role(word: str) -> Role:
    role = _WORDS.get(word.strip().lower())
    if role is None:
        raise InputError("unknown_role", word=word[:30])
    return role


# What each role may do of the others' work: an admin everything, the board and a medlemsansvarig
# what a volunteer does besides their own.
_COVERS = {
    Role.VOLONTAR: frozenset({Role.VOLONTAR}),
    Role.MEDLEMSANSVARIG: frozenset({Role.MEDLEMSANSVARIG, Role.VOLONTAR}),
    Role.STYRELSE: frozenset({Role.STYRELSE, Role.VOLONTAR}),
    Role.ADMIN: frozenset(Role),
}


def adds_to(current: Role, offered: Role) -> bool:
    """An invite may add to what a person may do, never take anything away: is ``offered`` more?"""
    return offered is not current and current in _COVERS[offered]


def may_invite(inviter: Role, invited: Role) -> bool:
    """Board members invite anyone but admins; only an admin makes another admin."""
    if inviter is Role.ADMIN:
        return True
    return inviter is Role.STYRELSE and invited is not Role.ADMIN
