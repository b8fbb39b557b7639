"""`rasd serve`: the API and the web pages on one port."""

from __future__ import annotations

import click

from rasd.cli import db_option
from rasd.store import resolve_location


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@db_option
def serve(host: str, port: int, db: str | None) -> None:
    """Serve the web UI and the REST API (OpenAPI at /openapi.json)."""
    import uvicorn

    from rasd.api.app import create_app

    app = create_app(db)
    click.echo(f"rasd: serving {resolve_location(db)} on http://{host}:{port}/  (API: http://{host}:{port}/openapi.json)",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
