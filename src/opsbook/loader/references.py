"""Cross-references between documents, checked where they are written.

A dangling id is reported at the place that names it, with the closest existing id
suggested, so `bbo` in an ownership file says "did you mean 'bob'?" on its own line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from opsbook import diagnostic_codes as codes
from opsbook.diagnostics import Diagnostic, Span, format_key_path
from opsbook.loader.workspace import Workspace
from opsbook.models.common import Document
from opsbook.terminal import quoted
from opsbook.yamlio.document import KeyPath


def check_references(ws: Workspace, incomplete: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Every dangling reference in the workspace.

    `incomplete` names the kinds some of whose documents failed to load. A reference to
    an id such a kind defines is not judged (the id may be in the broken document), so
    one broken Team file does not also flag every member named elsewhere.
    """
    checker = _Checker(ws, incomplete)
    return list(checker.run())


def expected_one_of(found: str, known: Iterable[str], what: str, where: str = "") -> str:
    """`expected one of: a, b (did you mean 'a'?)`, or that none is defined.

    Shared with lint rules that judge ids the loader cannot (a runbook's failure modes).
    """
    options = sorted(set(known))
    if not options:
        return f"expected {what}, and none is defined{where}"
    close = difflib.get_close_matches(found, options, n=1, cutoff=0.5)
    hint = f" (did you mean {quoted(close[0])}?)" if close else ""
    listing = ", ".join(repr(o) if " " in o else o for o in options[:10])
    listing += ", …" if len(options) > 10 else ""
    return f"expected one of: {listing}{hint}"


def unknown_rotation(name: str, known: Iterable[str]) -> str:
    """The one wording of an unknown rotation, for the loader and every command."""
    return f"unknown rotation {quoted(name)}; {expected_one_of(name, known, 'a rotation')}"


