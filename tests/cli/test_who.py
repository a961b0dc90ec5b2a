"""`opsbook who`: the JSON contract, the text answer, and the cached fast path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from opsbook.cli import who_fast
from opsbook.cli.main import run
from opsbook.cli.who_cache import cache_store

HEAVY = (
    "pydantic",
    "click",
    "rich",
    "jinja2",
    "sqlglot",
    "ruamel",
    "holidays",
    "ortools",
    "pathlib",
)
"""Kept off the warm fast path (pathlib too: its imports cost ~3 ms of a ~40 ms answer)."""


def full(root: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The full (click) command, never the fast path."""
    code = run(["who", "--root", str(root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def fast(root: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> str | None:
    answered = who_fast.try_answer(["--root", str(root), *args])
    out = capsys.readouterr()
    if answered is None:
        assert out.out == ""
        return None
    assert answered == 0
    return out.out


def test_json_follows_the_contract(ws_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = full(
        ws_root, ["--at", "2026-11-10T20:00:00+01:00", "--format", "json"], capsys
    )
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document == {
        "at": "2026-11-10T20:00:00+01:00",
        "rotations": [
            {
                "rotation": "ops-oncall",
                "shifts": [
                    {
                        "role": "primary",
                        "member": "dan",
                        "name": "Dan Dutta",
                        "start": "2026-11-09T09:00:00+00:00",
                        "end": "2026-11-16T09:00:00+00:00",
                        "source": "schedule",
                    },
                    {
                        "role": "secondary",
                        "member": "ben",
                        "name": "Ben Brooks",
                        "start": "2026-11-10T18:00:00+00:00",
                        "end": "2026-11-11T09:00:00+00:00",
                        "source": "cover",
                    },
                ],
            }
        ],
    }


def test_text_says_who_until_when_in_the_readers_zone_and_why(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--at", "2026-11-10T20:00Z", "--tz", "America/New_York"]
    code, out, _ = full(ws_root, args, capsys)
    assert code == 0
    assert out == (
        "On call at Tue 10 Nov 2026 15:00 EST\n"
        "\n"
        "ops-oncall\n"
        "  primary    Dan Dutta (dan)   until Mon 16 Nov 2026 04:00 EST, 09:00 Mon UTC for dan"
        "  schedule\n"
        "  secondary  Ben Brooks (ben)  until Wed 11 Nov 2026 04:00 EST                       "
        "  cover (school play)\n"
    )


def test_text_until_spans_back_to_back_pieces_and_names_unfilled_slots(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overrides = ws_root / "rotation" / "ops-oncall-overrides.yaml"
    overrides.write_text(
        "apiVersion: opsbook/v1\nkind: Overrides\nmetadata: {name: o}\nspec:\n"
        "  rotation: ops-oncall\n  covers:\n"
        # cat stays on three hours past the end of her own week.
        '    - {role: primary, start: "2026-11-30T09:00", end: "2026-11-30T12:00", '
        "member: cat, replaces: ben}\n",
        encoding="utf-8",
    )
    code, out, err = full(ws_root, ["--at", "2026-11-29T10:00Z", "--tz", "UTC"], capsys)
    assert (code, err) == (0, "")
    assert (
        "  primary    Cat Chevalier (cat)  until Mon 30 Nov 2026 12:00 UTC, 13:00 Mon in Paris "
        "for cat  schedule\n"
    ) in out
    code, out, _ = full(ws_root, ["--at", "2026-12-01T10:00Z", "--tz", "UTC"], capsys)
    assert "  secondary  unfilled          until Mon 07 Dec 2026 09:00 UTC" in out
    code, out, err = full(ws_root, ["--at", "2027-01-01T00:00Z", "--tz", "UTC"], capsys)
    assert code == 1
    assert "  nobody: the lock of ops-oncall ends at " in out
    assert "error: the lock of ops-oncall ends at " in err


@pytest.mark.parametrize(
    "args",
    [
        ["--at", "2026-11-10T20:00Z", "--tz", "Europe/Paris"],
        ["--at", "2026-11-10T20:00Z", "--format", "json"],
        ["ops-oncall", "--at=2026-11-16T08:59:00+00:00", "--tz=Asia/Kolkata"],
        ["--format=json", "ops-oncall", "--at", "2026-10-25T01:30+01:00"],
        # Naive --at: the reader's wall-clock time (--tz here).
        ["--at", "2026-11-22T21:00", "--tz", "America/New_York", "--format", "text"],
        ["--at", "2026-12-06T23:59:59Z", "--format", "json"],
    ],
)
def test_fast_path_prints_the_same_bytes_as_the_full_command(
    ws_root: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert fast(ws_root, args, capsys) is None  # no cache yet
    code, expected, err = full(ws_root, args, capsys)
    assert (code, err) == (0, "")
    assert Path(cache_store(str(ws_root)).path).is_file()
    assert fast(ws_root, args, capsys) == expected


def test_a_changed_added_or_removed_file_makes_the_cache_stale(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--at", "2026-11-18T12:00Z", "--format", "json"]
    _, first, _ = full(ws_root, args, capsys)
    assert fast(ws_root, args, capsys) == first
    lock = ws_root / "rotation" / "ops-oncall.lock.yaml"
    # Same size, new content: only the mtime tells (ann and cat trade 16 Nov).
    text = lock.read_text(encoding="utf-8")
    stat = lock.stat()
    changed = text.replace(
        "roles: {primary: ann, secondary: ben}}\n    - {shift: 2026-11-23",
        "roles: {primary: cat, secondary: ben}}\n    - {shift: 2026-11-23",
    )
    assert changed != text
    lock.write_text(changed, encoding="utf-8")
    os.utime(lock, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000))
    assert fast(ws_root, args, capsys) is None
    _, second, _ = full(ws_root, args, capsys)
    assert '"member": "cat"' in second
    assert fast(ws_root, args, capsys) == second
    extra = ws_root / "rotation" / "more-time-off.yaml"
    extra.write_text(
        "apiVersion: opsbook/v1\nkind: TimeOff\nmetadata: {name: more}\nspec:\n  entries: []\n",
        encoding="utf-8",
    )
    assert fast(ws_root, args, capsys) is None
    full(ws_root, args, capsys)
    assert fast(ws_root, args, capsys) == second
    extra.unlink()
    assert fast(ws_root, args, capsys) is None


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--runbook", "profit-aggregate"],
        ["--format", "yaml"],
        ["--at"],
        ["--at", "yesterday"],
        ["--tz", "Mars/Olympus"],
        ["no-such-rotation", "--at", "2026-11-18T12:00Z"],
        ["--at", "2026-01-01T00:00Z"],  # before the cached window
        ["--at", "2027-06-01T00:00Z"],  # after every cached shift
        ["-x"],
    ],
)
def test_fast_path_leaves_anything_it_does_not_handle_to_the_full_command(
    ws_root: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    full(ws_root, ["--at", "2026-11-18T12:00Z"], capsys)
    assert fast(ws_root, ["--at", "2026-11-18T12:00Z"], capsys) is not None
    assert fast(ws_root, args, capsys) is None


def test_unknown_rotation_is_a_usage_error(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = full(ws_root, ["ops-on-call"], capsys)
    assert code == 2
    assert out == ""
    assert (
        "unknown rotation 'ops-on-call'; expected one of: ops-oncall (did you mean 'ops-oncall'?)"
        in err
    )


def test_bad_at_and_tz_are_usage_errors(ws_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = full(ws_root, ["--at", "yesterday"], capsys)
    assert code == 2
    assert "--at: expected an ISO 8601 instant" in err
    code, _, err = full(ws_root, ["--tz", "Mars/Olympus"], capsys)
    assert code == 2
    assert "unknown time zone 'Mars/Olympus'" in err


def test_stale_overrides_are_reported_and_never_cached(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overrides = ws_root / "rotation" / "ops-oncall-overrides.yaml"
    text = overrides.read_text(encoding="utf-8").replace(
        "members: [cat, ben]", "members: [ann, ben]"
    )
    overrides.write_text(text, encoding="utf-8")
    args = ["--at", "2026-10-28T12:00Z", "--format", "json"]
    code, out, err = full(ws_root, args, capsys)
    assert code == 0
    assert "ops-oncall-overrides.yaml:10:7: spec.swaps[0]: swap of primary expects ann" in err
    assert json.loads(out)["rotations"][0]["shifts"][0]["member"] == "cat"  # not applied
    assert not Path(cache_store(str(ws_root)).path).exists()
    assert fast(ws_root, args, capsys) is None


def _run_who(root: Path, args: list[str], env_tz: str) -> tuple[str, list[str]]:
    """Run `opsbook who` in a fresh interpreter; its stdout and the heavy packages it
    imported."""
    script = (
        "import sys\n"
        "from opsbook.cli.entry import main\n"
        "code = main(sys.argv[1:])\n"
        "sys.stdout.flush()\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy) + '\\n')\n"
        "raise SystemExit(code)\n"
    )
    env = {**os.environ, "TZ": env_tz}
    done = subprocess.run(
        [sys.executable, "-c", script, "who", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    marker = [line for line in done.stderr.splitlines() if line.startswith("HEAVY=")]
    heavy = marker[-1].removeprefix("HEAVY=")
    return done.stdout, [h for h in heavy.split(",") if h]


def test_warm_who_imports_nothing_heavy_and_answers_like_the_cold_one(ws_root: Path) -> None:
    for args in (["--at", "2026-11-10T20:00Z"], ["--at", "2026-11-10T20:00Z", "--format", "json"]):
        Path(cache_store(str(ws_root)).path).unlink(missing_ok=True)
        cold, cold_heavy = _run_who(ws_root, args, "Asia/Kolkata")
        assert "pydantic" in cold_heavy  # the first run loads the workspace
        warm, warm_heavy = _run_who(ws_root, args, "Asia/Kolkata")
        assert warm_heavy == []
        assert warm == cold
    # The reader's zone comes from TZ when --tz is not given.
    text, _ = _run_who(ws_root, ["--at", "2026-11-10T20:00Z"], "Asia/Kolkata")
    assert "until Mon 16 Nov 2026 14:30 IST" in text


def test_the_cache_serves_from_a_month_before_the_instant_asked_about(
    ws_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    later = ["--at", "2026-11-28T12:00:00+00:00"]
    assert full(ws_root, later, capsys)[0] == 0
    payload = json.loads(Path(cache_store(str(ws_root)).path).read_text(encoding="utf-8"))
    assert payload["valid_from"] == "2026-10-28T12:00:00+00:00"
    pieces = [p for r in payload["rotations"].values() for p in r["pieces"]]
    assert pieces
    assert min(p["end"] for p in pieces) > payload["valid_from"]
    # Inside the window the fast path answers; before it, the full command does.
    assert fast(ws_root, ["--at", "2026-11-20T12:00:00+00:00"], capsys) is not None
    assert fast(ws_root, ["--at", "2026-10-20T12:00:00+00:00"], capsys) is None
