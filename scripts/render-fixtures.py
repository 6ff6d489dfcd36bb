#!/usr/bin/env python3
"""Renders the fixture reports as offices publish them: a Word file in the official layout, then
the PDF LibreOffice makes of it (tests/rendered.rs checks that both give the text's findings).

    scripts/render-fixtures.sh            (installs what is missing, then runs this)
    python3 scripts/render-fixtures.py [--docx-only] [NAME ...]

Inputs (plain text, tab-separated table rows, as the engine reads them):
  tests/fixtures/0*.txt                 the five real seed reports
  tests/fixtures/cases/*.txt            the rule cases (whole reports), except the ones that mean
                                        nothing as a document (SKIPPED below, with the reason)
  template-blank / template-partial     the official Word template as offices hand it out (every
                                        table there, every value cell empty) and one partly
                                        filled; their text is written by this script to
                                        tests/fixtures/rendered/template-*.txt
Outputs, in tests/fixtures/rendered/: NAME.docx and NAME.pdf for each input NAME.txt.

The layout is the one offices use for these reports (GB/T 9704-like): A4, margins 37/35/28/26 mm,
a CJK serif body (Noto Serif CJK SC standing in for 仿宋) at 16 pt with a two-character first-line
indent, headings in a CJK sans (for 黑体), the title on two centred lines (the agency, then
`YYYY 年政府信息公开工作年度报告`), page numbers centred in the footer. The three tables are real
Word tables on the official grids with the official merged cells:
  表二  4 columns: `第二十条第（X）项` across the table, `信息内容` + its column heads, rows.
  表三  10 columns: the note `(本列数据的勾稽关系为…)` merged over 3 columns × 3 header rows,
        申请人情况 over 自然人 + 法人或其他组织 (itself over its five kinds), 总计; the row groups
        `三、本年度办理结果` and (三)…(六) merged down their rows; labels in narrow cells, so the long
        ones ((二) 部分公开…, (六) 1/2) wrap over several lines.
  表四  15 columns: 行政复议 / 行政诉讼, then 未经复议直接起诉 / 复议后起诉, two-level header.
Tables cross page breaks where they fall (rows may break across pages, as Word allows by default).
The text of every cell and paragraph is the text of the input, so the document says exactly what
the text says; a row with fewer values than its grid (a malformed row) becomes a short row.

Documents vary in what offices vary: footer `-N-` or `第 N 页 共 M 页`, a running head or none,
the title as two paragraphs or one paragraph with a line break, cells centred vertically or top
aligned, the table header repeated on each page or not (see STYLES).
"""
import argparse
import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
OUT = os.path.join(FIXTURES, "rendered")

# Cases whose docx/pdf form means nothing, and why.
SKIPPED = {
    "NB106-split-or-merged-cells.extracted": "its text imitates a PDF extraction that split one cell "
    "(`9  1`) and merged two (`480`); as a document those are one cell holding `9  1` and one "
    "holding `480`, a different report (tests/cli_formats.rs renders the misread PDF itself)",
}

SERIF = "Noto Serif CJK SC"  # for 仿宋_GB2312 / 宋体
SANS = "Noto Sans CJK SC"  # for 黑体 / 方正小标宋 titles

BODY_PT = 16  # 三号
CELL_PT = 10.5  # 五号
TITLE_PT = 22  # 二号

CJK = re.compile(r"[\u3400-\u9fff]")
HEADING = re.compile(r"^[一二三四五六七八九十]+、\s*\S")
ENUM_TOP = re.compile(r"^[一二三四]\s*、")
ENUM_PAREN = re.compile(r"^[(（]\s*[一二三四五六七八九十]+\s*[)）]")
ENUM_NUM = re.compile(r"^\d+\s*[.．、]")
YEAR = re.compile(r"(\d{4}\s*年)")

# Per-document layout, chosen by the document's position in the list (deterministic).
STYLES = [
    dict(footer="dash", head=None, title_break=False, valign="center", repeat_header=False),
    dict(footer="page_of", head="running", title_break=True, valign="center", repeat_header=False),
    dict(footer="dash", head=None, title_break=True, valign="top", repeat_header=True),
    dict(footer="dash", head="running", title_break=False, valign="center", repeat_header=False),
]


