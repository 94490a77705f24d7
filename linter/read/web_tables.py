"""Web-page tables on the grid: a <table>'s own rows and cells (not those of a table nested in
a cell), each cell's text on one line, and the rows with colspan read once and rowspan as ""
in each row below (blocks.py's convention)."""
from __future__ import annotations


def own_rows(table) -> list:
    """The table's rows (through thead/tbody/tfoot and whatever else wraps them), not those
    of a table inside one of its cells."""
    rows = []
    for tr in table.iterdescendants("tr"):
        up = tr.getparent()
        while up is not None and up.tag != "table":
            up = up.getparent()
        if up is table:
            rows.append(tr)
    return rows


def row_cells(tr) -> list:
    return [c for c in tr if c.tag in ("td", "th")]


def own_cells(table) -> list:
    return [c for tr in own_rows(table) for c in row_cells(tr)]


def table_rows(table, cell_text) -> list[list[str]]:
    """The table's rows as blocks.py lays them out: a cell spanning columns once, a cell
    spanning rows in its first row and "" in each row below (at its place in the row).
    `cell_text(td)` gives a cell's text on one line."""
    rows = [r for r in own_rows(table) if row_cells(r)]
    count = len(rows)
    out: list[list[str]] = []
    active: list[tuple[int, int, int]] = []     # (first column, columns spanned, last row) of rowspans
    for r, tr in enumerate(rows):
        above = sorted(a for a in active if a[2] >= r)
        active = list(above)
        cells: list[str] = []
        column, i = 0, 0
        for td in row_cells(tr):
            while i < len(above) and above[i][0] <= column:
                cells.append("")
                column = max(column, above[i][0] + above[i][1])
                i += 1
            span = _span(td.get("colspan"), 1000)
            down = _span(td.get("rowspan"), 65534, zero=count)
            cells.append(cell_text(td))
            if down > 1:
                active.append((column, span, min(r + down - 1, count - 1)))
            column += span
        cells.extend("" for _ in above[i:])
        out.append(cells)
    return [row for row in out if row]


def _span(value, limit: int, zero: int | None = None) -> int:
    try:
        n = int(str(value).strip().rstrip(";")) if value is not None else 1
    except ValueError:
        return 1
    if n == 0 and zero is not None:
        return zero
    return max(1, min(n, limit))
