"""CLI: rasd stories | story ID | story move | story split | dups | export-stories."""

from __future__ import annotations

import json

import click

from rasd.cli import _console, _store, _write_jsonl, db_option


@click.command(name="stories")
@click.option("--since", default=None, metavar="DATE", help="Only stories still running on or after this ISO date.")
@click.option("--q", default=None, help="Only stories whose title, key terms or entities contain these words.")
@click.option("--limit", type=click.IntRange(1), default=30, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@db_option
def stories_cmd(since: str | None, q: str | None, limit: int, offset: int, as_json: bool, db: str | None) -> None:
    """Stories, latest first: title, dates, articles, outlets, top entities."""
    from rich.table import Table

    from rasd.stories import list_stories

    with _store(db) as store:
        total, rows = list_stories(store, since=since, q=q, limit=limit, offset=offset)
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
        return
    t = Table(title=f"{total} stor{'y' if total == 1 else 'ies'}", title_justify="left")
    for col in ("story", "first", "last", "articles", "outlets", "title", "entities"):
        t.add_column(col, overflow="fold" if col in ("title", "entities") else "ellipsis", no_wrap=col not in ("title", "entities"))
    for r in rows:
        t.add_row(r["story_id"], r["first_date"] or "", r["last_date"] or "", str(r["article_count"]), str(r["source_count"]),
                  r["title"] or "—", "، ".join(e["name"] for e in r["top_entities"][:3] if e["name"]))
    _console().print(t)
    if offset + len(rows) < total:
        click.echo(f"… {total - offset - len(rows)} more (use --offset {offset + len(rows)})")


class _StoryGroup(click.Group):
    """`rasd story ID` shows a story; `rasd story move|split …` corrects one."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        moved: list[str] = []
        while args and (args[0] == "--db" or args[0].startswith("--db=")):  # `rasd story --db X ID`: --db is the subcommand's
            n = 2 if args[0] == "--db" else 1
            moved, args = moved + args[:n], args[n:]
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        if moved and args and args[0] in self.commands:
            args = [args[0], *moved, *args[1:]]
        elif moved:
            args = moved + args
        return super().parse_args(ctx, args)


@click.group(name="story", cls=_StoryGroup)
def story_group() -> None:
    """Show a story (rasd story ID), or correct the clustering (rasd story move|split)."""


@story_group.command(name="show")
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="The full story object (what the web UI gets).")
@db_option
def story_show(story_id: str, as_json: bool, db: str | None) -> None:
    """Summary, timeline, actors and who said what of a story (id, alias or unique prefix)."""
    from rich.markup import escape

    from rasd.stories import get_story

    with _store(db) as store:
        s = get_story(store, story_id)
    if s is None:
        raise click.ClickException(f"no story {story_id!r} (ids are in `rasd stories`)")
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    out = _console()
    out.print(f"[bold]{escape(s['title'] or '(untitled)')}[/]")
    out.print(f"[dim]{s['story_id']} · {s['first_date'] or '?'} → {s['last_date'] or '?'} · {s['article_count']} article(s) "
              f"from {s['source_count']} outlet(s)" + (f" · aliases {', '.join(s['aliases'])}" if s["aliases"] else "") + "[/]")
    out.print("[dim]volume:[/] " + "  ".join(f"{v['date']}: {v['count']}" for v in s["volume"]))
    if s["top_entities"]:
        out.print("[bold]actors:[/] " + "، ".join(f"{escape(e['name'] or '?')} ({e['type']}, {e['count']})" for e in s["top_entities"]))
    out.print("\n[bold]summary[/]")
    for x in s["summary"]:
        out.print(f"  • {escape(x['text'])} [dim]({x['article_id']} {x['start']}–{x['end']})[/]")
    if s["timeline"]:
        out.print("\n[bold]timeline[/]")
        for x in s["timeline"]:
            out.print(f"  {x['date']}  {escape(x['text'][:220])} [dim]({x['article_id']} {x['start']}–{x['end']})[/]")
    if s["who_said_what"]:
        out.print("\n[bold]who said what[/]")
        for g in s["who_said_what"][:10]:
            out.print(f"  [bold]{escape(g['speaker'])}[/] [dim]{g['speaker_entity_id'] or ''}[/]")
            for st in g["statements"][:5]:
                out.print(f"    {st['date'] or ''} · {escape(st['verb'] or '')}: {escape(st['text'][:200])} [dim]({st['article_id']})[/]")
    out.print("\n[bold]articles[/]")
    for a in s["articles"]:
        copy = f" [dim](copy of {a['duplicate_of']})[/]" if a["duplicate_of"] else ""
        out.print(f"  {a['id']}  {(a['published'] or '')[:16]:16}  {escape(a['source'] or ''):24}  {escape(a['title'] or '—')}{copy}")


@story_group.command(name="move")
@click.argument("article_id")
@click.argument("story_id")
@db_option
def story_move(article_id: str, story_id: str, db: str | None) -> None:
    """Move an article (with its copies) to another story; kept as an override."""
    from rasd.stories.overrides import OverrideError, move

    with _store(db) as store:
        try:
            src, dst = move(store, article_id, story_id)
        except OverrideError as e:
            raise click.ClickException(str(e)) from e
    click.echo(f"moved {article_id} from {src} to {dst}" if src != dst else f"{article_id} is already in {dst}")


@story_group.command(name="split")
@click.argument("story_id")
@click.argument("article_ids", nargs=-1, required=True)
@db_option
def story_split(story_id: str, article_ids: tuple[str, ...], db: str | None) -> None:
    """Split these articles (with their copies) off a story into a new one; kept as an override."""
    from rasd.stories.overrides import OverrideError, split

    with _store(db) as store:
        try:
            new_id = split(store, story_id, list(article_ids))
        except OverrideError as e:
            raise click.ClickException(str(e)) from e
    click.echo(f"new story {new_id} with {len(article_ids)} article(s) split off {story_id}")


@click.command(name="dups")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True)
@db_option
def dups_cmd(article_id: str, as_json: bool, db: str | None) -> None:
    """An article's duplicate group: the canonical article and every copy, with outlets."""
    from rich.markup import escape

    from rasd.dedup import copies_of

    with _store(db) as store:
        g = copies_of(store, article_id)
    if g is None:
        raise click.ClickException(f"no article {article_id!r}")
    if as_json:
        click.echo(json.dumps(g, ensure_ascii=False, indent=1))
        return
    out = _console()
    c = g["canonical"]
    out.print(f"[bold]{escape(c['title'] or '—')}[/]  [dim]carried by {g['outlets']} outlet(s)[/]")
    out.print(f"  canonical {c['id']}  {(c['published'] or '')[:16]:16}  {escape(c['source'] or '')}")
    for x in g["copies"]:
        out.print(f"  copy      {x['id']}  {(x['published'] or '')[:16]:16}  {escape(x['source'] or '')}  {escape(x['title'] or '')}")
    if not g["copies"]:
        out.print("  [dim]no copies[/]")


@click.command(name="export-stories")
@click.argument("out")
@db_option
def export_stories(out: str, db: str | None) -> None:
    """One JSON object per story: {story_id, title, first_date, last_date, article_ids, sources,
    top_entities, summary, timeline}."""
    from rasd.stories import story_object

    with _store(db) as store:
        _write_jsonl(out, (story_object(store, sid, full=False) for sid in list(store.iter_story_ids())), "stories")


COMMANDS = (stories_cmd, story_group, dups_cmd, export_stories)
