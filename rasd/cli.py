"""The `rasd` command line."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections import Counter
from dataclasses import asdict
from typing import Any

import click

from rasd.store import open_store, resolve_location

DB_HELP = "Store: a SQLite file path (default ./data/rasd.db, or $RASD_DB), or a postgresql://user@host/db URL."


def db_option(f):
    """--db on every command as well as on the group, so it can go before or after the command name."""

    @click.option("--db", "db_local", default=None, metavar="PATH", help=DB_HELP)
    @functools.wraps(f)
    def wrapper(*args: Any, db_local: str | None = None, **kwargs: Any):
        ctx = click.get_current_context()
        kwargs["db"] = db_local or (ctx.obj or {}).get("db")
        return f(*args, **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", default=None, metavar="PATH", help=DB_HELP)
@click.version_option(package_name="rasd")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """rasd (رصد): Arabic news monitoring. Ingest raw news, get clean articles."""
    ctx.obj = {"db": db}


def _store(db: str | None):
    try:
        return open_store(db)
    except (NotImplementedError, RuntimeError, OSError) as e:
        raise click.ClickException(f"cannot open store {resolve_location(db)}: {e}") from e


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--source", default=None, help="Set the source of every article in this call.")
@click.option("--published", default=None, metavar="DATE", help="Set the publication date (ISO date or datetime) of every article.")
@click.option("--lang-filter", default=None, metavar="LANG", help="Keep only articles in this language (e.g. ar); others are skipped and reported.")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="Worker processes (default: number of cores).")
@click.option("--field", "field_specs", multiple=True, metavar="ROLE=NAME",
              help="Map a JSON field, e.g. --field text=body --field published=created (roles: text, title, url, source, published, crawled, author, html).")
@click.option("--report-dir", default=None, help="Where to write the run report (default: reports/ beside the store).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--clean-only", is_flag=True, help="Only ingest and clean: skip the annotators (entities, dates).")
@click.option("--update/--no-update", default=True, show_default=True,
              help="Re-process a stored article whose input changed (same source and url or path) and keep the old version.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: a process pool on this machine; ray: Ray Data on $RAY_ADDRESS or a local Ray (extra: .[ray]).")
@click.option("--work-dir", default=None, help="--engine ray: where the Parquet shards between stages go (kept with --keep-work).")
@click.option("--keep-work", is_flag=True, help="--engine ray: keep the Parquet shards after a successful run, to inspect them.")
@db_option
def ingest(paths: tuple[str, ...], source: str | None, published: str | None, lang_filter: str | None,
           workers: int | None, field_specs: tuple[str, ...], report_dir: str | None, quiet: bool, clean_only: bool,
           update: bool, engine: str, work_dir: str | None, keep_work: bool, db: str | None) -> None:
    """Ingest files, folders, globs, zips, JSON/JSONL, WARC and RSS/Atom files."""
    from rasd.ingest.readers import FieldMap
    from rasd.pipeline import ingest as run_ingest

    extra: dict = {}
    if engine == "ray":
        try:
            from rasd.ray_runner import ingest_ray as run_ingest
        except ImportError as e:
            raise click.ClickException(f"--engine ray needs Ray: pip install -e '.[ray]' ({e})") from e
        extra = {"work_dir": work_dir, "keep_work": keep_work}
    fields = FieldMap()
    for spec in field_specs:
        try:
            fields.override(spec)
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--field") from e
    store = _store(db)
    console_err = _console(stderr=True)
    progress = None
    on_progress = None
    if not quiet and console_err.is_terminal:
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        progress = Progress(SpinnerColumn(), TextColumn("ingesting"), BarColumn(bar_width=None, pulse_style="cyan"),
                            TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), console=console_err, transient=True)
        task = progress.add_task("ingest", total=None, stats="")

        def on_progress(c: Counter) -> None:
            progress.update(task, stats=f"{c['read']} read · {c['ingested']} new · {c['already_present']} present · {c['failed']} failed")

        progress.start()
    try:
        report = run_ingest(list(paths), store, source=source, published=published, lang_filter=lang_filter,
                            workers=workers, fields=fields, report_dir=report_dir, on_progress=on_progress,
                            annotate=() if clean_only else None, update=update, **extra)
    except ValueError as e:
        raise click.ClickException(str(e)) from e
    finally:
        if progress is not None:
            progress.stop()
        store.close()
    _print_summary(report, resolve_location(db))


def _article_or_fail(db: str | None, article_id: str):
    with _store(db) as store:
        a = store.get_article(article_id)
    if a is None:
        raise click.ClickException(f"no article {article_id!r} (ids are in `rasd ls`; a unique prefix of 4+ characters works)")
    return a


def _write_jsonl(out: str, rows, what: str) -> None:
    """JSONL to a file or to stdout (`-`), like every export-* command."""
    from rasd.export import open_out

    f, close = open_out(out)
    n = 0
    try:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    finally:
        if close:
            f.close()
    if out != "-":
        click.echo(f"exported {n} {what} to {out}", err=True)


def _console(stderr: bool = False):
    from rich.console import Console

    c = Console(stderr=stderr, highlight=False, soft_wrap=True)
    if not c.is_terminal:
        # Piped output (CI logs, files) gets room for Arabic titles instead of rich's 80 columns.
        c = Console(stderr=stderr, highlight=False, soft_wrap=True, width=160)
    return c


def _print_summary(report, location: str) -> None:
    from rich.table import Table

    c = report.counts
    out = _console()
    t = Table(title=f"ingest run {report.run_id} → {location}", show_header=False, title_justify="left")
    t.add_column(justify="left")
    t.add_column(justify="right")
    rate = c["read"] / report.seconds if report.seconds else 0
    for label, key in (("read", "read"), ("ingested (new)", "ingested"), ("updated (changed input)", "updated"),
                       ("already present (re-ingest)", "already_present"), ("copies of an existing body", "copies"), ("skipped by --lang-filter", "filtered"), ("failed", "failed")):
        t.add_row(label, str(c.get(key, 0)))
    t.add_row("time", f"{report.seconds:.1f} s ({rate:.0f} documents/s)")
    out.print(t)
    if report.failures:
        out.print(f"[bold red]{len(report.failures)} failure(s):[/]")
        for f in report.failures[:30]:
            out.print(f"  [red]✗[/] {f.path}: {f.reason}", markup=True, highlight=False)
        if len(report.failures) > 30:
            out.print(f"  … and {len(report.failures) - 30} more")
    for f in report.skipped[:10]:
        out.print(f"  [yellow]–[/] {f.path}: skipped, {f.reason}")
    if report.report_path:
        out.print(f"report: {report.report_path}")


@main.command(name="ls")
@click.option("--source", default=None, help="Only this source.")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@db_option
def ls(source: str | None, limit: int, offset: int, as_json: bool, db: str | None) -> None:
    """List articles in ingest order."""
    from rich.table import Table

    with _store(db) as store:
        rows = store.list_articles(limit=limit, offset=offset, source=source)
        total = store.count_articles(source)
    if as_json:
        for r in rows:
            click.echo(json.dumps(asdict(r), ensure_ascii=False))
        return
    t = Table(title=f"{total} article(s)" + (f" from {source}" if source else ""), title_justify="left")
    for col in ("id", "source", "published", "lang", "chars", "title"):
        t.add_column(col, overflow="fold" if col == "title" else "ellipsis", no_wrap=col != "title")
    for r in rows:
        title = (r.title or "—") + (f"  [dim](copy of {r.duplicate_of})[/]" if r.duplicate_of else "")
        t.add_row(r.id, r.source or "", (r.published or "")[:16], r.lang or "?", str(r.chars), title)
    _console().print(t)
    if offset + len(rows) < total:
        click.echo(f"… {total - offset - len(rows)} more (use --offset {offset + len(rows)})")


@main.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="The export object instead of the readable view.")
@db_option
def show(article_id: str, as_json: bool, db: str | None) -> None:
    """Show one article: metadata, clean text, and what cleaning removed and why."""
    a = _article_or_fail(db, article_id)
    if as_json:
        click.echo(json.dumps(a.to_export(), ensure_ascii=False, indent=1))
        return
    from rich.markup import escape

    out = _console()
    out.print(f"[bold]{escape(a.title or '(no title)')}[/]")
    for label, val in (("id", a.id), ("source", a.source), ("url", a.url), ("path", a.path),
                       ("published", f"{a.published} ({a.published_source})" if a.published else None),
                       ("language", f"{a.lang} ({a.lang_score})" if a.lang else None), ("encoding", a.encoding),
                       ("copy of", a.duplicate_of)):
        if val:
            out.print(f"[dim]{label:>10}[/] {escape(str(val))}")
    out.print()
    out.print(escape(a.text))
    out.print()
    if a.removed:
        out.print(f"[bold]removed by cleaning ({len(a.removed)}):[/]")
        for r in a.removed:
            out.print(f"  [yellow]{r.reason:<16}[/] {escape(r.text[:160])}")
    else:
        out.print("[dim]cleaning removed nothing[/]")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True)
@click.argument("out")
@db_option
def export(fmt: str, out: str, db: str | None) -> None:
    """Export every article (OUT a file, or - for stdout with jsonl). Schema: docs/schema.md."""
    from rasd.export import write_jsonl, write_parquet

    if fmt == "parquet" and out == "-":
        raise click.BadParameter("parquet cannot go to stdout; give a file name", param_hint="OUT")
    if out != "-":
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with _store(db) as store:
        n = write_jsonl(store, out) if fmt == "jsonl" else write_parquet(store, out)
    if out != "-":
        click.echo(f"exported {n} article(s) to {out}", err=True)


@main.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per expression.")
@db_option
def dates(article_id: str, as_json: bool, db: str | None) -> None:
    """The date and time expressions of one article, resolved against its publication date."""
    from rich.markup import escape
    from rich.table import Table

    a = _article_or_fail(db, article_id)
    if as_json:
        for d in a.dates:
            click.echo(json.dumps(d, ensure_ascii=False))
        return
    ref = f"{a.published} ({a.published_source})" if a.published else "none: relative expressions stay unresolved"
    t = Table(title=f"{len(a.dates)} date expression(s) in {a.id}; reference: {ref}", title_justify="left")
    for col in ("text", "offsets", "granularity", "value", "end", "from", "conf"):
        t.add_column(col)
    for d in a.dates:
        t.add_row(escape(d["text"]), f"{d['start']}–{d['end']}", d["granularity"], d.get("value") or "—",
                  d.get("end_value") or "", d.get("resolved_from") or "", f"{d.get('confidence', 0):.2f}")
    _console().print(t)


def _statement_rows(store, speaker: str | None, since: str | None, q: str | None):
    from rasd.entities.resolve import name_key
    from rasd.text.arabic import normalize

    skey = name_key(speaker) if speaker else None
    ids: set[str] = set()
    if speaker:
        from rasd.entities.catalog import catalog

        # any spelling of any alias names the entity: لارسون finds يوهانس لارسن
        def named(alias: str) -> bool:  # the whole name, or a person's family name alone
            return name_key(alias) == skey or name_key(alias.split()[-1]) == skey

        ids = {e["entity_id"] for e in catalog(store.iter_articles())
               if e["entity_id"] == speaker or any(named(al) for al in e["aliases"])}
    qn = normalize(q) if q else None
    for a in store.iter_articles():
        for st in a.statements:
            if st.get("kind") == "term":
                continue
            if skey and st.get("speaker_entity_id") not in ids and name_key(st.get("speaker") or "") != skey:
                continue
            if since and (st.get("date") or "") < since:
                continue
            if qn and qn not in normalize(st["text"]):
                continue
            yield a, st


@main.command(name="statements")
@click.option("--speaker", default=None, help="A speaker's name (any spelling variant) or entity id.")
@click.option("--since", default=None, metavar="DATE", help="Only statements dated on or after this ISO date.")
@click.option("--q", default=None, help="Only statements containing this text (normalised match).")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@db_option
def statements_cmd(speaker: str | None, since: str | None, q: str | None, limit: int, db: str | None) -> None:
    """Who said what: statements with speaker, verb, date and source article."""
    from rich.markup import escape

    out = _console()
    n = 0
    with _store(db) as store:
        for a, st in _statement_rows(store, speaker, since, q):
            n += 1
            if n > limit:
                continue
            who = st.get("speaker") or "?"
            role = f" ({st['speaker_role']})" if st.get("speaker_role") else ""
            out.print(f"[bold]{escape(who)}[/]{escape(role)} [dim]{st.get('date') or ''} · {escape(st.get('verb') or '')} · "
                      f"{st['kind']} · {a.id}[/]")
            out.print(f"  {escape(st['text'][:300])}")
    out.print(f"[dim]{n} statement(s){' (showing ' + str(limit) + ')' if n > limit else ''}[/]")


@main.command(name="export-statements")
@click.argument("out")
@db_option
def export_statements(out: str, db: str | None) -> None:
    """One JSON object per statement (with its article_id), terms excluded."""
    with _store(db) as store:
        _write_jsonl(out, ({"article_id": a.id, **st} for a, st in _statement_rows(store, None, None, None)),
                     "statements")


@main.group(name="eval")
def eval_group() -> None:
    """Score rasd's components on labelled files."""


