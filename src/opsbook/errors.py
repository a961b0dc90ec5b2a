"""The small exception tree. One place (the CLI) maps these to exit codes.

Library code returns diagnostics for problems in the user's files; it raises only for
conditions the caller must handle: unusable arguments or an unreadable workspace.
"""

from __future__ import annotations


class OpsbookError(Exception):
    """Base of every error opsbook raises on purpose."""

    exit_code = 2


class UsageError(OpsbookError):
    """The command was called with arguments that cannot work (exit 2)."""


class InputError(OpsbookError):
    """A file or folder cannot be read at all (exit 2)."""


class RefusedError(OpsbookError):
    """A requested change was refused because the result would be invalid (exit 1)."""

    exit_code = 1
