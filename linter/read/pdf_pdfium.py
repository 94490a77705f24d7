"""A PDF page read through pypdfium2 (PDFium, in C) into what pdf_page.read_page takes from a
pdfplumber page: the characters as pdfplumber's char dicts (text, box, size, upright, matrix,
fill colour), the images' boxes, and the drawn lines, rectangles and curves as pdfplumber's
edges, on which pdfplumber's own table finder runs. pdfminer parses a page in Python, ten
times slower; everything here is in pdfplumber's coordinates (origin top left, as pdfminer
places a page: its /Rotate turned, its MediaBox corner at 0 0), so read_page cannot tell the
two apart (pdf.py).

PDFium is not thread-safe: every call into it holds LOCK."""
from __future__ import annotations

import ctypes
import threading

LOCK = threading.RLock()
MAX_FORM_DEPTH = 12

_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5      # FPDF_PAGEOBJ_*
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2        # FPDF_SEGMENT_*


def _mult(m1, m0):
    """m1 then m0 (pdfminer's mult_matrix: row vectors, (a, b, c, d, e, f))."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _page_frame(raw, page) -> tuple[tuple, float, float, float, float]:
    """pdfminer's device matrix for the page (its rotation, the MediaBox corner to 0 0) and
    pdfplumber's frame: width, height and the shift pdfplumber adds back (x0, top)."""
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPage_GetMediaBox(page, l, b, r, t):
        l.value, b.value = 0.0, 0.0
        r.value, t.value = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
    x0, x1 = sorted((l.value, r.value))
    y0, y1 = sorted((b.value, t.value))
    rotation = (raw.FPDFPage_GetRotation(page) % 4) * 90
    if rotation == 90:
        ctm = (0, -1, 1, 0, -y0, x1)
    elif rotation == 180:
        ctm = (-1, 0, 0, -1, x1, y1)
    elif rotation == 270:
        ctm = (0, 1, -1, 0, y1, -x0)
    else:
        ctm = (1, 0, 0, 1, -x0, -y0)
    nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
    return ctm, nx1 - nx0, ny1 - ny0, nx0, -ny0


