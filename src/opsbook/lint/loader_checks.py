"""The loader's and the schedule's codes, as rules: documented, selectable, suppressible.

`opsbook lint` reports the loader's diagnostics (unreadable files, YAML syntax, schema,
dangling references) beside the rules' findings. They have no `check()` here: the loader
finds them while reading. Their codes and pages are declared in
`opsbook.diagnostic_codes`.
"""

from __future__ import annotations

from opsbook.diagnostic_codes import CODES
from opsbook.diagnostics import Severity
from opsbook.lint.rule import Rule

LOADER_CHECKS: dict[str, Rule] = {
    code: Rule(code=code, name=entry.name, severity=Severity.ERROR, doc=entry.doc, check=None)
    for code, entry in CODES.items()
}
"""The loader's and the schedule's checks by code, in code order."""
