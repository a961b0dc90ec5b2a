"""Text bound for a terminal: control characters shown, never obeyed; values cut short.

A member name holding `ESC ] 0 ; … BEL` or `ESC [ 2 J` retitles the window or clears
the screen of whoever runs `opsbook who`; C1 characters (U+0080–U+009F) do the same on
terminals that read them as 8-bit controls; bidirectional overrides make text read
differently from what it is. The loader refuses these in YAML (OB006), but a cache file,
a file name, a command-line argument or a driver's message did not come through it. So
everything printed passes through `sanitize` (or `sanitize_json` for JSON), which
writes each such character as a visible escape (`\\x1b`, `\\u202e`), and a value quoted
in a message is cut to an `excerpt`.

Standard library only: the `who` fast path prints through it.
"""

from __future__ import annotations

import re

EXCERPT = 60
"""Characters of a user's value a message quotes at most."""

# C0 controls except tab and newline, DEL, C1 controls, and the Unicode controls that
# change how the rest of a line reads (bidi embeddings, overrides and isolates, line
# and paragraph separators).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_NEWLINE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def sanitize(text: str) -> str:
    """`text` with every control character but tab and newline written as an escape."""
    return _CONTROL.sub(_escape, text)


def sanitize_line(text: str) -> str:
    """`sanitize`, and newlines escaped too: for a value shown inside one line."""
    return _CONTROL_OR_NEWLINE.sub(_escape, text)


def sanitize_json(text: str) -> str:
    """JSON text with the controls `json.dumps(ensure_ascii=False)` leaves raw (DEL, C1,
    bidi) written as `\\uXXXX` escapes: the same JSON value, safe on a terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def excerpt(value: str, limit: int = EXCERPT) -> str:
    """A value as one safe line of at most `limit` characters (then `…`)."""
    shown = sanitize_line(value)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def quoted(value: object, limit: int = EXCERPT) -> str:
    """A value quoted in a message, as Python would write it (escapes and all), cut to
    `limit` characters: a message says which value, it never reproduces a file."""
    if not isinstance(value, str):
        shown = repr(value)
        return shown if len(shown) <= limit else sanitize_line(shown[:limit]) + "…"
    if len(value) <= limit:
        return repr(value)
    return repr(value[:limit]) + "…"
