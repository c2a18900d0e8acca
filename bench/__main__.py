"""`python -m bench [--profile quick|full]`: see bench/run.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # support.stripe_events

from bench.run import main

sys.exit(main())
