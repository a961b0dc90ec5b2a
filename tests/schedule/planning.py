"""Workspaces for planner tests, built from the real models (no files needed), and the
checks every plan must pass."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from opsbook.loader.workspace import Workspace
from opsbook.models.lock import LockedShift, RotationLock
from opsbook.models.rotation import Rotation
from opsbook.models.team import Team
from opsbook.models.time_off import TimeOff
from opsbook.schedule.availability import Availability

ROTATION = "r"
ZONES = ("UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney")
CALENDARS: tuple[tuple[str, str | None] | None, ...] = (
    None,
    ("GB", "ENG"),
    ("US", None),
    ("FR", None),
    ("IN", None),
)


def member(
    ident: str,
    zone: str = "UTC",
    calendar: tuple[str, str | None] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    out: dict[str, Any] = {"id": ident, "name": ident.title(), "timezone": zone, **extra}
    if calendar is not None:
        country, subdivision = calendar
        out["holidays"] = {"country": country}
        if subdivision:
            out["holidays"]["subdivision"] = subdivision
    return out


def workspace(
    members: Sequence[dict[str, Any]],
    *,
    roles: Sequence[str] = ("primary", "secondary"),
    every: str = "1w",
    handoff: dict[str, str] | None = None,
    start: date = date(2026, 1, 5),
    holidays: str = "avoid",
    min_rest: int = 1,
    weights: dict[str, float] | None = None,
    time_off: Iterable[dict[str, Any]] = (),
    freeze: str = "2w",
    horizon: str = "26w",
) -> Workspace:
    """A one-team, one-rotation workspace (rotation `r`, team `t`)."""
    team = Team.model_validate(
        {
            "apiVersion": "opsbook/v1",
            "kind": "Team",
            "metadata": {"name": "t"},
            "spec": {"timezone": "UTC", "members": list(members)},
        }
    )
    fairness: dict[str, Any] = {"holidays": holidays, "min_rest": min_rest}
    if weights is not None:
        fairness["weights"] = weights
    rotation = Rotation.model_validate(
        {
            "apiVersion": "opsbook/v1",
            "kind": "Rotation",
            "metadata": {"name": ROTATION},
            "spec": {
                "team": "t",
                "roles": list(roles),
                "shift": {
                    "every": every,
                    "handoff": handoff or {"time": "09:00", "timezone": "Europe/London"},
                },
                "start": start.isoformat(),
                "fairness": fairness,
                "freeze": freeze,
                "horizon": horizon,
            },
        }
    )
    absences = TimeOff.model_validate(
        {
            "apiVersion": "opsbook/v1",
            "kind": "TimeOff",
            "metadata": {"name": "time-off"},
            "spec": {"entries": [dict(e) for e in time_off]},
        }
    )
    return Workspace(
        root=Path("."),
        teams=MappingProxyType({"t": team}),
        rotations=MappingProxyType({ROTATION: rotation}),
        time_off=(absences,),
    )


def utc(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def holders(shift: LockedShift) -> list[str]:
    return [m for m in shift.roles.values() if m is not None]


def assert_hard_constraints(ws: Workspace, lock: RotationLock) -> None:
    """Nobody on call during own time off, before joining or after leaving, and nobody
    in two roles of one shift."""
    availability = Availability(ws)
    for shift in lock.spec.shifts:
        on_call = holders(shift)
        assert len(set(on_call)) == len(on_call), f"{shift.shift}: one member in two roles"
        for who in on_call:
            conflicts = availability.hard_conflicts(who, shift.start, shift.end)
            assert not conflicts, f"{shift.shift}: {who} planned during {conflicts}"


def role_counts(
    lock: RotationLock, roles: Sequence[str], upto: int | None = None
) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for shift in lock.spec.shifts[:upto]:
        for role, who in shift.roles.items():
            if who is not None and role in roles:
                counts.setdefault(who, dict.fromkeys(roles, 0))[role] += 1
    return counts
