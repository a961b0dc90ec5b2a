"""What the site shows of postmortems: one page each, the incidents index, and each
runbook's incidents. Plain values; the templates only lay them out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from statistics import median

from opsbook.loader.workspace import Workspace
from opsbook.models.postmortem import ActionItem, CheckRef, Postmortem
from opsbook.postmortems.check_names import FRESHNESS_PREFIX
from opsbook.site.escape import Markdown
from opsbook.site.incident_chart import ChartPoint, incident_chart
from opsbook.site.instants import format_at
from opsbook.site.people import name_of


@dataclass(frozen=True)
class CheckLink:
    """A check named by a postmortem, and where its runbook page shows it."""

    runbook: str
    check: str
    href: str | None
    """Relative to a postmortem's page, `incidents/<name>/`; None when the check does
    not exist."""


@dataclass(frozen=True)
class ActionView:
    item: ActionItem
    owner: str
    """The owner's full name."""
    overdue: bool
    proof: CheckLink | None


@dataclass(frozen=True)
class OnCallView:
    at: str
    rotation: str
    role: str
    who: str


@dataclass(frozen=True)
class RunbookRef:
    name: str
    title: str
    exists: bool


@dataclass(frozen=True)
class IncidentView:
    """One postmortem as its page and the index show it."""

    postmortem: Postmortem
    title: str
    started: str
    detected: str
    resolved: str | None
    time_to_detect: timedelta
    time_to_resolve: timedelta | None
    runbooks: tuple[RunbookRef, ...]
    detected_by: CheckLink | None
    """The check that detected it, when `how: check` names one of the runbook's."""
    on_call: tuple[OnCallView, ...]
    actions: tuple[ActionView, ...]
    failure_modes: tuple[tuple[str, str, bool], ...]
    """(runbook, failure, whether the runbook lists it)."""
    timeline: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        return self.postmortem.name

    @property
    def open_actions(self) -> int:
        return sum(1 for a in self.actions if a.item.status == "open")


@dataclass(frozen=True)
class PipelineStats:
    """Time to detect and to resolve of one pipeline's incidents."""

    runbook: RunbookRef
    incidents: int
    median_detect: timedelta
    median_resolve: timedelta | None
    last: date


@dataclass(frozen=True)
class OpenAction:
    """An open action item on the index, by owner and due date."""

    owner: str
    due: date
    overdue: bool
    incident: IncidentView
    item: ActionItem


@dataclass(frozen=True)
class IncidentsIndex:
    incidents: tuple[IncidentView, ...]
    """Newest first."""
    pipelines: tuple[PipelineStats, ...]
    open_actions: tuple[OpenAction, ...]
    chart: Markdown | None
    """The SVG chart, None without incidents."""


def incident_views(ws: Workspace, today: date) -> tuple[IncidentView, ...]:
    """Every postmortem, newest incident first."""
    views = [_view(ws, pm, today) for pm in ws.postmortems.values()]
    return tuple(sorted(views, key=lambda v: (v.postmortem.spec.started, v.name), reverse=True))


def incidents_index(views: tuple[IncidentView, ...]) -> IncidentsIndex:
    by_runbook: dict[str, list[IncidentView]] = {}
    for view in views:
        by_runbook.setdefault(view.runbooks[0].name, []).append(view)
    pipelines = []
    for name in sorted(by_runbook):
        group = by_runbook[name]
        resolved = [v.time_to_resolve for v in group if v.time_to_resolve is not None]
        pipelines.append(
            PipelineStats(
                runbook=group[0].runbooks[0],
                incidents=len(group),
                median_detect=_median(v.time_to_detect for v in group),
                median_resolve=_median(resolved) if resolved else None,
                last=max(v.postmortem.spec.started.astimezone(UTC).date() for v in group),
            )
        )
    open_actions = sorted(
        (
            OpenAction(a.owner, a.item.due, a.overdue, view, a.item)
            for view in views
            for a in view.actions
            if a.item.status == "open"
        ),
        key=lambda o: (o.owner.lower(), o.due, o.incident.name, o.item.id),
    )
    points = [
        ChartPoint(
            day=v.postmortem.spec.started.astimezone(UTC).date(),
            pipeline=v.runbooks[0].name,
            label=v.title,
            detect=v.time_to_detect,
            resolve=v.time_to_resolve,
        )
        for v in views
    ]
    chart = Markdown(incident_chart(points, sorted(by_runbook))) if points else None
    return IncidentsIndex(views, tuple(pipelines), tuple(open_actions), chart)


