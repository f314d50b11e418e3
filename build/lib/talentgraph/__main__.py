"""``python -m talentgraph`` runs the CLI."""

from talentgraph.cli.main import main

main()
