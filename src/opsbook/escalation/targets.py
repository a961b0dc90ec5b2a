"""Who is behind one target of a step at one instant, and whether they can be reached.

`owner:` targets come from the ownership matrix of the runbook being escalated,
`oncall:` targets from the effective schedule (lock + swaps + covers) at the step's
own time, `member:` and `contact:` name a person directly. Contacts do not rotate and
keep no time off in opsbook, so they are always reachable.

DESIGN's one rule for who is paged: the effective schedule is the truth for `oncall:`
targets. A member holding a shift is paged for it, public holiday or not (the planner
already kept them off that holiday wherever anyone else could go, and `who`, the site
and the calendars show them on call); only time off (and not having joined yet, or
having left) takes a holder out, which the effective schedule's covers already do.
`owner:` and `member:` targets are not scheduled, so they are routed around their time
off and their public holidays alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from opsbook.escalation.result import iso_utc
from opsbook.loader.workspace import Workspace
from opsbook.schedule.availability import Availability
from opsbook.schedule.effective import EffectiveShift, effective_schedule
from opsbook.terminal import quoted

_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Person:
    """A member or contact, with what a pager needs."""

    id: str
    name: str
    email: str | None
    phone: str | None
    is_member: bool
    zone: str | None = None
    """A member's own zone, to show their local time beside the reader's."""


@dataclass(frozen=True)
class Resolution:
    """One target resolved at one instant, before anyone is chosen to cover."""

    ref: str
    person: Person | None
    available: bool
    reason: str | None
    problem: str | None = None
    """A fault in the workspace rather than a person's absence (no plan, no owner),
    worth a warning of its own."""
    unplanned: bool = False
    """An on-call target at a time no planned shift covers (yet)."""
    note: str | None = None
    """Said beside an available person: an on-call holder paged over their own public
    holiday ("on call on Christmas Day, planned")."""


class TargetResolver:
    """Resolves the targets of one runbook's policy against one workspace."""

    def __init__(self, ws: Workspace, runbook: str) -> None:
        self.ws = ws
        self.runbook = runbook
        self.availability = Availability(ws)
        self.owners = ws.owners(runbook)
        self._schedules: dict[str, list[EffectiveShift]] = {}

    # --- people -------------------------------------------------------------------------

    def person(self, person_id: str) -> Person | None:
        member = self.ws.member(person_id)
        if member is not None:
            zone = self.ws.member_zone(member.id)
            return Person(member.id, member.name, member.email, member.phone, True, zone)
        contact = self.ws.contact(person_id)
        if contact is not None:
            return Person(contact.id, contact.name, contact.email, contact.phone, False)
        return None

    def away(self, person: Person, at: datetime, *, on_call: bool = False) -> str | None:
        """Why `person` cannot be reached at `at`, or None when they can.

        `on_call`: they are asked for as the holder of a shift, so only time off (and
        joined/left) takes them out, never a public holiday (see the module's rule)."""
        if not person.is_member:
            return None
        if on_call:
            instant_end = at + timedelta(seconds=1)
            hard = self.availability.hard_conflicts(person.id, at, instant_end)
            if not hard:
                return None
            absence = hard[0]
            if absence.kind == "time-off":
                return f"{absence.reason} ({absence.dates})"
            return absence.reason
        available, reason = self.availability.is_available(person.id, at)
        if available:
            return None
        # Say until when, so the reader knows whether to wait or move on.
        for absence in self.availability.iter_absences(person.id, at, at + timedelta(seconds=1)):
            said = f"public holiday: {absence.reason}" if absence.kind == "holiday" else None
            # joined/left reasons already carry their date.
            if absence.kind in ("time-off", "holiday") and (said or absence.reason) == reason:
                return f"{reason} ({absence.dates})"
        return reason or "unavailable"

    def reached(self, ref: str, person: Person, at: datetime) -> Resolution:
        on_call = is_on_call_ref(ref)
        reason = self.away(person, at, on_call=on_call)
        note = self.holiday_note(person, at) if on_call and reason is None else None
        return Resolution(ref, person, reason is None, reason, note=note)

    def holiday_note(self, person: Person, at: datetime) -> str | None:
        """ "on call on Christmas Day, planned" for a holder paged over their own public
        holiday, so the reader knows it is on purpose."""
        if not person.is_member:
            return None
        found = self.availability.holiday_absences(person.id, at, at + timedelta(seconds=1))
        return f"on call on {found[0].reason}, planned" if found else None

    # --- targets ------------------------------------------------------------------------

    def resolve(self, ref: str, at: datetime) -> Resolution:
        """The person behind `ref` at `at`."""
        kind, _, name = ref.partition(":")
        if kind == "owner":
            return self._owner(ref, name, at)
        if kind == "oncall":
            rotation, _, role = name.partition("/")
            return self._oncall(ref, rotation, role, at)
        person = self.person(name)
        if person is None or person.is_member != (kind == "member"):
            problem = f"{ref}: no {kind} {quoted(name)} in any Team"
            return Resolution(ref, None, False, f"unknown {kind} {quoted(name)}", problem)
        return self.reached(ref, person, at)

    def _owner(self, ref: str, role: str, at: datetime) -> Resolution:
        if self.owners is None:
            problem = f"{ref}: runbook {self.runbook} has no entry in any OwnershipMatrix"
            return Resolution(ref, None, False, "no owner recorded for this runbook", problem)
        return self._member(ref, "owner", getattr(self.owners, role), at)

    def _member(self, ref: str, what: str, member_id: str, at: datetime) -> Resolution:
        """The member `ref` comes to, reached or not at `at`; `what` names them in the
        problem when no Team has them ("owner", "on-call member")."""
        person = self.person(member_id)
        if person is None:
            problem = f"{ref}: {what} {quoted(member_id)} is not a member of any Team"
            return Resolution(ref, None, False, f"unknown member {quoted(member_id)}", problem)
        return self.reached(ref, person, at)

    def on_call(self, rotation: str, at: datetime) -> list[EffectiveShift]:
        """Who holds each role of `rotation` at `at`, in role order (`on_call_at`), from
        the rotation's whole effective schedule, built once per resolver: a chain asks
        for several instants, and the lint rule for hundreds."""
        if rotation not in self._schedules:
            self._schedules[rotation] = effective_schedule(self.ws, rotation, _EARLIEST, _LATEST)
        return [s for s in self._schedules[rotation] if s.start <= at < s.end]

    def _oncall(self, ref: str, rotation: str, role: str, at: datetime) -> Resolution:
        if rotation not in self.ws.rotations:
            problem = f"{ref}: no Rotation named {quoted(rotation)}"
            return Resolution(ref, None, False, f"unknown rotation {quoted(rotation)}", problem)
        shifts = self.on_call(rotation, at)
        if not shifts:
            problem = (
                f"no planned shift of rotation {rotation} at {iso_utc(at)}; run "
                "`opsbook plan` to create or extend its lock file"
            )
            return Resolution(
                ref, None, False, "no planned shift at this time", problem, unplanned=True
            )
        held = next((s for s in shifts if s.role == role), None)
        if held is None:
            problem = f"{ref}: rotation {rotation} has no role {quoted(role)}"
            return Resolution(ref, None, False, f"unknown role {quoted(role)}", problem)
        if held.member is None:
            why = f": {held.reason}" if held.reason else ""
            reason = f"unfilled {role} slot in the shift of {held.shift}{why}"
            return Resolution(ref, None, False, reason)
        return self._member(ref, "on-call member", held.member, at)

    # --- who covers ---------------------------------------------------------------------

    def backups(self, ref: str, at: datetime) -> list[Person]:
        """Who stands in first for `ref` at `at`, before the chain's later steps:
        the pipeline's secondary owner for its primary, the rotation's other roles for
        an on-call role (in the rotation's role order)."""
        kind, _, name = ref.partition(":")
        ids: list[str] = []
        if ref == "owner:primary" and self.owners is not None:
            ids = [self.owners.secondary]
        elif kind == "oncall":
            rotation, _, role = name.partition("/")
            if rotation in self.ws.rotations:
                ids = [
                    s.member
                    for s in self.on_call(rotation, at)
                    if s.role != role and s.member is not None
                ]
        return [p for p in map(self.person, ids) if p is not None]


def is_on_call_ref(ref: str) -> bool:
    """Whether `ref` names whoever holds a shift (judged by the effective schedule)."""
    return ref.startswith("oncall:")