def _median(values: Iterable[timedelta]) -> timedelta:
    return timedelta(seconds=round(median(v.total_seconds() for v in values)))


def _view(ws: Workspace, pm: Postmortem, today: date) -> IncidentView:
    spec = pm.spec
    detected_by = None
    if spec.detected.how == "check" and spec.detected.reference:
        found = [_check_link(ws, name, spec.detected.reference) for name in spec.runbooks]
        detected_by = next((link for link in found if link.href is not None), None)
    return IncidentView(
        postmortem=pm,
        title=pm.metadata.display,
        started=format_at(spec.started),
        detected=format_at(spec.detected.at),
        resolved=format_at(spec.resolved) if spec.resolved else None,
        time_to_detect=spec.time_to_detect,
        time_to_resolve=spec.time_to_resolve,
        runbooks=tuple(_runbook_ref(ws, name) for name in spec.runbooks),
        detected_by=detected_by,
        on_call=tuple(
            OnCallView(
                e.at,
                _rotation_title(ws, e.rotation),
                e.role,
                name_of(ws, e.member),
            )
            for e in spec.on_call
        ),
        actions=tuple(_action(ws, pm, item, today) for item in spec.action_items),
        failure_modes=tuple(
            (
                pm.runbook_of(ref),
                ref.failure,
                ref.failure in _failures(ws, pm.runbook_of(ref)),
            )
            for ref in spec.failure_modes
        ),
        timeline=tuple(
            (format_at(e.at), e.event) for e in sorted(spec.timeline, key=lambda e: e.at)
        ),
    )


def _action(ws: Workspace, pm: Postmortem, item: ActionItem, today: date) -> ActionView:
    proof = _proof(ws, pm, item.proof) if item.proof is not None else None
    return ActionView(
        item=item,
        owner=name_of(ws, item.owner),
        overdue=item.status == "open" and item.due < today,
        proof=proof,
    )


def _proof(ws: Workspace, pm: Postmortem, ref: CheckRef) -> CheckLink:
    return _check_link(ws, pm.runbook_of(ref), ref.check)


def _check_link(ws: Workspace, runbook_name: str, check: str) -> CheckLink:
    runbook = ws.runbooks.get(runbook_name)
    href = None
    if runbook is not None:
        page = f"../../runbooks/{runbook.name}.md"
        if check.startswith(FRESHNESS_PREFIX):
            table = check.removeprefix(FRESHNESS_PREFIX)
            if any(f.table == table for f in runbook.spec.freshness):
                href = f"{page}#slas-and-freshness"
        elif any(q.name == check for q in runbook.spec.validation):
            href = f"{page}#query-{check}"
    return CheckLink(runbook_name, check, href)


def _failures(ws: Workspace, runbook_name: str) -> set[str]:
    runbook = ws.runbooks.get(runbook_name)
    return {m.failure for m in runbook.spec.failure_modes} if runbook else set()


def _runbook_ref(ws: Workspace, name: str) -> RunbookRef:
    runbook = ws.runbooks.get(name)
    return RunbookRef(name, runbook.metadata.display if runbook else name, runbook is not None)


def _rotation_title(ws: Workspace, name: str) -> str:
    rotation = ws.rotations.get(name)
    return rotation.metadata.display if rotation else name
