"""`opsbook swap` and `opsbook cover`: validated, written, refused with a clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from opsbook.cli.entry import main


def overrides(root: Path) -> Path:
    return root / "rotation" / "ops-oncall-overrides.yaml"


def who_at(root: Path, at: str, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    assert main(["who", "--root", str(root), "--at", at, "--format", "json"]) == 0
    shifts = json.loads(capsys.readouterr().out)["rotations"][0]["shifts"]
    return [(s["member"], s["source"]) for s in shifts]


def test_swap_writes_the_entry_and_who_follows(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert who_at(ws_root, "2026-10-20T12:00Z", capsys) == [
        ("ann", "schedule"),
        ("ben", "schedule"),
    ]
    code = main(
        [
            "swap",
            "ops-oncall",
            "--role",
            "secondary",
            "2026-10-19",
            "2026-11-23T09:00",
            "--reason",
            "family visit",
            "--root",
            str(ws_root),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.endswith(
        "ops-oncall-overrides.yaml (ops-oncall):\n"
        "  secondary 2026-10-19 09:00 BST to 2026-10-26 09:00 GMT: ben -> dan\n"
        "  secondary 2026-11-23 09:00 GMT to 2026-11-30 09:00 GMT: dan -> ben\n"
    )
    assert (
        "    - {role: secondary, shifts: [2026-10-19, 2026-11-23], members: [ben, dan], "
        "reason: family visit}\n"
    ) in overrides(ws_root).read_text(encoding="utf-8")
    # The who cache saw the file change.
    assert who_at(ws_root, "2026-10-20T12:00Z", capsys) == [("ann", "schedule"), ("dan", "swap")]


def test_a_linked_overrides_file_gets_the_swap_and_stays_a_link(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A link inside the workspace is read as the file it leads to; writing must not
    # swap the link for a copy (the shared file would miss the swap, and the two would
    # then define the same Overrides twice).
    shared = ws_root / "rotation" / "shared"
    shared.mkdir()
    overrides(ws_root).rename(shared / "overrides.yaml")
    overrides(ws_root).symlink_to(Path("shared") / "overrides.yaml")
    args = ["swap", "ops-oncall", "--role", "secondary", "2026-10-19", "2026-11-23T09:00"]
    assert main([*args, "--root", str(ws_root)]) == 0
    assert overrides(ws_root).is_symlink()
    assert "members: [ben, dan]" in (shared / "overrides.yaml").read_text(encoding="utf-8")
    assert main(["validate", "--root", str(ws_root)]) == 0
    capsys.readouterr()


def test_refused_swap_exits_one_and_writes_nothing(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = overrides(ws_root).read_bytes()
    args = ["swap", "ops-oncall", "--role", "primary", "2026-11-16", "2026-11-23"]
    assert main([*args, "--root", str(ws_root)]) == 1
    err = capsys.readouterr().err
    assert err == (
        "opsbook: refused swap of primary on 2026-11-16 and 2026-11-23:\n"
        "  - ann would be primary from 2026-11-23 09:00 GMT to 2026-11-30 09:00 GMT, during "
        "their own time off: ann: dentist (2026-11-24..2026-11-25)\n"
        "Nothing was written.\n"
    )
    assert overrides(ws_root).read_bytes() == before
    assert main([*args[:4], "2026-11-16", "2026-11-18", "--root", str(ws_root)]) == 1
    assert "has no planned shift 2026-11-18" in capsys.readouterr().err


def test_swap_with_expected_members(ws_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["swap", "ops-oncall", "--role", "secondary", "2026-10-19", "2026-11-23"]
    assert main([*base, "--members", "ben", "cat", "--root", str(ws_root)]) == 1
    assert "cat does not hold secondary on 2026-11-23: dan does" in capsys.readouterr().err
    assert main([*base, "--members", "ben", "dan", "--root", str(ws_root)]) == 0


COVER_WINDOW = ("--from", "2026-11-17T09:00", "--to", "2026-11-18T09:00")


@pytest.mark.parametrize(
    "command",
    [
        ["swap", "ops-oncall", "--role", "secondary", "2026-10-19", "2026-11-23T09:00"],
        ["cover", "ops-oncall", "--role", "primary", "--by", "cat", *COVER_WINDOW],
    ],
    ids=["swap", "cover"],
)
def test_a_reason_with_a_control_character_is_refused_before_anything_is_written(
    ws_root: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # The reader refuses such a file (OB006), so writing it would lock every command out.
    files = {p: p.read_bytes() for p in (ws_root / "rotation").iterdir()}
    assert main([*command, "--reason", "sick\x1b[2J", "--root", str(ws_root)]) == 2
    err = capsys.readouterr().err
    assert "--reason" in err
    assert "0x1b" in err
    assert "\x1b" not in err  # named, never printed raw to the terminal
    assert {p: p.read_bytes() for p in (ws_root / "rotation").iterdir()} == files
    # Tab and newline are text the reader keeps, so they are written.
    assert main([*command, "--reason", "sick\tleave", "--root", str(ws_root)]) == 0
    assert main(["validate", "--root", str(ws_root)]) == 0


def test_cover_writes_and_refuses(ws_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["cover", "ops-oncall", "--role", "primary", "--root", str(ws_root)]
    window = ["--from", "2026-11-17T09:00", "--to", "2026-11-18T09:00"]
    assert main([*base, *window, "--by", "dan"]) == 1
    assert "dan would be primary from 2026-11-17 09:00 GMT" in capsys.readouterr().err
    assert main([*base, *window, "--by", "ben"]) == 1
    assert "ben would be primary and secondary at once" in capsys.readouterr().err
    assert main([*base, *window, "--by", "cat", "--replaces", "ben"]) == 1
    assert "ben does not hold primary then" in capsys.readouterr().err
    assert main([*base, *window, "--by", "zed"]) == 2
    assert "unknown member 'zed'" in capsys.readouterr().err
    assert main([*base, "--from", "tomorrow", "--to", "2026-11-18T09:00", "--by", "cat"]) == 2
    assert "--from: expected an ISO 8601 time" in capsys.readouterr().err
    assert main([*base, *window, "--by", "cat", "--reason", "appointment"]) == 0
    out = capsys.readouterr().out
    assert "  primary 2026-11-17 09:00 GMT to 2026-11-18 09:00 GMT: ann -> cat\n" in out
    # Longer than 100 characters on one line, so one key per line.
    assert (
        "    - role: primary\n"
        '      start: "2026-11-17T09:00"\n'
        '      end: "2026-11-18T09:00"\n'
        "      member: cat\n"
        "      replaces: ann\n"
        "      reason: appointment\n"
    ) in overrides(ws_root).read_text(encoding="utf-8")
    assert who_at(ws_root, "2026-11-17T10:00Z", capsys) == [("cat", "cover"), ("ben", "schedule")]
    assert who_at(ws_root, "2026-11-18T10:00Z", capsys) == [
        ("ann", "schedule"),
        ("ben", "schedule"),
    ]


def test_edits_are_refused_while_the_workspace_has_errors(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team = ws_root / "rotation" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("Europe/Paris", "Europe/Pariss"))
    args = ["swap", "ops-oncall", "--role", "secondary", "2026-10-19", "2026-11-23"]
    code = main([*args, "--root", str(ws_root)])
    captured = capsys.readouterr()
    assert code == 1
    assert "unknown time zone 'Europe/Pariss'" in captured.out
    assert "fix them before changing the schedule" in captured.err