# ---------------------------------------------------------------------------------------------
# Reading the text


def is_label(cell):
    """A cell of words (a row label or a header), not a value."""
    c = cell.strip()
    return bool(c) and (bool(CJK.search(c)) or c[0] in "(（")


def blocks(lines):
    """('p', line) for each paragraph line (blank ones included) and ('table', rows) for each run
    of lines holding tabs (blank lines inside a run, followed by more rows, belong to it)."""
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            yield "p", lines[i]
            i += 1
            continue
        rows = []
        while i < len(lines):
            if "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            elif not lines[i].strip():
                j = i
                while j < len(lines) and not lines[j].strip():
                    j += 1
                if j < len(lines) and "\t" in lines[j] and not HEADING.match(lines[j]):
                    i = j
                else:
                    break
            else:
                break
        yield "table", rows


def table_kind(rows):
    words = "".join("".join(r) for r in rows)
    if "本年新收" in words or "予以公开" in words or "办理结果" in words:
        return "three"
    if "行政复议" in words and "行政诉讼" in words:
        return "four"
    if "第二十条" in words or "信息内容" in words:
        return "two"
    return "other"


def values_after_labels(cells, n):
    """(labels, values): the label cells (non-empty, in order) and the cells after the last one,
    with empty cells at either end dropped while there are more than `n`."""
    last = max((k for k, c in enumerate(cells) if is_label(c)), default=-1)
    labels = [c for c in cells[: last + 1] if c.strip()]
    values = cells[last + 1:]
    while len(values) > n and not values[-1].strip():
        values.pop()
    while len(values) > n and not values[0].strip():
        values.pop(0)
    return labels, values


# ---------------------------------------------------------------------------------------------
# Word helpers


def set_fonts(run_or_style, font, size=None, bold=None):
    f = run_or_style.font
    f.name = font
    if size is not None:
        f.size = Pt(size)
    if bold is not None:
        f.bold = bold
    el = run_or_style.element
    rpr = el.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)


def field(paragraph, instr, shown):
    """A Word field (PAGE, NUMPAGES) as Word writes it: begin, instruction, separate, result, end."""
    def fld(kind):
        r = paragraph.add_run()
        fc = OxmlElement("w:fldChar")
        fc.set(qn("w:fldCharType"), kind)
        r._r.append(fc)
        return r

    fld("begin")
    r = paragraph.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    r._r.append(it)
    fld("separate")
    paragraph.add_run(shown)
    fld("end")


def footer(section, kind):
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if kind == "dash":
        p.add_run("-")
        field(p, "PAGE", "1")
        p.add_run("-")
    else:
        p.add_run("第 ")
        field(p, "PAGE", "1")
        p.add_run(" 页 共 ")
        field(p, "NUMPAGES", "1")
        p.add_run(" 页")
    for r in p.runs:
        set_fonts(r, SERIF, 14)


def running_head(section, text):
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text)
    set_fonts(r, SERIF, 10.5)
    # A rule under the head, as offices draw it.
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def paragraph_format(p, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
    pf = p.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Pt(BODY_PT * 2) if indent else None
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)


def cell_text(cell, text, align, bold=False):
    p = cell.paragraphs[0]
    p.alignment = align
    pf = p.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    if text:
        r = p.add_run(text)
        set_fonts(r, SERIF, CELL_PT, bold)


def fixed_layout(table, widths_mm):
    tbl = table._tbl
    tblpr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    grid = tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        gc.set(qn("w:w"), str(int(w * 56.7)))
    for row in table.rows:
        for k, cell in enumerate(row.cells):
            if k < len(widths_mm):
                cell.width = Mm(widths_mm[k])


def repeat_header(table, n):
    for row in table.rows[:n]:
        trpr = row._tr.get_or_add_trPr()
        h = OxmlElement("w:tblHeader")
        trpr.append(h)


