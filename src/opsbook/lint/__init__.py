"""`opsbook lint`: the loader's diagnostics plus every rule, as located findings.

    from opsbook.lint import lint_workspace, get_reporter
    report = lint_workspace(load_workspace(root), now=now)
    print(get_reporter("sarif").render(report))

Rules are modules under `opsbook.lint.rules`, registered in its `RULES` dict; their
docstrings are their documentation (`rule_docs()`, `opsbook rules`, the site).
"""

from opsbook.lint.docs import RuleDoc, rule_doc, rule_docs
from opsbook.lint.reporters import REPORTERS, Reporter, get_reporter
from opsbook.lint.rule import Rule
from opsbook.lint.rules import RULES, all_rules
from opsbook.lint.runner import LintReport, lint_workspace

__all__ = [
    "REPORTERS",
    "RULES",
    "LintReport",
    "Reporter",
    "Rule",
    "RuleDoc",
    "all_rules",
    "get_reporter",
    "lint_workspace",
    "rule_doc",
    "rule_docs",
]
