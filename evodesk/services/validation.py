"""Validation and normalisation of what the operator types: phone numbers and instance names."""

from __future__ import annotations

import re

from evodesk.services.errors import InvalidInstanceName, InvalidPhone

DEFAULT_REGION = "BR"
# Longest E.164 number is 15 digits; allow formatting characters around them but cap the raw text so a pasted
# essay is refused before the parser sees it.
MAX_PHONE_INPUT = 40
_PHONE_CHARS = re.compile(r"^[\d\s()+.\-/]+$")
# evolution-api.md section 4: the server checks nothing, the name becomes a URL segment and a socket.io
# namespace, so the client accepts only a conservative set.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
NAME_MAX = 64
DEFAULT_NAME_PREFIX = "chip-"


def normalise_phone(raw: str, *, region: str = DEFAULT_REGION) -> str:
    """Return the number as E.164 digits without ``+`` (``5511999998888``) or raise ``InvalidPhone``.

    Accepts the formats operators paste: ``+55 (11) 99999-8888``, ``011999998888``, ``11999998888``.
    """
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise InvalidPhone("phone.empty", "the phone number is empty")
    if len(text) > MAX_PHONE_INPUT:
        raise InvalidPhone("phone.too_long", f"the phone number is too long ({len(text)} characters)", length=len(text))
    if not _PHONE_CHARS.match(text) or not any(ch.isdigit() for ch in text):
        raise InvalidPhone(
            "phone.characters",
            "the phone number may contain only digits, spaces, '+', '-', '.', '/' and parentheses",
        )
    if not text.isascii():
        raise InvalidPhone("phone.characters", "the phone number may contain only ASCII digits")
    import phonenumbers  # see load_phone_metadata

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone("phone.invalid", f"{text!r} is not a phone number: {exc}", phone=text) from None
    if not phonenumbers.is_valid_number(number):
        national = str(number.national_number)
        if number.country_code == 55 and len(national) == 10 and national[2] in "6789":
            # A mobile written the way it was before 2016: area code and 8 digits, without the leading 9.
            suggestion = phonenumbers.format_number(
                phonenumbers.parse(f"+55{national[:2]}9{national[2:]}", None),
                phonenumbers.PhoneNumberFormat.NATIONAL,
            )
            raise InvalidPhone(
                "phone.missing_nine",
                f"{text!r} looks like a mobile number without its leading 9 (did you mean {suggestion}?)",
                phone=text,
                suggestion=suggestion,
            )
        raise InvalidPhone(
            "phone.invalid",
            f"{text!r} is not a valid phone number (include the area code, e.g. 11 99999-8888)",
            phone=text,
        )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164.lstrip("+")


def format_phone(digits: str) -> str:
    """Human format for display: ``+55 11 99999-8888``; the input back when it cannot be parsed."""
    import phonenumbers  # see load_phone_metadata

    try:
        number = phonenumbers.parse("+" + digits.lstrip("+"), None)
    except phonenumbers.NumberParseException:
        return digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def default_instance_name(phone_digits: str) -> str:
    """The name used when the operator gives none: stable, unique per phone, valid on the server."""
    return f"{DEFAULT_NAME_PREFIX}{phone_digits}"


def validate_instance_name(raw: str) -> str:
    """Return the name without surrounding spaces, or raise ``InvalidInstanceName``."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise InvalidInstanceName("name.empty", "the instance name is empty")
    if len(text) > NAME_MAX:
        raise InvalidInstanceName(
            "name.too_long", f"the instance name is too long ({len(text)} > {NAME_MAX})", length=len(text)
        )
    if not NAME_PATTERN.match(text):
        raise InvalidInstanceName(
            "name.characters",
            "the instance name must start with a letter or digit and contain only letters, digits, '.', '_' and '-'",
            name=text,
        )
    if "-cwId-" in text:
        # The server gives this substring a meaning of its own (Chatwoot inbox naming).
        raise InvalidInstanceName("name.reserved", "the instance name must not contain '-cwId-'", name=text)
    return text


def load_phone_metadata() -> None:
    """Import phonenumbers (about 30 ms with its metadata) now, e.g. on the worker that opens the backend.

    The functions above import it on first use rather than with this module: the window's complete frame does not
    need it, and importing it there would delay the window's first complete paint by that much.
    """
    import phonenumbers  # noqa: F401