@eval_group.command(name="ner")
@click.argument("conll_file", type=click.Path(exists=True, dir_okay=False))
def eval_ner(conll_file: str) -> None:
    """Score the shipped NER tagger on a CoNLL file (`token TAG` lines, ANERcorp tags), tokens as given.

    Logs go to stderr; the last line of stdout is one JSON object with precision, recall, f1,
    per_type (PER, LOC, ORG), misc and tokens_per_s."""
    from rasd.entities.evaluate import evaluate_conll

    res = evaluate_conll(conll_file)
    click.echo(f"scored {conll_file}", err=True)
    click.echo(json.dumps(res, ensure_ascii=False))


@main.command()
@db_option
def info(db: str | None) -> None:
    """What the store holds."""
    with _store(db) as store:
        s = store.stats()
    click.echo(f"store: {resolve_location(db)}")
    for k, v in s.items():
        click.echo(f"  {k}: {v}")


from rasd.entities.cli import entities_cmd, entity_group, export_entities  # noqa: E402

main.add_command(entities_cmd)
main.add_command(entity_group)
main.add_command(export_entities)

from rasd.stories.cli import COMMANDS as _STORY_COMMANDS  # noqa: E402  (stories, story, dups, export-stories)

for _cmd in _STORY_COMMANDS:
    main.add_command(_cmd)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--interval", type=click.FloatRange(0.5, None), default=60.0, show_default=True, help="Seconds between polls.")
