"""Refresh the console's translations: pyside6-lupdate every ui/**/*.py into the .ts files
(existing translations kept), then pyside6-lrelease each .ts into the .qm that ships.

    .venv/bin/python resources/translations/update.py          # update .ts and .qm
    .venv/bin/python resources/translations/update.py --check  # exit 1 when out of date

Then translate what is new (Qt Linguist, or edit the .ts: every message needs a finished
translation; tests/ui/test_translations.py says which are missing) and run it again.

The service layer's refusals (app/messages.py, one English sentence per error code) are
added to the stub under the context ``ErrorMessages``: the console shows every refusal through
this catalogue (ui/widgets/inline_error.py).

lupdate's Python parser misses two idioms the code uses, so a generated stub (listed first)
adds them: a module-level helper ``def _t(text): return QCoreApplication.translate("Ctx",
text)`` called with literals, and ``QCoreApplication.translate(ctx, text, None, n)`` with a
non-literal ``n`` (lupdate drops it, or loses its plural forms).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CATALOG = "iamdesk"
# language → lupdate options: zh_CN carries every message; English is the source language,
# so its catalog carries the plural forms only ("%n key(s)" → "1 key" / "2 keys").
LANGUAGES: dict[str, tuple[str, ...]] = {"zh_CN": (), "en": ("-pluralonly",)}
APP_CLASSES = ("QCoreApplication", "QGuiApplication", "QApplication")
ERROR_CONTEXT = "ErrorMessages"  # ui/widgets/inline_error.py looks refusals up here
WORD_CONTEXT = "ErrorWords"  # and the words that fill their {what}, {field}, {method}, {form}


@dataclass(frozen=True)
class Finding:
    """A place where lupdate's context and PySide6's run-time context may differ."""

    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text}"


def ts_path(language: str) -> Path:
    return HERE / f"{CATALOG}_{language}.ts"


def qm_path(language: str) -> Path:
    return HERE / f"{CATALOG}_{language}.qm"


def sources() -> list[Path]:
    """Every Python file of the console (ui/**/*.py), in a stable order."""
    return sorted(p for p in (ROOT / "ui").rglob("*.py") if "__pycache__" not in p.parts)


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease beside this Python (the venv), else on PATH."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return found


# --- what lupdate's Python parser misses ---------------------------------------------------


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _is_translate(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "translate"
        and isinstance(func.value, ast.Name)
        and func.value.id in APP_CLASSES
    )


def _helpers(tree: ast.Module) -> dict[str, str]:
    """Module-level ``def h(text): return QCoreApplication.translate("Ctx", text)`` → h: Ctx."""
    found: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        param = node.args.args[0].arg
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Return)
                and isinstance(stmt.value, ast.Call)
                and _is_translate(stmt.value)
                and len(stmt.value.args) >= 2
                and isinstance(stmt.value.args[1], ast.Name)
                and stmt.value.args[1].id == param
            ):
                context = _literal(stmt.value.args[0])
                if context is not None:
                    found[node.name] = context
    return found


def _marked_names(tree: ast.Module) -> set[str]:
    """Module-level names bound to ``QT_TR_NOOP(...)``/``QT_TRANSLATE_NOOP(...)`` (lupdate
    sees those texts where they are marked)."""
    names = set()
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id.startswith(("QT_TR_NOOP", "QT_TRANSLATE_NOOP"))
        ):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _py(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def scan(files: list[Path]) -> tuple[list[str], list[Finding]]:
    """The stub lines lupdate needs beside the sources, and the calls whose context lupdate
    cannot know (``obj.tr(...)`` on a variable, ``self.tr(variable)``)."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in files}
    module_of = {".".join(path.relative_to(ROOT).with_suffix("").parts): path for path in files}
    helpers = {path: _helpers(tree) for path, tree in trees.items()}
    lines: list[str] = []
    findings: list[Finding] = []
    for path, tree in trees.items():
        known = dict(helpers[path])
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in module_of:
                imported = helpers[module_of[node.module]]
                for alias in node.names:
                    if alias.name in imported:
                        known[alias.asname or alias.name] = imported[alias.name]
        class_names = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
        marked = _marked_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in known:
                text = _literal(node.args[0]) if node.args else None
                if text is not None:
                    lines.append(f"QCoreApplication.translate({_py(known[func.id])}, {_py(text)})")
                else:
                    findings.append(Finding(path, node.lineno, f"{func.id}() of a non-literal"))
            elif _is_translate(node) and len(node.args) >= 4:
                context, text = _literal(node.args[0]), _literal(node.args[1])
                if context is not None and text is not None:
                    comment = _literal(node.args[2]) or ""
                    lines.append(
                        f"QCoreApplication.translate({_py(context)}, {_py(text)}, "
                        f"{_py(comment)}, 1)"
                    )
            elif isinstance(func, ast.Attribute) and func.attr == "tr":
                owner = func.value
                if (
                    isinstance(owner, ast.Name)
                    and owner.id != "self"
                    and (owner.id not in class_names)
                ):
                    message = (
                        f"{owner.id}.tr(): lupdate files this under context {owner.id!r}, "
                        "but PySide6 looks it up under the object's class names"
                    )
                    findings.append(Finding(path, node.lineno, message))
                elif (
                    node.args
                    and _literal(node.args[0]) is None
                    and not (isinstance(node.args[0], ast.Name) and node.args[0].id in marked)
                ):
                    message = "tr() of a non-literal: lupdate cannot see the text"
                    findings.append(Finding(path, node.lineno, message))
    return sorted(set(lines)), findings


