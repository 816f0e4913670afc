"""Refresh evodesk's translation sources from the code, then compile them.

    python scripts/update_translations.py            lupdate + lrelease (run after changing any UI text)
    python scripts/update_translations.py --release  lrelease only (after editing a .ts by hand or in Linguist)

Sources scanned: ``evodesk/app.py`` and every module under ``evodesk/ui/``. Outputs:

- ``resources/translations/evodesk_<lang>.ts`` for pt_BR and en, updated with ``-no-obsolete`` so strings removed
  from the code disappear and new ones arrive as "unfinished" (tests/test_translations.py fails until they are
  translated);
- ``resources/translations/evodesk_<lang>.qm``, compiled with ``-nounfinished`` (an untranslated string shows in
  English rather than empty), bundled by build.spec;
- ``evodesk/translations/evodesk_<lang>.qm``, an identical copy inside the package so an installed wheel finds
  them (package data; see evodesk/_resources.py for the lookup order).

English is the source language: ``evodesk_en.ts`` leaves its translations empty and Qt falls back to the source
text. Only plural messages (``self.tr("%n chip(s)", "", n)``) need English forms there.

lupdate's Python parser only sees ``self.tr("...")`` and ``QCoreApplication.translate("Literal", "...")``
written out in the code. Three forms the code also uses would be lost, so this script finds them with Python's
``ast`` and hands them to lupdate as literal calls in a scratch file:

- ``QCoreApplication.translate(_CTX, "...")`` with a module-level string constant as the context;
- module-level wrappers such as ``def _tr(text): return QCoreApplication.translate(_CTX, text)``, called as
  ``_tr("...")``;
- any of the above inside an f-string (``f"{self.tr('Reason: {reason}')}"``).

Locations are not recorded (``-locations none``): line numbers would change the .ts on every unrelated edit.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
PACKAGE_QM_DIR = ROOT / "evodesk" / "translations"
LANGUAGES = ("pt_BR", "en")
SOURCE_LANGUAGE = "en"
LUPDATE_OPTIONS = ("-no-obsolete", "-locations", "none", "-source-language", SOURCE_LANGUAGE, "-silent")
LRELEASE_OPTIONS = ("-nounfinished", "-silent")


def sources(root: Path = ROOT) -> list[Path]:
    """The files whose strings are translated: the composition root and the Qt user interface."""
    return [root / "evodesk" / "app.py", *sorted((root / "evodesk" / "ui").rglob("*.py"))]


def ts_file(lang: str, folder: Path = TS_DIR) -> Path:
    """``evodesk_<lang>.ts`` in ``folder``."""
    return folder / f"evodesk_{lang}.ts"


def qm_file(lang: str, folder: Path = TS_DIR) -> Path:
    """``evodesk_<lang>.qm`` in ``folder``."""
    return folder / f"evodesk_{lang}.qm"


# -- finding the Qt tools ------------------------------------------------------------------------------------


def tool(name: str) -> str:
    """``pyside6-<name>`` next to this Python (a virtualenv's bin/ or Scripts/), else on PATH."""
    program = f"pyside6-{name}"
    found = shutil.which(program, path=str(Path(sys.executable).parent)) or shutil.which(program)
    if found is None:
        raise SystemExit(f"{program} not found: install PySide6 in this environment")
    return found


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"{Path(command[0]).name} failed ({result.returncode}):\n{result.stdout}{result.stderr}")


# -- what lupdate cannot see ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One translatable call: context, source text, disambiguation and whether it has a count (``%n``)."""

    context: str
    source: str
    disambiguation: str | None = None
    numerus: bool = False
    where: str = ""


