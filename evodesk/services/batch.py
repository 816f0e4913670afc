"""Batch onboarding input: a pasted list of phone numbers, split, normalised and checked all at once.

Operators paste from spreadsheets and chat messages, so numbers come one per line or separated by ``;``, ``,``
or tabs, and sometimes several on one line separated by spaces. Spaces are also *inside* formatted numbers
(``+55 11 98765-4321``), so a piece of text is first tried as one number; only when it is not one are its
space-separated words grouped into consecutive numbers (``41 99999-1111 51 98888-2222`` is two), and that
reading is kept only when every word belongs to a valid number.

:func:`check_batch` validates everything before anything is created: the caller shows each problem with its
line and lets the operator go on with the usable numbers (:attr:`BatchCheck.entries`, repeats left out) or fix
the list first.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from evodesk.services.errors import InvalidPhone, ValidationError
from evodesk.services.validation import default_instance_name, normalise_phone

_SEPARATORS = re.compile(r"[;,\t]")


@dataclass(frozen=True, slots=True)
class BatchEntry:
    """One number of the list: where it was, what was typed and its E.164 digits."""

    line: int
    text: str
    digits: str

    @property
    def instance_name(self) -> str:
        """The instance name a create for this number uses."""
        return default_instance_name(self.digits)


@dataclass(frozen=True, slots=True)
class BatchProblem:
    """Why a piece of the list cannot be used.

    ``code`` is ``phone.*`` (from :class:`InvalidPhone`), ``batch.repeated`` (``other_line`` holds the first
    occurrence), ``batch.known_phone`` or ``batch.known_name`` (``instance_name`` is the chip that has it).
    """

    line: int
    text: str
    code: str
    message: str
    error: ValidationError | None = field(default=None, compare=False)
    other_line: int | None = None
    instance_name: str | None = None


@dataclass(frozen=True, slots=True)
class BatchCheck:
    """The outcome of :func:`check_batch`: the numbers in order, and the problems (empty when usable)."""

    entries: tuple[BatchEntry, ...] = ()
    problems: tuple[BatchProblem, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there is at least one number and no problem at all."""
        return bool(self.entries) and not self.problems


def _pieces(text: str) -> list[tuple[int, str]]:
    """Non-empty pieces of ``text`` with their 1-based line numbers."""
    pieces: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for piece in _SEPARATORS.split(line):
            stripped = piece.strip()
            if stripped:
                pieces.append((number, stripped))
    return pieces


def split_numbers(text: str) -> tuple[list[BatchEntry], list[BatchProblem]]:
    """Split and normalise a pasted list; numbers that do not parse become problems."""
    entries: list[BatchEntry] = []
    problems: list[BatchProblem] = []
    for line, piece in _pieces(text):
        try:
            entries.append(BatchEntry(line, piece, normalise_phone(piece)))
            continue
        except InvalidPhone as whole_error:
            error = whole_error
        split = _split_words(line, piece.split())
        if split is not None:
            entries.extend(split)
            continue
        problems.append(BatchProblem(line, piece, error.code, error.message, error=error))
    return entries, problems


# A formatted number has at most this many space-separated words ("+55 (11) 9 8765 4321").
_MAX_WORDS = 5


def _split_words(line: int, words: list[str]) -> list[BatchEntry] | None:
    """``words`` read as consecutive numbers (``41 99999-1111 51 98888-2222`` is two), or None when they are not.

    Every word must belong to a number. Of the ways to group them, the one with the fewest numbers wins: each
    number takes as many words as still leave the rest readable.
    """
    if len(words) < 2:
        return None
    best: dict[int, list[BatchEntry] | None] = {len(words): []}
    for start in range(len(words) - 1, -1, -1):
        options: list[list[BatchEntry]] = []
        for end in range(min(len(words), start + _MAX_WORDS), start, -1):
            rest = best[end]
            if rest is None:
                continue
            text = " ".join(words[start:end])
            try:
                digits = normalise_phone(text)
            except InvalidPhone:
                continue
            options.append([BatchEntry(line, text, digits), *rest])
        best[start] = min(options, key=len) if options else None
    return best[0]


def check_batch(
    text: str,
    *,
    known_phones: Mapping[str, str] | None = None,
    known_names: Collection[str] = (),
) -> BatchCheck:
    """Parse ``text`` and find every problem: invalid numbers, repeats, numbers or names already in use.

    ``known_phones`` maps the phones of live chips (E.164 digits) to their instance names; ``known_names`` are
    the instance names of live chips (compared without letter case, as the database does).
    """
    entries, problems = split_numbers(text)
    phones = known_phones or {}
    names = {name.lower() for name in known_names}
    first_line: dict[str, int] = {}
    unique: list[BatchEntry] = []
    for entry in entries:
        if entry.digits in first_line:
            problems.append(
                BatchProblem(
                    entry.line,
                    entry.text,
                    "batch.repeated",
                    f"{entry.digits} is already in the list (line {first_line[entry.digits]})",
                    other_line=first_line[entry.digits],
                )
            )
            continue
        first_line[entry.digits] = entry.line
        unique.append(entry)
        if entry.digits in phones:
            problems.append(
                BatchProblem(
                    entry.line,
                    entry.text,
                    "batch.known_phone",
                    f"{entry.digits} already has a chip ({phones[entry.digits]})",
                    instance_name=phones[entry.digits],
                )
            )
        elif entry.instance_name.lower() in names:
            problems.append(
                BatchProblem(
                    entry.line,
                    entry.text,
                    "batch.known_name",
                    f"the instance name {entry.instance_name} is already used by another chip",
                    instance_name=entry.instance_name,
                )
            )
    problems.sort(key=lambda problem: problem.line)
    return BatchCheck(tuple(unique), tuple(problems))
