"""The REST API (FastAPI) and `rasd serve`."""

from rasd.api.app import create_app

__all__ = ["create_app"]