def _string(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _is_translate(func: ast.expr) -> bool:
    # QCoreApplication.translate(...), also reached through an instance (app.translate(...)).
    return isinstance(func, ast.Attribute) and func.attr == "translate"


def _module_constants(tree: ast.Module) -> dict[str, str]:
    constants: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = _string(node.value)
            if value is not None:
                constants[node.targets[0].id] = value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            value = _string(node.value)
            if value is not None:
                constants[node.target.id] = value
    return constants


def _wrappers(tree: ast.Module, constants: dict[str, str]) -> dict[str, str]:
    """Module-level ``def f(text): return QCoreApplication.translate(CONTEXT, text)``: name -> context."""
    found: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        parameter = node.args.args[0].arg
        body = [statement for statement in node.body if not isinstance(statement, ast.Expr)]
        if len(body) != 1 or not isinstance(body[0], ast.Return) or not isinstance(body[0].value, ast.Call):
            continue
        call = body[0].value
        if not _is_translate(call.func) or len(call.args) < 2:
            continue
        context = _string(call.args[0])
        if context is None and isinstance(call.args[0], ast.Name):
            context = constants.get(call.args[0].id)
        text = call.args[1]
        if context is not None and isinstance(text, ast.Name) and text.id == parameter:
            found[node.name] = context
    return found


def _walk(
    node: ast.AST, classes: tuple[str, ...] = (), in_fstring: bool = False
) -> Iterator[tuple[ast.AST, str | None, bool]]:
    """Every node with the name of the class it is written in (or None) and whether it is inside an f-string."""
    yield node, (classes[-1] if classes else None), in_fstring
    inner_classes = (*classes, node.name) if isinstance(node, ast.ClassDef) else classes
    inner_fstring = in_fstring or isinstance(node, ast.JoinedStr)
    for child in ast.iter_child_nodes(node):
        yield from _walk(child, inner_classes, inner_fstring)


def _numerus(call: ast.Call, position: int) -> bool:
    return len(call.args) > position or any(keyword.arg == "n" for keyword in call.keywords)


def _disambiguation(call: ast.Call, position: int) -> str | None:
    if len(call.args) > position:
        return _string(call.args[position])
    for keyword in call.keywords:
        if keyword.arg == "disambiguation":
            return _string(keyword.value)
    return None


def translatable_calls(path: Path, root: Path = ROOT) -> Iterator[tuple[Message, bool]]:
    """Every translatable call with literal text in ``path``, and whether lupdate's Python parser misses it."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    constants = _module_constants(tree)
    wrappers = _wrappers(tree, constants)
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    for node, class_name, in_fstring in _walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        where = f"{relative}:{node.lineno}"
        if _is_translate(func) and len(node.args) >= 2:
            context = _string(node.args[0])
            literal_context = context is not None
            if context is None and isinstance(node.args[0], ast.Name):
                context = constants.get(node.args[0].id)
            text = _string(node.args[1])
            if context is not None and text is not None:
                message = Message(context, text, _disambiguation(node, 2), _numerus(node, 3), where)
                yield message, in_fstring or not literal_context
        elif isinstance(func, ast.Attribute) and func.attr == "tr" and node.args and class_name is not None:
            text = _string(node.args[0])
            if text is not None:
                yield Message(class_name, text, _disambiguation(node, 1), _numerus(node, 2), where), in_fstring
        elif isinstance(func, ast.Name) and func.id in wrappers and node.args:
            text = _string(node.args[0])
            if text is not None:
                yield Message(wrappers[func.id], text, where=where), True


def all_messages(paths: Iterable[Path] | None = None, root: Path = ROOT) -> list[Message]:
    """Every translatable message with literal text in the sources, as the running code will look it up."""
    return [message for path in (paths or sources(root)) for message, _missed in translatable_calls(path, root)]


def _python_literal(text: str) -> str:
    # A double-quoted literal lupdate reads back to the same text (it understands the C escapes used here).
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def supplement(paths: Iterable[Path], root: Path = ROOT) -> str:
    """A Python file of literal ``translate`` calls for the messages lupdate's parser misses."""
    lines = [
        "# Generated by scripts/update_translations.py for lupdate; never imported.",
        "from PySide6.QtCore import QCoreApplication",
        "",
    ]
    seen: set[Message] = set()
    for path in paths:
        for message, missed in translatable_calls(path, root):
            key = Message(message.context, message.source, message.disambiguation, message.numerus)
            if not missed or key in seen:
                continue
            seen.add(key)
            args = [_python_literal(message.context), _python_literal(message.source)]
            if message.disambiguation is not None or message.numerus:
                args.append(_python_literal(message.disambiguation) if message.disambiguation is not None else "None")
            if message.numerus:
                args.append("1")
            lines.append(f"QCoreApplication.translate({', '.join(args)})  # {message.where}")
    return "\n".join(lines) + "\n"


# -- lupdate, lrelease ---------------------------------------------------------------------------------------


def update(ts_files: Iterable[Path], root: Path = ROOT) -> None:
    """Run lupdate over the sources (and the supplement) into ``ts_files``, creating them if needed.

    A string that moved to another class (another translation context) keeps its translation: lupdate would
    drop it with the old context and ask for it again in the new one (``carry_over``).
    """
    paths = sources(root)
    with tempfile.TemporaryDirectory(prefix="evodesk-lupdate-") as scratch:
        extra = Path(scratch) / "lupdate_supplement.py"
        extra.write_text(supplement(paths, root), encoding="utf-8")
        for ts in ts_files:
            ts.parent.mkdir(parents=True, exist_ok=True)
            known = finished_translations(ts) if ts.exists() else {}
            command = [tool("lupdate"), *LUPDATE_OPTIONS, *map(str, paths), str(extra), "-ts", str(ts)]
            _run(command)
            if carry_over(ts, known):
                _run(command)  # lupdate writes the file again in its own layout


MessageKey = tuple[str, str, bool]


def _key(message: ElementTree.Element) -> MessageKey:
    return message.findtext("source", ""), message.findtext("comment", ""), message.get("numerus") == "yes"


def finished_translations(ts: Path) -> dict[MessageKey, ElementTree.Element]:
    """The translated messages of ``ts`` by (source, disambiguation, plural), whatever their context."""
    known: dict[MessageKey, ElementTree.Element] = {}
    for message in ElementTree.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.get("type") is None:
            known.setdefault(_key(message), translation)
    return known


def carry_over(ts: Path, known: dict[MessageKey, ElementTree.Element]) -> int:
    """Give each unfinished message of ``ts`` the translation ``known`` has for the same text; returns how many."""
    tree = ElementTree.parse(ts)
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        old = known.get(_key(message))
        if old is None:
            continue
        message[list(message).index(translation)] = copy.deepcopy(old)
        filled += 1
    if filled:
        body = ElementTree.tostring(tree.getroot(), encoding="unicode")
        ts.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8")
    return filled


def release(ts: Path, qm: Path) -> None:
    """Compile one .ts into a .qm."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    _run([tool("lrelease"), *LRELEASE_OPTIONS, str(ts), "-qm", str(qm)])


def main(argv: list[str] | None = None) -> int:
    """Update the .ts files from the code (unless ``--release``), compile them and copy the .qm into the package."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--release", action="store_true", help="only compile the .ts files (no lupdate)")
    args = parser.parse_args(argv)
    if not args.release:
        update([ts_file(lang) for lang in LANGUAGES])
    PACKAGE_QM_DIR.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        qm = qm_file(lang)
        release(ts_file(lang), qm)
        shutil.copyfile(qm, qm_file(lang, PACKAGE_QM_DIR))
    report = [f"{lang}: {unfinished(ts_file(lang))} unfinished" for lang in LANGUAGES]
    print(f"translations updated in {os.path.relpath(TS_DIR)} ({'; '.join(report)})")
    return 0


def unfinished(ts: Path) -> int:
    """How many messages of a .ts still wait for a translation (English counts only plural messages)."""
    count = 0
    for message in ElementTree.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in {"unfinished", "vanished", "obsolete"}:
            if ts.stem.endswith("_en") and message.get("numerus") != "yes":
                continue
            count += 1
    return count


if __name__ == "__main__":
    sys.exit(main())