def cut_row(table, r, keep):
    """Row `r` keeps only its first `keep` cells (a row with cells missing: a malformed row)."""
    tr = table.rows[r]._tr
    tcs = tr.findall(qn("w:tc"))
    for tc in tcs[keep:]:
        tr.remove(tc)


# ---------------------------------------------------------------------------------------------
# The tables


class Grid:
    """A table being laid out: cell texts, horizontal spans, vertical merges, short rows."""

    def __init__(self, ncols, widths):
        self.ncols = ncols
        self.widths = widths
        self.rows = []  # list of list of (text, align, bold) per grid column (None: covered)
        self.hspans = []  # (row, col, span)
        self.vspans = []  # (col, row_start, row_end_inclusive)
        self.short = {}  # row -> number of grid columns it has
        self.header_rows = 0

    def row(self):
        self.rows.append([("", WD_ALIGN_PARAGRAPH.CENTER, False)] * self.ncols)
        return len(self.rows) - 1

    def put(self, r, c, text, align=WD_ALIGN_PARAGRAPH.CENTER, bold=False, span=1):
        self.rows[r][c] = (text, align, bold)
        if span > 1:
            self.hspans.append((r, c, span))

    def values(self, r, c0, values, n, span_last=1):
        """Values into columns c0…c0+n-1; fewer than n make a short row."""
        for k, v in enumerate(values[:n]):
            span = span_last if k == len(values[:n]) - 1 and len(values) == 1 else 1
            self.put(r, c0 + k, v.strip(), span=span)
        if len(values) < n:
            self.short[r] = c0 + len(values)
        elif len(values) > n:
            raise ValueError(f"row with {len(values)} values where the grid has {n}: {values}")

    def build(self, doc, style):
        t = doc.add_table(rows=len(self.rows), cols=self.ncols)
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        fixed_layout(t, self.widths)
        for r, row in enumerate(self.rows):
            for c, (text, align, bold) in enumerate(row):
                cell = t.cell(r, c)
                cell.vertical_alignment = (
                    WD_CELL_VERTICAL_ALIGNMENT.CENTER if style["valign"] == "center" else WD_CELL_VERTICAL_ALIGNMENT.TOP
                )
                cell_text(cell, text, align, bold)
        # Merged areas: a cell's span across, extended down when a vertical merge starts there.
        down = {(c, r0): r1 for (c, r0, r1) in self.vspans}
        areas = [(r, c, down.pop((c, r), r), c + span - 1) for (r, c, span) in self.hspans]
        areas += [(r0, c, r1, c) for (c, r0), r1 in down.items()]
        for r0, c0, r1, c1 in areas:
            a = t.cell(r0, c0)
            keep = copy.deepcopy(a.paragraphs[0]._p)
            m = a.merge(t.cell(r1, c1))
            for p in list(m._tc.findall(qn("w:p"))):
                m._tc.remove(p)
            m._tc.append(keep)
        if style["repeat_header"] and self.header_rows:
            repeat_header(t, self.header_rows)
        for r, keep in sorted(self.short.items()):
            # Count the row's cells that cover the first `keep` grid columns.
            tcs = t.rows[r]._tr.findall(qn("w:tc"))
            col, n = 0, 0
            for tc in tcs:
                if col >= keep:
                    break
                span = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
                col += int(span.get(qn("w:val"))) if span is not None else 1
                n += 1
            cut_row(t, r, n)
        return t


LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def table_two(rows):
    g = Grid(4, [46, 36.7, 36.7, 36.6])
    n = 3
    for cells in rows:
        words = [c for c in cells if c.strip()]
        if not words and not any(cells):
            continue
        first = cells[0].strip()
        if first.startswith("第二十条") and len(words) == 1:
            r = g.row()
            g.put(r, 0, first, CENTER, span=4)
        elif first.startswith("信息内容"):
            heads = [c.strip() for c in cells[1:] if c.strip()]
            n = len(heads) or 1
            r = g.row()
            g.put(r, 0, first, CENTER)
            if n == 1:
                g.put(r, 1, heads[0] if heads else "", CENTER, span=3)
            else:
                for k, h in enumerate(heads[:3]):
                    g.put(r, 1 + k, h, CENTER)
        else:
            values = cells[1:]
            while len(values) > n and not values[-1].strip():
                values.pop()
            r = g.row()
            g.put(r, 0, first, CENTER)
            if n == 1 and len(values) == 1:
                g.put(r, 1, values[0].strip(), CENTER, span=3)
            else:
                g.values(r, 1, values, 3 if n == 3 else n)
                if n == 1 and len(values) == 0:
                    pass
    return g


THREE_HEAD_SLOTS = [
    # (row, col, span, rows, keyword) in the 3 header rows
    (0, 0, 3, 3, "勾稽"),
    (0, 3, 6, 1, "申请人情况"),
    (0, 9, 1, 3, "总计"),
    (1, 3, 1, 2, "自然人"),
    (1, 4, 5, 1, "法人或其他组织"),
    (2, 4, 1, 1, "商业企业"),
    (2, 5, 1, 1, "科研机构"),
    (2, 6, 1, 1, "社会公益组织"),
    (2, 7, 1, 1, "法律服务机构"),
    (2, 8, 1, 1, "其他"),
]


def table_three(rows):
    g = Grid(10, [13, 19, 40] + [12] * 7)
    body = next(k for k, r in enumerate(rows) if any(ENUM_TOP.match(c.strip()) for c in r))
    heads = [c.strip() for r in rows[:body] for c in r if c.strip()]
    if heads:
        for _ in range(3):
            g.row()
        g.header_rows = 3
        used = set()
        for (r, c, span, nrows, key) in THREE_HEAD_SLOTS:
            word = next((h for k, h in enumerate(heads) if k not in used and key in h), "")
            if word:
                used.add(heads.index(word))
            g.put(r, c, word, CENTER, span=span)
            if nrows > 1:
                g.vspans.append((c, r, r + nrows - 1))
        left = [h for k, h in enumerate(heads) if k not in used]
        if left:
            raise ValueError(f"table 三 header words not placed: {left}")
    group = None  # (first row, label) of 三、本年度办理结果
    sub = None  # first row of the current (三)…(六) group
    last_group_row = None
    pending_group_label = None
    for cells in rows[body:]:
        labels, values = values_after_labels(cells, 7)
        if not labels and not any(v.strip() for v in values):
            continue
        top = [l for l in labels if ENUM_TOP.match(l.strip()) and "办理结果" not in l]
        if top:
            if sub is not None:
                g.vspans.append((1, sub, g_last))
                sub = None
            r = g.row()
            g.put(r, 0, " ".join(labels), LEFT, span=3)
            g.values(r, 3, values, 7)
            continue
        if any("办理结果" in l for l in labels):
            pending_group_label = next(l for l in labels if "办理结果" in l)
            labels = [l for l in labels if "办理结果" not in l]
            if not labels and not any(v.strip() for v in values):
                continue
        r = g.row()
        g_last = r
        if group is None:
            group = r
            g.put(r, 0, pending_group_label or "", CENTER)
        last_group_row = r
        b = [l for l in labels if ENUM_PAREN.match(l.strip())]
        rest = [l for l in labels if l not in b]
        if b and not rest:
            if sub is not None:
                g.vspans.append((1, sub, r - 1))
                sub = None
            g.put(r, 1, b[0], LEFT, span=2)
        elif b:
            if sub is not None:
                g.vspans.append((1, sub, r - 1))
            sub = r
            g.put(r, 1, b[0], LEFT)
            g.put(r, 2, " ".join(rest), LEFT)
        else:
            g.put(r, 2, " ".join(rest), LEFT)
        g.values(r, 3, values, 7)
    if sub is not None:
        g.vspans.append((1, sub, g_last))
    if group is not None and last_group_row > group:
        g.vspans.append((0, group, last_group_row))
    # (七) 总计 closes the (六) group, whatever the text's order of cells.
    fixed = []
    for (c, r0, r1) in g.vspans:
        if c == 1:
            # never merge B over a row whose B is its own (outcome rows span B–C)
            for r in range(r0 + 1, r1 + 1):
                if any(hr == r and hc == 1 for (hr, hc, _) in g.hspans):
                    r1 = r - 1
                    break
        if r1 > r0:
            fixed.append((c, r0, r1))
    g.vspans = fixed
    return g


