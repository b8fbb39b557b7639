"""Stories: online clustering of articles (cluster.py), analysts' overrides (overrides.py) and the
read API the CLI, the export and the web UI/REST API use (read.py)."""

from __future__ import annotations

from rasd.stories.read import get_story, list_stories, story_object, story_of

__all__ = ["get_story", "list_stories", "story_object", "story_of"]
