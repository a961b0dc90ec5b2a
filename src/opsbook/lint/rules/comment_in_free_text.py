"""Free text is not cut short by a ` #` that YAML reads as a comment.

## Why it matters

In YAML, a space followed by `#` starts a comment, even in the middle of a sentence.
An unquoted value such as `Alerts to Slack #data-eng-alerts` is silently read as
`Alerts to Slack`: the channel a responder needs is gone, and nothing else complains
because what is left is still valid text. This rule looks at the free-text fields
(purpose, descriptions, failure modes, monitoring, flow, troubleshooting and recovery
steps, reasons, stakeholders, notify targets…) and reports an unquoted value followed
on its line by ` #` and a word (a channel, a tag, a ticket number), with the quoted
line that keeps the whole text.

A comment that starts with `# ` (a space after the hash) is an ordinary comment and is
left alone, as is anything written in quotes or as a block scalar (`|`, `>`).

## Fails

```yaml
spec:
  monitoring:
    - Airflow failures go to Slack #data-eng-alerts     # OB102: the channel is lost
  purpose: Daily profit, see ticket #1234               # OB102
```

## Passes

```yaml
spec:
  monitoring:
    - "Airflow failures go to Slack #data-eng-alerts"
  purpose: Daily profit for the investor report  # owned by Finance since 2025
```
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from opsbook.diagnostics import Diagnostic, Span, value_at
from opsbook.lint.context import RuleContext
from opsbook.lint.rule import RuleHead
from opsbook.yamlio.document import KeyPath, YamlDocument

RULE = RuleHead("OB102", "comment-in-free-text")

FREE_TEXT = frozenset(
    [
        "title",
        "description",
        "purpose",
        "schedule",
        "reason",
        "role",
        "failure",
        "symptom",
        "cause",
        "risk",
        "case",
        "step",
        "steps",
        "flow",
        "monitoring",
        "stakeholders",
        "notify",
        "orchestration",
        "processing",
        "storage",
        "dashboards",
    ]
)
"""Fields that hold prose: a ` #` inside them is far likelier text than a comment. A
list's items are judged by the list's key."""

_SWALLOWED = re.compile(r"\s+#(?=[^\s#])")
"""After a plain scalar: white space, then `#` glued to a word (`#data-alerts`, `#12`)."""
_CANDIDATE = re.compile(r"\S\s+#[^\s#]")


def check(ctx: RuleContext) -> Iterator[Diagnostic]:
    seen: set[int] = set()
    for document in ctx.workspace.documents():
        source = ctx.source(document)
        if source is None or id(source) in seen:
            continue
        seen.add(id(source))
        # Most files have no candidate line at all: skip them before finding positions.
        if not any(_CANDIDATE.search(line) for line in source.source_lines):
            continue
        for path, span, fix in _swallowed(source):
            yield ctx.report(
                document,
                path,
                f"the text after ' #' is a YAML comment, so this value is only "
                f"{value_at(source.data, path)!r}; quote the whole value to keep it: {fix}",
                span=span,
            )


def _swallowed(source: YamlDocument) -> Iterator[tuple[KeyPath, Span, str]]:
    for path, info in source.scalars.items():
        if info.style is not None or not path or path[-1] == "<key>":
            continue
        if not _is_free_text(path) or not isinstance(value_at(source.data, path), str):
            continue
        line_no = info.span.end_line
        if not 0 < line_no <= len(source.source_lines):
            continue
        line = source.source_lines[line_no - 1]
        found = _SWALLOWED.match(line, info.span.end_col - 1)
        if found is None:
            continue
        hash_col = found.end()  # 1-based column of the '#'
        # What precedes the value on its first line (`purpose:`, `-`) stays as it is.
        before = source.source_lines[info.span.line - 1][: info.span.col - 1]
        if info.span.line == line_no:
            written = line[info.span.col - 1 :].rstrip()
        else:  # a plain scalar folded over lines: quote the text as YAML read it
            written = f"{value_at(source.data, path)}{line[info.span.end_col - 1 :].rstrip()}"
        quoted = json.dumps(written, ensure_ascii=False)
        yield path, Span.point(line_no, hash_col), f"{before.strip()} {quoted}".strip()


def _is_free_text(path: KeyPath) -> bool:
    keys = [part for part in path if isinstance(part, str)]
    return bool(keys) and keys[-1] in FREE_TEXT
