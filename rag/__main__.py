"""`python -m rag` runs the command-line interface."""

from rag.app.cli import main

raise SystemExit(main())
