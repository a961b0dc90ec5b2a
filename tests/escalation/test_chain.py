"""`when:` conditions and the timing of `repeat`, on policies alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from opsbook.durations import format_duration
from opsbook.escalation.chain import PlannedStep, plan_chain
from opsbook.models.escalation import EscalationPolicy


def _policy(steps: Sequence[Mapping[str, object]], repeat: int = 0) -> EscalationPolicy:
    return EscalationPolicy.model_validate(
        {
            "apiVersion": "opsbook/v1",
            "kind": "EscalationPolicy",
            "metadata": {"name": "p"},
            "spec": {"steps": steps, "repeat": repeat},
        }
    )


SEEDS: list[dict[str, object]] = [
    {"after": "0m", "notify": ["owner:primary"]},
    {"after": "30m", "notify": ["owner:secondary"]},
    {"after": "2h", "notify": ["contact:dana"]},
    {"after": "6h", "notify": ["contact:finance-lead"], "when": "investor-impact"},
]


def _offsets(chain_steps: tuple[PlannedStep, ...]) -> list[str]:
    return [format_duration(s.after) for s in chain_steps]


def test_when_step_is_left_out_without_its_flag() -> None:
    chain = plan_chain(_policy(SEEDS), frozenset())
    assert _offsets(chain.steps) == ["0m", "30m", "2h"]
    ((number, step),) = chain.skipped
    assert (number, step.when) == (4, "investor-impact")


def test_when_step_applies_with_its_flag() -> None:
    chain = plan_chain(_policy(SEEDS), frozenset({"investor-impact"}))
    assert _offsets(chain.steps) == ["0m", "30m", "2h", "6h"]
    assert chain.skipped == ()


def test_an_unrelated_flag_does_not_enable_a_when_step() -> None:
    chain = plan_chain(_policy(SEEDS), frozenset({"customer-impact"}))
    assert len(chain.steps) == 3


def test_repeat_restarts_the_chain_every_cycle() -> None:
    # Cycle = the longest `after` of the policy, 6h, even when the 6h step is skipped,
    # so setting a flag never moves the repeats.
    chain = plan_chain(_policy(SEEDS, repeat=1), frozenset())
    assert _offsets(chain.steps) == ["0m", "30m", "2h", "6h", "6h30m", "8h"]
    assert [s.repeat for s in chain.steps] == [0, 0, 0, 1, 1, 1]
    assert [s.policy_step for s in chain.steps] == [1, 2, 3, 1, 2, 3]


def test_repeat_first_step_follows_the_last_step_it_coincides_with() -> None:
    chain = plan_chain(_policy(SEEDS, repeat=2), frozenset({"investor-impact"}))
    assert _offsets(chain.steps) == [
        "0m", "30m", "2h", "6h",
        "6h", "6h30m", "8h", "12h",
        "12h", "12h30m", "14h", "18h",
    ]  # fmt: skip
    at_six = [(s.repeat, s.policy_step) for s in chain.steps if s.after == timedelta(hours=6)]
    assert at_six == [(0, 4), (1, 1)]


def test_repeat_of_a_zero_length_chain_is_dropped_with_a_warning() -> None:
    chain = plan_chain(
        _policy([{"after": "0m", "notify": ["owner:primary"]}], repeat=3), frozenset()
    )
    assert len(chain.steps) == 1
    (warning,) = chain.warnings
    assert "repeat: 3 has no effect" in warning


def test_steps_written_out_of_order_fire_in_time_order() -> None:
    steps = [
        {"after": "1h", "notify": ["contact:dana"]},
        {"after": "0m", "notify": ["owner:primary"]},
    ]
    chain = plan_chain(_policy(steps), frozenset())
    assert [s.policy_step for s in chain.steps] == [2, 1]
