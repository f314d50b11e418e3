"""The planners' web app (pages under /app, served by ``talentgraph serve`` beside the API):
see app.py for how it is mounted, docs/web.md for what it shows and why it is built so."""
