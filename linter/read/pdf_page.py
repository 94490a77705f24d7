"""One PDF page as pdfplumber gives it (or pdf_pdfium.PdfiumPage, in the same shape), made
into a PdfPage: characters grouped into lines, ruled tables read into grids, and a seal's
ring of turned characters set apart and read clockwise (see pdf.py)."""
from __future__ import annotations

import statistics

from govlint.read.blocks import ArtifactBlock, Place
from govlint.read.pdf_text import (CLOSING, LATIN_RUN, PdfCell, PdfGrid, PdfLine, PdfPage, clean_text, is_garbled,
                                   join_text)

# ---------------------------------------------------------------- one page
def _is_rotated(c: dict) -> bool:
    if not c.get("upright", True):
        return True
    m = c.get("matrix") or (1, 0, 0, 1, 0, 0)
    a, b = m[0], m[1]
    return abs(b) > 0.05 * max(abs(a), 1e-6)


def _is_red(c: dict) -> bool:
    color = c.get("non_stroking_color")
    if not isinstance(color, (tuple, list)):
        return False
    try:
        v = [float(x) for x in color]
    except (TypeError, ValueError):
        return False
    if len(v) == 3:
        return v[0] > 0.55 and v[1] < 0.35 and v[2] < 0.35
    if len(v) == 4:
        return v[1] > 0.6 and v[2] > 0.5 and v[0] < 0.3 and v[3] < 0.3
    return False


def read_page(page) -> PdfPage:
    number = page.page_number
    out = PdfPage(number, float(page.width), float(page.height))
    chars = [c for c in page.chars if c["text"] and not c["text"].isspace()]
    out.chars = len(chars)
    out.garbled = sum(1 for c in chars if is_garbled(c["text"]))
    out.cjk = sum(1 for c in chars if "\u4e00" <= c["text"][0] <= "\u9fff")
    area = out.width * out.height
    images = page.images
    out.images = len(images)
    image_area = sum(max(0.0, (i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in images)
    out.scanned = len(chars) < 20 and image_area > 0.4 * area
    if not chars:
        return out
    grids: list[PdfGrid] = []
    try:
        tables = page.find_tables() if (page.lines or page.rects or page.curves) else []
    except Exception:   # a degenerate drawing: read the page as text
        tables = []
    for table in tables:
        grid, rest = _grid(table, chars, number)
        if grid is None:
            continue
        chars = rest
        grids.append(grid)
    chars, seal = _split_seal(chars)
    if seal:
        text = _seal_text(seal, [c for c in seal if _is_rotated(c)])
        if text:
            out.artifacts.append(ArtifactBlock("seal", text, Place(page=number)))
    lines = _lines(chars, number)
    out.items = sorted(lines + grids, key=lambda item: (item.top, not isinstance(item, PdfGrid), item.x0))
    return out


def _angle(c: dict) -> int:
    import math
    m = c.get("matrix") or (1, 0, 0, 1, 0, 0)
    return round(math.degrees(math.atan2(m[1], m[0])) / 5) * 5


def _split_seal(chars: list[dict]) -> tuple[list[dict], list[dict]]:
    """The characters of a seal apart from the rest (characters in tables are not offered):
    a ring of characters turned to several angles, or red turned characters, with the red
    characters inside the ring. Text turned by one angle only (sideways text) is not a seal."""
    rotated = [c for c in chars if _is_rotated(c)]
    if not rotated:
        return chars, []
    red = [c for c in rotated if _is_red(c)]
    ring = len({_angle(c) for c in rotated}) >= 3 and len(rotated) >= 3
    if not ring and len(red) < max(1, 0.8 * len(rotated)):
        return chars, []
    x0 = min(c["x0"] for c in rotated) - 20
    x1 = max(c["x1"] for c in rotated) + 20
    top = min(c["top"] for c in rotated) - 20
    bottom = max(c["bottom"] for c in rotated) + 20
    ids = {id(c) for c in rotated}
    ids.update(id(c) for c in chars if _is_red(c) and x0 <= c["x0"] and c["x1"] <= x1
               and top <= c["top"] and c["bottom"] <= bottom)
    return [c for c in chars if id(c) not in ids], [c for c in chars if id(c) in ids]


def _centre(c: dict) -> tuple[float, float]:
    return (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2


def _circle(points: list[tuple[float, float]]) -> tuple[float, float, float] | None:
    """The circle through points, least squares (x² + y² + Dx + Ey + F = 0)."""
    sx = sy = sxx = syy = sxy = sz = szx = szy = 0.0
    n = len(points)
    for x, y in points:
        z = x * x + y * y
        sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; sz += z; szx += z * x; szy += z * y
    m = [[sxx, sxy, sx], [sxy, syy, sy], [sx, sy, float(n)]]
    v = [-szx, -szy, -sz]

    def det(a):
        return (a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]))
    d = det(m)
    if n < 3 or abs(d) < 1e-9:
        return None
    solution = []
    for i in range(3):
        mi = [row[:] for row in m]
        for r in range(3):
            mi[r][i] = v[r]
        solution.append(det(mi) / d)
    cx, cy = -solution[0] / 2, -solution[1] / 2
    r2 = cx * cx + cy * cy - solution[2]
    return (cx, cy, r2 ** 0.5) if r2 > 0 else None


def _seal_text(seal: list[dict], rotated: list[dict]) -> str:
    """A seal's text: the ring read clockwise from the gap at its foot, then the text inside
    the ring line by line."""
    import math
    circle = _circle([_centre(c) for c in rotated]) if len(rotated) >= 3 else None
    if circle is None:
        ring, inner = rotated, [c for c in seal if not _is_rotated(c)]
        cx = sum(_centre(c)[0] for c in seal) / len(seal)
        cy = sum(_centre(c)[1] for c in seal) / len(seal)
    else:
        cx, cy, radius = circle
        ring = [c for c in seal if math.dist(_centre(c), (cx, cy)) > 0.75 * radius]
        inner = [c for c in seal if math.dist(_centre(c), (cx, cy)) <= 0.75 * radius]
    text = ""
    if ring:
        # the angle clockwise on the page (y grows downwards), 0 at the top
        angled = sorted(((math.atan2(_centre(c)[0] - cx, cy - _centre(c)[1]) % (2 * math.pi), id(c), c) for c in ring))
        gaps = [((angled[(i + 1) % len(angled)][0] - a) % (2 * math.pi), i) for i, (a, _, _) in enumerate(angled)]
        start = (max(gaps)[1] + 1) % len(angled) if len(angled) > 1 else 0
        text = "".join(c["text"] for _, _, c in angled[start:] + angled[:start])
    for line in _lines(inner, 0):
        text = join_text(text, line.text)
    return clean_text(text)


def _cluster(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    best = min(range(len(bounds)), key=lambda i: abs(bounds[i] - v))
    return best


def _grid(table, chars: list[dict], page: int) -> tuple[PdfGrid | None, list[dict]]:
    """The table's cells in the blocks convention, and the characters not inside it."""
    boxes = [tuple(map(float, c)) for c in table.cells]
    if not boxes:
        return None, chars
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 2 or len(ys) < 2:
        return None, chars
    spans = []
    owner: dict[tuple[int, int], int] = {}
    for n, (x0, top, x1, bottom) in enumerate(boxes):
        c0, c1, r0, r1 = _index(xs, x0), _index(xs, x1), _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            spans.append(None)
            continue
        spans.append((c0, c1, r0, r1))
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), n)
    bx0, btop, bx1, bbottom = (float(v) for v in table.bbox)
    inside: dict[int, list[dict]] = {}
    rest: list[dict] = []
    import bisect
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        if not (bx0 <= cx <= bx1 and btop <= cy <= bbottom):
            rest.append(ch)
            continue
        col = min(max(bisect.bisect_right(xs, cx) - 1, 0), len(xs) - 2)
        row = min(max(bisect.bisect_right(ys, cy) - 1, 0), len(ys) - 2)
        n = owner.get((row, col))
        if n is not None:
            inside.setdefault(n, []).append(ch)
        else:
            rest.append(ch)
    cells: dict[int, PdfCell] = {}
    for n, span in enumerate(spans):
        if span is None:
            continue
        c0, c1, r0, r1 = span
        cell_lines = _lines(inside.get(n, []), page)
        text = ""
        for line in cell_lines:
            text = join_text(text, line.text)
        cells[n] = PdfCell(clean_text(text), xs[c0], xs[c1], page, rows=r1 - r0)
    rows: list[list[PdfCell]] = []
    for r in range(len(ys) - 1):
        row: list[PdfCell] = []
        seen = set()
        for c in range(len(xs) - 1):
            n = owner.get((r, c))
            if n is None or n in seen:
                continue
            seen.add(n)
            c0, c1, r0, r1 = spans[n]
            cell = cells[n]
            row.append(cell if r == r0 else PdfCell("", cell.x0, cell.x1, page, origin=cell))
        if row:
            rows.append(row)
    if not rows:
        return None, chars
    grid = PdfGrid(rows, bx0, bx1, btop, bbottom, page)
    if grid.framed_text:
        return grid, chars        # a frame around text: its characters stay in the text flow
    return grid, rest


