"""The README tells the truth: every command, option and setting is documented."""

from __future__ import annotations

import argparse
import ast
import json
from pathlib import Path
from typing import Any

from rag.app.cli import _parser
from rag.settings import Settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_readme_starts_with_the_two_commands() -> None:
    head = README[:1500]
    assert "make run" in head and "make test" in head


def test_every_cli_command_and_option_is_in_the_readme() -> None:
    for name, parser in _subcommands().items():
        assert f"rag {name}" in README, name
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in README, f"{name} {option}"


def test_every_setting_is_in_the_readme_with_its_default() -> None:
    for name in Settings.model_fields:
        assert f"RAG_{name.upper()}" in README, name


def test_every_rag_module_is_described() -> None:
    """Each module has a row of the README's module tables, by its path in the package."""
    root = Path(__file__).resolve().parent.parent
    for module in (root / "rag").rglob("*.py"):
        if module.stem != "__main__" and not (
            module.stem == "__init__" and module.parent.name != "rag"
        ):
            assert f"| `{module.relative_to(root).as_posix()}` |" in README, module


def test_every_test_that_needs_the_national_reports_is_listed() -> None:
    needing = [
        f"{module.name}::{node.name}"
        for module in sorted(Path(__file__).resolve().parent.glob("test_*.py"))
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
        and "national_reports" in (a.arg for a in node.args.args)
    ]
    assert needing
    for test in needing:
        assert f"`{test.split('::')[1]}`" in README, test


def _keys(value: object, where: str = "") -> set[str]:
    """Every key path of a JSON value (lists: their first item's)."""
    if isinstance(value, dict):
        return {f"{where}.{k}" for k in value} | {
            p for k, v in value.items() for p in _keys(v, f"{where}.{k}")
        }
    if isinstance(value, list) and value:
        return _keys(value[0], f"{where}[]")
    return set()


def test_the_json_example_has_the_keys_of_a_real_answer(pipeline: Any) -> None:
    example = json.loads(README.split("The JSON object:\n\n```json\n", 1)[1].split("```", 1)[0])
    answer = pipeline.ask(example["question"])
    assert not answer.refused and answer.citations
    assert _keys(example) == _keys(answer.to_json())
