"""The live on-call block: the effective schedule around the build, embedded in pages
as data, so a small script of our own (`assets/oncall.js`, shipped in the wheel) picks
the holders by the reader's clock without any server.

The data covers `BACK` before the build to each rotation's freeze plus `AHEAD` after it:
the freeze is the part of the plan that cannot change without a swap or cover, and a
site rebuilt on every merge picks those up. Past the window the script says so, and
names the build's instant, instead of guessing. Without JavaScript the page keeps its
build-time table, labelled with the instant it was true at.

Everything is JSON of values (names, zones, instants in UTC, URLs built by
`opsbook.site.contact`); the script writes it into the page as text nodes, never as
HTML, and `<`, `>` and `&` are escaped inside the JSON so nothing can end the element
that carries it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

from opsbook.loader.workspace import Workspace
from opsbook.schedule.availability import Availability
from opsbook.schedule.burden import local_day_bounds
from opsbook.schedule.effective import EffectiveShift, resolve
from opsbook.site.escape import Markdown
from opsbook.site.people import PersonView, person
from opsbook.site.schedule_view import holiday_note

BACK = timedelta(weeks=2)
"""How far before the build the embedded schedule starts (a clock set back, a page
opened from an old download: still an answer)."""
AHEAD = timedelta(weeks=4)
"""How far past each rotation's freeze the embedded schedule reaches."""
SCRIPT = "assets/opsbook/oncall.js"
"""Where the script is published, relative to the generated pages' folder."""
STYLESHEET = "assets/opsbook/opsbook.css"

_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True)
class LivePiece:
    """One stretch of one role, as embedded."""

    role: str
    member: str | None
    start: datetime
    end: datetime
    source: str
    note: str | None = None
    """Shown beside the holder: the swap's or cover's reason, or a note other parts of
    opsbook attach (e.g. a holder on call over their own public holiday)."""


@dataclass(frozen=True)
class LiveRotation:
    name: str
    title: str
    zone: str
    roles: tuple[str, ...]
    start: datetime
    until: datetime
    """The embedded schedule ends here; later, the script asks for a rebuild."""
    pieces: tuple[LivePiece, ...]


@dataclass
class LiveSchedule:
    """Every rotation's embedded schedule for one build, and the people in it; pages
    take the rotations they show (`data_for`)."""

    built: datetime
    rotations: dict[str, LiveRotation]
    people: dict[str, PersonView]
    _json: dict[str, Any] = field(default_factory=dict)

    def data_for(self, names: Iterable[str]) -> Markdown:
        """The `<script type="application/json">` element carrying the rotations named
        (those that exist, in name order) and their people; empty without any."""
        wanted = sorted({n for n in names if n in self.rotations})
        if not wanted:
            return Markdown("")
        key = "\0".join(wanted)
        cached = self._json.get(key)
        if cached is None:
            cached = self._json[key] = _encode(self, wanted)
        return Markdown(
            f'<script type="application/json" class="opsbook-oncall-data">{cached}</script>'
        )


def live_schedule(ws: Workspace, at: datetime) -> LiveSchedule:
    """The schedule to embed in a build made at `at`."""
    availability = Availability(ws)
    rotations: dict[str, LiveRotation] = {}
    people: dict[str, PersonView] = {}
    for name in sorted(ws.rotations):
        rotation = ws.rotations[name]
        start = at - BACK
        until = at + rotation.spec.freeze + AHEAD
        pieces = []
        for piece in resolve(ws, name).shifts:
            if piece.end <= start or piece.start >= until:
                continue
            override = None
            if piece.source != "schedule" and piece.reason:
                override = f"{piece.source}: {piece.reason}"
            for part_start, part_end in _cut_at_holidays(availability, piece):
                # The build-time table's note for a holder at this instant, so the live
                # table that replaces it says the same.
                holiday = holiday_note(availability, piece, part_start)
                note = "; ".join(n for n in (override, holiday) if n) or None
                pieces.append(
                    LivePiece(piece.role, piece.member, part_start, part_end, piece.source, note)
                )
            if piece.member and piece.member not in people:
                people[piece.member] = person(ws, piece.member) or PersonView(
                    piece.member, piece.member, True
                )
        pieces.sort(key=lambda p: (p.start, rotation.spec.roles.index(p.role)))
        rotations[name] = LiveRotation(
            name,
            rotation.metadata.display,
            rotation.spec.shift.handoff.timezone,
            tuple(rotation.spec.roles),
            start,
            until,
            tuple(pieces),
        )
    return LiveSchedule(at, rotations, people)


def _cut_at_holidays(
    availability: Availability, piece: EffectiveShift
) -> list[tuple[datetime, datetime]]:
    """`piece` cut where the holder's own public holidays start and end (midnight in
    their zone): the script shows one note per piece, and a week-long shift over Easter
    Monday is on a holiday for one day of it."""
    cuts = {piece.start, piece.end}
    if piece.member is not None:
        zone_name = availability.zone_of(piece.member)
        for day in availability.holiday_absences(piece.member, piece.start, piece.end):
            cuts.update(
                b for b in local_day_bounds(day.start, zone_name) if piece.start < b < piece.end
            )
    return list(pairwise(sorted(cuts)))


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _encode(live: LiveSchedule, names: list[str]) -> str:
    rotations = [live.rotations[n] for n in names]
    member_ids = sorted({p.member for r in rotations for p in r.pieces if p.member})
    document = {
        "built": _instant(live.built),
        "rotations": {
            r.name: {
                "title": r.title,
                "zone": r.zone,
                "roles": list(r.roles),
                "from": _instant(r.start),
                "until": _instant(r.until),
                "pieces": [
                    {
                        "role": p.role,
                        "member": p.member,
                        "start": _instant(p.start),
                        "end": _instant(p.end),
                        "source": p.source,
                        "note": p.note,
                    }
                    for p in r.pieces
                ],
            }
            for r in rotations
        },
        "people": {
            member_id: _person(live.people[member_id])
            for member_id in member_ids
            if member_id in live.people
        },
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.translate(_JSON_ESCAPES)


def _person(p: PersonView) -> dict[str, Any]:
    return {
        "name": p.name,
        "zone": p.zone,
        "links": [{"kind": c.kind, "text": c.text, "url": c.url} for c in p.links],
    }
