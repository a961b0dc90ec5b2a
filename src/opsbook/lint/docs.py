"""Rule documentation as data: what `opsbook rules` prints and the site renders.

One page per rule, from the rule module's docstring, so the text a reviewer sees in a
pull request annotation's link is the text the rule's author wrote next to its code.
"""

from __future__ import annotations

from dataclasses import dataclass

from opsbook.lint.context import rule_url
from opsbook.lint.rules import all_rules, get


@dataclass(frozen=True)
class RuleDoc:
    """One rule's documentation page."""

    code: str
    name: str
    severity: str
    """The default severity, and the one it rises to: `warning`, `warning/error`."""
    summary: str
    markdown: str
    """The page body (after the summary), Markdown with YAML examples."""
    url: str
    severity_note: str = ""
    """When the severity rises, as a sentence ending the severity line of the page."""

    @property
    def page(self) -> str:
        """A whole Markdown page: title, summary, body."""
        return (
            f"# {self.code} {self.name}\n\n{self.summary}\n\n"
            f"Default severity: {self.severity_line}.\n\n{self.markdown}\n"
        )

    @property
    def severity_line(self) -> str:
        """`warning`, or `warning; error when …` for a rule whose findings can rise."""
        return f"{self.severity.split('/')[0]}{self.severity_note}"


def rule_docs(site_url: str | None = None) -> list[RuleDoc]:
    """(code, name, summary, markdown) of every rule and loader check, in code order."""
    return [_doc(rule.code, site_url) for rule in all_rules()]


def rule_doc(code_or_name: str, site_url: str | None = None) -> RuleDoc:
    """One rule's page; raises KeyError for an unknown code or name."""
    return _doc(get(code_or_name).code, site_url)


def _doc(code: str, site_url: str | None) -> RuleDoc:
    rule = get(code)
    return RuleDoc(
        code=rule.code,
        name=rule.name,
        severity="/".join([rule.severity.value, *([rule.raised[0].value] if rule.raised else [])]),
        severity_note=f"; {rule.raised[0].value} {rule.raised[1]}" if rule.raised else "",
        summary=rule.summary,
        markdown=rule.body,
        url=rule_url(site_url, rule.code),
    )
