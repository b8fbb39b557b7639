"""The web UI: server-rendered Jinja2 pages (right to left), static CSS, SVG charts drawn in Python."""