# --- lupdate / lrelease ---------------------------------------------------------------------


def error_lines() -> list[str]:
    """A translate() line per refusal sentence of the service layer's catalogue."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from app.messages import CATALOGUE, WORDS

    return [
        f"QCoreApplication.translate({_py(ERROR_CONTEXT)}, {_py(text)})"
        for text in sorted(set(CATALOGUE.values()))
    ] + [f"QCoreApplication.translate({_py(WORD_CONTEXT)}, {_py(word)})" for word in WORDS]


def lupdate(ts_file: Path, language: str, *, silent: bool = True) -> None:
    """Merge what the sources say now into ``ts_file`` (created when missing)."""
    files = sources()
    stub_lines, _ = scan(files)
    stub_lines = error_lines() + stub_lines
    with tempfile.TemporaryDirectory(prefix="iamdesk-lupdate-") as folder:
        stub = Path(folder) / "lupdate_stub.py"
        stub.write_text(
            "from PySide6.QtCore import QCoreApplication\n\n" + "\n".join(stub_lines) + "\n",
            encoding="utf-8",
        )
        listing = Path(folder) / "sources.lst"
        # The stub goes first: for a message found twice, lupdate keeps the first one's form.
        listing.write_text("\n".join(str(p) for p in (stub, *files)) + "\n", encoding="utf-8")
        command = [tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete"]
        command += ["-source-language", "en", "-target-language", language]
        command += [*LANGUAGES[language], f"@{listing}", "-ts", str(ts_file)]
        if silent:
            command.insert(1, "-silent")
        subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 (our own tool and paths)


def lrelease(ts_file: Path, qm_file: Path, *, silent: bool = True) -> None:
    command = [tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)]
    if silent:
        command.insert(1, "-silent")
    subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 (our own tool and paths)


def update(*, silent: bool = False) -> None:
    for language in LANGUAGES:
        lupdate(ts_path(language), language, silent=silent)
        lrelease(ts_path(language), qm_path(language), silent=silent)


def _same(made: Path, committed: Path) -> bool:
    return committed.exists() and made.read_bytes() == committed.read_bytes()


def check() -> list[str]:
    """What update() would change, as lines for a human (empty: all up to date)."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="iamdesk-check-") as folder:
        for language in LANGUAGES:
            ts = Path(folder) / ts_path(language).name
            qm = Path(folder) / qm_path(language).name
            if ts_path(language).exists():
                shutil.copyfile(ts_path(language), ts)
            lupdate(ts, language)
            if not _same(ts, ts_path(language)):
                problems.append(f"{ts_path(language).name} differs from what lupdate finds")
            lrelease(ts_path(language), qm)
            if not _same(qm, qm_path(language)):
                problems.append(f"{qm_path(language).name} is not its .ts compiled")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 when a file is out of date"
    )
    args = parser.parse_args(argv)
    _, findings = scan(sources())
    for finding in findings:
        print(f"warning: {finding}", file=sys.stderr)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"run: python {Path(__file__).relative_to(ROOT)}", file=sys.stderr)
        return 1 if problems else 0
    update()
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    sys.exit(main())