def table_four(rows):
    g = Grid(15, [156 / 15] * 15)
    heads, value_rows = [], []
    for cells in rows:
        if any(is_label(c) for c in cells):
            heads.append([c.strip() for c in cells if c.strip()])
        elif any(c.strip() for c in cells) or value_rows or heads:
            value_rows.append(cells)
    flat = [h for r in heads for h in r]
    if len(flat) != 19:
        raise ValueError(f"table 四 header has {len(flat)} words, not 19: {flat}")
    for _ in range(3):
        g.row()
    g.header_rows = 3
    g.put(0, 0, flat[0], CENTER, span=5)
    g.put(0, 5, flat[1], CENTER, span=10)
    for k in range(5):
        g.put(1, k, flat[2 + k], CENTER)
        g.vspans.append((k, 1, 2))
    g.put(1, 5, flat[7], CENTER, span=5)
    g.put(1, 10, flat[8], CENTER, span=5)
    for k in range(10):
        g.put(2, 5 + k, flat[9 + k], CENTER)
    for cells in value_rows:
        values = list(cells)
        while len(values) > 15 and not values[-1].strip():
            values.pop()
        r = g.row()
        g.values(r, 0, values, 15)
    return g


def table_other(rows):
    n = max(len(r) for r in rows)
    g = Grid(n, [156 / n] * n)
    for cells in rows:
        r = g.row()
        for k, c in enumerate(cells):
            g.put(r, k, c.strip(), LEFT if is_label(c) else CENTER)
    return g


# ---------------------------------------------------------------------------------------------
# The document


def title_parts(line):
    """(agency, `YYYY 年政府信息公开工作年度报告`) split at the year, or None."""
    m = YEAR.search(line)
    if not m or not line[: m.start()].strip():
        return None
    return line[: m.start()].strip(), line[m.start():].strip()


def render(text, style):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.header_distance, sec.footer_distance = Mm(15), Mm(20)
    normal = doc.styles["Normal"]
    set_fonts(normal, SERIF, BODY_PT)
    footer(sec, style["footer"])
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    title_done = False
    for kind, b in blocks(lines):
        if kind == "table":
            k = table_kind(b)
            grid = {"two": table_two, "three": table_three, "four": table_four}.get(k, table_other)(b)
            grid.build(doc, style)
            continue
        line = b
        if not line.strip():
            continue  # paragraphs are apart by their spacing, not by empty paragraphs
        if not title_done:
            title_done = True
            parts = title_parts(line.strip())
            if style["head"] == "running":
                running_head(sec, (parts[0] if parts else "") + "政府信息公开工作年度报告")
            if parts:
                if style["title_break"]:
                    p = doc.add_paragraph()
                    paragraph_format(p, indent=False, align=CENTER)
                    r = p.add_run(parts[0])
                    set_fonts(r, SANS, TITLE_PT)
                    r.add_break(WD_BREAK.LINE)
                    r = p.add_run(parts[1])
                    set_fonts(r, SANS, TITLE_PT)
                else:
                    for t in parts:
                        p = doc.add_paragraph()
                        paragraph_format(p, indent=False, align=CENTER)
                        set_fonts(p.add_run(t), SANS, TITLE_PT)
            else:
                p = doc.add_paragraph()
                paragraph_format(p, indent=False, align=CENTER)
                set_fonts(p.add_run(line.strip()), SANS, TITLE_PT)
            p.paragraph_format.space_after = Pt(BODY_PT)
            continue
        p = doc.add_paragraph()
        if HEADING.match(line.strip()) and len(line.strip()) <= 40:
            paragraph_format(p, indent=True)
            set_fonts(p.add_run(line.strip()), SANS, BODY_PT)
        else:
            paragraph_format(p, indent=True)
            set_fonts(p.add_run(line.strip()), SERIF, BODY_PT)
    return doc