@click.option("--polls", type=click.IntRange(1, None), default=None, help="Stop after this many polls (default: run until Ctrl-C).")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="Worker processes per poll (default: number of cores).")
@click.option("--clean-only", is_flag=True, help="Only ingest and clean: skip the annotators.")
@db_option
def watch(targets: tuple[str, ...], interval: float, polls: int | None, workers: int | None, clean_only: bool,
          db: str | None) -> None:
    """Keep ingesting: poll folders (new or changed files) and RSS/Atom feed URLs."""
    from rasd.watch import Watcher, run

    store = _store(db)
    out = _console()
    w = Watcher(store, list(targets), ingest_args={"workers": workers, "annotate": () if clean_only else None})

    def show(results) -> None:
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        for r in results:
            if r.error:
                out.print(f"{stamp} [red]✗[/] {r.target}: {r.error}", highlight=False)
            elif r.report is None:
                out.print(f"{stamp}   {r.target}: nothing new", highlight=False)
            else:
                c = r.report.counts
                out.print(f"{stamp} [green]✓[/] {r.target}: {c['ingested']} new, {c['updated']} updated, "
                          f"{c['already_present']} already present, {c['failed']} failed", highlight=False)
                for f in r.report.failures[:10]:
                    out.print(f"    [red]✗[/] {f.path}: {f.reason}", highlight=False)

    out.print(f"watching {len(targets)} target(s) every {interval:g} s → {resolve_location(db)} (Ctrl-C stops)")
    try:
        run(w, interval, polls=polls, on_poll=show)
    except KeyboardInterrupt:
        out.print("stopped; the next start goes on from here")
    finally:
        store.close()


from rasd.search.cli import reindex, search_cmd  # noqa: E402

main.add_command(reindex)
main.add_command(search_cmd)

from rasd.api.cli import serve  # noqa: E402

main.add_command(serve)

from rasd.alerts.cli import alert_group  # noqa: E402

main.add_command(alert_group)