class PdfiumPage:
    """The part of pdfplumber's Page that read_page and pdfplumber's TableFinder read."""

    def __init__(self, pdf, index: int):
        import pypdfium2.raw as raw
        self.page_number = index + 1
        with LOCK:
            page = raw.FPDF_LoadPage(pdf, index)
            if not page:
                raise RuntimeError(f"PDFium could not load page {index + 1}")
            try:
                self.ctm, self.width, self.height, self._dx, self._dtop = _page_frame(raw, page)
                self.bbox = (self._dx, self._dtop, self._dx + self.width, self._dtop + self.height)
                self.chars: list[dict] = []
                self.images: list[dict] = []
                self.lines: list[dict] = []
                self.rects: list[dict] = []
                self.curves: list[dict] = []
                text = raw.FPDFText_LoadPage(page)
                if text:
                    try:
                        self._read_chars(raw, text)
                    finally:
                        raw.FPDFText_ClosePage(text)
                self._read_objects(raw, page)
            finally:
                raw.FPDF_ClosePage(page)

    # ------------------------------------------------------------ coordinates
    def _point(self, x: float, y: float) -> tuple[float, float]:
        """A point in PDF user space as pdfplumber has it: (x, top)."""
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self._dx, self.height - (b * x + d * y + f) + self._dtop

    # ------------------------------------------------------------ characters
    def _read_chars(self, raw, text) -> None:
        box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
        descent = ctypes.c_float()
        descents: dict[tuple[int, float], float] = {}
        count = raw.FPDFText_CountChars(text)
        out = self.chars
        ctm = self.ctm
        height, dx, dtop = self.height, self._dx, self._dtop
        i = 0
        while i < count:
            k = i
            i += 1
            u = raw.FPDFText_GetUnicode(text, k)
            if 0xD800 <= u < 0xDC00 and i < count:             # a surrogate pair: one character
                low = raw.FPDFText_GetUnicode(text, i)
                if 0xDC00 <= low < 0xE000:
                    u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                    i += 1
            ch = chr(u) if 0 < u < 0x110000 and not 0xD800 <= u < 0xE000 else "\ufffd"
            mapped = not raw.FPDFText_HasUnicodeMapError(text, k)
            if mapped and (ch.isspace() or raw.FPDFText_IsGenerated(text, k)):
                continue                  # read_page takes no spaces; PDFium makes some up
            if not mapped:
                ch = "\ufffd"             # what pdfminer gives as (cid:N): no Unicode for the glyph
            size = raw.FPDFText_GetFontSize(text, k)
            raw.FPDFText_GetMatrix(text, k, matrix)
            raw.FPDFText_GetCharOrigin(text, k, ox, oy)
            raw.FPDFText_GetLooseCharBox(text, k, box)
            raw.FPDFText_GetFillColor(text, k, red, green, blue, alpha)
            font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(text, k))
            key = (ctypes.cast(font, ctypes.c_void_p).value or 0, size)
            desc = descents.get(key)
            if desc is None:
                desc = descent.value if font and raw.FPDFFont_GetDescent(font, size, descent) else 0.0
                desc = descents[key] = min(desc, -desc)
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            m = _mult((a, b, c, d, ox.value, oy.value), ctm)
            ma, mb, mc, md, me, mf = m
            if b == 0 and c == 0:
                # pdfminer's box: the corners (0, descent) and (advance, descent + size) of
                # text space; PDFium's loose box runs along the baseline by the advance
                adv = (box.right - box.left) / a if a else size
                xa, ya = mc * desc + me, md * desc + mf
                xb, yb = ma * adv + mc * (desc + size) + me, mb * adv + md * (desc + size) + mf
            else:
                # turned (a seal's ring): PDFium's loose box holds the turned glyph cell; its
                # centre is the cell's, around which pdfminer's two corners lie (one em wide)
                cx, cy = _apply(ctm, (box.left + box.right) / 2, (box.bottom + box.top) / 2)
                w, h = (ma * size + mc * size) / 2, (mb * size + md * size) / 2
                xa, ya, xb, yb = cx - w, cy - h, cx + w, cy + h
            x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
            y0, y1 = (ya, yb) if ya <= yb else (yb, ya)
            out.append({"text": ch, "x0": x0 + dx, "x1": x1 + dx, "top": height - y1 + dtop,
                        "bottom": height - y0 + dtop, "size": y1 - y0, "upright": ma * md > 0 and mb * mc <= 0,
                        "matrix": m, "non_stroking_color": (red.value / 255, green.value / 255, blue.value / 255)})

    # ------------------------------------------------------------ drawings and images
    def _read_objects(self, raw, page) -> None:
        stack = [(raw.FPDFPage_GetObject(page, n), None, 0) for n in range(raw.FPDFPage_CountObjects(page))]
        matrix = raw.FS_MATRIX()
        stack.reverse()
        while stack:
            obj, outer, depth = stack.pop()
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (_PATH, _IMAGE, _FORM):
                continue
            if not raw.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            m = _mult(m, outer) if outer is not None else m
            if kind == _FORM:
                if depth < MAX_FORM_DEPTH:     # a form's objects are in its own space, inside m
                    children = [(raw.FPDFFormObj_GetObject(obj, n), m, depth + 1)
                                for n in range(raw.FPDFFormObj_CountObjects(obj))]
                    stack.extend(reversed(children))
            elif kind == _IMAGE:
                corners = [self._point(*_apply(m, x, y)) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
                self.images.append(_bounds("image", corners, self.height))
            else:
                self._read_path(raw, obj, m)

    def _read_path(self, raw, obj, m) -> None:
        x, y = ctypes.c_float(), ctypes.c_float()
        path: list[tuple[str, tuple[float, float]]] = []
        for s in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, s)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            kind = raw.FPDFPathSegment_GetType(segment)
            point = self._point(*_apply(m, x.value, y.value))
            op = "m" if kind == _MOVETO else "l" if kind == _LINETO else "c"
            path.append((op, point))
            if raw.FPDFPathSegment_GetClose(segment):
                path.append(("h", point))
        subpath: list = []
        for op, point in path:
            if op == "m" and subpath:
                self._add_subpath(subpath)
                subpath = []
            subpath.append((op, point))
        if subpath:
            self._add_subpath(subpath)

    def _add_subpath(self, path: list) -> None:
        """One subpath as pdfminer sorts it (a line, a rectangle or a curve); PDFium gives a
        Bézier as three points (two controls and the end), pdfminer keeps the end."""
        if path[0][0] != "m":
            return
        ops: list[str] = []
        pts: list[tuple[float, float]] = []
        pending = 0
        for op, point in path:
            if op == "c":
                pending += 1
                if pending < 3:
                    continue
                pending = 0
            if op == "h":
                if ops and ops[-1] == "l" and pts[-1] == pts[0] and point == pts[0]:
                    ops[-1] = "h"     # PDFium closes with a line back to the start
                    continue
                ops.append("h")
                pts.append(pts[0])
                continue
            ops.append(op)
            pts.append(point)
        shape = "".join(ops)
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("ml", "mlh"):
            self.lines.append(_bounds("line", pts[:2], self.height))
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            if pts[0] == pts[4] and square:
                self.rects.append(_bounds("rect", [pts[0], pts[2]], self.height))
            else:
                self.curves.append(dict(_bounds("curve", pts, self.height), pts=pts))
        else:
            self.curves.append(dict(_bounds("curve", pts, self.height), pts=pts))

    # ------------------------------------------------------------ what pdfplumber's table finder reads
    @property
    def edges(self) -> list[dict]:
        """pdfplumber's Container.edges: lines, the four sides of rectangles, curve segments."""
        if not hasattr(self, "_edges"):
            from pdfplumber import utils
            edges = [utils.line_to_edge(line) for line in self.lines]
            for rect in self.rects:
                edges.extend(utils.rect_to_edges(rect))
            for curve in self.curves:
                edges.extend(utils.curve_to_edges(curve))
            self._edges = edges
        return self._edges

    def find_tables(self, table_settings=None) -> list:
        from pdfplumber.table import TableFinder, TableSettings
        return TableFinder(self, TableSettings.resolve(table_settings)).tables

    def close(self) -> None:
        self.chars = self.images = self.lines = self.rects = self.curves = []
        self.__dict__.pop("_edges", None)


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _bounds(kind: str, points, height: float) -> dict:
    """An object's box in pdfplumber's keys (y0/y1 upwards, top/bottom downwards)."""
    xs = [p[0] for p in points]
    tops = [p[1] for p in points]
    x0, x1, top, bottom = min(xs), max(xs), min(tops), max(tops)
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "y0": height - bottom, "y1": height - top, "width": x1 - x0, "height": bottom - top}
