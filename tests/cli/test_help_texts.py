"""Help and listings that once said one thing and did another."""

from __future__ import annotations

import pytest

from opsbook.cli.entry import main


def help_of(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main([command, "--help"]) == 0
    return " ".join(capsys.readouterr().out.split())  # click wraps: compare unwrapped


def test_cover_names_the_member_by_its_option(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of("cover", capsys)
    assert "--by MEMBER takes ROLE of ROTATION from --from to --to." in text
    assert " MEMBER takes" not in text.replace("--by MEMBER takes", "")


def test_schedule_states_one_default_zone(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_of("schedule", capsys)
    assert "Times are shown in the rotation's zone unless --tz" in text
    assert "(default: the rotation's handoff zone); when given, an --at" in text
    assert "this machine" not in text


def test_who_states_the_readers_zone_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert "(default: $TZ, else the handoff zone of the first rotation)" in help_of("who", capsys)


def test_a_rule_whose_findings_rise_lists_both_severities(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules"]) == 0
    listed = {line.split()[0]: line.split()[2] for line in capsys.readouterr().out.splitlines()}
    assert listed["OB140"] == "warning/error"
    assert listed["OB101"] == "error"
    assert main(["rules", "OB140"]) == 0
    page = capsys.readouterr().out
    assert "Default severity: warning; error when more than twice the review period overdue." in (
        page
    )


def test_summary_piped_keeps_each_row_on_one_line(
    repo_root: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summary", "--root", str(repo_root)]) == 0
    out = capsys.readouterr().out
    # 62 characters of zones: rich's 80 columns used to fold them over several lines.
    assert "America/Los_Angeles, Asia/Kolkata, Europe/London, Europe/Paris" in out


@pytest.mark.parametrize(
    "command", [["who"], ["schedule", "data-eng-oncall"], ["escalate", "profit-aggregate"]]
)
def test_every_tz_refuses_an_unknown_zone_alike(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # One option, one check: three commands used to word it three ways.
    assert main([*command, "--tz", "Europe/Pariss"]) == 2
    assert (
        "--tz: unknown time zone 'Europe/Pariss'; expected an IANA zone like Europe/London "
        "(did you mean 'Europe/Paris'?)"
    ) in capsys.readouterr().err
