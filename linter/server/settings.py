"""How the server is run: address, upload limit, workers, and the linter's configuration."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from govlint.config.settings import Config, load_config

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024


@dataclass
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload: int = DEFAULT_MAX_UPLOAD           # bytes
    # At least two, so that one slow report never holds up the rest, even on one core.
    workers: int = field(default_factory=lambda: max(2, min(4, os.cpu_count() or 1)))
    temp_dir: str | None = None                    # None: the system's temporary folder
    config_path: Path | None = None                # govlint.toml used for every request
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)

    def load_config(self) -> Config:
        return load_config(self.config_path)
