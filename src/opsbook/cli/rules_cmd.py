"""`opsbook rules`: the lint rules, and each rule's documentation."""

from __future__ import annotations

import click


@click.command()
@click.argument("rule", required=False)
def rules(rule: str | None) -> int:
    """List every rule (code, name, severity, summary), or print RULE's documentation.

    RULE is a code (OB101) or a name (tier-completeness). The text is the rule's
    docstring, the same page the site publishes.
    """
    from opsbook.errors import UsageError
    from opsbook.lint import rule_doc, rule_docs

    if rule is None:
        docs = rule_docs()
        width = max(len(d.name) for d in docs)
        levels = max(len(d.severity) for d in docs)
        for doc in docs:
            click.echo(f"{doc.code}  {doc.name:<{width}}  {doc.severity:<{levels}}  {doc.summary}")
        return 0
    try:
        doc = rule_doc(rule)
    except KeyError as exc:
        raise UsageError(str(exc.args[0])) from None
    click.echo(doc.page, nl=False)
    return 0
