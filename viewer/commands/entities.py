"""``viewer entities`` (compare two documents' entities) and ``viewer entity ...``
(scripted corrections: merge, split, rename, type, ignore), over ``viewer.ops.entities``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from viewer.cli import CliContext, cli, pass_ctx
from viewer.core.entities.model import TYPES

if TYPE_CHECKING:
    from viewer.ops.entities import Undo
_SECTIONS = (("both", "In both documents"), ("only_a", "Only in A"), ("only_b", "Only in B"))


def _recognise(obj: CliContext, doc_id: int, title: str) -> None:
    """Recognise the document if its mentions are not cached, with progress on stderr."""
    from viewer.ops.entities import ensure_recognised, is_cached

    if is_cached(obj.store, doc_id):
        return
    label = f"Recognising entities in #{doc_id} “{title}”"

    def progress(done: int, total: int) -> None:
        click.echo(f"\r{label}: {100 * done // max(total, 1):3d}%", nl=False, err=True)

    progress(0, 1)
    ensure_recognised(obj.store, doc_id, progress)
    click.echo("", err=True)


@cli.command("entities")
@click.argument("doc_a")
@click.argument("doc_b")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON (documents, entities with mentions and links) instead of a table.")
@click.option("--include-ignored", is_flag=True, help="Also list entities marked as ignored.")
@pass_ctx
def entities_cmd(obj: CliContext, doc_a: str, doc_b: str, as_json: bool,
                 include_ignored: bool) -> None:
    """Compare the people, places, organisations and groups of two documents.

    DOC_A and DOC_B are document ids or unique starts of their titles. Documents
    not yet recognised are recognised first (progress is shown on stderr); later
    runs use the stored result. Mention offsets in --json count code points of
    `viewer text DOC`.
    """
    from viewer.ops.entities import compare, comparison_json
    from viewer.store.documents import resolve_document

    docs = [resolve_document(obj.store, ref) for ref in (doc_a, doc_b)]
    for doc in docs:
        _recognise(obj, doc.id, doc.meta.title)
    comparison = compare(obj.store, docs[0].id, docs[1].id, include_ignored=include_ignored)
    if as_json:
        click.echo(json.dumps(comparison_json(obj.store, comparison), ensure_ascii=False,
                              indent=2))
        return
    click.echo(f"A: #{docs[0].id} {docs[0].meta.title}")
    click.echo(f"B: #{docs[1].id} {docs[1].meta.title}")
    for presence, heading in _SECTIONS:
        rows = [e for e in comparison.entities if e.presence == presence]
        click.echo(f"\n{heading} ({len(rows)})")
        if not rows:
            continue
        click.echo(f"  {'id':>5}  {'type':<12} {'entity':<32} {'A':>4} {'B':>4}  spellings A | B")
        for e in rows:
            a, b = e.counts
            spellings = f"{', '.join(e.spellings(0)) or '-'} | {', '.join(e.spellings(1)) or '-'}"
            flag = " (ignored)" if e.ignored else ""
            click.echo(f"  {e.id:>5}  {e.type:<12} {_cut(e.label + flag, 32):<32} "
                       f"{a:>4} {b:>4}  {spellings}")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.group("entity")
def entity_group() -> None:
    """Correct entities by hand: merge, split, rename, type, ignore.

    ENTITY is an entity id as `viewer entities DOC_A DOC_B` lists it. Corrections
    are kept in the database and win whenever recognition or linking runs again.
    """


def _done(undo: Undo) -> None:
    click.echo(f"{undo.description}: done.")


@entity_group.command("merge")
@click.argument("entity", type=int)
@click.argument("other", type=int)
@pass_ctx
def merge_cmd(obj: CliContext, entity: int, other: int) -> None:
    """Merge entity OTHER into ENTITY: both become one entity."""
    from viewer.ops.entities import merge

    _done(merge(obj.store, entity, other))


@entity_group.command("split")
@click.argument("doc")
@click.argument("start", type=int)
@click.option("--end", type=int, default=None, help="End offset, if two mentions start at START.")
@pass_ctx
def split_cmd(obj: CliContext, doc: str, start: int, end: int | None) -> None:
    """Take the mention at offset START of DOC out of its entity.

    DOC is a document id or title start; START is the mention's start offset in
    code points, as `viewer entities --json` prints it. The mention becomes an
    entity of its own.
    """
    from viewer.ops.entities import split
    from viewer.store.documents import resolve_document
    from viewer.store.entities import find_mention

    doc_id = resolve_document(obj.store, doc).id
    _done(split(obj.store, find_mention(obj.store, doc_id, start, end)))


@entity_group.command("rename")
@click.argument("entity", type=int)
@click.argument("label")
@pass_ctx
def rename_cmd(obj: CliContext, entity: int, label: str) -> None:
    """Give ENTITY the canonical name LABEL."""
    from viewer.ops.entities import rename

    _done(rename(obj.store, entity, label))


@entity_group.command("type")
@click.argument("entity", type=int)
@click.argument("entity_type", metavar="TYPE", type=click.Choice(TYPES, case_sensitive=False))
@pass_ctx
def type_cmd(obj: CliContext, entity: int, entity_type: str) -> None:
    """Set the type of ENTITY: PERSON, PLACE, ORGANISATION or GROUP."""
    from viewer.ops.entities import set_type

    _done(set_type(obj.store, entity, entity_type))


@entity_group.command("ignore")
@click.argument("entity", type=int)
@click.option("--undo", "undo", is_flag=True, help="Show the entity again.")
@pass_ctx
def ignore_cmd(obj: CliContext, entity: int, undo: bool) -> None:
    """Hide ENTITY everywhere (it is not a name worth tracking)."""
    from viewer.ops.entities import ignore

    _done(ignore(obj.store, entity, ignored=not undo))
