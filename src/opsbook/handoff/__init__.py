"""The handoff note: what the incoming on-call engineer needs to know about their shift.

`handoff_note` builds it as values; `opsbook.handoff.render` writes it as text, Markdown
or a Slack Block Kit message.
"""

from opsbook.handoff.note import HandoffNote, handoff_note

__all__ = ["HandoffNote", "handoff_note"]
