from opsbook.checks.command import check_command


def test_the_command_is_quoted_for_the_shell() -> None:
    assert check_command("a", "freshness:t x") == "opsbook check a --only 'freshness:t x'"
