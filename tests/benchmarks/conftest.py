"""The harness lives in bench/ at the repository's root, outside the test path."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
