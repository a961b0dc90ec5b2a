"""opsbook: a data team's operations as code.

Runbooks, pipeline ownership, escalation policies, the team roster, time off and on-call
rotations live as versioned YAML; opsbook validates, lints, plans, answers and publishes
them. This module stays import-light on purpose: `opsbook who` must start fast.
"""

__version__ = "0.1.0"
