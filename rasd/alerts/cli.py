"""`rasd alert add | list | rm | hits | check`."""

from __future__ import annotations

import json

import click

from rasd.cli import _console, _store, db_option


@click.group(name="alert")
def alert_group() -> None:
    """Saved watches, checked as articles arrive (every ingest and `rasd watch` poll)."""


@alert_group.command(name="add")
@click.argument("name")
@click.option("--q", "query", default=None, metavar="TEXT", help='Words (any form), "exact phrases", -excluded.')
@click.option("--entity", default=None, metavar="ID", help="Articles mentioning this entity.")
@click.option("--speaker", default=None, metavar="ID_OR_NAME", help="Statements by this entity, or by a speaker of this name.")
@click.option("--webhook", default=None, metavar="URL", help="POST each hit as JSON to this URL.")
@click.option("--digest", default=None, metavar="DIR", help="Append each hit to DIR/NAME-YYYY-MM-DD.md.")
@click.option("--backfill", is_flag=True, help="Also fire on the articles already stored.")
@db_option
def add_cmd(name: str, query: str | None, entity: str | None, speaker: str | None, webhook: str | None,
            digest: str | None, backfill: bool, db: str | None) -> None:
    """Define alert NAME: exactly one of --q, --entity, --speaker."""
    from rasd.alerts import AlertError, add_alert, check

    given = [(k, v) for k, v in (("q", query), ("entity", entity), ("speaker", speaker)) if v is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --q, --entity, --speaker")
    kind, value = given[0]
    with _store(db) as store:
        try:
            a = add_alert(store, name, kind, value, webhook=webhook, digest=digest, backfill=backfill)
        except AlertError as e:
            raise click.ClickException(str(e)) from e
        if kind == "entity" and not any(r["entity_id"] == value for r in store.load_entities()):
            click.echo(f"note: no entity {value} is known yet; the alert fires when one is", err=True)
        click.echo(f"alert {a['name']}: {kind} {value!r} → {_deliveries(a)}")
        if backfill:
            res = check(store, [name])
            click.echo(f"backfill: {res.fired} hit(s), {res.delivered} delivered, {len(res.failed)} failed")


def _deliveries(a: dict) -> str:
    d = a["deliver"]
    out = [f"webhook {d['webhook']}" if "webhook" in d else "", f"digest {d['digest']}" if "digest" in d else "",
           f"feed /alerts/{a['name']}/feed.atom"]
    return ", ".join(x for x in out if x)


@alert_group.command(name="list")
@click.option("--json", "as_json", is_flag=True)
@db_option
def list_cmd(as_json: bool, db: str | None) -> None:
    """The alerts, with their hit counts."""
    with _store(db) as store:
        alerts = store.alerts()
    if as_json:
        click.echo(json.dumps(alerts, ensure_ascii=False, indent=1))
        return
    out = _console()
    if not alerts:
        out.print("no alerts (rasd alert add NAME --q TEXT)")
    for a in alerts:
        out.print(f"{a['name']}  {a['kind']} {a['value']!r}  {a['hits']} hit(s)  → {_deliveries(a)}", highlight=False, markup=False)


@alert_group.command(name="rm")
@click.argument("name")
@db_option
def rm_cmd(name: str, db: str | None) -> None:
    """Remove an alert and its hits."""
    from rasd.alerts import remove_alert

    with _store(db) as store:
        if not remove_alert(store, name):
            raise click.ClickException(f"no alert {name!r}")
    click.echo(f"removed alert {name}")


@alert_group.command(name="hits")
@click.argument("name")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@db_option
def hits_cmd(name: str, limit: int, as_json: bool, db: str | None) -> None:
    """An alert's hits, newest first, with their delivery state."""
    with _store(db) as store:
        if not any(a["name"] == name for a in store.alerts()):
            raise click.ClickException(f"no alert {name!r}")
        hits = store.alert_hits(name, limit=limit)
    if as_json:
        for h in hits:
            click.echo(json.dumps(h, ensure_ascii=False))
        return
    out = _console()
    for h in hits:
        p = h["payload"]
        a = p["article"]
        what = f"{p['statement'].get('speaker')}: «{p['statement'].get('text')}»" if p.get("statement") else a.get("title")
        state = ", ".join(f"{c} {'ok' if d.get('ok') else d.get('error')}" for c, d in h["delivery"].items())
        out.print(f"{h['fired_at']}  {a['id'][:12]}  {what}" + (f"  [{state}]" if state else ""), highlight=False, markup=False)


@alert_group.command(name="check")
@db_option
def check_cmd(db: str | None) -> None:
    """Check every alert now against what arrived since its last check, and retry failed deliveries."""
    from rasd.alerts import check

    with _store(db) as store:
        res = check(store)
    click.echo(f"{res.fired} new hit(s), {res.delivered} delivered, {len(res.failed)} failed")
    for f in res.failed[:20]:
        click.echo(f"  ✗ {f}", err=True)
