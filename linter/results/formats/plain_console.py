"""--format text without colour, written without rich: importing rich.console is ~25 ms of a
one-file check's start-up, and without colour all it does for the text format is write each
line. PlainConsole and PlainText are the part of rich's Console and Text that text_format.py
uses, and write what rich writes for a Console(no_color=True, color_system=None,
soft_wrap=True, highlight=False, emoji=False) printing a Text: the text and a line ending,
one write and a flush per print; a broken pipe ends the run as rich ends it.

What rich changes in a text — it strips the control characters BEL, BS, VT, FF and CR and
expands TABs by the cell widths of the characters before them — is left to rich itself: a
line holding one of those is printed by a rich Console made on first need. So is all output
in a Jupyter kernel (rich displays it there) and on Windows (its legacy console is written
through the Win32 API). tests/test_outputs.py compares the two on generated findings.
"""
from __future__ import annotations

import builtins
import os
import sys

# Characters rich would strip (rich.control.STRIP_CONTROL_CODES) or expand (TAB).
_RICH_ONLY = frozenset("\x07\x08\x0b\x0c\r\t")


class PlainText:
    """The plain text of what text_format.py builds as a rich Text; styles are dropped (they
    show nothing without colour)."""

    __slots__ = ("plain",)

    def __init__(self, text: str = "", style: str = ""):
        self.plain = text

    def append(self, text: str, style: str = "") -> "PlainText":
        self.plain += text
        return self


class PlainConsole:
    no_color = True

    def __init__(self, stream):
        self.file = stream
        self._rich = None

    def print(self, text: PlainText) -> None:
        plain = text.plain
        if _RICH_ONLY.isdisjoint(plain):
            try:
                self.file.write(plain + "\n")
                self.file.flush()
                return
            except BrokenPipeError:
                broken = True
            except UnicodeEncodeError:     # nothing was written: rich raises it with its hint
                broken = False
            if broken:
                # As rich's Console.on_broken_pipe: standard output to the null device, exit 1.
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
                raise SystemExit(1)
        self._rich_console().print(_rich_text(plain))

    def _rich_console(self):
        if self._rich is None:
            self._rich = rich_console(self.file, plain=True)
        return self._rich


def usable() -> bool:
    """Whether PlainConsole writes exactly what rich would here (see the module's docstring)."""
    return sys.platform != "win32" and not hasattr(builtins, "get_ipython")


def rich_console(stream, plain: bool):
    from rich.console import Console
    return Console(file=stream, no_color=plain, highlight=False, soft_wrap=True,
                   force_terminal=not plain, emoji=False, color_system=None if plain else "standard")


def _rich_text(plain: str):
    from rich.text import Text
    return Text(plain)
