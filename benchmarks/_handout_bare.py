"""The floor of benchmarks/handout.py: bare ReportLab building the same story as the handout, without our code.

`plain_content` turns the assembled handout into plain strings, numbers and tuples once, before any timing. `build_bare`
then uses nothing but ReportLab: the same DejaVu Sans files registered under names of its own, paragraphs with the same
sizes, a `reportlab.graphics` Drawing with the same boxes, wrapped card words, arrows (curved where ours are), arrow
labels and ink lines, the same tables (the cycle, the reframes, the boxed notes and cards, a tick grid per exercise),
the logo, page compression and a page number on each page. A stricter variant draws the same map by direct canvas
calls (as our BoardMap does) instead of through Drawing shapes. Both leave out what only our code does: shrinking card
words to fit, placing labels clear of cards, sticky-note shadows, reframe tags, 'page n of N', keeping sections
together.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Path, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT, BOLD = "BareSans", "BareSans-Bold"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass
class PlainContent:
    """The handout's content as plain Python values: what a hand-written ReportLab script would start from."""

    practice: str
    contact: list[str]
    logo: bytes
    title: str
    subtitle: str
    appointment: str
    texts: dict[str, object]
    bounds: tuple[float, float, float, float]
    cards: list[tuple[str, float, float, float, float, str, str]] = field(default_factory=list)
    arrows: list[tuple[tuple[float, float], tuple[float, float] | None, tuple[float, float], str, bool]] = field(
        default_factory=list
    )
    strokes: list[tuple[list[tuple[float, float]], str, float]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    cycle_name: str = ""
    spot_it: str = ""
    reframes: list[tuple[str, str]] = field(default_factory=list)
    homework: list[dict[str, object]] = field(default_factory=list)


def plain_content(data) -> PlainContent:  # noqa: ANN001 - HandoutData; used before timing only
    """The assembled handout as plain values (our code runs here, outside the timed part)."""
    from couplecanvas.domain.geometry import connector_segment, curve_control
    from couplecanvas.export.handout_pdf import TEXT

    board = data.board
    b = board.bounds()
    colours = {"a": data.partner_colours[0], "b": data.partner_colours[1]}
    cards = [
        (c.text or c.hint, c.rect.x, c.rect.y, c.rect.w, c.rect.h, c.colour,
         colours[c.partner.value] if c.partner is not None else "#8a96a0")
        for c in board.cards
    ]
    arrows = []
    for connector in board.connectors:
        x1, y1, x2, y2 = connector_segment(connector.source, connector.target)
        control = curve_control(x1, y1, x2, y2) if connector.curved else None
        arrows.append(((x1, y1), control, (x2, y2), connector.label, connector.kind.value == "reframe"))
    strokes = [([(p[0], p[1]) for p in s.points], s.colour, s.width) for s in board.strokes]
    cycle = data.cycle
    return PlainContent(
        practice=data.practice_name,
        contact=list(data.contact_lines),
        logo=data.practice.logo,
        title=data.title,
        subtitle=f"{data.couple_names}  ·  {data.date_text}",
        appointment=f"{TEXT['next']} {data.next_appointment_text}",
        texts=dict(TEXT),
        bounds=(b.x - 8, b.y - 8, b.w + 16, b.h + 16),
        cards=cards,
        arrows=arrows,
        strokes=strokes,
        legend=[(colours["a"], data.partner_names[0]), (colours["b"], data.partner_names[1])],
        columns=[column.heading for column in cycle.columns] if cycle else [],
        rows=[(row.label, *row.words) for row in cycle.rows] if cycle else [],
        cycle_name=cycle.name if cycle else "",
        spot_it=cycle.spot_it if cycle else "",
        reframes=[(r.old, r.new) for r in data.reframes],
        homework=[
            {"title": e.title, "meta": "  ·  ".join(p for p in (e.who, e.frequency, e.duration) if p),
             "summary": e.summary, "steps": list(e.steps), "note": e.note, "tracking": e.tracking,
             "rows": list(e.tick_rows)}
            for e in data.homework
        ],
    )


def register_bare_fonts() -> None:
    """The bundled DejaVu Sans files, registered under the floor's own names (once per process, like ours)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources.files("couplecanvas.resources").joinpath("fonts")
    for name, filename in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        with resources.as_file(folder.joinpath(filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    ink, soft, accent = colors.HexColor("#2b3440"), colors.HexColor("#5f6b76"), colors.HexColor("#3b6e8f")
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5, textColor=ink, spaceAfter=4)
    return {
        "body": base,
        "practice": ParagraphStyle("practice", base, fontName=BOLD, fontSize=11.5, leading=14.5),
        "contact": ParagraphStyle("contact", base, fontSize=8.5, leading=11, textColor=soft),
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=22, leading=27),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12.5, leading=16, textColor=soft),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=14.5, leading=18, textColor=accent, spaceBefore=14),
        "h3": ParagraphStyle("h3", base, fontName=BOLD, fontSize=12.5, leading=16, textColor=accent, spaceBefore=10),
        "intro": ParagraphStyle("intro", base, textColor=soft, spaceAfter=8),
        "small": ParagraphStyle("small", base, fontSize=9.5, leading=12.5, textColor=soft),
        "cell": ParagraphStyle("cell", base, fontSize=10, leading=13.5, spaceAfter=0),
        "exercise": ParagraphStyle("exercise", base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=8),
        "step": ParagraphStyle("step", base, leftIndent=18, bulletIndent=3, bulletFontName=FONT),
        "formula": ParagraphStyle("formula", base, fontSize=12, leading=19),
        "grid": ParagraphStyle("grid", base, fontSize=9.5, leading=11.5, spaceAfter=0),
    }


def _drawing(content: PlainContent, width: float, height: float) -> Drawing:
    bx, by, bw, bh = content.bounds
    s = min(width / bw, height / bh, 1.0)
    h = bh * s
    drawing = Drawing(width, h)
    ox = (width - bw * s) / 2

    def px(x: float) -> float:
        return ox + (x - bx) * s

    def py(y: float) -> float:
        return h - (y - by) * s

    grey = colors.HexColor("#5b6670")
    for (x1, y1), control, (x2, y2), _, reframe in content.arrows:
        colour = colors.HexColor("#2e7d4f") if reframe else grey
        if control is None:
            drawing.add(Line(px(x1), py(y1), px(x2), py(y2), strokeColor=colour, strokeWidth=max(0.3, 1.6 * s)))
            tail = (x1, y1)
        else:
            path = Path(strokeColor=colour, strokeWidth=max(0.3, 1.6 * s), fillColor=None)
            path.moveTo(px(x1), py(y1))
            c1 = (x1 + 2 / 3 * (control[0] - x1), y1 + 2 / 3 * (control[1] - y1))
            c2 = (x2 + 2 / 3 * (control[0] - x2), y2 + 2 / 3 * (control[1] - y2))
            path.curveTo(px(c1[0]), py(c1[1]), px(c2[0]), py(c2[1]), px(x2), py(y2))
            drawing.add(path)
            tail = control
        dx, dy = x2 - tail[0], y2 - tail[1]
        length = (dx * dx + dy * dy) ** 0.5 or 1.0
        ux, uy = dx / length * 12, dy / length * 12
        head = [px(x2), py(y2), px(x2 - ux - uy * 0.5), py(y2 - uy + ux * 0.5), px(x2 - ux + uy * 0.5),
                py(y2 - uy - ux * 0.5)]
        drawing.add(Polygon(head, fillColor=colour, strokeColor=colour, strokeWidth=0.3))
    for points, colour, stroke_width in content.strokes:
        drawing.add(PolyLine([v for x, y in points for v in (px(x), py(y))], strokeColor=colors.HexColor(colour),
                             strokeWidth=max(0.35, stroke_width * s)))
    size = max(2.0, 15 * s)
    pad = 10 * s
    for text, x, y, w, hh, fill, border in content.cards:
        drawing.add(Rect(px(x), py(y + hh), w * s, hh * s, rx=8 * s, ry=8 * s, fillColor=colors.HexColor(fill),
                         strokeColor=colors.HexColor(border), strokeWidth=max(0.3, 2 * s)))
        lines = simpleSplit(text, FONT, size, max(1.0, (w - 2 * pad / s) * s)) if text else []
        top = py(y + hh / 2) + len(lines) * size * 1.22 / 2
        for i, line in enumerate(lines):
            drawing.add(String(px(x + w / 2), top - (i + 0.5) * size * 1.22 - size * 0.35, line, fontName=FONT,
                               fontSize=size, textAnchor="middle", fillColor=colors.HexColor("#26303a")))
    label_size = max(2.0, 12 * s)
    for start, control, end, label, _ in content.arrows:
        if not label:
            continue
        mid = control or ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        text_width = pdfmetrics.stringWidth(label, FONT, label_size)
        drawing.add(Rect(px(mid[0]) - text_width / 2 - label_size / 2, py(mid[1]) - label_size * 0.8,
                         text_width + label_size, label_size * 1.6, rx=3, ry=3, fillColor=colors.white,
                         strokeColor=colors.HexColor("#d5dae0"), strokeWidth=0.4))
        drawing.add(String(px(mid[0]), py(mid[1]) - label_size * 0.35, label, fontName=FONT, fontSize=label_size,
                           textAnchor="middle", fillColor=colors.HexColor("#3d4852")))
    return drawing


class CanvasMap(Flowable):
    """The same map drawn by direct canvas calls (no reportlab.graphics shapes): the stricter floor."""

    def __init__(self, content: PlainContent, width: float, height: float) -> None:
        super().__init__()
        self.content = content
        bx, by, bw, bh = content.bounds
        self.s = min(width / bw, height / bh, 1.0)
        self.width, self.height = width, bh * self.s
        self.ox = (width - bw * self.s) / 2

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        c, s, content = self.canv, self.s, self.content
        bx, by, _, _ = content.bounds

        def px(x: float) -> float:
            return self.ox + (x - bx) * s

        def py(y: float) -> float:
            return self.height - (y - by) * s

        grey, green = colors.HexColor("#5b6670"), colors.HexColor("#2e7d4f")
        c.setLineWidth(max(0.3, 1.6 * s))
        for (x1, y1), control, (x2, y2), _, reframe in content.arrows:
            colour = green if reframe else grey
            c.setStrokeColor(colour)
            c.setFillColor(colour)
            if control is None:
                c.line(px(x1), py(y1), px(x2), py(y2))
                tail = (x1, y1)
            else:
                c1 = (x1 + 2 / 3 * (control[0] - x1), y1 + 2 / 3 * (control[1] - y1))
                c2 = (x2 + 2 / 3 * (control[0] - x2), y2 + 2 / 3 * (control[1] - y2))
                c.bezier(px(x1), py(y1), px(c1[0]), py(c1[1]), px(c2[0]), py(c2[1]), px(x2), py(y2))
                tail = control
            dx, dy = x2 - tail[0], y2 - tail[1]
            length = (dx * dx + dy * dy) ** 0.5 or 1.0
            ux, uy = dx / length * 12, dy / length * 12
            head = c.beginPath()
            head.moveTo(px(x2), py(y2))
            head.lineTo(px(x2 - ux - uy * 0.5), py(y2 - uy + ux * 0.5))
            head.lineTo(px(x2 - ux + uy * 0.5), py(y2 - uy - ux * 0.5))
            head.close()
            c.drawPath(head, stroke=1, fill=1)
        for points, colour, stroke_width in content.strokes:
            c.setStrokeColor(colors.HexColor(colour))
            c.setLineWidth(max(0.35, stroke_width * s))
            line = c.beginPath()
            line.moveTo(px(points[0][0]), py(points[0][1]))
            for x, y in points[1:]:
                line.lineTo(px(x), py(y))
            c.drawPath(line, stroke=1, fill=0)
        size = max(2.0, 15 * s)
        pad = 10 * s
        for text, x, y, w, hh, fill, border in content.cards:
            c.setFillColor(colors.HexColor(fill))
            c.setStrokeColor(colors.HexColor(border))
            c.setLineWidth(max(0.3, 2 * s))
            c.roundRect(px(x), py(y + hh), w * s, hh * s, 8 * s, stroke=1, fill=1)
            lines = simpleSplit(text, FONT, size, max(1.0, (w - 2 * pad / s) * s)) if text else []
            top = py(y + hh / 2) + len(lines) * size * 1.22 / 2
            c.setFillColor(colors.HexColor("#26303a"))
            c.setFont(FONT, size)
            for i, line in enumerate(lines):
                c.drawCentredString(px(x + w / 2), top - (i + 0.5) * size * 1.22 - size * 0.35, line)
        label_size = max(2.0, 12 * s)
        c.setFont(FONT, label_size)
        c.setLineWidth(0.4)
        for start, control, end, label, _ in content.arrows:
            if not label:
                continue
            mid = control or ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
            text_width = pdfmetrics.stringWidth(label, FONT, label_size)
            c.setFillColor(colors.white)
            c.setStrokeColor(colors.HexColor("#d5dae0"))
            c.roundRect(px(mid[0]) - text_width / 2 - label_size / 2, py(mid[1]) - label_size * 0.8,
                        text_width + label_size, label_size * 1.6, 3, stroke=1, fill=1)
            c.setFillColor(colors.HexColor("#3d4852"))
            c.drawCentredString(px(mid[0]), py(mid[1]) - label_size * 0.35, label)


def _box(content: list, fill: str, edge: str) -> Table:
    box = Table([[content]], colWidths=["100%"])
    box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                             ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(fill)),
                             ("LINEBEFORE", (0, 0), (0, -1), 2.5, colors.HexColor(edge)),
                             ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10)]))
    return box


def build_bare(content: PlainContent, compress: bool = True, direct: bool = False) -> bytes:
    """The same story with plain ReportLab, as PDF bytes (A4); the map as a Drawing, or by direct canvas calls."""
    st = _styles()
    t = content.texts
    buffer = io.BytesIO()
    margin = 18 * mm
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin + 4 * mm, title="Session handout", author="Couple Canvas",
                            pageCompression=1 if compress else 0, initialFontName=FONT)
    width = doc.width - 12
    frame_height = doc.height - 12
    story: list = []
    if content.logo:
        story.append(Image(io.BytesIO(content.logo), width=115, height=46, hAlign="LEFT"))
    story.append(Paragraph(escape(content.practice), st["practice"]))
    story.append(Paragraph("<br/>".join(escape(line) for line in content.contact), st["contact"]))
    story.append(Paragraph(escape(content.title), st["title"]))
    story.append(Paragraph(escape(content.subtitle), st["subtitle"]))
    story.append(Paragraph(escape(content.appointment), st["subtitle"]))
    story.append(Paragraph(str(t["cycle"]), st["h2"]))
    story.append(Paragraph(str(t["cycle_intro"]), st["intro"]))
    board_map = CanvasMap if direct else _drawing
    story.append(board_map(content, width, frame_height * 0.6))
    keys = "   ".join(f'<font color="{c}">■</font> {escape(n)}' for c, n in content.legend)
    story.append(Paragraph(keys, st["small"]))
    story.append(Paragraph(str(t["cycle_words"]), st["h3"]))
    story.append(Paragraph(escape(content.cycle_name), st["h2"]))
    story.append(Paragraph(str(t["cycle_together"]), st["intro"]))
    rows = [["", *(Paragraph(escape(c), st["cell"]) for c in content.columns)]]
    rows += [[Paragraph(escape(a), st["small"]), Paragraph(escape(b), st["cell"]), Paragraph(escape(c), st["cell"])]
             for a, b, c in content.rows]
    table = Table(rows, colWidths=[128, (width - 128) / 2, (width - 128) / 2], repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#c9d3dc")),
                               ("BACKGROUND", (1, 1), (1, -1), colors.HexColor("#eef3f8")),
                               ("BACKGROUND", (2, 1), (2, -1), colors.HexColor("#fbf1ea"))]))
    story.append(table)
    story.append(Paragraph(str(t["cycle_loop"]), st["small"]))
    story.append(_box([Paragraph(str(t["spot_it"]), st["small"]), Paragraph(escape(content.spot_it), st["body"])],
                      "#f5f1e8", "#d8b98a"))
    if content.reframes:
        story.append(Paragraph(str(t["reframes"]), st["h2"]))
        story.append(Paragraph(str(t["reframes_intro"]), st["intro"]))
        for old, new in content.reframes:
            pair = Table([[[Paragraph(str(t["old_story"]), st["small"]), Paragraph(escape(old), st["body"])],
                           Paragraph("→", st["h2"]),
                           [Paragraph(str(t["new_story"]), st["small"]), Paragraph(escape(new), st["body"])]]],
                         colWidths=[(width - 34) / 2, 34, (width - 34) / 2])
            pair.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(pair)
    story.append(Paragraph(str(t["i_feel"]), st["h2"]))
    formula = " ".join(f"<b>{lead}</b> [{blank}]" for lead, blank in t["i_feel_parts"])  # type: ignore[attr-defined]
    story.append(_box([Paragraph(str(t["i_feel_intro"]), st["body"]), Paragraph(formula, st["formula"]),
                       Paragraph(escape(str(t["i_feel_example"])), st["body"]), Paragraph(str(t["i_feel_tip"]),
                                                                                         st["small"])],
                      "#eef4f8", "#b9cddb"))
    story.append(Paragraph(str(t["homework"]), st["h2"]))
    story.append(Paragraph(str(t["homework_intro"]), st["intro"]))
    for entry in content.homework:
        story.append(Paragraph(escape(entry["title"]), st["exercise"]))
        story.append(Paragraph(escape(entry["meta"]), st["small"]))
        story.append(Paragraph(escape(entry["summary"]), st["body"]))
        for number, step in enumerate(entry["steps"], start=1):
            story.append(Paragraph(escape(step), st["step"], bulletText=f"{number}."))
        if entry["note"]:
            story.append(_box([Paragraph(str(t["note"]), st["small"]), Paragraph(escape(entry["note"]), st["body"])],
                              "#f5f1e8", "#d8b98a"))
        story.append(Paragraph(f"<b>{t['tracking']}</b> {escape(entry['tracking'])}", st["body"]))
        grid = [[""] + [Paragraph(d, st["grid"]) for d in WEEKDAYS]]
        grid += [[Paragraph(escape(name), st["grid"])] + [""] * 7 for name in entry["rows"]]
        tick = Table(grid, colWidths=[92] + [34] * 7, rowHeights=[16] + [22] * (len(grid) - 1), hAlign="LEFT")
        tick.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (1, 0), (-1, -1), 0.6, colors.grey),
                                  ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story.append(tick)
        story.append(Spacer(1, 8))

    def footer(canv, doc_) -> None:  # noqa: ANN001
        canv.saveState()
        canv.setFont(FONT, 8)
        canv.drawString(margin, margin - 2, content.practice)
        canv.drawRightString(A4[0] - margin, margin - 2, f"Page {doc_.page}")
        canv.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
