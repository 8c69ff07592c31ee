"""``viewer annotate``, ``annotations``, ``link``, ``links``, ``orphans`` and ``reimport``.

Thin wrappers over :mod:`viewer.ops.annotations`, the functions the window calls.
Passages are given by quoting them exactly (``--quote``), with ``--occurrence N``
when the quote occurs more than once; offsets printed are code points of
``viewer text DOC``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import click

from viewer.cli import CliContext, cli, pass_ctx
from viewer.core.annotations import Annotation, Link
from viewer.core.palette import PALETTE, RELATIONS

_DOC_HELP = "DOC is a document id or a unique start of its title."


def _doc_id(obj: CliContext, ref: str) -> int:
    from viewer.store.documents import resolve_document

    return resolve_document(obj.store, ref).id


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@cli.command("annotate")
@click.argument("doc")
@click.option("--quote", required=True, help="The exact text to annotate (case included).")
@click.option("--occurrence", type=click.IntRange(min=1),
              help="Which occurrence of the quote, counting from 1, when it occurs more than once.")
@click.option("--note", default="", help="The note: plain text, light Markdown allowed.")
@click.option("--tag", "tags", multiple=True,
              help="A tag; repeat for several. Use / for levels, e.g. policy/recognition.")
@click.option("--color", type=click.Choice(list(PALETTE), case_sensitive=False),
              help="Colour (default: the first tag's colour, else yellow).")
@click.option("--author", help="Author (default: $DIPTYCH_AUTHOR, else your login name).")
@pass_ctx
def annotate_cmd(obj: CliContext, doc: str, quote: str, occurrence: int | None, note: str,
                 tags: tuple[str, ...], color: str | None, author: str | None) -> None:
    """Annotate a passage of a document, found by quoting it.

    DOC is a document id or a unique start of its title. Fails, writing nothing,
    when the quote does not occur or occurs more than once without --occurrence.
    Prints the new annotation's id.
    """
    from viewer.ops.annotations import create_annotation, find_quote

    selection = find_quote(obj.store, _doc_id(obj, doc), quote, occurrence)
    ann = create_annotation(obj.store, selection, note=note, tags=tags, color=color, author=author).value
    click.echo(f"Annotated {ann.passage.start}–{ann.passage.end} of #{ann.passage.doc_id}: {ann.id}")


@cli.command("annotations")
@click.option("--doc", help="Only this document (id or unique start of its title).")
@click.option("--tag", help="Only annotations with this tag or one of its children.")
@click.option("--color", type=click.Choice(list(PALETTE), case_sensitive=False), help="Only this colour.")
@click.option("--text", help="Only annotations whose quote, note or tags contain this text.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of annotation objects.")
@pass_ctx
def annotations_cmd(obj: CliContext, doc: str | None, tag: str | None, color: str | None,
                    text: str | None, as_json: bool) -> None:
    """List annotations, by document and position.

    The JSON objects have id, doc, start, end, quote, prefix, suffix, note, tags,
    color, author, created, modified and status (anchored or orphan); start and end
    are code points of `viewer text DOC`.
    """
    from viewer.ops.annotations import list_annotations

    doc_ids = [_doc_id(obj, doc)] if doc else None
    found = list_annotations(obj.store, doc_ids=doc_ids, tag=tag, color=color, text=text)
    if as_json:
        click.echo(json.dumps([a.to_json() for a in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("No annotations.")
    for a in found:
        _echo_annotation(a)


def _echo_annotation(a: Annotation) -> None:
    p = a.passage
    flag = " ORPHAN" if p.is_orphan else ""
    tags = f" [{', '.join(a.tags)}]" if a.tags else ""
    click.echo(f"{a.id}  #{p.doc_id} {p.start}–{p.end} {a.color}{flag}{tags}  “{_excerpt(p.quote)}”")
    if a.note:
        click.echo(f"    {_excerpt(a.note, 100)}")


@cli.command("link")
@click.argument("doc_a")
@click.argument("doc_b")
@click.option("--quote", "quotes", multiple=True, required=True,
              help="Give twice: the passage in DOC_A, then the passage in DOC_B (exact text).")
@click.option("--occurrence-a", type=click.IntRange(min=1), help="Which occurrence of DOC_A's quote.")
@click.option("--occurrence-b", type=click.IntRange(min=1), help="Which occurrence of DOC_B's quote.")
@click.option("--relation", required=True,
              help=f"How B relates to A: {', '.join(RELATIONS)}, or a short label of your own.")
@click.option("--note", default="", help="A note on the link.")
@click.option("--author", help="Author (default: $DIPTYCH_AUTHOR, else your login name).")
@pass_ctx
def link_cmd(obj: CliContext, doc_a: str, doc_b: str, quotes: tuple[str, ...],
             occurrence_a: int | None, occurrence_b: int | None, relation: str, note: str,
             author: str | None) -> None:
    """Link a passage of one document to a passage of another.

    Usage: viewer link DOC_A --quote TEXT_A DOC_B --quote TEXT_B --relation echoes.
    The first --quote is looked up in DOC_A, the second in DOC_B (ids or unique
    starts of titles). Prints the new link's id.
    """
    from viewer.ops.annotations import find_quote, link_passages

    if len(quotes) != 2:
        raise click.UsageError("Give --quote twice: first the passage in DOC_A, then the one in DOC_B.")
    source = find_quote(obj.store, _doc_id(obj, doc_a), quotes[0], occurrence_a)
    target = find_quote(obj.store, _doc_id(obj, doc_b), quotes[1], occurrence_b)
    link = link_passages(obj.store, source, target, relation=relation, note=note, author=author).value
    click.echo(f"Linked #{source.doc_id} {source.start}–{source.end} {link.relation} "
               f"#{target.doc_id} {target.start}–{target.end}: {link.id}")


@cli.command("links")
@click.option("--doc", help="Only links with an end in this document.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of link objects.")
@pass_ctx
def links_cmd(obj: CliContext, doc: str | None, as_json: bool) -> None:
    """List links between passages, oldest first."""
    from viewer.ops.annotations import list_links

    found = list_links(obj.store, doc_ids=[_doc_id(obj, doc)] if doc else None)
    if as_json:
        click.echo(json.dumps([lk.to_json() for lk in found], ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo("No links.")
    for lk in found:
        _echo_link(lk)


def _echo_link(lk: Link) -> None:
    a, b = lk.passages
    click.echo(f"{lk.id}  {lk.relation}")
    for p in (a, b):
        flag = " ORPHAN" if p.is_orphan else ""
        click.echo(f"    #{p.doc_id} {p.start}–{p.end}{flag}  “{_excerpt(p.quote)}”")


@cli.command("orphans")
@click.option("--doc", help="Only this document.")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: {\"annotations\": [...], \"links\": [...]}.")
@pass_ctx
def orphans_cmd(obj: CliContext, doc: str | None, as_json: bool) -> None:
    """List annotations and links that lost their place when a text was re-imported.

    They are kept with their quote; re-attach them in the window.
    """
    from viewer.ops.annotations import list_orphans

    annotations, links = list_orphans(obj.store, doc_ids=[_doc_id(obj, doc)] if doc else None)
    if as_json:
        click.echo(json.dumps({"annotations": [a.to_json() for a in annotations],
                               "links": [lk.to_json() for lk in links]}, ensure_ascii=False, indent=2))
        return
    if not annotations and not links:
        click.echo("No orphans: every annotation and link has its place.")
    for a in annotations:
        _echo_annotation(a)
    for lk in links:
        _echo_link(lk)


@cli.command("reimport")
@click.argument("doc")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do it without asking first.")
@pass_ctx
def reimport_cmd(obj: CliContext, doc: str, path: Path, yes: bool) -> None:
    """Replace a document's text with a corrected version and re-place its annotations.

    DOC is a document id or a unique start of its title; PATH the corrected file.
    Annotations and links that cannot be placed in the new text become orphans
    (kept, listed by `viewer orphans`), never deleted.
    """
    from viewer.ops.annotations import preview_reimport, reimport_document

    doc_id = _doc_id(obj, doc)
    if not yes:
        plan = preview_reimport(obj.store, doc_id, path)
        if not plan.changed:
            click.echo(f"{path} has the same text as #{doc_id}; nothing to do.")
            return
        click.echo(f"Re-importing replaces the text of #{doc_id}: {_summary(plan.methods)}.")
        click.confirm("Replace it?", abort=True)
    report = reimport_document(obj.store, doc_id, path).value
    if not report.changed:
        click.echo(f"{path} has the same text as #{doc_id}; nothing to do.")
        return
    click.echo(f"Replaced the text of #{doc_id} in {report.seconds:.2f} s: {_summary(report.methods)}.")


def _summary(counts: Mapping[str, int]) -> str:
    placed = sum(n for m, n in counts.items() if m != "orphan")
    return (f"{placed} passage(s) placed ({counts.get('position', 0)} unchanged, "
            f"{counts.get('quote', 0)} found by quote, {counts.get('fuzzy', 0)} by near match), "
            f"{counts.get('orphan', 0)} orphan(s)")
