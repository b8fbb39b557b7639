"""What a story shows: extractive summary, timeline of dated events, who said what."""

from __future__ import annotations

from rasd.summarise.extractive import summarise
from rasd.summarise.timeline import timeline, who_said_what

__all__ = ["summarise", "timeline", "who_said_what"]
