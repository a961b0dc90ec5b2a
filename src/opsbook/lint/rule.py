"""What a rule is: a code, a kebab name, a default severity, its documentation, a check.

Each rule lives in its own module under `opsbook.lint.rules`; the module's docstring is
the rule's documentation (first line: the summary; then why it matters and a failing and
a passing YAML example), and one typed line, `RULE = RuleHead(code, name, severity)`,
names it. `Rule.from_module` reads those, so the registry and the documentation can
never drift apart.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from opsbook.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from opsbook.lint.context import RuleContext

Check = Callable[["RuleContext"], Iterator[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    """One lint rule, as the registry, the runner and the documentation see it."""

    code: str
    """Stable id, e.g. `OB101`; what `--select`, `--ignore` and suppressions name."""
    name: str
    """Kebab-case name, e.g. `tier-completeness`; accepted wherever a code is."""
    severity: Severity
    """Severity of its findings unless the rule says otherwise for one finding."""
    doc: str
    """The module docstring, dedented: summary line, then Markdown."""
    check: Check | None
    """Yields findings; None for findings the runner makes itself (unused suppressions)."""
    raised: tuple[Severity, str] | None = None
    """The severity some findings rise to, and when (OB140: error when twice overdue), so
    that the listing never shows only the milder one."""

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    @property
    def body(self) -> str:
        """The documentation after the summary line, as Markdown."""
        lines = self.doc.strip().splitlines()
        return "\n".join(lines[1:]).strip()

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        """Build a rule from a module's `RULE` heading, docstring and check()."""
        head = getattr(module, "RULE", None)
        if not isinstance(head, RuleHead):
            raise TypeError(f"rule module {module.__name__} needs RULE = RuleHead(...)")
        if not module.__doc__:
            raise TypeError(f"rule module {module.__name__} needs a docstring: its documentation")
        check = getattr(module, "check", None)
        return cls(
            code=head.code,
            name=head.name,
            severity=head.severity,
            doc=inspect.cleandoc(module.__doc__),
            check=check if callable(check) else None,
            raised=head.raised,
        )


@dataclass(frozen=True)
class RuleHead:
    """What a rule module declares of itself in one typed line, e.g.
    `RULE = RuleHead("OB140", "review-staleness", Severity.WARNING)`; its docstring and
    `check()` make up the rest of the `Rule`."""

    code: str
    name: str
    severity: Severity = Severity.ERROR
    raised: tuple[Severity, str] | None = None
