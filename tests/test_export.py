"""The CSV dialect for pt_BR Excel, and the pasted phone lists of batch onboarding (both Qt-free)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from evodesk.services.batch import check_batch, split_numbers
from evodesk.services.export import CSV_DELIMITER, neutralise, read_csv, write_csv

# -- CSV -------------------------------------------------------------------------------------------------------


def test_utf8_bom_semicolons_crlf_and_a_header(tmp_path: Path) -> None:
    path = tmp_path / "chips.csv"
    moment = datetime(2026, 3, 9, 14, 5, 7, 123456, tzinfo=timezone(timedelta(hours=-3)))
    count = write_csv(
        path,
        ["Telefone", "Perfil", "Desde", "Vazio", "Número"],
        [["5511987654321", "Cobrança; São Paulo", moment, None, 3], ["5521998765432", 'Loja "Centro"', None, "", 0]],
    )
    assert count == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    assert raw.count(b"\r\n") == 3 and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "Telefone;Perfil;Desde;Vazio;Número"
    assert CSV_DELIMITER == ";"
    assert read_csv(path) == [
        ["Telefone", "Perfil", "Desde", "Vazio", "Número"],
        ["5511987654321", "Cobrança; São Paulo", "2026-03-09T14:05:07-03:00", "", "3"],
        ["5521998765432", 'Loja "Centro"', "", "", "0"],
    ]
    # Any csv reader told the delimiter gets the same.
    with path.open(encoding="utf-8-sig", newline="") as stream:
        assert next(csv.reader(stream, delimiter=";"))[1] == "Perfil"


def test_cells_that_would_run_as_formulas_are_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    hostile = [
        '=HYPERLINK("http://x")',
        "+55 11 98765-4321",
        "-1",
        "@SUM(A1)",
        "\tx",
        "safe",
        "'quoted",
        "-2+3+cmd|' /C calc'!A0",
        "+A1",
        "-(1,5)",
        " =x",
    ]
    write_csv(path, [f"c{i}" for i in range(len(hostile))], [hostile])
    row = read_csv(path)[1]
    # Only what a spreadsheet would run as a formula gets the apostrophe: a phone or a signed number is data.
    assert row == [
        '\'=HYPERLINK("http://x")',
        "+55 11 98765-4321",
        "-1",
        "'@SUM(A1)",
        "'\tx",
        "safe",
        "'quoted",
        "'-2+3+cmd|' /C calc'!A0",
        "'+A1",
        "-(1,5)",
        " =x",
    ]
    assert [neutralise(value) for value in hostile] == row
    # Numbers and timestamps are values, not text: never prefixed.
    write_csv(path, ["n", "t"], [[-5, datetime(2026, 1, 1, tzinfo=UTC)]])
    assert read_csv(path)[1] == ["-5", "2026-01-01T00:00:00+00:00"]


def test_a_failed_write_leaves_no_file_behind(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    with pytest.raises(ValueError, match="row 2 has 1 fields"):
        write_csv(path, ["a", "b"], [["1", "2"], ["only one"]])
    assert list(tmp_path.iterdir()) == []
    # An existing file is replaced only by a complete one.
    path.write_text("old", encoding="utf-8")
    with pytest.raises(ValueError):
        write_csv(path, ["a"], [["1", "2"]])
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["broken.csv"]
    with pytest.raises(FileNotFoundError):
        write_csv(tmp_path / "missing" / "x.csv", ["a"], [])


# -- pasted phone lists ------------------------------------------------------------------------------------


def test_numbers_one_per_line_or_separated_by_semicolons_commas_tabs_or_spaces() -> None:
    text = (
        "11 98765-4321\n"
        "+55 (21) 99876-5432; 31988887777 , 41 99777-5001\n"
        "\n"
        "5551981236001 5551981236002\t61 99234-7001\n"
    )
    entries, problems = split_numbers(text)
    assert problems == []
    assert [(entry.line, entry.digits) for entry in entries] == [
        (1, "5511987654321"),
        (2, "5521998765432"),
        (2, "5531988887777"),
        (2, "5541997775001"),
        (4, "5551981236001"),
        (4, "5551981236002"),
        (4, "5561992347001"),
    ]
    assert entries[0].instance_name == "chip-5511987654321"


def test_every_problem_is_found_with_its_line() -> None:
    check = check_batch(
        "11 98765-4321\n12345\n11987654321\n21 99876-5432\nabc\n31 98888-4001\n",
        known_phones={"5521998765432": "loja-rj"},
        known_names=["CHIP-5531988884001"],
    )
    assert not check.ok
    assert [(p.line, p.code) for p in check.problems] == [
        (2, "phone.invalid"),
        (3, "batch.repeated"),
        (4, "batch.known_phone"),
        (5, "phone.characters"),
        (6, "batch.known_name"),
    ]
    repeated = check.problems[1]
    assert repeated.other_line == 1 and repeated.text == "11987654321"
    assert check.problems[2].instance_name == "loja-rj"
    assert check_batch("11 98765-4321\n21 99876-5432").ok
    assert not check_batch("  \n ; , \n").ok
