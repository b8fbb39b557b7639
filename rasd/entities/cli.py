"""`rasd entities`, `rasd entity …` and `rasd export-entities`: the entity table and analysts' corrections."""

from __future__ import annotations

from collections import Counter

import click

from rasd.cli import _console, _store, _write_jsonl, db_option


@click.command(name="entities")
@click.option("--type", "type_", type=click.Choice(["PER", "ORG", "LOC", "MISC"]), default=None)
@click.option("--top", type=click.IntRange(1), default=30, show_default=True)
@click.option("--rebuild", is_flag=True,
              help="Recompute the entity table from every stored mention, in the store's order (overrides kept).")
@db_option
def entities_cmd(type_: str | None, top: int, rebuild: bool, db: str | None) -> None:
    """The most mentioned entities (people, organisations, places), variants merged."""
    from rich.markup import escape
    from rich.table import Table

    from rasd.entities import registry

    with _store(db) as store:
        if rebuild:
            err = _console(stderr=True)
            reg = registry.rebuild(store, on_progress=lambda n: err.print(f"[dim]{n} articles…[/]"))
            err.print(f"rebuilt: {len(reg.records)} entities")
        else:
            reg = registry.table(store)
    ents = [e for e in reg.exports() if not type_ or e["type"] == type_]
    t = Table(title=f"{len(ents)} entities" + (f" of type {type_}" if type_ else ""), title_justify="left")
    for col in ("entity_id", "type", "name", "mentions", "articles", "roles", "aliases"):
        t.add_column(col, overflow="fold" if col in ("aliases", "roles") else "ellipsis")
    for e in ents[:top]:
        others = [a for a in e["aliases"] if a != e["name"]]
        t.add_row(e["entity_id"], e["type"], escape(e["name"]), str(e["mention_count"]), str(e["article_count"]),
                  escape("، ".join(e["roles"][:2])), escape("، ".join(others[:6])))
    _console().print(t)


class _EntityGroup(click.Group):
    """`rasd entity ID_OR_NAME` shows an entity; `rasd entity merge|split|rename …` corrects one."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group(name="entity", cls=_EntityGroup)
def entity_group() -> None:
    """One entity (`rasd entity ID_OR_NAME`: aliases, roles, articles, co-occurring entities), or a
    correction: `rasd entity merge A B`, `rasd entity split ID ALIAS`, `rasd entity rename ID NAME`.
    Corrections are stored as overrides and survive `rasd entities --rebuild` and later ingests."""


@entity_group.command(name="show")
@click.argument("id_or_name")
@db_option
def entity_show(id_or_name: str, db: str | None) -> None:
    """Show an entity by id or by any of its names (any spelling)."""
    from rich.markup import escape

    from rasd.entities import registry

    with _store(db) as store:
        reg = registry.table(store)
        match = reg.find(id_or_name)
        if not match:
            raise click.ClickException(f"no entity {id_or_name!r} (see `rasd entities`)")
        out = _console()
        for rec in match[:5]:
            e = rec.export()
            out.print(f"[bold]{escape(e['name'])}[/]  {e['type']}  {e['entity_id']}  "
                      f"({e['mention_count']} mentions in {e['article_count']} articles)")
            out.print("  aliases: " + escape("، ".join(e["aliases"])))
            if e["roles"]:
                out.print("  roles: " + escape("، ".join(e["roles"])))
            co: Counter = Counter()
            shown = 0
            for a in store.iter_articles():
                ids = {m.get("entity_id") for m in a.entities}
                if rec.entity_id in ids:
                    if shown < 20:
                        out.print(f"  [dim]{a.id}[/] {escape(a.title or '')}")
                    shown += 1
                    co.update(ids - {rec.entity_id, None})
            if shown > 20:
                out.print(f"  [dim]… {shown - 20} more article(s)[/]")
            if co:
                names = {i: reg.records[i].name for i, _ in co.most_common(8) if i in reg.records}
                out.print("  with: " + escape("، ".join(f"{names[i]} ({n})" for i, n in co.most_common(8) if i in names)))


def _correct(db: str | None, fn, *args: str) -> None:
    from rasd.entities import registry

    with _store(db) as store:
        try:
            rec = getattr(registry, fn)(store, *args)
        except KeyError as e:
            raise click.ClickException(str(e.args[0])) from e
        e = rec.export()
    click.echo(f"{e['entity_id']}  {e['type']}  {e['name']}  ({e['mention_count']} mentions in {e['article_count']} articles)")


@entity_group.command(name="merge")
@click.argument("a")
@click.argument("b")
@db_option
def entity_merge(a: str, b: str, db: str | None) -> None:
    """Merge entity B into entity A (ids or names)."""
    _correct(db, "merge", a, b)


@entity_group.command(name="split")
@click.argument("entity_id")
@click.argument("alias")
@db_option
def entity_split(entity_id: str, alias: str, db: str | None) -> None:
    """Take the mentions of ENTITY_ID written ALIAS out into an entity of their own."""
    _correct(db, "split", entity_id, alias)


@entity_group.command(name="rename")
@click.argument("entity_id")
@click.argument("name")
@db_option
def entity_rename(entity_id: str, name: str, db: str | None) -> None:
    """Give an entity the name analysts want shown and exported."""
    _correct(db, "rename", entity_id, name)


@click.command(name="export-entities")
@click.argument("out")
@db_option
def export_entities(out: str, db: str | None) -> None:
    """One JSON object per entity: {entity_id, name, type, aliases, roles, mention_count, article_count}."""
    from rasd.entities import registry

    with _store(db) as store:
        ents = registry.table(store).exports()
    _write_jsonl(out, ents, "entities")
