"""The shared field types: ids and escalation targets match whole, to the last character."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from opsbook.models.common import Name
from opsbook.models.escalation import Target


@pytest.mark.parametrize("value", ["bob\n", "bob\r\n", "\nbob", "bob ", "bob-"])
def test_an_id_with_anything_around_it_is_refused(value: str) -> None:
    # `$` alone also matches before a final line break: "bob\n" used to pass, and the
    # break then reached summaries and messages.
    with pytest.raises(ValidationError, match="lowercase words joined by hyphens"):
        TypeAdapter(Name).validate_python(value)


def test_a_target_with_a_trailing_line_break_is_refused() -> None:
    assert TypeAdapter(Target).validate_python("contact:dana") == "contact:dana"
    with pytest.raises(ValidationError, match="owner:primary"):
        TypeAdapter(Target).validate_python("contact:dana\n")
