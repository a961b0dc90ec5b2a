"""The registry of subcommands: name → "module:function", imported only when run.

Add a command by adding one line here; its module defines a click command.
"""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "validate": "opsbook.cli.validate_cmd:validate",
    "schema": "opsbook.cli.schema_cmd:schema",
    "init": "opsbook.cli.init_cmd:init",
    "summary": "opsbook.cli.summary_cmd:summary",
    "lint": "opsbook.cli.lint_cmd:lint",
    "rules": "opsbook.cli.rules_cmd:rules",
    "who": "opsbook.cli.who_cmd:who",
    "schedule": "opsbook.cli.schedule_cmd:schedule",
    "plan": "opsbook.cli.plan_cmd:plan",
    "fairness": "opsbook.cli.fairness_cmd:fairness",
    "swap": "opsbook.cli.swap_cmd:swap",
    "cover": "opsbook.cli.cover_cmd:cover",
    "check": "opsbook.cli.check_cmd:check",
    "escalate": "opsbook.cli.escalate_cmd:escalate",
    "ical": "opsbook.cli.ical_cmd:ical",
    "site": "opsbook.cli.site_cmd:site",
    "handoff": "opsbook.cli.handoff_cmd:handoff",
    "postmortem": "opsbook.cli.postmortem_cmd:postmortem",
}