class _Checker:
    def __init__(self, ws: Workspace, incomplete: frozenset[str] = frozenset()) -> None:
        self.ws = ws
        self.incomplete = incomplete
        self.members = sorted({m.id for t in ws.teams.values() for m in t.spec.members})
        self.contacts = sorted({c.id for t in ws.teams.values() for c in t.spec.contacts})

    def run(self) -> Iterator[Diagnostic]:
        yield from self.rotations()
        yield from self.time_off()
        yield from self.overrides()
        yield from self.ownership()
        yield from self.policies()
        yield from self.runbooks()
        yield from self.locks()
        yield from self.postmortems()

    def judged(self, *kinds: str) -> bool:
        """Whether every document of these kinds loaded, so their ids are all known."""
        return not self.incomplete.intersection(kinds)

    def dangling(
        self,
        doc: Document,
        path: KeyPath,
        what: str,
        found: str,
        known: Iterable[str],
        scope: str = "",
    ) -> Diagnostic:
        """`unknown member 'bbo' in team data-eng; expected one of: alice, bob (did you…)`."""
        where = f" in {scope}" if scope else ""
        expected = expected_one_of(found, known, f"a defined {what}", where)
        source = self.ws.source(doc)
        span = source.locate(path) if source else None
        return codes.problem(
            source.path if source else "<workspace>",
            span if span is not None else Span.point(1, 1),
            codes.DANGLING_REFERENCE,
            f"unknown {what} {quoted(found)}{where}; {expected}",
            format_key_path(path),
        )

    def rotations(self) -> Iterator[Diagnostic]:
        if not self.judged("Team"):
            return
        for rot in self.ws.rotations.values():
            team = self.ws.teams.get(rot.spec.team)
            if team is None:
                yield self.dangling(rot, ("spec", "team"), "team", rot.spec.team, self.ws.teams)
                continue
            team_members = [m.id for m in team.spec.members]
            for i, member in enumerate(rot.spec.members or ()):
                if member not in team_members:
                    yield self.dangling(
                        rot,
                        ("spec", "members", i),
                        "member",
                        member,
                        team_members,
                        f"team {team.name}",
                    )

    def time_off(self) -> Iterator[Diagnostic]:
        if not self.judged("Team"):
            return
        for doc in self.ws.time_off:
            for i, entry in enumerate(doc.spec.entries):
                if entry.member not in self.members:
                    yield self.dangling(
                        doc, ("spec", "entries", i, "member"), "member", entry.member, self.members
                    )

    def overrides(self) -> Iterator[Diagnostic]:
        if not self.judged("Rotation", "Team"):
            return
        for doc in self.ws.overrides.values():
            rot = self.ws.rotations.get(doc.spec.rotation)
            if rot is None:
                yield self.dangling(
                    doc, ("spec", "rotation"), "rotation", doc.spec.rotation, self.ws.rotations
                )
                continue
            people = self.ws.rotation_members(rot)
            roles = rot.spec.roles
            scope = f"rotation {rot.name}"
            for i, swap in enumerate(doc.spec.swaps):
                base: KeyPath = ("spec", "swaps", i)
                if swap.role not in roles:
                    yield self.dangling(doc, (*base, "role"), "role", swap.role, roles, scope)
                for j, member in enumerate(swap.members):
                    if member not in people:
                        yield self.dangling(
                            doc, (*base, "members", j), "member", member, people, scope
                        )
            for i, cover in enumerate(doc.spec.covers):
                base = ("spec", "covers", i)
                if cover.role not in roles:
                    yield self.dangling(doc, (*base, "role"), "role", cover.role, roles, scope)
                if cover.member not in self.members:
                    yield self.dangling(
                        doc, (*base, "member"), "member", cover.member, self.members
                    )
                if cover.replaces is not None and cover.replaces not in people:
                    yield self.dangling(
                        doc, (*base, "replaces"), "member", cover.replaces, people, scope
                    )

    def ownership(self) -> Iterator[Diagnostic]:
        teams, runbooks = self.judged("Team"), self.judged("Runbook")
        for doc in self.ws.ownership.values():
            team = self.ws.teams.get(doc.spec.team)
            if team is None and teams:
                yield self.dangling(doc, ("spec", "team"), "team", doc.spec.team, self.ws.teams)
            owners = [m.id for m in team.spec.members] if team else self.members
            for i, entry in enumerate(doc.spec.pipelines):
                base: KeyPath = ("spec", "pipelines", i)
                if entry.runbook not in self.ws.runbooks and runbooks:
                    yield self.dangling(
                        doc, (*base, "runbook"), "runbook", entry.runbook, self.ws.runbooks
                    )
                if not teams:
                    continue
                for role in ("primary", "secondary"):
                    who = getattr(entry, role)
                    if who not in owners:
                        yield self.dangling(doc, (*base, role), "member", who, owners)

    def policies(self) -> Iterator[Diagnostic]:
        for doc in self.ws.policies.values():
            for i, step in enumerate(doc.spec.steps):
                for j, target in enumerate(step.notify):
                    yield from self.target(doc, ("spec", "steps", i, "notify", j), target)

    def target(self, doc: Document, path: KeyPath, target: str) -> Iterator[Diagnostic]:
        kind, _, ref = target.partition(":")
        if kind in ("member", "contact") and not self.judged("Team"):
            return
        if kind == "oncall" and not self.judged("Rotation"):
            return
        if kind == "member" and ref not in self.members:
            yield self.dangling(doc, path, "member", ref, self.members)
        elif kind == "contact" and ref not in self.contacts:
            yield self.dangling(doc, path, "contact", ref, self.contacts)
        elif kind == "oncall":
            rotation, _, role = ref.partition("/")
            rot = self.ws.rotations.get(rotation)
            if rot is None:
                yield self.dangling(doc, path, "rotation", rotation, self.ws.rotations)
            elif role not in rot.spec.roles:
                yield self.dangling(doc, path, "role", role, rot.spec.roles, f"rotation {rotation}")

    def runbooks(self) -> Iterator[Diagnostic]:
        if not self.judged("EscalationPolicy"):
            return
        for doc in self.ws.runbooks.values():
            policy = doc.spec.escalation
            if policy is not None and policy not in self.ws.policies:
                yield self.dangling(
                    doc, ("spec", "escalation"), "escalation policy", policy, self.ws.policies
                )

    def locks(self) -> Iterator[Diagnostic]:
        if not self.judged("Rotation"):
            return
        for doc in self.ws.locks.values():
            if doc.spec.rotation not in self.ws.rotations:
                yield self.dangling(
                    doc, ("spec", "rotation"), "rotation", doc.spec.rotation, self.ws.rotations
                )

    def postmortems(self) -> Iterator[Diagnostic]:
        runbooks, teams, rotations = (
            self.judged("Runbook"),
            self.judged("Team"),
            self.judged("Rotation"),
        )
        people = sorted({*self.members, *self.contacts})
        for doc in self.ws.postmortems.values():
            spec = doc.spec
            if runbooks:
                for i, name in enumerate(spec.runbooks):
                    if name not in self.ws.runbooks:
                        yield self.dangling(
                            doc, ("spec", "runbooks", i), "runbook", name, self.ws.runbooks
                        )
            for i, item in enumerate(spec.action_items):
                base: KeyPath = ("spec", "action_items", i)
                if teams and item.owner not in people:
                    yield self.dangling(
                        doc, (*base, "owner"), "member or contact", item.owner, people
                    )
                proof_runbook = item.proof.runbook if item.proof is not None else None
                if runbooks and proof_runbook is not None and proof_runbook not in self.ws.runbooks:
                    yield self.dangling(
                        doc, (*base, "proof", "runbook"), "runbook", proof_runbook, self.ws.runbooks
                    )
            for i, mode in enumerate(spec.failure_modes):
                if runbooks and mode.runbook is not None and mode.runbook not in self.ws.runbooks:
                    yield self.dangling(
                        doc,
                        ("spec", "failure_modes", i, "runbook"),
                        "runbook",
                        mode.runbook,
                        self.ws.runbooks,
                    )
            for i, entry in enumerate(spec.on_call):
                base = ("spec", "on_call", i)
                rot = self.ws.rotations.get(entry.rotation)
                if rot is None:
                    if rotations:
                        yield self.dangling(
                            doc, (*base, "rotation"), "rotation", entry.rotation, self.ws.rotations
                        )
                    continue
                if entry.role not in rot.spec.roles:
                    scope = f"rotation {rot.name}"
                    yield self.dangling(
                        doc, (*base, "role"), "role", entry.role, rot.spec.roles, scope
                    )
                if teams and entry.member is not None and entry.member not in self.members:
                    yield self.dangling(
                        doc, (*base, "member"), "member", entry.member, self.members
                    )
