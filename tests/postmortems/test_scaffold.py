"""`opsbook postmortem new`: the scaffold names who really held each role (swaps and
covers applied), the escalation at detection, the runbook's failure modes and checks,
loads as a valid Postmortem, and never overwrites a file."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from opsbook.cli.entry import main
from opsbook.errors import UsageError
from opsbook.loader import load_workspace
from opsbook.models.postmortem import Postmortem
from opsbook.postmortems.scaffold import scaffold_postmortem
from opsbook.schedule.effective import on_call_at

REPO = Path(__file__).resolve().parents[2]


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_an_instant_in_a_swapped_shift_names_the_swapped_in_member(postmortem_ws: Path) -> None:
    ws = load_workspace(postmortem_ws).workspace
    # The lock gives Carol the primary week of 2026-11-09; the swap gives it to Bob, and
    # a cover gives Dave's secondary pager to Alice on 11 November.
    assert ws.locks["oncall"].spec.shifts[1].roles["primary"] == "carol"
    scaffold = scaffold_postmortem(
        ws,
        "events",
        started=_at("2026-11-08T06:00:00Z"),
        detected=_at("2026-11-11T10:00:00Z"),
        resolved=_at("2026-11-12T10:00:00Z"),
    )
    held = {(h.instant, h.role): h.member for h in scaffold.holders}
    assert held == {
        ("started", "primary"): "alice",
        ("started", "secondary"): "bob",
        ("detected", "primary"): "bob",
        ("detected", "secondary"): "alice",
        ("resolved", "primary"): "bob",
        ("resolved", "secondary"): "dave",
    }
    assert "- {at: detected, rotation: oncall, role: primary, member: bob}" in scaffold.text
    assert "- {at: detected, rotation: oncall, role: secondary, member: alice}" in scaffold.text


def test_the_scaffold_holds_what_the_workspace_knows(postmortem_ws: Path) -> None:
    ws = load_workspace(postmortem_ws).workspace
    scaffold = scaffold_postmortem(
        ws,
        "events",
        started=_at("2026-11-10T06:00:00Z"),
        detected=_at("2026-11-11T10:00:00Z"),
        how="check",
    )
    text = scaffold.text
    assert scaffold.name == "2026-11-10-events"
    assert scaffold.time_to_detect == timedelta(hours=28)
    assert scaffold.time_to_resolve is None
    assert "# time to detect: 1d4h; time to resolve: open" in text
    assert "  resolved:  # when the impact ended" in text
    # The escalation chain at detection: owner and on-call, then secondary, then Dana.
    assert "#   +0m 2026-11-11T10:00:00Z owner:primary: Alice Moreau (alice)" in text
    assert "#   +0m 2026-11-11T10:00:00Z oncall:oncall/primary: Bob Smith (bob)" in text
    assert "#   +30m 2026-11-11T10:30:00Z oncall:oncall/secondary: Alice Moreau (alice)" in text
    assert "#   +2h 2026-11-11T12:00:00Z contact:dana: Dana Lee (dana)" in text
    # What to pick from: the runbook's failure modes and checks, by the names lint knows.
    assert '#   - {failure: "Mart not rebuilt behind a green DAG"}' in text
    assert "#   events-mart-fresh: The mart was not rewritten in the last 26 hours." in text
    assert "#   freshness:agg_events_daily" in text
    assert "    how: check  # check | alert | person" in text


def test_the_scaffold_loads_and_lint_asks_for_the_missing_sections(
    postmortem_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "postmortem", "new", "events", "--root", str(postmortem_ws),
            "--started", "2026-11-10T06:00Z", "--detected", "2026-11-11T10:00Z",
            "--resolved", "2026-11-11T11:30Z",
        ]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    target = postmortem_ws / "runbooks" / "postmortems" / "2026-11-10-events.yaml"
    assert out.splitlines()[0] == f"wrote {target}"
    assert "  detected  oncall/primary: bob" in out
    assert "time to detect 1d4h, time to resolve 1h30m" in out
    result = load_workspace(postmortem_ws)
    assert [d.format() for d in result.diagnostics] == []
    postmortem = result.workspace.postmortems["2026-11-10-events"]
    assert isinstance(postmortem, Postmortem)
    assert postmortem.spec.detected.at == _at("2026-11-11T10:00:00Z")
    assert [(e.at, e.role, e.member) for e in postmortem.spec.on_call][2:4] == [
        ("detected", "primary", "bob"),
        ("detected", "secondary", "alice"),
    ]
    # An investor runbook's resolved incident needs a cause and actions: lint says so.
    capsys.readouterr()
    lint = ["lint", "--root", str(postmortem_ws), "--at", "2026-11-12T00:00Z", "--select", "OB175"]
    assert main(lint) == 1
    assert "missing `root_cause` and `action_items`" in capsys.readouterr().out


def test_it_never_overwrites_a_file(
    postmortem_ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = postmortem_ws / "mine.yaml"
    target.write_text("# someone's notes\n")
    args = ["postmortem", "new", "events", "--root", str(postmortem_ws), "--out", str(target)]
    code = main([*args, "--started", "2026-11-10T06:00Z", "--detected", "2026-11-11T10:00Z"])
    assert code == 2
    assert "already exists; expected a new file" in capsys.readouterr().err
    assert target.read_text() == "# someone's notes\n"
    assert [p.name for p in postmortem_ws.iterdir() if p.name.startswith(".mine")] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evnts", "--started", "2026-11-10T06:00Z", "--detected", "2026-11-11T10:00Z"],
         "unknown runbook 'evnts'; did you mean 'events'?"),
        (["events", "--started", "2026-11-12T06:00Z", "--detected", "2026-11-11T10:00Z"],
         "--detected (2026-11-11T10:00:00Z) is before --started (2026-11-12T06:00:00Z)"),
        (["events", "--started", "2026-11-10T06:00Z", "--detected", "2026-11-11T10:00Z",
          "--resolved", "2026-11-11T09:00Z"],
         "--resolved (2026-11-11T09:00:00Z) is before --detected"),
        (["events", "--started", "yesterday", "--detected", "2026-11-11T10:00Z"],
         "--started: expected an ISO 8601 instant"),
    ],
)  # fmt: skip
def test_bad_input_is_a_usage_error(
    postmortem_ws: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["postmortem", "new", "--root", str(postmortem_ws), *args]) == 2
    assert message in capsys.readouterr().err
    assert not (postmortem_ws / "runbooks" / "postmortems" / "2026-11-10-events.yaml").exists()


def test_a_naive_instant_is_refused_by_the_library(postmortem_ws: Path) -> None:
    ws = load_workspace(postmortem_ws).workspace
    with pytest.raises(UsageError, match="--started must carry a time zone"):
        scaffold_postmortem(
            ws, "events", started=datetime(2026, 11, 10), detected=_at("2026-11-11T10:00:00Z")
        )


def test_on_the_example_a_swapped_shift_names_the_swapped_in_member(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example's lock is re-planned over time, so the shifts to swap and the people
    expected come from its effective schedule, not from names written here."""
    root = tmp_path / "example"
    for name in ("runbooks", "rotation"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "opsbook.yaml", root / "opsbook.yaml")
    ws = load_workspace(root).workspace
    shifts = [s for s in ws.locks["data-eng-oncall"].spec.shifts if s.shift.year == 2027]
    swapped = None
    # The first pair of 2027 primary weeks that `opsbook swap` accepts: different
    # holders, neither the other week's secondary (a swap into someone's time off or
    # second role is refused).
    pairs = [(x, y) for i, x in enumerate(shifts[:12]) for y in shifts[i + 1 : 12]]
    for first, second in pairs:
        a, b = first.roles["primary"], second.roles["primary"]
        if a is None or b is None or a == b or first.roles["secondary"] == b:
            continue
        if second.roles["secondary"] == a:
            continue
        args = ["swap", "data-eng-oncall", str(first.shift), str(second.shift)]
        # Four people over two roles with min_rest 1 leave nobody rested to swap with.
        args += ["--role", "primary", "--members", a, b, "--allow-short-rest"]
        if main([*args, "--root", str(root)]) == 0:
            swapped = (first, b)
            break
    capsys.readouterr()
    assert swapped is not None, "no primary swap in 2027 is possible in the example"
    shift, swapped_in = swapped
    detected = shift.start + timedelta(days=1, hours=2)
    ws = load_workspace(root).workspace
    assert {p.role: p.member for p in on_call_at(ws, "data-eng-oncall", detected)}[
        "primary"
    ] == swapped_in
    started = (shift.start + timedelta(hours=3)).astimezone(UTC)
    args = ["postmortem", "new", "engagement-aggregate", "--root", str(root)]
    when = ["--started", started.isoformat(), "--detected", detected.isoformat()]
    assert main([*args, *when]) == 0
    assert f"  detected  data-eng-oncall/primary: {swapped_in}" in capsys.readouterr().out
    target = root / "runbooks" / "postmortems" / f"{started:%Y-%m-%d}-engagement-aggregate.yaml"
    text = target.read_text(encoding="utf-8")
    assert (
        f"- {{at: detected, rotation: data-eng-oncall, role: primary, member: {swapped_in}}}"
        in text
    )
    assert '#   - {failure: "Mart not rebuilt behind a green DAG"}' in text
    assert "#   engagement-mart-fresh:" in text
    assert load_workspace(root).ok


