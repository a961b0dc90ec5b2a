"""The inputs a rotation's plan depends on, and their digest.

The lock records the digest so `opsbook plan --check` can tell that the roster, the
rotation or someone's time off changed since the lock was planned. Only what the
planner reads goes in: reordering the members list or rewording a time-off reason
changes nothing and so does not make the lock stale.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from opsbook.loader.workspace import Workspace
from opsbook.models.rotation import Rotation


def plan_inputs(ws: Workspace, rotation: Rotation) -> dict[str, Any]:
    """A canonical, JSON-ready view of everything the planner reads for `rotation`."""
    member_ids = sorted(ws.rotation_members(rotation))
    # `alarms` only shapes calendar feeds; left out, so adding it makes no lock stale.
    spec = rotation.spec.model_dump(mode="json", exclude={"members", "alarms"})
    members: list[dict[str, Any]] = []
    for member_id in member_ids:
        member = ws.member(member_id)
        cal = member.holidays if member else None
        members.append(
            {
                "id": member_id,
                "zone": ws.member_zone(member_id),
                "holidays": [cal.country, cal.subdivision] if cal else None,
                "joined": str(member.joined) if member and member.joined else None,
                "left": str(member.left) if member and member.left else None,
            }
        )
    time_off = sorted(
        (e.member, str(e.start), str(e.end)) for m in member_ids for e in ws.time_off_of(m)
    )
    return {
        "rotation": rotation.name,
        "spec": spec,
        "members": members,
        "time_off": [list(t) for t in time_off],
    }


def inputs_digest(ws: Workspace, rotation: Rotation) -> str:
    """`sha256:` and the first 16 hex digits of the canonical inputs' hash."""
    text = json.dumps(plan_inputs(ws, rotation), sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
