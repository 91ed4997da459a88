#!/usr/bin/env python3
"""Writes a small text PDF from a plain-text source (standard library only).

Usage: make_pdf.py SOURCE.pdf.txt OUTPUT.pdf
       make_pdf.py            (rebuilds every corpus_tools/*.pdf.txt into corpus/contracts/)

Source markup, one item per line:
  %% comment                 ignored
  @footer TEXT               footer on every page; {page} and {pages} are filled in
  # Title                    bold, 14 pt
  ## Heading                 bold, 11 pt
  ---                        page break
  @table X1 X2 ...           a table follows: one row per line, cells separated by " | ",
                             cell i placed at x = Xi on the row's baseline; the first row is
                             the header (bold); a blank line ends the table
  other lines                paragraph text; consecutive lines are joined and re-wrapped to
                             the page width; a blank line ends the paragraph

The PDF uses the base-14 Helvetica and Helvetica-Bold fonts (no embedding), one content stream
per page, A4 pages, and a cross-reference table with exact byte offsets. Text must be ASCII;
parentheses and backslashes are escaped. A paragraph or table that does not fit on the rest of a
page moves whole to the next page, so no sentence is split by a footer.
"""
import sys
from pathlib import Path

PAGE_W, PAGE_H = 595, 842
LEFT, RIGHT, TOP, BOTTOM = 56, 56, 790, 62
BODY, LEAD = 10, 13.5

# Helvetica advance widths (1/1000 em) for ASCII 32..126, from the standard AFM metrics.
_W = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
      556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
      1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
      667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
      222, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
      556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]


def text_width(s, size, bold=False):
    w = sum(_W[ord(c) - 32] for c in s) * size / 1000
    return w * 1.08 if bold else w  # Helvetica-Bold is a little wider; this over-estimates


def wrap(text, size, width, bold=False):
    lines, cur = [], ""
    for word in text.split():
        cand = word if not cur else cur + " " + word
        if cur and text_width(cand, size, bold) > width:
            lines.append(cur)
            cur = word
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


def parse(source):
    """Returns (footer, blocks); a block is ('title'|'heading'|'para', text), ('table', xs, rows) or ('break',)."""
    footer, blocks, para, table = "", [], [], None

    def flush():
        nonlocal para, table
        if para:
            blocks.append(("para", " ".join(para)))
            para = []
        if table is not None:
            blocks.append(("table", table[0], table[1]))
            table = None

    for raw in source.splitlines():
        line = raw.rstrip()
        if line.startswith("%%"):
            continue
        if not line.strip():
            flush()
        elif line.startswith("@footer "):
            footer = line[len("@footer "):].strip()
        elif line.startswith("@table"):
            flush()
            table = ([int(x) for x in line.split()[1:]], [])
        elif table is not None:
            cells = [c.strip() for c in line.split(" | ")]
            if len(cells) != len(table[0]):
                sys.exit(f"table row has {len(cells)} cells, expected {len(table[0])}: {line}")
            table[1].append(cells)
        elif line.strip() == "---":
            flush()
            blocks.append(("break",))
        elif line.startswith("## "):
            flush()
            blocks.append(("heading", line[3:].strip()))
        elif line.startswith("# "):
            flush()
            blocks.append(("title", line[2:].strip()))
        else:
            para.append(line.strip())
    flush()
    return footer, blocks


def plain_text(source):
    """The document's text as the question checker sees it: every line joined with spaces,
    table rows read left to right with their cells separated by single spaces."""
    _, blocks = parse(source)
    parts = []
    for b in blocks:
        if b[0] == "table":
            parts.extend(" ".join(row) for row in b[2])
        elif b[0] != "break":
            parts.append(b[1])
    return " ".join(" ".join(parts).split())


def layout(blocks):
    """Returns pages, each a list of (font, size, x, y, text)."""
    pages, cur, y = [], [], TOP

    def new_page():
        nonlocal cur, y
        pages.append(cur)
        cur, y = [], TOP

    width = PAGE_W - LEFT - RIGHT
    for b in blocks:
        kind = b[0]
        if kind == "break":
            new_page()
            continue
        if kind == "table":
            xs, rows = b[1], b[2]
            for row in rows:
                for i, cell in enumerate(row):
                    limit = (xs[i + 1] if i + 1 < len(xs) else PAGE_W - RIGHT) - xs[i] - 6
                    if text_width(cell, BODY, bold=True) > limit:
                        sys.exit(f"table cell too wide for its column: {cell!r}")
            need = 6 + len(rows) * 16 + 6
            if y - need < BOTTOM:
                new_page()
            y -= 6
            for r, row in enumerate(rows):
                y -= 16
                font = "F2" if r == 0 else "F1"
                for x, cell in zip(xs, row):
                    cur.append((font, BODY, x, y, cell))
            y -= 8
            continue
        size, font, before = {"title": (14, "F2", 4), "heading": (11, "F2", 10), "para": (BODY, "F1", 3)}[kind]
        lines = wrap(b[1], size, width, bold=(font == "F2"))
        lead = size * 1.35
        need = before + len(lines) * lead
        if kind == "heading":
            need += 2 * LEAD  # keep a heading with the start of its paragraph
        if y - need < BOTTOM and cur:
            new_page()
        y -= before
        for ln in lines:
            y -= lead
            cur.append((font, size, LEFT, y, ln))
        if kind == "title":
            y -= 6
    if cur:
        pages.append(cur)
    return pages


def esc(s):
    if any(ord(c) < 32 or ord(c) > 126 for c in s):
        sys.exit(f"non-ASCII or control character in: {s!r}")
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def fmt(v):
    return f"{v:.2f}".rstrip("0").rstrip(".")


def build_pdf(pages, footer=""):
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        None,  # page tree, filled below
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    first_page = len(objects) + 1
    kids = []
    for p, items in enumerate(pages):
        if footer:
            text = footer.replace("{page}", str(p + 1)).replace("{pages}", str(len(pages)))
            items = items + [("F1", 8, LEFT, 32, text)]
        content = "".join(f"BT /{f} {fmt(s)} Tf {fmt(x)} {fmt(y)} Td ({esc(t)}) Tj ET\n" for f, s, x, y, t in items)
        page_no = first_page + 2 * p
        kids.append(f"{page_no} 0 R")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                       f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {page_no + 1} 0 R >>")
        data = content.encode("ascii")
        objects.append(f"<< /Length {len(data)} >>\nstream\n{content}endstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"

    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode("ascii")
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").encode("ascii")
    return bytes(out)


def convert(src, dst):
    footer, blocks = parse(Path(src).read_text(encoding="ascii"))
    pages = layout(blocks)
    Path(dst).write_bytes(build_pdf(pages, footer))
    print(f"{dst}: {len(pages)} pages")


def main():
    if len(sys.argv) == 3:
        convert(sys.argv[1], sys.argv[2])
    elif len(sys.argv) == 1:
        here = Path(__file__).resolve().parent
        for src in sorted(here.glob("*.pdf.txt")):
            convert(src, here.parent / "corpus" / "contracts" / src.name[: -len(".txt")])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
