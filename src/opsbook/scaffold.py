"""The files `opsbook init` writes: one document of every kind, so that every command
(validate, lint, plan, who, schedule, swap, cover, escalate, ical, site) works on the new
workspace before anyone has edited a line."""

from __future__ import annotations

from datetime import date

_HEADER = "# yaml-language-server: $schema=../schemas/{schema}.schema.json\n"

_TEAM = """apiVersion: opsbook/v1
kind: Team
metadata:
  name: {team}
  title: My Data Team
spec:
  timezone: UTC
  members:
    # Everyone who takes turns on call. `holidays` lets the planner keep people off
    # call on their own public holidays.
    - id: first-engineer
      name: First Engineer
      email: first@example.com
      timezone: UTC
      holidays: {{country: GB}}
    - id: second-engineer
      name: Second Engineer
      email: second@example.com
      timezone: UTC
      holidays: {{country: GB}}
    - id: third-engineer
      name: Third Engineer
      email: third@example.com
      timezone: UTC
      holidays: {{country: GB}}
  contacts:
    # Escalated to, never on the rotation.
    - id: manager
      name: Engineering Manager
      role: Engineering Manager
      email: manager@example.com
"""

_ROTATION = """apiVersion: opsbook/v1
kind: Rotation
metadata:
  name: {team}-oncall
spec:
  team: {team}
  roles: [primary, secondary]
  shift:
    every: 1w
    handoff: {{weekday: {weekday}, time: "09:00", timezone: UTC}}
  start: {start}
  fairness:
    holidays: avoid
    # Shifts off between two shifts of one person. Three people in two roles cannot
    # rest; raise it to 1 once the rotation has four or more.
    min_rest: 0
  freeze: 2w
  horizon: 12w
"""

_TIME_OFF = """apiVersion: opsbook/v1
kind: TimeOff
metadata:
  name: time-off
spec:
  # Whole days, both inclusive, in the member's own time zone. Add an entry, then run
  # `opsbook plan`: the member's shifts after the freeze move to someone else.
  entries: []
  # entries:
  #   - {{member: first-engineer, start: 2027-08-02, end: 2027-08-13, reason: vacation}}
"""

_OVERRIDES = """apiVersion: opsbook/v1
kind: Overrides
metadata:
  name: {team}-oncall-overrides
spec:
  rotation: {team}-oncall
  # Changes on top of the planned lock. `opsbook swap` and `opsbook cover` check and
  # append entries here; edit by hand only in a reviewed pull request.
  swaps: []
  covers: []
"""

_POLICY = """apiVersion: opsbook/v1
kind: EscalationPolicy
metadata:
  name: default
spec:
  steps:
    - {{after: 0m, notify: ["owner:primary", "oncall:{team}-oncall/primary"]}}
    - {{after: 30m, notify: ["owner:secondary"]}}
    - {{after: 2h, notify: ["contact:manager"]}}
"""

_OWNERSHIP = """apiVersion: opsbook/v1
kind: OwnershipMatrix
metadata:
  name: pipelines
spec:
  team: {team}
  pipelines:
    - {{runbook: example-pipeline, primary: first-engineer, secondary: second-engineer}}
"""

_RUNBOOK = """apiVersion: opsbook/v1
kind: Runbook
metadata:
  name: example-pipeline
  title: Example Pipeline
spec:
  tier: internal
  purpose: Replace with what this pipeline computes and who reads it.
  schedule: daily
  escalation: default
  validation:
    - name: no-future-rows
      description: Rows dated in the future mean a broken timestamp conversion.
      sql: |
        SELECT 1 AS bad_row
        WHERE CURRENT_DATE < DATE '2000-01-01'
      expect: {{rows: 0}}
"""

_SETTINGS = """# yaml-language-server: $schema=schemas/workspace.schema.json
apiVersion: opsbook/v1
kind: Workspace
metadata:
  name: {team}
spec:
  dialect: duckdb
"""


def scaffold_files(team: str, start: date) -> dict[str, str]:
    """Relative path → content of every file of a new workspace."""
    weekday = start.strftime("%A").lower()
    values = {"team": team, "start": start.isoformat(), "weekday": weekday}
    files = {
        "opsbook.yaml": _SETTINGS,
        "rotation/team.yaml": _HEADER.format(schema="team") + _TEAM,
        f"rotation/{team}-oncall.yaml": _HEADER.format(schema="rotation") + _ROTATION,
        "rotation/time-off.yaml": _HEADER.format(schema="time-off") + _TIME_OFF,
        f"rotation/{team}-oncall-overrides.yaml": _HEADER.format(schema="overrides") + _OVERRIDES,
        "runbooks/escalation.yaml": _HEADER.format(schema="escalation-policy") + _POLICY,
        "runbooks/ownership.yaml": _HEADER.format(schema="ownership-matrix") + _OWNERSHIP,
        "runbooks/example-pipeline.yaml": _HEADER.format(schema="runbook") + _RUNBOOK,
    }
    return {path: text.format(**values) for path, text in files.items()}