# ---------------------------------------------------------------------------------------------
# The templates

T2 = [
    "第二十条第（一）项\t\t\t",
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
    "规章\t{}\t{}\t{}",
    "行政规范性文件\t{}\t{}\t{}",
    "第二十条第（五）项\t\t\t",
    "信息内容\t本年处理决定数量\t\t",
    "行政许可\t{}\t\t",
    "第二十条第（六）项\t\t\t",
    "信息内容\t本年处理决定数量\t\t",
    "行政处罚\t{}\t\t",
    "行政强制\t{}\t\t",
    "第二十条第（八）项\t\t\t",
    "信息内容\t本年收费金额（单位：万元）\t\t",
    "行政事业性收费\t{}\t\t",
]
T3_HEAD = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t总计",
    "\t\t\t自然人\t法人或其他组织\t\t\t\t\t",
    "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
]
T3_ROWS = [
    ("一、本年新收政府信息公开申请数量", "", ""),
    ("二、上年结转政府信息公开申请数量", "", ""),
    ("三、本年度办理结果", "（一）予以公开", ""),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("", "（三）不予公开", "1.属于国家秘密"),
    ("", "", "2.其他法律行政法规禁止公开"),
    ("", "", "3.危及“三安全一稳定”"),
    ("", "", "4.保护第三方合法权益"),
    ("", "", "5.属于三类内部事务信息"),
    ("", "", "6.属于四类过程性信息"),
    ("", "", "7.属于行政执法案卷"),
    ("", "", "8.属于行政查询事项"),
    ("", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("", "", "2.没有现成信息需要另行制作"),
    ("", "", "3.补正后申请内容仍不明确"),
    ("", "（五）不予处理", "1.信访举报投诉类申请"),
    ("", "", "2.重复申请"),
    ("", "", "3.要求提供公开出版物"),
    ("", "", "4.无正当理由大量反复申请"),
    ("", "", "5.要求行政机关确认或重新出具已获取信息"),
    ("", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("", "", "3.其他"),
    ("", "（七）总计", ""),
    ("四、结转下年度继续办理", "", ""),
]
T4 = [
    "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t",
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
    "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
    "{}",
]


def template_text(title, overview, two, three, four, five, six):
    """The template's text: `two` the 10 table-二 values, `three` a value list per table-三 row
    (7 strings), `four` the 15 table-四 values; empty strings for blank cells."""
    out = ["", title, "", "一、总体情况", ""]
    for p in overview:
        out += [p, ""]
    out += ["二、主动公开政府信息情况", ""]
    it = iter(two)
    out += [line.format(*[next(it) for _ in range(line.count("{}"))]) for line in T2]
    out += ["", "三、收到和处理政府信息公开申请情况", ""] + T3_HEAD
    for (a, b, c), vals in zip(T3_ROWS, three):
        out.append("\t".join([a, b, c] + vals))
    out += ["", "四、政府信息公开行政复议、行政诉讼情况", ""]
    out += T4[:3] + ["\t".join(four)]
    out += ["", "五、存在的主要问题及改进情况", ""]
    for p in five:
        out += [p, ""]
    out += ["六、其他需要报告的事项", ""]
    for p in six:
        out += [p, ""]
    return "\n".join(out) + "\n"


def templates():
    blank = template_text(
        "（行政机关名称）2024 年政府信息公开工作年度报告",
        ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障"],
        [""] * 10,
        [[""] * 7 for _ in T3_ROWS],
        [""] * 15,
        [],
        [],
    )
    # Partly filled: title, overview and table 二 done, table 三's first rows and 予以公开 typed
    # (the other outcomes still blank: read as 0), table 四 still blank, 五/六 not written yet.
    three = [[""] * 7 for _ in T3_ROWS]
    three[0] = ["12", "3", "", "", "1", "", "16"]
    three[1] = ["1", "", "", "", "", "", "1"]
    three[2] = ["9", "2", "", "", "1", "", "12"]
    three[12] = ["2", "1", "", "", "", "", "3"]
    three[23] = ["11", "3", "", "", "1", "", "15"]
    three[24] = ["2", "", "", "", "", "", "2"]
    partial = template_text(
        "示例县自然资源局 2024 年政府信息公开工作年度报告",
        [
            "（一）主动公开。2024 年，我局通过县政府门户网站主动公开政府信息 236 条，其中政策文件 12 条、政策解读 8 条。",
            "（二）依申请公开。2024 年，我局共收到政府信息公开申请 16 件，上年结转 1 件。",
            "（三）政府信息管理。严格落实公开前审查制度，全年未发生泄密事件。",
            "（四）政府信息公开平台建设。及时更新县政府门户网站部门信息公开专栏。",
            "（五）监督保障。将政务公开纳入年度目标考核，开展业务培训 2 次。",
        ],
        ["0", "0", "0", "1", "0", "4", "126", "35", "3", "0"],
        three,
        [""] * 15,
        ["（待填写）"],
        ["（待填写）"],
    )
    return {"template-blank": blank, "template-partial": partial}


# ---------------------------------------------------------------------------------------------


def prune(doc):
    """Drops what python-docx's default template carries that Word does not need and the
    fixtures should not weigh: the thumbnail, stylesWithEffects, customXml, latent styles."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for rid, rel in list(rels.items()):
            if any(k in rel.reltype for k in ("stylesWithEffects", "thumbnail", "customXml")):
                rels._rels.pop(rid) if hasattr(rels, "_rels") else rels.pop(rid)
    styles = doc.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    # Styles no part refers to (python-docx's template defines some 160).
    used = set()
    parts = [doc.element] + [s.footer._element for s in doc.sections] + [s.header._element for s in doc.sections]
    for el in parts:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            used.update(e.get(qn("w:val")) for e in el.iter(qn(tag)))
    all_styles = {st.get(qn("w:styleId")): st for st in styles.findall(qn("w:style"))}
    keep = set()
    todo = list(used) + [i for i, st in all_styles.items() if st.get(qn("w:default")) == "1"]
    while todo:
        i = todo.pop()
        if i in keep or i not in all_styles:
            continue
        keep.add(i)
        for tag in ("w:basedOn", "w:link", "w:next"):
            e = all_styles[i].find(qn(tag))
            if e is not None:
                todo.append(e.get(qn("w:val")))
    for i, st in all_styles.items():
        if i not in keep:
            styles.remove(st)


def inputs():
    """(name, text) of every document to render, in a fixed order."""
    out = []
    for f in sorted(os.listdir(FIXTURES)):
        if f.endswith(".txt"):
            out.append((f[:-4], os.path.join(FIXTURES, f)))
    cases = os.path.join(FIXTURES, "cases")
    for f in sorted(os.listdir(cases)):
        if f.endswith(".txt") and f[:-4] not in SKIPPED:
            out.append((f[:-4], os.path.join(cases, f)))
    for name, text in templates().items():
        path = os.path.join(OUT, name + ".txt")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        out.append((name, path))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docx-only", action="store_true")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    todo = [(n, p) for n, p in inputs() if not args.names or n in args.names]
    made = []
    for i, (name, path) in enumerate(todo):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        style = STYLES[i % len(STYLES)]
        doc = render(text, style)
        prune(doc)
        out = os.path.join(OUT, name + ".docx")
        doc.save(out)
        made.append(out)
    if args.docx_only:
        return
    if not shutil.which("soffice"):
        sys.exit("soffice not found: apt-get install --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
             "--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp, *made],
            check=True, stdout=subprocess.DEVNULL,
        )
        for m in made:
            pdf = os.path.splitext(os.path.basename(m))[0] + ".pdf"
            shutil.move(os.path.join(tmp, pdf), os.path.join(OUT, pdf))
    for m in made:
        print(m)


if __name__ == "__main__":
    main()
