"""`opsbook handoff`: the note of a shift as values, its three formats (snapshots), the
Slack message against Block Kit's documented shape, and the command."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema
import pytest

from opsbook.checks.results_file import read_check_results
from opsbook.cli.entry import main
from opsbook.errors import UsageError
from opsbook.handoff import handoff_note
from opsbook.handoff.render import RENDERERS, slack_message
from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.schedule.effective import resolve

from .conftest import FIXTURES, RESULTS

if TYPE_CHECKING:
    from tests.conftest import Snapshot

ROTATION = "data-eng-oncall"
AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
"""Inside the shift of 2026-11-23, which has a cover and people away; the fixture's
results ran 27 hours before (stale for some)."""
SLACK_SCHEMA = json.loads((FIXTURES / "slack" / "block-kit-message.schema.json").read_text())


@pytest.fixture(scope="module")
def ws(handoff_root: Path) -> Workspace:
    result = load_workspace(handoff_root)
    assert result.ok
    return result.workspace


def test_next_shift_hands_over_from_the_holders_before_to_those_after(ws: Workspace) -> None:
    note = handoff_note(ws, ROTATION, AT)
    assert note.shift.isoformat() == "2026-11-30"
    pieces = resolve(ws, ROTATION).shifts
    for role in note.roles:
        before = [p for p in pieces if p.role == role.role and p.end == note.start]
        after = [p for p in pieces if p.role == role.role and p.start == note.start]
        assert role.outgoing is not None
        assert role.incoming is not None
        assert role.outgoing.id == before[0].member
        assert role.incoming.id == after[0].member


def test_current_shift_with_its_cover_time_off_holidays_and_checks(ws: Workspace) -> None:
    note = handoff_note(ws, ROTATION, AT, current=True, results=read_check_results(RESULTS))
    assert note.shift.isoformat() == "2026-11-23"
    (cover,) = note.overrides
    assert cover.source == "cover"
    assert cover.member is not None
    assert cover.planned is not None
    assert (cover.member.id, cover.planned.id) == ("dave", "alice")
    assert cover.reason == "appointment"
    away = {(a.member.id, a.what, a.holiday) for a in note.away}
    assert ("bob", "Thanksgiving", False) in away
    assert ("bob", "Thanksgiving Day", True) in away
    assert note.checks is not None
    states = {(c.runbook, c.check): c.state for c in note.checks}
    assert states[("profit-aggregate", "orders-unique")] == "fail"
    assert states[("profit-aggregate", "profit-day-over-day")] == "warn"
    assert states[("profit-aggregate", "profit-arithmetic")] == "stale"  # passed 27 h ago
    assert states[("profit-aggregate", "costs-attached")] == "never"
    # Failing first.
    assert [c.state for c in note.checks][:3] == ["fail", "warn", "stale"]
    # A longer allowance makes the passing check fresh again.
    fresh = handoff_note(
        ws,
        ROTATION,
        AT,
        current=True,
        results=read_check_results(RESULTS),
        stale_after=timedelta(hours=30),
    )
    assert fresh.checks is not None
    assert ("profit-aggregate", "profit-arithmetic") not in {
        (c.runbook, c.check) for c in fresh.checks
    }


def test_unknown_rotation_and_unplanned_shift_are_usage_errors(ws: Workspace) -> None:
    with pytest.raises(UsageError, match="unknown rotation 'nope'; expected one of: data-eng"):
        handoff_note(ws, "nope", AT)
    with pytest.raises(UsageError, match="has no shift starting after 2040"):
        handoff_note(ws, ROTATION, datetime(2040, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_formats_match_their_snapshots(
    ws: Workspace, snapshot: Snapshot, fmt: str, suffix: str
) -> None:
    note = handoff_note(ws, ROTATION, AT, current=True, results=read_check_results(RESULTS))
    snapshot(f"handoff-current.{suffix}", RENDERERS[fmt](note))


def test_slack_message_fits_block_kit(ws: Workspace) -> None:
    with_checks = handoff_note(ws, ROTATION, AT, current=True, results=read_check_results(RESULTS))
    for note in (with_checks, handoff_note(ws, ROTATION, AT)):
        jsonschema.validate(slack_message(note), SLACK_SCHEMA)
    # The schema is not a blank check: a header over Slack's 150 characters fails it.
    message = slack_message(with_checks)
    message["blocks"][0]["text"]["text"] = "x" * 151
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(message, SLACK_SCHEMA)


def test_slack_text_is_escaped_and_long_sections_are_cut(ws: Workspace) -> None:
    note = handoff_note(ws, ROTATION, AT, current=True)
    hostile = type(note)(
        **{**note.__dict__, "title": "<!channel> & <https://evil.example|click>" + "y" * 200}
    )
    message = slack_message(hostile)
    # A header is plain_text, which Slack shows literally (no mentions, no links): it
    # keeps the title as written, cut to Slack's 150 characters.
    header = message["blocks"][0]["text"]["text"]
    assert header.startswith("Handoff: <!channel> & <https://evil.example|click>yyy")
    assert len(header) == 150
    # Everything read as mrkdwn (the notification text, the sections) is escaped.
    assert message["text"].startswith(
        "Handoff: &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;"
    )
    rest = json.dumps([message["text"], message["blocks"][1:]])
    assert "<!channel>" not in rest
    jsonschema.validate(message, SLACK_SCHEMA)


def test_command_writes_the_note_in_each_format(
    handoff_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["handoff", ROTATION, "--root", str(handoff_root), "--at", AT.isoformat()]
    assert main([*base, "--current", "--results", str(RESULTS), "--format", "json"]) == 0
    message = json.loads(capsys.readouterr().out)
    jsonschema.validate(message, SLACK_SCHEMA)
    assert main([*base, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Handoff: Data Engineering on-call, shift 2026-11-30\n")
    assert main([*base, "--stale-after", "soon"]) == 2
    assert "--stale-after: expected a duration" in capsys.readouterr().err
    assert main(["handoff", "nope", "--root", str(handoff_root)]) == 2


def test_results_without_an_offset_are_refused_with_their_key(
    handoff_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Compared with aware instants, a naive `at` was a TypeError traceback.
    data = json.loads(RESULTS.read_text(encoding="utf-8"))
    data["at"] = "2026-11-20T10:00:00"
    data["results"][0]["at"] = "2026-11-20T10:00:00"
    naive = tmp_path / "naive.json"
    naive.write_text(json.dumps(data), encoding="utf-8")
    args = ["handoff", ROTATION, "--root", str(handoff_root), "--at", AT.isoformat()]
    assert main([*args, "--current", "--results", str(naive)]) == 2
    err = capsys.readouterr().err
    assert f"{naive}: at: Input should have timezone info" in err
    assert f"{naive}: results.0.at: Input should have timezone info" in err
