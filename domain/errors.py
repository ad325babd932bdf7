"""Errors the user caused: a code the chat layer turns into a friendly sentence."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input. ``code`` picks the message; ``params`` fill it in; ``command`` names the command
    whose right form the answer shows (None in a guided flow's question: the question is the form)."""

    def __init__(self, code: str, *, command: str | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.command = command
        self.params = params

    def about(self, command: str | None) -> InputError:
        """The command this error answers, unless the error already names one."""
        if self.command is None:
            self.command = command
        return self