def _lines(chars: list[dict], page: int) -> list[PdfLine]:
    """Characters grouped into lines: a character belongs to a line it overlaps vertically by
    half its height (fonts of one line sit at slightly different heights)."""
    groups: list[list] = []        # [top, bottom, chars]
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        top, bottom = ch["top"], ch["bottom"]
        height = max(bottom - top, 0.1)
        for g in reversed(groups[-4:]):
            overlap = min(g[1], bottom) - max(g[0], top)
            if overlap >= 0.5 * min(height, g[1] - g[0]):
                g[2].append(ch)
                break
        else:
            groups.append([top, bottom, [ch]])
    lines = []
    for top, bottom, members in groups:
        line = _make_line(members, page)
        if line is not None:
            lines.append(line)
    return lines


def _make_line(members: list[dict], page: int) -> PdfLine | None:
    members.sort(key=lambda c: c["x0"])
    sizes = [c["size"] for c in members]
    size = statistics.median(sizes) if sizes else 10.0
    parts: list[str] = []
    kept: list[dict] = []
    prev = None
    for ch in members:
        if prev is not None:
            if ch["text"] == prev["text"] and abs(ch["x0"] - prev["x0"]) < 0.3 * size:
                continue              # drawn twice for a bold effect
            if ch["x0"] - prev["x1"] > 0.25 * size:
                parts.append(" ")
        parts.append(ch["text"])
        kept.append(ch)
        prev = ch
    text = clean_text("".join(parts))
    if not text:
        return None
    first = kept[0]
    m = LATIN_RUN.match(text)
    if m and len(m.group()) > 1:
        end = min(len(kept), len(m.group())) - 1
        unit = kept[end]["x1"] - first["x0"]
    else:
        end = 0
        while end + 1 < len(kept) and kept[end + 1]["text"] in CLOSING:
            end += 1
        unit = kept[end]["x1"] - first["x0"]
    return PdfLine(text, first["x0"], max(c["x1"] for c in kept), min(c["top"] for c in kept),
                 max(c["bottom"] for c in kept), size, page, unit)


