"""Errors the user caused: a code the chat layer turns into a friendly sentence."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input. ``code`` picks the message; ``params`` fill it in."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
