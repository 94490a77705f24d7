"""The server's default limits, apart from settings.py so that the command line can show them
in `govlint --help` without importing the server's settings (dataclasses, pathlib): every
`govlint` command builds the parser that holds the serve options."""
from __future__ import annotations

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
# A 300-page report checks in a few seconds (a .txt in ~3 s, a .docx in well under a minute on
# a slow office PC); two minutes leaves room for a busy machine and a slow first check.
DEFAULT_TIMEOUT = 120.0
# Address space of a check process: a 300-page .docx takes ~300 MB; a decompression bomb
# that the reader's [limits] would let through stops here instead of taking the machine.
DEFAULT_WORKER_MEMORY_MB = 1536
