"""``viewer export`` and ``viewer import-annotations``.

Thin wrappers over :mod:`viewer.ops.export`, the functions the Export dialog calls.
"""

from __future__ import annotations

from pathlib import Path

import click

from viewer.cli import CliContext, cli, pass_ctx

# The core's list, spelled out so that --help needs no import of the exporters.
_FORMATS = ("md", "html", "csv", "xlsx", "jsonld", "qdpx")


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), required=True,
              help="md: a Markdown brief; html: one self-contained page; csv/xlsx: a table, one row "
                   "per annotation; jsonld: W3C Web Annotations; qdpx: a REFI-QDA project for "
                   "ATLAS.ti, MAXQDA, NVivo or QualCoder.")
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write (replaced whole, only once it is complete).")
@click.option("--doc", "docs", multiple=True,
              help="Only annotations of this document (id or unique start of its title); repeat for several.")
@click.option("--tag", "tags", multiple=True,
              help="Only annotations with this tag or one of its children; repeat for several.")
@click.option("--group-by", type=click.Choice(("tag", "document")), default="document", show_default=True,
              help="How md and html group the excerpts.")
@click.option("--context", type=click.IntRange(min=0), default=80, show_default=True,
              help="Characters of context shown before and after each quote.")
@click.option("--sheets", type=click.Choice(("single", "document")), default="single", show_default=True,
              help="xlsx: one sheet, or a sheet per document.")
@click.option("--title", default="Annotated excerpts", show_default=True, help="Title of the brief or project.")
@pass_ctx
def export_cmd(obj: CliContext, fmt: str, path: Path, docs: tuple[str, ...], tags: tuple[str, ...],
               group_by: str, context: int, sheets: str, title: str) -> None:
    """Export annotated excerpts, with their notes, tags, entities and links.

    Without --doc or --tag, every annotation in the library is exported.
    """
    from viewer.ops.export import Scope, export_annotations, export_options
    from viewer.store.documents import resolve_document

    doc_ids = [resolve_document(obj.store, d).id for d in docs] or None
    options = export_options(obj.store, format=fmt, group_by=group_by, context=context,
                             xlsx_sheets=sheets, title=title)
    count = export_annotations(obj.store, options, path, Scope(doc_ids=doc_ids, tags=tags))
    click.echo(f"Exported {count} annotation(s) to {path}.")


@cli.command("import-annotations")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def import_annotations_cmd(obj: CliContext, path: Path) -> None:
    """Import annotations and links from a .jsonld or .qdpx file exported by Diptych.

    Documents are matched by their text, whatever their id or title here; a .qdpx
    carries its texts, so documents missing here are added. Annotations already in
    the library (same id) are left as they are, so importing twice changes nothing.
    All of the file is imported, or none of it.
    """
    from viewer.ops.export import import_annotations

    click.echo(import_annotations(obj.store, path).summary())
