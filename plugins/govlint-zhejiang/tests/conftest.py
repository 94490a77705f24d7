"""Make the plugin importable when its tests run from a checkout without installing it."""
import sys
from pathlib import Path

try:
    import govlint_zhejiang  # noqa: F401  (installed: nothing to do)
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
