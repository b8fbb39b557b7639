"""`rasd reindex` and `rasd search`."""

from __future__ import annotations

import json
import re
import time

import click

from rasd.cli import _console, _store, db_option


def _index_or_fail(store):
    from rasd.search import open_index

    idx = open_index(store)
    if idx is None:
        raise click.ClickException(f"the store {store.location} has no local search index")
    return idx


@click.command(name="reindex")
@db_option
def reindex(db: str | None) -> None:
    """Rebuild the search index from the store (it is otherwise kept current by ingest)."""
    t0 = time.perf_counter()
    with _store(db) as store:
        idx = _index_or_fail(store)
        n = idx.rebuild(store, progress=lambda k: click.echo(f"  {k} articles…", err=True))
    click.echo(f"indexed {n} article(s) in {time.perf_counter() - t0:.1f} s → {idx.path}")


@click.command(name="search")
@click.argument("query", nargs=-1)
@click.option("--source", default=None)
@click.option("--since", default=None, metavar="DATE")
@click.option("--until", default=None, metavar="DATE")
@click.option("--entity", default=None, metavar="ENTITY_ID")
@click.option("--story", default=None, metavar="STORY_ID")
@click.option("--lang", default=None)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--all-copies", is_flag=True, help="Show exact copies as results of their own.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per result.")
@db_option
def search_cmd(query: tuple[str, ...], source, since, until, entity, story, lang, sort, limit, offset, all_copies,
               as_json, db) -> None:
    """Full-text search: words (any form: كتاب finds الكتاب), "exact phrases", -excluded, names in any spelling."""
    from rich.markup import escape

    from rasd.search import Filters, search

    with _store(db) as store:
        idx = _index_or_fail(store)
        idx.update(store)
        t0 = time.perf_counter()
        res = search(store, idx, " ".join(query), filters=Filters(source, since, until, entity, story, lang), sort=sort,
                     limit=limit, offset=offset, collapse=not all_copies)
        ms = (time.perf_counter() - t0) * 1000
    if as_json:
        for d in res.as_dicts():
            click.echo(json.dumps(d, ensure_ascii=False))
        return
    out = _console()
    out.print(f"[dim]{res.total} result(s) in {ms:.0f} ms[/]")
    for h in res.hits:
        a = h.article
        extra = f" · {h.copies} copies" if h.copies else ""
        score = f" · {h.score:.2f}" if h.score is not None else ""
        out.print(f"[bold]{escape(a.title or '(no title)')}[/]  [dim]{a.id} · {escape(a.source or '')} · "
                  f"{(a.published or '')[:10]}{score}{extra}[/]")
        # The snippet is HTML for the web; in a terminal, marks become bold and entities are unescaped.
        import html

        text = html.unescape(re.sub(r"</?mark>", "\x00", h.snippet))
        parts = text.split("\x00")
        out.print("  " + "".join(f"[bold yellow]{escape(p)}[/]" if i % 2 else escape(p) for i, p in enumerate(parts)))
