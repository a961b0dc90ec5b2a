"""People as the site shows them: members and contacts, and escalation targets in words."""

from __future__ import annotations

from dataclasses import dataclass

from opsbook.loader.workspace import Workspace
from opsbook.models.team import Contact, Member
from opsbook.site.contact import ContactLink, contact_links


@dataclass(frozen=True)
class PersonView:
    """A member or a contact, with the ways to reach them."""

    id: str
    name: str
    is_member: bool
    role: str | None = None
    """A contact's job title."""
    email: str | None = None
    phone: str | None = None
    slack: str | None = None
    zone: str | None = None
    chat_template: str | None = None
    """The workspace's `site.chat_url`, which turns `slack` into a link."""

    @property
    def reach(self) -> tuple[str, ...]:
        """Ways to reach the person, most direct first."""
        return tuple(v for v in (self.phone, self.slack, self.email) if v)

    @property
    def links(self) -> tuple[ContactLink, ...]:
        """`reach` as tel:, chat and mailto: links."""
        return contact_links(self.phone, self.email, self.slack, self.chat_template)


def person(ws: Workspace, person_id: str) -> PersonView | None:
    """The member or contact with this id, or None."""
    found: Member | Contact | None = ws.member(person_id)
    zone: str | None
    if found is not None:
        role, zone = None, ws.member_zone(found.id)
    else:
        found = ws.contact(person_id)
        if found is None:
            return None
        role, zone = found.role, found.timezone
    return PersonView(
        found.id,
        found.name,
        isinstance(found, Member),
        role=role,
        email=found.email,
        phone=found.phone,
        slack=found.slack,
        zone=zone,
        chat_template=ws.spec.site.chat_url,
    )


def name_of(ws: Workspace, person_id: str | None) -> str:
    """A person's full name, or the id itself when nobody has it."""
    if person_id is None:
        return "nobody"
    found = person(ws, person_id)
    return found.name if found else person_id


def describe_target(ws: Workspace, ref: str) -> str:
    """An escalation target in words: `oncall:data-eng-oncall/primary` → "on-call primary
    of Data Engineering on-call"."""
    kind, _, rest = ref.partition(":")
    if kind == "owner":
        return f"the pipeline's {rest} owner"
    if kind == "oncall":
        rotation_name, _, role = rest.partition("/")
        rotation = ws.rotations.get(rotation_name)
        title = rotation.metadata.display if rotation else rotation_name
        return f"on-call {role} of {title}"
    found = person(ws, rest)
    if found is None:
        return ref
    return f"{found.name} ({found.role})" if found.role else found.name
