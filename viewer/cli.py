"""The ``viewer`` command: with no subcommand it opens the window; every subcommand is
a thin layer over the same ``viewer.ops`` functions the window calls."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from viewer.core.errors import DiptychError
from viewer.store import Store, default_db_path
from viewer.store.database import ENV_VAR


class CliContext:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db_path)
        return self._store


pass_ctx = click.make_pass_decorator(CliContext)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), envvar=ENV_VAR,
              default=None, help=f"The database file (default: ./data.db, or ${ENV_VAR}).")
@click.version_option(package_name="diptych")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """Diptych: read two eras of writing on one subject side by side.

    With no command, opens the window on the last pair read (the sample pair on a new database).
    """
    ctx.obj = CliContext(db_path or default_db_path())
    if ctx.invoked_subcommand is None:
        from viewer.ui.app import run_app  # Qt loads only when a window is wanted

        sys.exit(run_app(ctx.obj.db_path))


@cli.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--title", help="Title (default: the document's first heading, or its file name).")
@click.option("--author", help="Author or authors.")
@click.option("--publisher", help="Publisher.")
@click.option("--date", help="Date, ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--era", help="Era label shown on the pane, e.g. 'c. 2000'.")
@click.option("--source", help="Source URL or citation (shown, never fetched).")
@pass_ctx
def import_cmd(obj: CliContext, path: Path, **meta: Any) -> None:
    """Import a .txt, .md or .html document into the library."""
    from viewer.ops.documents import import_document

    doc = import_document(obj.store, path, **meta)
    click.echo(f"Imported #{doc.id} “{doc.meta.title}” ({doc.word_count:,} words).")


@cli.command("docs")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@pass_ctx
def docs_cmd(obj: CliContext, as_json: bool) -> None:
    """List the documents in the library."""
    from viewer.store.documents import list_documents

    docs = list_documents(obj.store)
    if as_json:
        rows = [{"id": d.id, "title": d.meta.title, "author": d.meta.author,
                 "publisher": d.meta.publisher, "date": d.meta.date,
                 "date_approximate": d.meta.date_approximate, "era": d.meta.era,
                 "source": d.meta.source, "language": d.meta.language, "format": d.format,
                 "words": d.word_count, "sha256": d.sha256} for d in docs]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not docs:
        click.echo("The library is empty. Add a document with `viewer import PATH`.")
        return
    for d in docs:
        date = ("c. " if d.meta.date_approximate else "") + (d.meta.date or "undated")
        click.echo(f"#{d.id:<4} {date:<12} {d.meta.era:<8} {d.word_count:>8,} words  {d.meta.title}")


@cli.command("text")
@click.argument("doc")
@pass_ctx
def text_cmd(obj: CliContext, doc: str) -> None:
    """Print a document's canonical text exactly (offsets count its code points).

    DOC is a document id or a unique start of its title.
    """
    from viewer.store.documents import resolve_document

    sys.stdout.buffer.write(resolve_document(obj.store, doc).text.encode("utf-8"))


# Topic modules register their subcommands on `cli` as they are imported.
from viewer.commands import load_all  # noqa: E402

load_all()


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``viewer``, ``diptych`` and ``python -m viewer``."""
    try:
        cli.main(args=argv, prog_name="viewer", standalone_mode=False)
    except DiptychError as exc:
        click.echo(f"Error: {exc}", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    return 0
