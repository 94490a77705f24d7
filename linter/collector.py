"""The garbage collector during a command-line run's start-up: importing the engine, building
the linters and loading what is kept between runs make some 100 000 objects that live to the
end of the run, and the collector's passes over them (~60 during start-up) cost ~15 ms of a
one-file check while finding nothing to free.

`pause()` (cli.run, the `govlint` command only) turns the collector off; `resume()` (when the
reports are about to be linted) moves everything made so far out of its reach (gc.freeze: it
all lives to the end of the run, and forked worker processes share those pages untouched) and
turns it on again, with a young generation of LINTING_THRESHOLD objects instead of 700.

Linting a report makes and drops thousands of objects, nearly all freed by their reference
counts; with Python's default the collector passes over the young generation ~1.3 times per
seed report and over 120 reports frees 135 objects, for ~0.5 M instructions (2.5 %) per
report. With 5 000 it passes 7 times less often; the peak memory of a 1 000-file run is the
same (42 MB), since what a pass would free is a few objects per report.
"""
from __future__ import annotations

import gc

# Objects the young generation may hold before a pass while reports are linted.
LINTING_THRESHOLD = 5000

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
        for_linting()
        gc.enable()


def for_linting() -> None:
    """The collector's young-generation threshold for linting (also in spawned workers,
    which start without cli.run)."""
    gc.set_threshold(LINTING_THRESHOLD, *gc.get_threshold()[1:])
