"""Content lines: TEXT escaping, parameter quoting, value formats and folding, worked
by hand at the edges and checked against the icalendar library on generated input."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Parameters, vDDDTypes, vText, vUTCOffset
from icalendar.parser.string import _foldline  # the folding every icalendar line goes through
from icalendar.timezone.tzid import tzid_from_tzinfo

from opsbook.ical.contentlines import (
    WRITTEN_AS_UTC,
    date_time,
    duration,
    escape_text,
    fold,
    folded,
    param_value,
    utc_offset,
    verbatim,
)

# --- TEXT escaping ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ("a, b; c", "a\\, b\\; c"),
        ("C:\\temp", "C:\\\\temp"),
        ("one\ntwo", "one\\ntwo"),
        ("one\r\ntwo", "one\\ntwo"),
        ("one\rtwo", "one\\ntwo"),
        ("\\,", "\\\\\\,"),
        ('quotes " and colons : stay', 'quotes " and colons : stay'),
    ],
)
def test_text_escapes(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_a_literal_backslash_n_stays_what_was_written() -> None:
    r"""The one deliberate difference from icalendar, which reads `\N` in the *unescaped*
    text as a line break: a path like C:\New is not a line break."""
    assert escape_text("C:\\New") == "C:\\\\New"
    assert vText("C:\\New").to_ical() == b"C:\\new"  # icalendar: a line break, then "ew"


# Text without a literal backslash-N: where icalendar and opsbook agree by design.
texts = st.text(alphabet=st.sampled_from("ab ,;:\\\"'^\n\r\tNné€😀日"), max_size=60).filter(
    lambda t: "\\N" not in t
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_text_escaping_is_icalendars(text: str) -> None:
    assert escape_text(text).encode() == vText(text).to_ical()


# --- folding ------------------------------------------------------------------------------


def physical(folded: str) -> list[bytes]:
    return folded.encode().split(b"\r\n")


def test_short_lines_are_not_folded() -> None:
    assert fold("x" * 74) == "x" * 74
    assert fold("é" * 37) == "é" * 37  # 74 octets


def test_the_75th_octet_starts_a_new_line() -> None:
    assert physical(fold("x" * 75)) == [b"x" * 74, b" x"]
    assert physical(fold("x" * 150)) == [b"x" * 74, b" " + b"x" * 74, b" xx"]


def test_a_backslash_or_caret_never_ends_a_folded_line() -> None:
    for char in "\\^":
        line = "x" * 73 + char + "nyyy"
        assert physical(fold(line)) == [b"x" * 73, b" " + (char + "nyyy").encode()]


def test_a_multibyte_character_is_never_split() -> None:
    # 73 octets, then a 2-, 3- or 4-octet character that would straddle octet 75.
    for char in ("é", "€", "😀"):
        line = "x" * 73 + char + "tail"
        lines = physical(fold(line))
        assert lines == [b"x" * 73, b" " + (char + "tail").encode()]


def test_emoji_at_the_fold() -> None:
    line = "SUMMARY:" + "😀" * 40  # 8 + 160 octets
    lines = physical(fold(line))
    assert all(len(piece) <= 75 for piece in lines)
    for piece in lines:
        piece.decode()  # never half a character
    assert b"".join(p.removeprefix(b" ") for p in lines).decode() == line
    assert lines[0] == b"SUMMARY:" + "😀".encode() * 16  # 72 octets: a 17th would make 76


lines_strategy = st.text(
    alphabet=st.sampled_from('abc ,;:\\^"é€😀日\u0301'), min_size=0, max_size=300
)


@settings(max_examples=300, deadline=None)
@given(lines_strategy)
def test_folding_is_icalendars(line: str) -> None:
    assert fold(line) == _foldline(line)


@settings(max_examples=200, deadline=None)
@given(lines_strategy)
def test_folded_lines_unfold_to_the_line(line: str) -> None:
    content = folded([line]).encode()
    assert content.endswith(b"\r\n")
    pieces = content[:-2].split(b"\r\n")
    assert all(len(p) <= 75 for p in pieces)
    assert all(p.startswith(b" ") for p in pieces[1:])
    assert b"".join([pieces[0], *(p[1:] for p in pieces[1:])]).decode() == line


# --- values and parameters ----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["Europe/London", "a:b", "a,b", "a;b", "it’s", 'say "hi"', "x^y", "two\nlines", ""],
)
def test_parameter_values_are_icalendars(value: str) -> None:
    assert f"X={param_value(value)}".encode() == Parameters({"X": value}).to_ical()


@pytest.mark.parametrize(
    "instant",
    [
        datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/London")),
        datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
        datetime(999, 1, 2, 3, 4, 5, tzinfo=ZoneInfo("Asia/Kolkata")),
        datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Atlantic/Reykjavik")),
        datetime(2026, 11, 23, 9, 0),
    ],
)
def test_date_times_are_icalendars(instant: datetime) -> None:
    expected = vDDDTypes(instant)
    params = expected.params.to_ical()
    spelled = (b";" + params if params else b"") + b":" + expected.to_ical()
    assert date_time(instant).encode() == spelled


def test_zones_written_as_utc_are_those_icalendar_takes_for_utc() -> None:
    takes_for_utc = {
        key for key in zoneinfo.available_timezones() if tzid_from_tzinfo(ZoneInfo(key)) == "UTC"
    }
    assert takes_for_utc == WRITTEN_AS_UTC & zoneinfo.available_timezones()


@settings(max_examples=300, deadline=None)
@given(st.timedeltas(min_value=timedelta(days=-400), max_value=timedelta(days=400)))
def test_durations_are_icalendars(value: timedelta) -> None:
    assert duration(value).encode() == vDDDTypes(value).to_ical()  # a vDuration


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-86399, max_value=86399))
def test_utc_offsets_are_icalendars(seconds: int) -> None:
    value = timedelta(seconds=seconds)
    assert utc_offset(value) == vUTCOffset(value).format()  # what its to_ical() returns


def test_unknown_values_are_verbatim_but_never_break_a_line() -> None:
    assert verbatim("On call: A, B; C \\ D") == "On call: A, B; C \\ D"
    assert verbatim("two\nlines\r\nand\rthree") == "two\\nlines\\nand\\nthree"
