"""Run the evaluation: `python eval/run.py [--compare] [--save NAME] ...`, same as `rag eval`."""

import sys

from rag.app.cli import main

if __name__ == "__main__":
    sys.exit(main(["eval", *sys.argv[1:]]))
