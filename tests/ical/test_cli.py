"""`opsbook ical`: files written, same bytes every run, located errors and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsbook.cli.entry import main
from opsbook.loader import load_workspace

AT = "2026-11-20T12:00:00+00:00"


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.ics"))}


def test_writes_one_feed_per_rotation_and_member_and_prints_the_paths(
    dst_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "calendars"
    argv = ["ical", "--root", str(dst_root), "--out", str(out), "--at", AT]
    assert main([*argv, "--base-url", "https://oncall.example.org/calendars"]) == 0
    printed = capsys.readouterr().out
    assert sorted(_files(out)) == [
        "members/ann.ics",
        "members/ben.ics",
        "members/cat.ics",
        "members/dan.ics",
        "rotations/london-oncall.ics",
        "rotations/newyork-oncall.ics",
    ]
    assert f"wrote 6 calendar feeds to {out}/" in printed
    assert "webcal://oncall.example.org/calendars/members/ann.ics" in printed
    assert "  rotations/london-oncall.ics   On call: London on-call: 60 events  webcal:" in printed
    first = _files(out)
    assert main(argv) == 0
    assert _files(out) == first


def test_from_and_to_bound_the_feeds(dst_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "cal"
    argv = ["ical", "--root", str(dst_root), "--out", str(out), "--at", AT]
    assert main([*argv, "--from", "2027-01-01", "--to", "2027-01-14"]) == 0
    text = (out / "rotations" / "london-oncall.ics").read_text()
    # Shifts of 27 Dec, 3 Jan and 10 Jan overlap the two weeks; both roles each.
    assert text.count("BEGIN:VEVENT") == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "next week"], "--from: expected a date like 2026-12-01"),
        (["--from", "2027-01-10", "--to", "2027-01-01"], "--to (2027-01-01) is before --from"),
        (["--at", "noon"], "--at: expected an ISO 8601 instant"),
    ],
)
def test_bad_arguments_exit_2(
    dst_root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    argv = ["ical", "--root", str(dst_root), "--out", str(tmp_path / "o"), *args]
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_broken_workspace_is_reported_at_its_line_and_nothing_is_written(
    dst_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rotation = dst_root / "rotation" / "london.yaml"
    rotation.write_text(rotation.read_text().replace("reminder: 1h", "reminder: soon"))
    out = tmp_path / "o"
    assert main(["ical", "--root", str(dst_root), "--out", str(out), "--at", AT]) == 1
    captured = capsys.readouterr()
    assert "london.yaml:16:13: spec.reminder: expected a duration" in captured.err
    assert "not writing calendars" in captured.err
    assert not out.exists()


def test_a_rotation_without_a_lock_warns_and_gets_an_empty_feed(
    dst_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (dst_root / "rotation" / "newyork.lock.yaml").unlink()
    out = tmp_path / "o"
    assert main(["ical", "--root", str(dst_root), "--out", str(out), "--at", AT]) == 0
    assert "rotation newyork-oncall has no lock file" in capsys.readouterr().err
    assert "BEGIN:VEVENT" not in (out / "rotations" / "newyork-oncall.ics").read_text()


def test_swap_and_cover_each_raise_the_sequence_without_a_plan_in_between(
    dst_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ["--root", str(dst_root)]
    dec20 = "UID:london-oncall.primary.20261220T013000Z@oncall.example.org\r\n"

    def sequence() -> int:
        out = tmp_path / "o"
        assert main(["ical", *root, "--out", str(out), "--at", AT]) == 0
        text = (out / "rotations" / "london-oncall.ics").read_bytes().decode()
        event = next(e for e in text.split("BEGIN:VEVENT") if dec20 in e)
        return int(event.split("SEQUENCE:", 1)[1].split("\r\n", 1)[0])

    assert sequence() == 0
    swap = ["swap", "london-oncall", "2026-12-06", "2026-12-20", "--role", "primary"]
    # Rest is not what this test is about: record the exception.
    swap += ["--allow-short-rest"]
    assert main([*swap, "--members", "ben", "dan", *root]) == 0
    assert "revisions:" in (dst_root / "rotation" / "london.lock.yaml").read_text()
    assert sequence() == 1
    cover = ["cover", "london-oncall", "--role", "primary", "--by", "cat", "--allow-short-rest"]
    span = ["--from", "2026-12-22T09:00", "--to", "2026-12-23T09:00"]
    assert main([*cover, *span, *root]) == 0, capsys.readouterr()
    assert sequence() == 2


def test_plan_check_fails_until_a_hand_edited_swap_is_recorded(
    example_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overrides = example_copy / "rotation" / "data-eng-oncall-overrides.yaml"
    # The two primaries of those weeks, read from the lock (the planner chooses them).
    lock = load_workspace(example_copy).workspace.locks["data-eng-oncall"]
    held = {str(s.shift): s.roles["primary"] for s in lock.spec.shifts}
    first, second = held["2026-12-21"], held["2027-01-25"]
    assert first != second
    swap = f"{{role: primary, shifts: [2026-12-21, 2027-01-25], members: [{first}, {second}]}}"
    overrides.write_text(overrides.read_text().replace("swaps: []", f"swaps:\n    - {swap}"))
    check = ["plan", "--check", "--root", str(example_copy), "--at", "2026-11-23T09:00:00Z"]
    assert main(check) == 1
    assert "swaps or covers changed who holds some shifts" in capsys.readouterr().out
    assert main(["plan", "--root", str(example_copy), "--at", "2026-11-23T09:00:00Z"]) == 0
    assert main(check) == 0
