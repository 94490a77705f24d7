"""Runs of table rows one empty line apart, each row cell lines only, read at once for the
grammar driver (driver.py, Driver._plain_rows): the rows it would read one by one.

In the text layout most of a table is such rows. Reading each costs a find for its end, a
slice, a split and a count; a run costs one search for its end, one split into its rows and
one count of its line breaks, checked against what the splits found. tests/test_driver.py
checks the tree against the Lark parse on text with such runs and with rows that break them.
"""
from __future__ import annotations

import re

from govlint.syntax.driver_nodes import lf_rows


def row_run(text: str, pos: int, line: int, rows: list, dirty: int):
    """The rows of cell lines only from `pos` on (a TAB, line `line`) that follow each other
    one empty line apart, read at once: one search for where the run ends (an empty line not
    followed by a cell line), then the run split into its rows and each into its cells'
    contents — what _plain_rows does for each row in turn (a find, a slice, a split and a
    count), for all of them. The rows are appended to `rows` up to the first that holds a
    line that is not a cell line (a continuation line; the count of line breaks tells there
    is one). Gives where they end (after the empty line after the last) and its line (None
    when no row is read), and 0, or the end of the run when such a row is in it (`dirty`:
    such a run's end, found before; in it, the rows up to the next such row are read).
    No row is read when no run ends so (at the end of the text) or a CR is in it: each
    row before `dirty` would have the run read again up to its end, and fail."""
    if pos < dirty:
        return _rows_before_break(text, pos, line, rows, dirty)
    m = _RUN_END.search(text, pos)
    if m is None:
        return pos, None, dirty
    stop = m.start()
    run = text[pos + 1:stop]
    if "\r" in run:
        return pos, None, dirty
    chunks = run.split("\n\n\t")
    split = [chunk.split("\n\t") for chunk in chunks]
    # The line breaks between the cells of each row and between the rows: all of the run's
    # when no cell holds one.
    if run.count("\n") == sum(map(len, split)) + len(chunks) - 2:
        return stop + 2, lf_rows(split, pos + 1, line, rows), 0
    bad = _ROW_BREAK.search(text, pos, stop).start()
    good = text.count("\n\n\t", pos, bad)      # the rows before it
    if not good:
        return pos, None, stop
    return text.rfind("\n\n\t", pos, bad) + 2, lf_rows(split[:good], pos + 1, line, rows), stop


def _rows_before_break(text: str, pos: int, line: int, rows: list, stop: int):
    """row_run in a run that ends at `stop` and holds a row that is not cell lines only:
    the rows from `pos` up to the next such row (found by its continuation line)."""
    bad = _ROW_BREAK.search(text, pos, stop)
    if bad is None:
        end = stop
    else:
        end = text.rfind("\n\n\t", pos, bad.start())
        if end == -1:
            return pos, None, stop
    split = [chunk.split("\n\t") for chunk in text[pos + 1:end].split("\n\n\t")]
    return end + 2, lf_rows(split, pos + 1, line, rows), stop


# Where a run of rows ends (row_run): an empty line followed by a line that is not a cell
# line (a prose line, another blank line). At the end of the text rows are read one by one.
_RUN_END = re.compile("\n\n[^\t]")
# A line that is neither a cell line nor empty, after another (in a run of rows: a row's
# continuation line).
_ROW_BREAK = re.compile("\n[^\t\n]")
