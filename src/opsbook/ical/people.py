"""Who the feeds name: members and contacts by id, and each rotation's escalation contact.

Looked up once per person and rotation for a whole run of `build_feeds`: the same few
hundred people appear in thousands of event descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from opsbook.loader.workspace import Workspace
from opsbook.models.rotation import Rotation


@dataclass(frozen=True)
class Escalation:
    """Whom an on-call engineer escalates to, and where that comes from."""

    contact: str
    """Contact id."""
    policy: str | None
    """The escalation policy paging this rotation that names the contact, if any."""
    after: timedelta | None


def escalation_contact(ws: Workspace, rotation: Rotation) -> Escalation | None:
    """The first `contact:` of the first policy (by name) that pages the rotation, else the
    first contact of the rotation's team."""
    target = f"oncall:{rotation.name}/"
    for name, policy in sorted(ws.policies.items()):
        steps = policy.spec.steps
        if not any(t.startswith(target) for step in steps for t in step.notify):
            continue
        for step in steps:
            if step.when is not None:
                continue
            for notify in step.notify:
                if notify.startswith("contact:"):
                    return Escalation(notify.removeprefix("contact:"), name, step.after)
    team = ws.teams.get(rotation.spec.team)
    if team is not None and team.spec.contacts:
        return Escalation(team.spec.contacts[0].id, None, None)
    return None


class People:
    """Names, ways to reach and escalation contacts of one workspace, each looked up once."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws
        self.site_url = ws.spec.site.url
        self._names: dict[str, str] = {}
        self._reach: dict[str, str] = {}
        self._escalations: dict[str, Escalation | None] = {}

    def name(self, member_id: str | None) -> str:
        """The member's name; the id itself for someone the roster does not know."""
        if member_id is None:
            return "unfilled"
        found = self._names.get(member_id)
        if found is None:
            member = self._ws.member(member_id)
            found = self._names[member_id] = member.name if member else member_id
        return found

    def reach(self, person_id: str) -> str:
        """`Bob Smith (bob@example.com, +1 415 555 0102, @bob)`; a contact's job title
        follows the name: `Dana Lee, Data Engineering Manager (dana@example.com)`."""
        found = self._reach.get(person_id)
        if found is None:
            found = self._reach[person_id] = _reach(self._ws, person_id)
        return found

    def escalation(self, rotation: Rotation) -> Escalation | None:
        """See `escalation_contact`."""
        if rotation.name not in self._escalations:
            self._escalations[rotation.name] = escalation_contact(self._ws, rotation)
        return self._escalations[rotation.name]


def _reach(ws: Workspace, person_id: str) -> str:
    member = ws.member(person_id)
    contact = ws.contact(person_id) if member is None else None
    person = member or contact
    if person is None:
        return person_id
    name = person.name
    if contact is not None and contact.role:
        name += f", {contact.role}"
    ways = [w for w in (person.email, person.phone, person.slack) if w]
    return f"{name} ({', '.join(ways)})" if ways else name
