"""`opsbook fairness`: what people actually worked, from the lock and the overrides."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from opsbook.cli.entry import main

AT = "2026-11-23T09:00:00+00:00"


@pytest.fixture
def planned(example_copy: Path) -> Path:
    lock = example_copy / "rotation" / "data-eng-oncall.lock.yaml"
    lock.unlink(missing_ok=True)
    assert main(["plan", "--root", str(example_copy), "--at", AT]) == 0
    return example_copy


def fairness_json(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert (
        main(["fairness", "data-eng-oncall", "--root", str(root), "--format", "json", *args]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, dict)
    return data


def test_json_shape_and_totals(planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = fairness_json(planned, capsys, "--at", AT)
    assert data["rotation"] == "data-eng-oncall"
    assert data["from"] == "2026-01-05T00:00:00+00:00"
    assert data["to"] == AT
    members = data["members"]
    assert isinstance(members, list)
    assert [m["member"] for m in members] == ["alice", "bob", "carol", "dave"]
    assert set(members[0]) == {
        "member",
        "shifts",
        "hours",
        "weekend_hours",
        "holiday_hours",
        "burden_points",
    }
    # 46 weekly shifts (two DST weeks of 167 and 169 hours) with two roles each.
    assert sum(m["hours"] for m in members) == 46 * 168 * 2
    assert sum(sum(m["shifts"].values()) for m in members) == 46 * 2
    spread = data["spread"]
    assert isinstance(spread, dict)
    hours = [m["hours"] for m in members]
    assert spread["hours"] == max(hours) - min(hours)


def test_a_cover_moves_part_of_a_shift(planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Inside one weekly shift (it hands off on Mondays at 09:00): six days of it.
    window = ("--from", "2027-01-05", "--to", "2027-01-10", "--at", AT)
    before = fairness_json(planned, capsys, *window)
    holders = {m["member"]: m for m in before["members"]}
    primary = next(name for name, m in holders.items() if m["shifts"]["primary"] > 0.5)
    helper = next(
        name for name, m in holders.items() if name != primary and not any(m["shifts"].values())
    )
    assert (
        main(
            [
                "cover",
                "data-eng-oncall",
                "--role",
                "primary",
                "--root",
                str(planned),
                "--from",
                "2027-01-06T09:00",
                "--to",
                "2027-01-07T09:00",
                "--by",
                helper,
                # Four people, two roles: whoever is free was on call the week before.
                "--allow-short-rest",
            ]
        )
        == 0
    )
    after = fairness_json(planned, capsys, *window)
    rows = {m["member"]: m for m in after["members"]}
    assert rows[helper]["shifts"]["primary"] == round(1 / 7, 2)
    assert rows[helper]["hours"] == 24
    assert rows[primary]["shifts"]["primary"] == round(5 / 7, 2)
    assert rows[primary]["hours"] == 120
    assert before["members"][0]["hours"] in (0, 144)


def test_text_table(planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["fairness", "data-eng-oncall", "--root", str(planned), "--at", AT]) == 0
    out = capsys.readouterr().out
    assert "worked from 2026-01-05 00:00 to 2026-11-23 09:00 (Europe/London)" in out
    assert "dave (joined 2026-03-02)" in out
    assert "spread (max - min)" in out


def test_without_a_lock_or_rotation(example_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (example_copy / "rotation" / "data-eng-oncall.lock.yaml").unlink(missing_ok=True)
    assert main(["fairness", "data-eng-oncall", "--root", str(example_copy)]) == 2
    assert "run `opsbook plan data-eng-oncall` first" in capsys.readouterr().err
    assert main(["fairness", "nope", "--root", str(example_copy)]) == 2
    assert main(["fairness", "data-eng-oncall", "--root", str(example_copy), "--to", "x"]) == 2


def test_json_stays_whole_when_an_unrelated_file_is_broken(
    planned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The answer still comes (exit 1 says the workspace has errors); the errors go to
    # stderr, so a script reading stdout still gets JSON.
    (planned / "runbooks" / "broken.yaml").write_text("kind: Runbook\nspec: [\n", "utf-8")
    capsys.readouterr()
    args = ["fairness", "data-eng-oncall", "--root", str(planned), "--format", "json"]
    assert main([*args, "--at", AT]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["rotation"] == "data-eng-oncall"
    assert "runbooks/broken.yaml:3:1: invalid YAML" in err
