"""How the server is run: address, upload limit, check processes and their limits, access
control, and the linter's configuration."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from govlint.server.defaults import DEFAULT_MAX_UPLOAD, DEFAULT_TIMEOUT, DEFAULT_WORKER_MEMORY_MB

if TYPE_CHECKING:
    from govlint.config.settings import Config


@dataclass
class ServerSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload: int = DEFAULT_MAX_UPLOAD           # bytes
    # At least two, so that one slow report never holds up the rest, even on one core.
    workers: int = field(default_factory=lambda: max(2, min(4, os.cpu_count() or 1)))
    timeout: float = DEFAULT_TIMEOUT               # seconds one check may take (then 504)
    worker_memory_mb: int = DEFAULT_WORKER_MEMORY_MB   # address-space limit of a check process (0: none)
    recycle_mb: int = 600                          # replace a check process whose resident memory passed this
    max_checks: int = 200                          # replace a check process after this many checks
    max_queue: int = 16                            # requests waiting for a free process; more get 503
    temp_dir: str | None = None                    # None: the system's temporary folder
    config_path: Path | None = None                # govlint.toml used for every request
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    token: str | None = None                       # shared token: header X-Govlint-Token or Authorization: Bearer
    basic_auth: tuple[str, str] | None = None      # (user, password) for HTTP basic authentication

    def load_config(self) -> Config:
        from govlint.config.settings import load_config
        return load_config(self.config_path)

    @property
    def access_control(self) -> bool:
        return bool(self.token or self.basic_auth)