def test_an_unwritable_target_is_reported_without_a_traceback(
    postmortem_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    args = ["postmortem", "new", "events", "--root", str(postmortem_ws)]
    when = ["--started", "2026-11-10T06:00Z", "--detected", "2026-11-11T10:00Z"]
    assert main([*args, *when, "--out", str(blocker / "pm.yaml")]) == 2
    assert f"opsbook: cannot write in {blocker}" in capsys.readouterr().err


def test_line_breaks_in_names_stay_inside_comments(postmortem_ws: Path) -> None:
    team = postmortem_ws / "rotation" / "team.yaml"
    text = team.read_text(encoding="utf-8")
    team.write_text(
        text.replace("name: Bob Smith", 'name: "Bob\\nseverity: sev1"'), encoding="utf-8"
    )
    ws = load_workspace(postmortem_ws).workspace
    scaffold = scaffold_postmortem(
        ws, "events", started=_at("2026-11-10T06:00:00Z"), detected=_at("2026-11-11T10:00:00Z")
    )
    assert "oncall:oncall/primary: Bob severity: sev1 (bob)" in scaffold.text
    target = postmortem_ws / "runbooks" / "postmortems" / "x.yaml"
    target.write_text(scaffold.text, encoding="utf-8")
    result = load_workspace(postmortem_ws)
    assert [d.format() for d in result.diagnostics] == []
    assert result.workspace.postmortems[scaffold.name].spec.severity == "sev2"


def test_the_default_target_is_not_written_through_a_link_out_of_the_workspace(
    postmortem_ws: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The loader reads no folder linked from outside; a postmortem written there would
    # be lost to lint and the site.
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = postmortem_ws / "runbooks" / "postmortems"
    shutil.rmtree(folder)
    folder.symlink_to(outside, target_is_directory=True)
    args = ["postmortem", "new", "events", "--root", str(postmortem_ws)]
    when = ["--started", "2026-11-10T06:00Z", "--detected", "2026-11-11T10:00Z"]
    assert main([*args, *when]) == 2
    assert "is a link leading outside the workspace" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
    # Named with --out, the file goes where it is named.
    assert main([*args, *when, "--out", str(outside / "pm.yaml")]) == 0
    assert (outside / "pm.yaml").exists()


def test_times_without_an_offset_are_read_as_at_is(
    postmortem_ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No --tz here: $TZ, else the handoff zone of the first rotation (Europe/London, on
    # summer time in July), as every command reads a naive --at.
    monkeypatch.delenv("TZ", raising=False)
    out = tmp_path / "pm.yaml"
    args = ["postmortem", "new", "events", "--root", str(postmortem_ws), "--out", str(out)]
    assert main([*args, "--started", "2026-07-10T06:00", "--detected", "2026-07-10T07:30"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "started: 2026-07-10T05:00:00Z" in text
    assert "at: 2026-07-10T06:30:00Z" in text
    monkeypatch.setenv("TZ", "America/New_York")
    out.unlink()
    assert main([*args, "--started", "2026-07-10T06:00", "--detected", "2026-07-10T07:30"]) == 0
    assert "started: 2026-07-10T10:00:00Z" in out.read_text(encoding="utf-8")
