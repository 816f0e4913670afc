"""Phone numbers and instance names as operators type them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evodesk.services import (
    InvalidInstanceName,
    InvalidPhone,
    default_instance_name,
    format_phone,
    normalise_phone,
    validate_instance_name,
)

GOOD_PHONES = [
    ("+55 (11) 99999-8888", "5511999998888"),
    ("011999998888", "5511999998888"),
    ("11999998888", "5511999998888"),
    ("11 2345-6789", "551123456789"),  # a landline keeps its 8 digits: no 9 is missing there
    ("(11) 99999-8888", "5511999998888"),
    ("5511999998888", "5511999998888"),
    ("  +55 11 99999 8888 ", "5511999998888"),
    ("55 11 3333-4444", "551133334444"),
    ("+1 415 555 2671", "14155552671"),
    ("021 11 99999-8888", "5511999998888"),
]

BAD_PHONES = [
    ("", "phone.empty"),
    ("   ", "phone.empty"),
    ("abc", "phone.characters"),
    ("11 9999x-8888", "phone.characters"),
    ("0xx11999998888", "phone.characters"),
    ("📱 11999998888", "phone.characters"),
    ("١١٩٩٩٩٩٨٨٨٨", "phone.characters"),  # Arabic-Indic digits are digits to Python, not to WhatsApp
    ("9" * 40, "phone.invalid"),
    ("1" * 41, "phone.too_long"),
    ("99999-8888", "phone.invalid"),
    ("1199999888", "phone.missing_nine"),  # an 8-digit mobile of before 2016
    ("+", "phone.characters"),
    ("'; DROP TABLE chips; --", "phone.characters"),
]


@pytest.mark.parametrize(("raw", "expected"), GOOD_PHONES)
def test_real_world_phone_formats(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(("raw", "code"), BAD_PHONES)
def test_bad_phones_have_a_code_and_a_message(raw: str, code: str) -> None:
    with pytest.raises(InvalidPhone) as info:
        normalise_phone(raw)
    assert info.value.code == code
    assert str(info.value)


@given(st.text(max_size=60))
def test_any_text_is_a_number_or_a_clear_error(raw: str) -> None:
    try:
        digits = normalise_phone(raw)
    except InvalidPhone as exc:
        assert exc.code.startswith("phone.")
    else:
        assert re.fullmatch(r"\d{8,15}", digits)
        assert normalise_phone(digits) == digits  # idempotent


def test_format_phone_for_display() -> None:
    assert format_phone("5511999998888") == "+55 11 99999-8888"
    assert format_phone("not-a-number") == "not-a-number"


@pytest.mark.parametrize("name", ["shop-01", "chip-5511999998888", "A", "a.b_c-d", "x" * 64, "  spaced  "])
def test_good_names(name: str) -> None:
    assert validate_instance_name(name) == name.strip()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "name.empty"),
        ("a/b", "name.characters"),
        ("..", "name.characters"),
        ("%2F", "name.characters"),
        ("with space", "name.characters"),
        ("ação", "name.characters"),
        ("-leading", "name.characters"),
        ("x" * 65, "name.too_long"),
        ("x" * 300, "name.too_long"),
        ("a'; DROP TABLE chips;--", "name.characters"),
        ("shop-cwId-1", "name.reserved"),
        ("🙂", "name.characters"),
    ],
)
def test_bad_names(name: str, code: str) -> None:
    with pytest.raises(InvalidInstanceName) as info:
        validate_instance_name(name)
    assert info.value.code == code


@given(st.text(max_size=80))
def test_any_name_is_valid_or_a_clear_error(raw: str) -> None:
    try:
        name = validate_instance_name(raw)
    except InvalidInstanceName as exc:
        assert exc.code.startswith("name.")
    else:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", name)


def test_default_name_is_a_valid_name() -> None:
    assert validate_instance_name(default_instance_name("5511999998888")) == "chip-5511999998888"
