"""The ``viewer`` command: subcommands over the same functions as the window, with help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from viewer.cli import cli, main
from viewer.paths import SEEDS


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append(((*prefix, name), command))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize(("path", "command"), all_commands(cli), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_subcommand_has_help_text(capsys: pytest.CaptureFixture[str], path: tuple[str, ...],
                                        command: click.Command) -> None:
    assert command.help and len(command.help.strip()) > 15, f"viewer {' '.join(path)} needs help text"
    code, out, _ = run(capsys, *path, "--help")
    assert code == 0 and "Usage: viewer" in out


def test_import_docs_and_text_round_trip(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    seed = SEEDS / "2023-cpc-central-asias-careful-engagement-with-the-taliban.txt"
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(seed), "--era", "2023", "--date", "2023-05-02")
    assert code == 0 and "Imported #1" in out
    code, out, _ = run(capsys, "--db", str(db_path), "docs", "--json")
    docs = json.loads(out)
    assert [set(d) >= {"id", "title", "author", "date", "era", "source", "sha256"} for d in docs] == [True]
    assert docs[0]["era"] == "2023" and docs[0]["date"] == "2023-05-02"
    text = subprocess.run([sys.executable, "-m", "viewer", "--db", str(db_path), "text", "1"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    assert text.startswith("CPC - Caspian Policy Center") and "Kassym-Jomart Tokayev" in text


def test_cli_never_adds_the_samples_by_itself(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "docs", "--json")
    assert code == 0 and json.loads(out) == []


def test_db_path_from_the_environment(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "elsewhere.db"
    monkeypatch.setenv("DIPTYCH_DB", str(target))
    note = tmp_path / "note.md"
    note.write_text("# A note\n\nText.", encoding="utf-8")
    assert run(capsys, "import", str(note))[0] == 0
    assert target.exists()


def test_errors_are_one_clear_line_and_exit_non_zero(capsys: pytest.CaptureFixture[str], db_path: Path,
                                                     tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "--db", str(db_path), "import", str(empty))
    assert code == 1 and err.startswith("Error: empty.txt is empty")
    code, _, err = run(capsys, "--db", str(db_path), "text", "missing title")
    assert code == 1 and "No document" in err


def test_console_script_and_module_share_main() -> None:
    from importlib.metadata import entry_points

    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts["viewer"] == "viewer.cli:main"
    out = subprocess.run([sys.executable, "-m", "viewer", "--help"], capture_output=True, text=True, check=True)
    assert "Usage: viewer" in out.stdout
