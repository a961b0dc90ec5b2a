"""The schedule embedded for the live on-call block: its window, its pieces, and JSON
that no name can break out of."""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opsbook.loader import load_workspace
from opsbook.loader.workspace import Workspace
from opsbook.schedule.effective import resolve
from opsbook.site.live import AHEAD, BACK, live_schedule
from opsbook.site.schedule_view import rotation_schedule

from .conftest import AT, copy_example

DATA = re.compile(r'^<script type="application/json" class="opsbook-oncall-data">(.*)</script>$')


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = copy_example(tmp_path_factory.mktemp("live") / "ws", with_schedule=True)
    return load_workspace(root).workspace


def instant(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def embedded(text: str) -> dict[str, object]:
    match = DATA.match(text)
    assert match is not None
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_the_window_and_its_pieces_are_the_effective_schedule(ws: Workspace) -> None:
    live = live_schedule(ws, AT)
    rotation = ws.rotations["data-eng-oncall"]
    data = embedded(live.data_for(["data-eng-oncall"]))
    embedded_rotation = data["rotations"]["data-eng-oncall"]  # type: ignore[index]
    start, until = AT - BACK, AT + rotation.spec.freeze + AHEAD
    assert embedded_rotation["from"] == start.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert embedded_rotation["until"] == until.strftime("%Y-%m-%dT%H:%M:%SZ")
    expected = [
        p for p in resolve(ws, "data-eng-oncall").shifts if p.end > start and p.start < until
    ]
    pieces = embedded_rotation["pieces"]
    # Each piece of the effective schedule, cut where a holder's own public holiday starts
    # or ends (so the holiday's note covers that day only): its parts tile it exactly.
    parted = 0
    for piece in expected:
        first, end = instant(piece.start), instant(piece.end)
        parts = sorted(
            (p for p in pieces if p["role"] == piece.role and first <= p["start"] < end),
            key=lambda p: p["start"],
        )
        assert (parts[0]["start"], parts[-1]["end"]) == (first, end)
        assert all(a["end"] == b["start"] for a, b in itertools.pairwise(parts))
        assert {(p["member"], p["source"]) for p in parts} == {(piece.member, piece.source)}
        parted += len(parts)
    assert parted == len(pieces)
    cover = next(p for p in pieces if p["source"] == "cover")
    assert cover["note"] == "cover: appointment"
    assert data["built"] == "2026-11-23T12:00:00Z"


def test_holders_on_their_own_public_holiday_keep_the_note_of_the_build_table(
    ws: Workspace,
) -> None:
    # On Christmas Day the fixtures' lock has carol (England) primary by a swap and dave
    # (India) secondary, each on their own public holiday. The live table replaces the
    # build-time one, so it must say what that one says, for as long as the holiday lasts.
    at = datetime(2026, 12, 25, 10, 0, tzinfo=UTC)
    built = rotation_schedule(ws, ws.rotations["data-eng-oncall"], at)
    noted = {h.role: h for h in built.now if h.note is not None}
    assert {role: h.note for role, h in noted.items()} == {
        "primary": "on call on Christmas Day, swapped",
        "secondary": "on call on Christmas, planned",
    }
    data = embedded(live_schedule(ws, at).data_for(["data-eng-oncall"]))
    pieces = data["rotations"]["data-eng-oncall"]["pieces"]  # type: ignore[index]
    for role, holder in noted.items():
        now = next(p for p in pieces if p["role"] == role and p["start"] <= instant(at) < p["end"])
        assert now["member"] == holder.member_id
        assert holder.note in (now["note"] or "")  # after a swap's or cover's reason
    # dave's Christmas ends at midnight in India, and the note with it.
    secondary = [p for p in pieces if p["role"] == "secondary"]
    now = next(p for p in secondary if p["start"] <= instant(at) < p["end"])
    after = next(p for p in secondary if p["start"] == now["end"])
    assert now["end"] == "2026-12-25T18:30:00Z"
    assert (after["member"], after["note"]) == ("dave", None)


def test_a_page_without_a_rotation_carries_no_data(ws: Workspace) -> None:
    assert live_schedule(ws, AT).data_for(["no-such-rotation"]) == ""


def test_no_name_can_end_the_data_element(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ws", with_schedule=True)
    team = root / "rotation" / "team.yaml"
    hostile = "</script><script>alert(1)</script> <!-- & Co"
    team.write_text(team.read_text().replace("name: Alice Moreau", f"name: '{hostile}'"))
    ws = load_workspace(root).workspace
    text = str(live_schedule(ws, AT).data_for(ws.rotations))
    inner = DATA.match(text)
    assert inner is not None
    assert "<" not in inner.group(1)
    assert ">" not in inner.group(1)
    assert "&" not in inner.group(1)
    # ... and the name comes back as written.
    assert json.loads(inner.group(1))["people"]["alice"]["name"] == hostile


def test_the_build_time_block_escapes_every_value_as_html(tmp_path: Path) -> None:
    from opsbook.site.pages import site_pages

    root = copy_example(tmp_path / "ws", with_schedule=True)
    team = root / "rotation" / "team.yaml"
    hostile = 'Alice <img src=x onerror=alert(1)> & "co"'
    text = team.read_text()
    text = text.replace("name: Alice Moreau", "name: 'Alice <img src=x onerror=alert(1)> & \"co\"'")
    text = text.replace("+33 1 55 50 01 01", "+33 <b>1</b>")
    team.write_text(text)
    ws = load_workspace(root).workspace
    assert ws.member("alice").name == hostile  # type: ignore[union-attr]
    home = {p.src_uri: p.content for p in site_pages(ws, AT).pages}["index.md"]
    block = home[home.index('<div class="opsbook-oncall"') : home.index("</div>\n</div>")]
    assert "<img" not in block
    assert "<b>" not in block
    assert "Alice &lt;img src=x onerror=alert(1)&gt; &amp; &quot;co&quot;" in block
    assert '<a href="tel:+331">+33 &lt;b&gt;1&lt;/b&gt;</a>' in block
