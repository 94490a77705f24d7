"""The garbage collector during a command-line run's start-up: importing the engine, building
the linters and loading what is kept between runs make some 100 000 objects that live to the
end of the run, and the collector's passes over them (~60 during start-up) cost ~15 ms of a
one-file check while finding nothing to free.

`pause()` (cli.run, the `govlint` command only) turns the collector off; `resume()` (when the
reports are about to be linted) moves everything made so far out of its reach (gc.freeze: it
all lives to the end of the run, and forked worker processes share those pages untouched) and
turns it on again, so that linting thousands of reports is collected as before.
"""
from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
