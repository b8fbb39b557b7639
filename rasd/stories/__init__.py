"""Stories: online clustering of articles, with the read API the CLI, the export and the web UI use."""
