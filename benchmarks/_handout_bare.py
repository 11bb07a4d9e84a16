"""The floor of benchmarks/handout.py: bare ReportLab building the same story as the handout, without our code.

`plain_content` turns the assembled handout into plain strings, numbers and tuples once, before any timing. It may ask
our code *what* to draw, never how: the map's parts (each part's window on the board in board units, its scale, its
row on the sideways pages, as HandoutRenderer lays them out, and the arrows, cards and ink reaching into each window),
each arrow's course (straight, curved or routed around cards), each worksheet's tables as strings, the homework's day
heads and log columns, and the plan card's fields with the type scale our page settled on.

`build_bare` then uses nothing but ReportLab: DejaVu Sans registered under names of its own, upright and sideways page
templates (as ours), the letterhead with the logo beside the practice, the heading, a line where the map would be, the
cycle table, the reframes, a worksheet per template (tables of words, a dotted line for each blank), the "I feel" card,
the homework (title and meta on one line, steps, stop rule, note, "Keeping track" beside a tick grid headed with the
real days, log tables to write in), each exercise and section kept on one page (KeepTogether); then the map on
sideways pages, row by row, each part clipped to its window, drawing its arrows, cards, notes, text labels and ink
(words wrapped and cut to their box at the same smallest size as ours, arrow labels in their boxes, lines to write on
in empty slots) inside a /BoardMap marked-content section as ours; and the plan card on an upright page of its own
(plain paragraphs and tables at the type scale our page chose). Every page has the footer with 'Page n of N' (the
usual held-pages canvas, as ours); page compression is on.

The map is drawn either as `reportlab.graphics` Drawings (one per part) or, the stricter floor, by direct canvas calls
(as our BoardMap does). Both leave out what only our code does: shrinking words step by step before cutting them,
placing arrow labels clear of cards, rounded corners on routed arrows, sticky-note shadows, pressure-shaped ink (a
plain polyline here), fitting the plan card's type to the page by bisection, and the rules for an exercise or a
worksheet longer than a page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from importlib import resources
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line, Path, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

FONT, BOLD = "BareSans", "BareSans-Bold"
LEADING = 1.22
INK, SOFT, ACCENT = colors.HexColor("#2b3440"), colors.HexColor("#5f6b76"), colors.HexColor("#3b6e8f")
RULE, GRID_LINE, GRID_HEAD = colors.HexColor("#c9d3dc"), colors.HexColor("#9aa6b1"), colors.HexColor("#eef2f5")
NOTE_FILL, NOTE_EDGE = colors.HexColor("#f5f1e8"), colors.HexColor("#d8b98a")
ARROW_GREY, REFRAME_GREEN = colors.HexColor("#5b6670"), colors.HexColor("#2e7d4f")
CARD_TEXT, LABEL_TEXT, LABEL_EDGE = colors.HexColor("#26303a"), colors.HexColor("#3d4852"), colors.HexColor("#d5dae0")
WRITE_LINE = colors.HexColor("#c9c3b6")

Box = tuple[float, float, float, float]


@dataclass
class MapPart:
    """One part of the map: its window on the board (x, y, w, h in board units), the scale it is drawn at, its size
    on paper (the height includes the room a story tag needs above the window's top), and the arrows, cards and ink
    reaching into its window (set by plain_content: which things a part shows is decided before timing)."""

    window: Box
    scale: float
    top_pad: float
    width: float
    height: float
    arrows: list[tuple] = field(default_factory=list)
    items: list[tuple] = field(default_factory=list)


@dataclass
class PlainContent:
    """The handout's content as plain Python values: what a hand-written ReportLab script would start from."""

    practice: str
    contact: list[str]
    logo: bytes
    logo_size: tuple[float, float]
    support_line: str
    title: str
    subtitle: str
    appointment: str
    texts: dict[str, object]
    margins: tuple[float, float, float]  # side and top, bottom, frame padding
    map_font: float = 9.0
    map_inline: bool = False
    map_rows: list[tuple[float, list[MapPart]]] = field(default_factory=list)
    items: list[tuple] = field(default_factory=list)
    """Cards and ink in drawing order: (kind, x0, y0, x1, y1, ...) with kind 'card', 'note', 'label' or 'ink'."""
    arrows: list[tuple] = field(default_factory=list)
    """(x0, y0, x1, y1, points, curve, reframe, label, label_at): points a polyline, or a cubic when `curve`."""
    legend: list[tuple[str, str]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    cycle_name: str = ""
    spot_it: str = ""
    reframes: list[tuple[str, str]] = field(default_factory=list)
    worksheets: list[dict] = field(default_factory=list)
    homework: list[dict] = field(default_factory=list)
    plan: dict | None = None


def _box_of(rect) -> Box:  # a domain Rect
    return (rect.x, rect.y, rect.w, rect.h)


def _map_parts(renderer, frame_height: float) -> tuple[bool, list[tuple[float, list[MapPart]]]]:
    """Our renderer's own decisions: the whole map inline, or its rows of parts on sideways pages."""
    from couplecanvas.export.board_map import BoardMap
    from couplecanvas.export.handout_pdf import LANDSCAPE, MapRow
    from couplecanvas.export.handout_sections import MapWithWords
    from couplecanvas.export.handout_style import MAP_HEIGHT_SHARE

    def part(board_map: BoardMap) -> MapPart:
        s = board_map.scale
        return MapPart(_box_of(board_map.bounds), s, board_map.top_pad, board_map.bounds.w * s, board_map.height)

    if renderer.data.board.is_empty:
        return False, []
    width = renderer.frame_size()[0]
    if renderer.map_fits_inline(frame_height):
        board_map = renderer.map_flowable(frame_height)
        board_map.wrap(width, frame_height * MAP_HEIGHT_SHARE)
        return True, [(board_map.height, [part(board_map)])]
    width, height = renderer.frame_size(LANDSCAPE)
    rows = []
    for flowable in renderer._own_map_pages():
        if isinstance(flowable, MapWithWords):
            flowable = flowable._map
        if isinstance(flowable, MapRow):
            row_height = flowable.wrap(width, height)[1]
            rows.append((row_height, [part(m) for m in flowable.maps]))
        elif isinstance(flowable, BoardMap):
            flowable.wrap(width, flowable.max_height)
            rows.append((flowable.height, [part(flowable)]))
    return False, rows


def _map_items(data) -> tuple[list[tuple], list[tuple]]:  # HandoutData
    """The board's cards and ink in drawing order, and its arrows along the courses our layout gives them."""
    from couplecanvas.domain.board import OLD_STORY_COLOUR, REFRAME_COLOUR, CardKind, StrokeKind
    from couplecanvas.domain.couple import PartnerRole
    from couplecanvas.export.board_map import MapLayout, darker, parse_colour
    from couplecanvas.export.handout_data import MapStroke, Story
    from couplecanvas.export.map_geometry import quad_to_cubic

    board = data.board
    colours = {PartnerRole.A: data.partner_colours[0], PartnerRole.B: data.partner_colours[1]}
    layers = sorted([*board.cards, *board.strokes], key=lambda item: item.z)
    items: list[tuple] = []
    for item in layers:
        if isinstance(item, MapStroke):
            r = item.rect
            colour = parse_colour(item.colour).hexval()[2:]
            alpha = 110 / 255 if item.kind is StrokeKind.HIGHLIGHTER else 1.0
            items.append(("ink", r.x, r.y, r.right, r.bottom, [(p[0], p[1]) for p in item.points], "#" + colour,
                          item.width, alpha))
            continue
        r = item.rect
        kind = {CardKind.LABEL: "label", CardKind.NOTE: "note"}.get(item.kind, "card")
        fill = parse_colour(item.colour)
        story = {Story.OLD: OLD_STORY_COLOUR, Story.NEW: REFRAME_COLOUR}.get(item.story)
        if story:
            border, width = story, 2.6
        elif kind == "note":
            border, width = "#" + darker(fill, 0.2).hexval()[2:], 1.0
        elif item.partner is not None:
            border, width = colours[item.partner], 2.0
        else:
            border, width = "#" + darker(fill).hexval()[2:], 1.0
        items.append((kind, r.x, r.y, r.right, r.bottom, item.text.strip(), "#" + fill.hexval()[2:], border, width,
                       not item.text.strip() and bool(item.hint)))
    arrows: list[tuple] = []
    for connector, course, area in MapLayout(board).arrows:
        if course.route:
            points, curve = list(course.route), False
        elif course.control is not None:
            c1, c2 = quad_to_cubic(course.start, course.control, course.end)
            points, curve = [course.start, c1, c2, course.end], True
        else:
            points, curve = [course.start, course.end], False
        arrows.append((area.x, area.y, area.right, area.bottom, points, curve, connector.kind.value == "reframe",
                       connector.label, course.at(0.5)))
    return items, arrows


def _worksheets(data) -> list[dict]:  # HandoutData
    """Each worksheet's title, intro, tables (rows of strings) and outro."""
    from couplecanvas.domain.couple import PartnerRole

    colours = {PartnerRole.A: data.partner_colours[0], PartnerRole.B: data.partner_colours[1]}
    sheets = []
    for sheet in data.worksheets:
        tables = []
        for table in sheet.tables:
            rows = [(row.kind.value, row.label,
                     [(cell.caption, cell.words, cell.ours, cell.is_blank) for cell in row.cells])
                    for row in table.rows]
            tables.append({"heading": table.heading, "columns": list(table.columns), "labels": table.labels,
                           "partners": [colours.get(role) if role is not None else None for role in table.partners],
                           "rows": rows})
        sheets.append({"title": sheet.title, "intro": sheet.intro, "tables": tables, "outro": sheet.outro})
    return sheets


def _plan(renderer) -> dict | None:  # HandoutRenderer
    """The plan card's fields, its own words and the type scale our page chose for them."""
    from couplecanvas.export.plan_card import PlanPage, plan_text

    plan = renderer.data.plan
    if plan is None:
        return None
    page = PlanPage(plan, renderer.data.partner_colours, renderer.look.text_scale > 1.0, renderer.frame_size()[1])
    page.wrap(*renderer.frame_size())
    fields = {name: getattr(plan, name) for name in ("cycle_name", "early_signs", "spot_it", "pause", "come_back",
                                                     "calm_down", "deep_down", "needed", "repair_phrases")}
    return {"k": page.scale, "names": plan.names, "colours": renderer.data.partner_colours,
            "text": plan_text(plan.spelling), **fields}


def plain_content(data) -> PlainContent:  # HandoutData; used before timing only
    """The assembled handout as plain values (our code runs here, outside the timed part)."""
    from couplecanvas.export.handout_page import load_logo
    from couplecanvas.export.handout_pdf import HandoutRenderer
    from couplecanvas.export.handout_style import BOTTOM_MARGIN, FRAME_PADDING, MARGIN

    renderer = HandoutRenderer(data)
    frame_height = renderer.frame_size()[1]
    inline, rows = _map_parts(renderer, frame_height)
    items, arrows = _map_items(data)
    for _, parts in rows:
        for part in parts:
            part.arrows, part.items = _inside(arrows, items, part.window)
    logo = load_logo(data.practice.logo)
    cycle = data.cycle
    return PlainContent(
        practice=data.practice_name,
        contact=list(data.contact_lines),
        logo=data.practice.logo if logo is not None else b"",
        logo_size=(logo.width, logo.height) if logo is not None else (0.0, 0.0),
        support_line=" ".join(data.practice.support_line.split()),
        title=data.title,
        subtitle=f"{data.couple_names}  ·  {data.date_text}",
        appointment=(f"{renderer.text['next']} <b>{escape(data.next_appointment_text)}</b>"
                     if data.next_appointment is not None else ""),
        texts=dict(renderer.text),
        margins=(MARGIN, BOTTOM_MARGIN, FRAME_PADDING),
        map_font=renderer.look.map_font,
        map_inline=inline,
        map_rows=rows,
        items=items,
        arrows=arrows,
        legend=[(data.partner_colours[0], data.partner_names[0]), (data.partner_colours[1], data.partner_names[1])],
        columns=[column.heading for column in cycle.columns] if cycle else [],
        rows=[(row.label, *row.words) for row in cycle.rows] if cycle else [],
        cycle_name=cycle.name if cycle else "",
        spot_it=cycle.spot_it if cycle else "",
        reframes=[(r.old, r.new) for r in data.reframes],
        worksheets=_worksheets(data),
        homework=[
            {"title": e.title, "meta": "  ·  ".join(p for p in (e.who, e.frequency, e.duration) if p),
             "summary": e.summary, "steps": list(e.steps), "stop_rule": e.stop_rule, "note": e.note,
             "tracking": e.tracking, "rows": list(e.tick_rows), "days": list(e.tick_days), "log": list(e.log),
             "log_owners": list(e.log_owners)}
            for e in data.homework
        ],
        plan=_plan(renderer),
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


# -- the timed part: ReportLab only ---------------------------------------------------------------------------------
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5, textColor=INK, spaceAfter=4)

    def s(name: str, **values: object) -> ParagraphStyle:
        return ParagraphStyle(name, base, **values)

    return {
        "body": base,
        "practice": s("practice", fontName=BOLD, fontSize=11.5, spaceAfter=1),
        "contact": s("contact", fontSize=8.5, leading=11, textColor=SOFT, spaceAfter=0),
        "title": s("title", fontName=BOLD, fontSize=22, leading=27, spaceAfter=2),
        "subtitle": s("subtitle", fontSize=12.5, leading=16, textColor=SOFT, spaceAfter=6),
        "appointment": s("appointment", fontSize=11.5, leading=15, textColor=SOFT, spaceAfter=6),
        "h2": s("h2", fontName=BOLD, fontSize=14.5, leading=18, textColor=ACCENT, spaceBefore=14, spaceAfter=3,
                keepWithNext=1),
        "h3": s("h3", fontName=BOLD, fontSize=12.5, leading=16, textColor=ACCENT, spaceBefore=10, spaceAfter=2,
                keepWithNext=1),
        "intro": s("intro", textColor=SOFT, spaceAfter=8),
        "legend": s("legend", fontSize=9.5, leading=12, textColor=SOFT, spaceBefore=4),
        "small": s("small", fontSize=9.5, leading=12.5, textColor=SOFT, spaceAfter=0),
        "label": s("label", fontName=BOLD, fontSize=9.5, leading=12, textColor=SOFT, spaceAfter=1),
        "name": s("name", fontName=BOLD, fontSize=16, leading=20, textColor=ACCENT),
        "column": s("column", fontName=BOLD, fontSize=11, leading=14, spaceAfter=0),
        "cell": s("cell", fontSize=10, leading=13.5, spaceAfter=0),
        "ours": s("ours", fontSize=10, leading=13.5, spaceAfter=0, textColor=SOFT),
        "subhead": s("subhead", fontName=BOLD, fontSize=9.5, leading=12.5, textColor=ACCENT, spaceAfter=0),
        "exercise": s("exercise", fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=6, spaceAfter=3),
        "step": s("step", leftIndent=18, bulletIndent=3, bulletFontName=FONT, spaceAfter=1, leading=14),
        "formula": s("formula", fontSize=12, leading=16.8, spaceAfter=4),
        "grid": s("grid", fontSize=9.5, leading=11.5, spaceAfter=0),
        "grid_head": s("grid_head", fontName=BOLD, fontSize=9, leading=11, alignment=1, textColor=SOFT,
                       spaceAfter=0),
        "log_head": s("log_head", fontName=BOLD, fontSize=9, leading=11, textColor=SOFT, spaceAfter=0),
        "arrow": s("arrow", fontName=BOLD, fontSize=20, leading=22, alignment=1, textColor=REFRAME_GREEN),
    }


def _box(content: list, fill: colors.Color, edge: colors.Color, framed: bool = False) -> Table:
    box = Table([[content]], colWidths=["100%"])
    style = [("FONTNAME", (0, 0), (-1, -1), FONT), ("BACKGROUND", (0, 0), (-1, -1), fill),
             ("LINEBEFORE", (0, 0), (0, -1), 2.5, edge), ("LEFTPADDING", (0, 0), (-1, -1), 10),
             ("RIGHTPADDING", (0, 0), (-1, -1), 10)]
    if framed:
        style.append(("BOX", (0, 0), (-1, -1), 0.8, edge))
    box.setStyle(TableStyle(style))
    box.spaceBefore, box.spaceAfter = 4, 3
    return box


def _write_line() -> HRFlowable:
    return HRFlowable(width="100%", thickness=0.6, color=GRID_LINE, dash=(1, 2), spaceBefore=15, spaceAfter=1)


class _MapRow(Flowable):
    """Parts of the map side by side, tops in line, each clipped to its window, inside a /BoardMap section."""

    def __init__(self, content: PlainContent, parts: list[MapPart], height: float, direct: bool) -> None:
        super().__init__()
        self.content, self.parts, self.height, self.direct = content, parts, height, direct

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        c = self.canv
        x = max(0.0, (self.width - sum(p.width for p in self.parts) - 10.0 * (len(self.parts) - 1)) / 2)
        for part in self.parts:
            c.addLiteral("/BoardMap BMC")
            c.saveState()
            c.translate(x, self.height - part.height)
            clip = c.beginPath()
            clip.rect(0, 0, part.width, part.height)
            c.clipPath(clip, stroke=0, fill=0)
            if self.direct:
                _draw_part(c, self.content, part)
            else:
                renderPDF.draw(_part_drawing(self.content, part), c, 0, 0)
            c.restoreState()
            c.addLiteral("EMC")
            x += part.width + 10.0


def _inside(arrows: list[tuple], items: list[tuple], window: Box) -> tuple[list[tuple], list[tuple]]:
    """The arrows, cards and ink reaching into the window (an arrow by the rectangle its course covers)."""
    wx, wy, ww, wh = window
    x0, y0, x1, y1 = wx - 1, wy - 1, wx + ww + 1, wy + wh + 1
    return ([a for a in arrows if a[0] < x1 and a[2] > x0 and a[1] < y1 and a[3] > y0],
            [i for i in items if i[1] < x1 and i[3] > x0 and i[2] < y1 and i[4] > y0])


def _head(points: list, size: float) -> list[tuple[float, float]]:
    """The arrow head's corners (board units) at the line's end, pointing along its last piece."""
    (tx, ty), (x2, y2) = points[-2], points[-1]
    dx, dy = x2 - tx, y2 - ty
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length * size, dy / length * size
    return [(x2, y2), (x2 - ux - uy * 0.49, y2 - uy + ux * 0.49), (x2 - ux + uy * 0.49, y2 - uy - ux * 0.49)]


def _card_lines(text: str, font: str, size: float, width: float, height: float) -> list[str]:
    """The words wrapped to the box, cut to the lines that fit (the last one ending in '…' when cut)."""
    lines = simpleSplit(text, font, size, max(1.0, width))
    room = max(1, int(height // (size * LEADING)))
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = lines[-1][: max(1, len(lines[-1]) - 1)] + "…"
    return lines


def _draw_part(c: Canvas, content: PlainContent, part: MapPart) -> None:
    """One part of the map by direct canvas calls: arrows, then cards and ink in their order, then arrow labels."""
    wx, wy, _, _ = part.window
    s, top = part.scale, part.height - part.top_pad
    minimum = content.map_font
    arrows, items = part.arrows, part.items
    c.setLineJoin(1)
    c.setLineCap(1)
    for _, _, _, _, points, curve, reframe, _, _ in arrows:
        colour = REFRAME_GREEN if reframe else ARROW_GREY
        c.setStrokeColor(colour)
        c.setFillColor(colour)
        c.setLineWidth(max(0.3, (3.0 if reframe else 1.6) * s))
        c.setDash([max(0.3, 10 * s), max(0.3, 6 * s)] if reframe else [])
        xy = [((x - wx) * s, top - (y - wy) * s) for x, y in points]
        line = c.beginPath()
        line.moveTo(*xy[0])
        if curve:
            line.curveTo(*xy[1], *xy[2], *xy[3])
        else:
            for point in xy[1:]:
                line.lineTo(*point)
        c.drawPath(line, stroke=1, fill=0)
        c.setDash([])
        head = c.beginPath()
        corners = [((x - wx) * s, top - (y - wy) * s) for x, y in _head(points, 16.0 if reframe else 12.0)]
        head.moveTo(*corners[0])
        head.lineTo(*corners[1])
        head.lineTo(*corners[2])
        head.close()
        c.drawPath(head, stroke=1, fill=1)
    pad = min(10.0, max(3.0, 10.0 * s))
    size, bold_size = max(minimum, 15 * s), max(minimum, 18 * s)
    for item in items:
        kind = item[0]
        if kind == "ink":
            _, _, _, _, _, points, colour, width, alpha = item
            c.setStrokeColor(colors.HexColor(colour), alpha=alpha)
            c.setLineWidth(max(0.35, width * s))
            line = c.beginPath()
            line.moveTo((points[0][0] - wx) * s, top - (points[0][1] - wy) * s)
            for x, y in points[1:]:
                line.lineTo((x - wx) * s, top - (y - wy) * s)
            c.drawPath(line, stroke=1, fill=0)
            continue
        _, bx0, by0, bx1, by1, text, fill, border, border_width, empty = item
        x, y, w, h = (bx0 - wx) * s, top - (by1 - wy) * s, (bx1 - bx0) * s, (by1 - by0) * s
        if kind == "label":
            if text:
                c.setFillColor(CARD_TEXT)
                c.setFont(BOLD, bold_size)
                lines = _card_lines(text, BOLD, bold_size, w * 1.5, h * 1.3)
                first = y + h / 2 + len(lines) * bold_size * LEADING / 2
                for n, words in enumerate(lines):
                    c.drawCentredString(x + w / 2, first - (n + 0.5) * bold_size * LEADING - bold_size * 0.35, words)
            continue
        c.setFillColor(colors.HexColor(fill))
        c.setStrokeColor(colors.HexColor(border))
        c.setLineWidth(max(0.3, border_width * s))
        c.roundRect(x, y, w, h, min((2.0 if kind == "note" else 8.0) * s, w / 4, h / 4), stroke=1, fill=1)
        if empty:
            c.setStrokeColor(WRITE_LINE)
            c.setLineWidth(0.5)
            count = min(3, int((h - 2 * pad) // 18))
            for n in range(count):
                c.line(x + 2 * pad, y + pad + (h - 2 * pad) / count * (n + 0.3), x + w - 2 * pad,
                       y + pad + (h - 2 * pad) / count * (n + 0.3))
        elif text:
            lines = _card_lines(text, FONT, size, w - 2 * pad, h - 2 * pad)
            c.setFillColor(CARD_TEXT)
            c.setFont(FONT, size)
            first = y + h / 2 + len(lines) * size * LEADING / 2
            for n, words in enumerate(lines):
                c.drawCentredString(x + w / 2, first - (n + 0.5) * size * LEADING - size * 0.35, words)
    label_size = max(minimum, 12 * s)
    c.setLineWidth(max(0.3, 0.6 * s))
    for *_, label, at in arrows:
        if not label:
            continue
        lines = _card_lines(label, FONT, label_size, max(180 * s, 100.0), label_size * LEADING * 3)
        text_width = max(pdfmetrics.stringWidth(words, FONT, label_size) for words in lines)
        bw, bh = text_width + label_size, len(lines) * label_size * LEADING + label_size * 0.5
        cx, cy = (at[0] - wx) * s, top - (at[1] - wy) * s
        c.setFillColor(colors.white)
        c.setStrokeColor(LABEL_EDGE)
        c.roundRect(cx - bw / 2, cy - bh / 2, bw, bh, min(bh / 2, 6 * s), stroke=1, fill=1)
        c.setFillColor(LABEL_TEXT)
        c.setFont(FONT, label_size)
        first = cy + len(lines) * label_size * LEADING / 2
        for n, words in enumerate(lines):
            c.drawCentredString(cx, first - (n + 0.5) * label_size * LEADING - label_size * 0.35, words)


def _part_drawing(content: PlainContent, part: MapPart) -> Drawing:
    """The same part as a reportlab.graphics Drawing."""
    wx, wy, _, _ = part.window
    s, top = part.scale, part.height - part.top_pad
    minimum = content.map_font
    arrows, items = part.arrows, part.items
    d = Drawing(part.width, part.height)
    for _, _, _, _, points, curve, reframe, _, _ in arrows:
        colour = REFRAME_GREEN if reframe else ARROW_GREY
        width = max(0.3, (3.0 if reframe else 1.6) * s)
        dash = [max(0.3, 10 * s), max(0.3, 6 * s)] if reframe else None
        xy = [((x - wx) * s, top - (y - wy) * s) for x, y in points]
        if curve:
            path = Path(strokeColor=colour, strokeWidth=width, fillColor=None, strokeDashArray=dash,
                        strokeLineCap=1, strokeLineJoin=1)
            path.moveTo(*xy[0])
            path.curveTo(*xy[1], *xy[2], *xy[3])
            d.add(path)
        elif len(xy) == 2:
            d.add(Line(*xy[0], *xy[1], strokeColor=colour, strokeWidth=width, strokeDashArray=dash,
                       strokeLineCap=1))
        else:
            d.add(PolyLine([v for point in xy for v in point], strokeColor=colour, strokeWidth=width,
                           strokeDashArray=dash, strokeLineCap=1, strokeLineJoin=1))
        corners = [((x - wx) * s, top - (y - wy) * s) for x, y in _head(points, 16.0 if reframe else 12.0)]
        d.add(Polygon([v for point in corners for v in point], fillColor=colour, strokeColor=colour,
                      strokeWidth=max(0.3, 0.8 * s)))
    pad = min(10.0, max(3.0, 10.0 * s))
    size, bold_size = max(minimum, 15 * s), max(minimum, 18 * s)
    for item in items:
        kind = item[0]
        if kind == "ink":
            _, _, _, _, _, points, colour, width, alpha = item
            d.add(PolyLine([v for x, y in points for v in ((x - wx) * s, top - (y - wy) * s)],
                           strokeColor=colors.HexColor(colour), strokeWidth=max(0.35, width * s),
                           strokeOpacity=alpha, strokeLineCap=1, strokeLineJoin=1))
            continue
        _, bx0, by0, bx1, by1, text, fill, border, border_width, empty = item
        x, y, w, h = (bx0 - wx) * s, top - (by1 - wy) * s, (bx1 - bx0) * s, (by1 - by0) * s
        if kind == "label":
            if text:
                lines = _card_lines(text, BOLD, bold_size, w * 1.5, h * 1.3)
                first = y + h / 2 + len(lines) * bold_size * LEADING / 2
                for n, words in enumerate(lines):
                    d.add(String(x + w / 2, first - (n + 0.5) * bold_size * LEADING - bold_size * 0.35, words,
                                 fontName=BOLD, fontSize=bold_size, textAnchor="middle", fillColor=CARD_TEXT))
            continue
        radius = min((2.0 if kind == "note" else 8.0) * s, w / 4, h / 4)
        d.add(Rect(x, y, w, h, rx=radius, ry=radius, fillColor=colors.HexColor(fill),
                   strokeColor=colors.HexColor(border), strokeWidth=max(0.3, border_width * s)))
        if empty:
            count = min(3, int((h - 2 * pad) // 18))
            for n in range(count):
                line_y = y + pad + (h - 2 * pad) / count * (n + 0.3)
                d.add(Line(x + 2 * pad, line_y, x + w - 2 * pad, line_y, strokeColor=WRITE_LINE, strokeWidth=0.5))
        elif text:
            lines = _card_lines(text, FONT, size, w - 2 * pad, h - 2 * pad)
            first = y + h / 2 + len(lines) * size * LEADING / 2
            for n, words in enumerate(lines):
                d.add(String(x + w / 2, first - (n + 0.5) * size * LEADING - size * 0.35, words, fontName=FONT,
                             fontSize=size, textAnchor="middle", fillColor=CARD_TEXT))
    label_size = max(minimum, 12 * s)
    for *_, label, at in arrows:
        if not label:
            continue
        lines = _card_lines(label, FONT, label_size, max(180 * s, 100.0), label_size * LEADING * 3)
        text_width = max(pdfmetrics.stringWidth(words, FONT, label_size) for words in lines)
        bw, bh = text_width + label_size, len(lines) * label_size * LEADING + label_size * 0.5
        cx, cy = (at[0] - wx) * s, top - (at[1] - wy) * s
        radius = min(bh / 2, 6 * s)
        d.add(Rect(cx - bw / 2, cy - bh / 2, bw, bh, rx=radius, ry=radius, fillColor=colors.white,
                   strokeColor=LABEL_EDGE, strokeWidth=max(0.3, 0.6 * s)))
        first = cy + len(lines) * label_size * LEADING / 2
        for n, words in enumerate(lines):
            d.add(String(cx, first - (n + 0.5) * label_size * LEADING - label_size * 0.35, words, fontName=FONT,
                         fontSize=label_size, textAnchor="middle", fillColor=LABEL_TEXT))
    return d


def _legend(content: PlainContent, st: dict) -> Paragraph:
    return Paragraph("&nbsp;&nbsp;&nbsp;".join(f'<font color="{c}">■</font> {escape(n)}' for c, n in content.legend),
                     st["legend"])


def _worksheet(sheet: dict, st: dict, width: float) -> KeepTogether:
    """A worksheet: its heading and intro, then its tables of words (a dotted line for each blank), kept together."""
    flowables: list[Flowable] = [Paragraph(escape(sheet["title"]), st["h2"])]
    if sheet["intro"]:
        flowables.append(Paragraph(escape(sheet["intro"]), st["intro"]))
    for table in sheet["tables"]:
        if table["heading"]:
            flowables.append(Paragraph(escape(table["heading"]), st["h3"]))
        count = max(1, len(table["columns"]))
        label_width = min(128.0, width * 0.3) if table["labels"] else 0.0
        first = 1 if table["labels"] else 0
        widths = ([label_width] if first else []) + [(width - label_width) / count] * count
        style = [("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LEFTPADDING", (0, 0), (-1, -1), 7), ("RIGHTPADDING", (0, 0), (-1, -1), 7),
                 ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
        rows: list[list] = []
        if any(table["columns"]):
            rows.append([""] * first + [Paragraph(escape(c), st["column"]) for c in table["columns"]])
            for n, colour in enumerate(table["partners"]):
                style.append(("LINEBELOW", (first + n, 0), (first + n, 0), 2 if colour else 1,
                              colors.HexColor(colour) if colour else RULE))
        for kind, label, cells in table["rows"]:
            r = len(rows)
            if kind != "words":
                rows.append([Paragraph(escape(label), st["subhead"])] + [""] * (len(widths) - 1))
                style += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), GRID_HEAD)]
                continue
            line: list = [Paragraph(escape(label), st["small"])] if first else []
            for caption, words, ours, blank in cells:
                parts: list[Flowable] = [Paragraph(escape(caption), st["small"])] if caption else []
                if not blank:
                    parts.append(Paragraph(escape(words).replace("\n", "<br/>"), st["ours" if ours else "cell"]))
                elif not ours:
                    parts.append(_write_line())
                line.append(parts)
            if len(cells) == 1 and count > 1:
                style.append(("SPAN", (first, r), (-1, r)))
            line += [""] * (len(widths) - len(line))
            rows.append(line[: len(widths)])
            style.append(("LINEBELOW", (0, r), (-1, r), 0.5, RULE))
        grid = Table(rows, colWidths=widths, repeatRows=1 if any(table["columns"]) else 0, hAlign="LEFT")
        grid.setStyle(TableStyle(style))
        flowables.append(grid)
    if sheet["outro"]:
        flowables.append(Paragraph(escape(sheet["outro"]), st["small"]))
    return KeepTogether(flowables)


def _exercise(entry: dict, st: dict, t: dict, first: bool, width: float) -> KeepTogether:
    """One exercise on one page: title and meta on a line, steps, stop rule, note, "Keeping track" beside the tick
    grid headed with the days after the session, and log tables to write in."""
    flowables: list[Flowable] = []
    if first:
        flowables += [Paragraph(str(t["homework"]), st["h2"]), Paragraph(str(t["homework_intro"]), st["intro"])]
    meta = f'&nbsp;&nbsp; <font name="{FONT}" size="9.5" color="#5f6b76">{escape(entry["meta"])}</font>'
    flowables.append(Paragraph(escape(entry["title"]) + meta, st["exercise"]))
    if entry["summary"]:
        flowables.append(Paragraph(escape(entry["summary"]), st["body"]))
    for number, step in enumerate(entry["steps"], start=1):
        flowables.append(Paragraph(escape(step), st["step"], bulletText=f"{number}."))
    if entry["stop_rule"]:
        lead, _, rest = entry["stop_rule"].partition(",")
        flowables.append(_box([Paragraph(f"<b>{escape(lead)},</b>{escape(rest)}", st["body"])], colors.white, ACCENT,
                              framed=True))
    if entry["note"]:
        flowables.append(_box([Paragraph(f'<font color="#5f6b76"><b>{t["note"]}:</b></font> '
                                         f'{escape(entry["note"])}', st["body"])], NOTE_FILL, NOTE_EDGE))
    days = entry["days"] or ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    grid_rows = [[""] + [Paragraph("<br/>".join(escape(p) for p in day.split(" ", 1)), st["grid_head"])
                         for day in days]]
    grid_rows += [[Paragraph(escape(name), st["grid"])] + [""] * len(days) for name in entry["rows"] or [""]]
    names = max(pdfmetrics.stringWidth(name, FONT, 9.5) for name in entry["rows"] or [""]) + 10
    grid = Table(grid_rows, colWidths=[min(92.0, names)] + [34.0] * len(days),
                 rowHeights=[24.0] + [22.0] * (len(grid_rows) - 1), hAlign="LEFT")
    grid.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("BACKGROUND", (1, 0), (-1, 0), GRID_HEAD), ("GRID", (1, 0), (-1, -1), 0.6, GRID_LINE),
                              ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    grid_width = min(92.0, names) + 34.0 * len(days)
    tracking = Paragraph(f"<b>{t['tracking']}</b> {escape(entry['tracking'])}", st["body"])
    beside = Table([[tracking, grid]], colWidths=[width - grid_width - 12, grid_width + 12], hAlign="LEFT")
    beside.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                                ("LEFTPADDING", (1, 0), (1, 0), 12)]))
    beside.spaceBefore = 4
    flowables.append(beside)
    if entry["log"]:
        owners = entry["log_owners"] or [""]
        count = 4 if len(owners) == 1 else 3
        for owner in owners:
            if owner:
                flowables.append(Paragraph(f"{escape(owner)}'s notes", st["label"]))
            head = [Paragraph(escape(column), st["log_head"]) for column in entry["log"]]
            log = Table([head] + [[""] * len(head) for _ in range(count)],
                        colWidths=[62.0 if len(column) <= 6 else "*" for column in entry["log"]],
                        rowHeights=[None] + [22.0 * 1.35] * count, hAlign="LEFT")
            log.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                     ("BACKGROUND", (0, 0), (-1, 0), GRID_HEAD),
                                     ("GRID", (0, 0), (-1, -1), 0.6, GRID_LINE)]))
            log.spaceBefore, log.spaceAfter = 6, 2
            flowables.append(log)
        flowables.append(Paragraph("Need more room? Carry on overleaf or on a sheet of your own.", st["small"]))
    flowables.append(Spacer(1, 4))
    return KeepTogether(flowables)


def _plan_story(plan: dict, width: float) -> list[Flowable]:
    """The plan for the fridge: plain paragraphs and tables, at the type scale our page chose."""
    k, t, names = plan["k"], plan["text"], plan["names"]
    bars = [colors.HexColor(c) for c in plan["colours"]]

    def p(words: str, size: float, bold: bool = False, colour: colors.Color = INK, after: float = 0.0) -> Paragraph:
        return Paragraph(words, ParagraphStyle("plan", fontName=BOLD if bold else FONT, fontSize=size * k,
                                               leading=size * k * LEADING, textColor=colour, spaceAfter=after * k))

    def value(words: str, size: float, bold: bool = True, colour: str = "#2b3440") -> str:
        shown = escape(words) if words else "_" * 24
        font = BOLD if bold and words else FONT
        return f'<font name="{font}" size="{size * k:.2f}" color="{colour}">{shown}</font>'

    def heading(number: int, words: str) -> list[Flowable]:
        return [p(f"{number}. {escape(words)}", 21, True, ACCENT), HRFlowable(width="100%", thickness=0.8, color=RULE,
                                                                              spaceBefore=1 * k, spaceAfter=4 * k)]

    def each(cells) -> Table:
        column = (width - 18 * k) / 2
        table = Table([[[p(escape(names[i]), 13.5, True, bars[i], 1), *cells(i)] for i in (0, 1)]],
                      colWidths=[column, column + 18 * k])
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LINEBEFORE", (0, 0), (0, 0), 3 * k, bars[0]),
                                   ("LINEBEFORE", (1, 0), (1, 0), 3 * k, bars[1]),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 9 * k), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("LEFTPADDING", (1, 0), (1, 0), 9 * k + 18 * k),
                                   ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 8 * k)]))
        return table

    spot = Table([[[p(escape(t["say"]), 12, colour=SOFT, after=3), p(value(plan["spot_it"], 18), 18)]]],
                 colWidths=["100%"])
    spot.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("BACKGROUND", (0, 0), (-1, -1), NOTE_FILL),
                              ("LINEBEFORE", (0, 0), (0, -1), 3 * k, NOTE_EDGE),
                              ("LEFTPADDING", (0, 0), (-1, -1), 9 * k), ("TOPPADDING", (0, 0), (-1, -1), 9 * k),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 9 * k)]))
    return [
        p(escape(t["title"]), 32, True, after=2),
        p(escape(t["subtitle"].format(a=names[0], b=names[1])), 13, colour=SOFT),
        Spacer(1, 14 * k),
        *heading(1, t["spot"]),
        p(f'{escape(t["name"])} {value(plan["cycle_name"], 23, colour="#3b6e8f")}', 16, colour=SOFT, after=6),
        p(escape(t["signs"]), 12.5, colour=SOFT, after=3),
        each(lambda i: [p(value(plan["early_signs"][i], 17, False), 17)]),
        spot,
        Spacer(1, 12 * k),
        *heading(2, t["pause"]),
        p(f'{escape(t["break"])} {value(plan["pause"], 17)}', 17, after=4),
        p(f'{escape(t["come_back"])} {value(plan["come_back"], 17)}{t["come_back_end"]}', 17, after=4),
        p(escape(t["break_tip"]), 12, colour=SOFT, after=7),
        p(escape(t["calm"]), 12.5, colour=SOFT, after=3),
        each(lambda i: [p(value(plan["calm_down"][i], 17, False), 17)]),
        Spacer(1, 12 * k),
        *heading(3, t["soft"]),
        p(escape(t["soft_intro"]), 12.5, colour=SOFT, after=3),
        each(lambda i: [p(f'{escape(t["deep_down"])} {value(plan["deep_down"][i], 16)}{t["deep_down_end"]}', 16,
                          after=3),
                        p(f'{escape(t["needed"])} {value(plan["needed"][i], 16)}{t["needed_end"]}', 16)]),
        p(escape(t["repair"]), 12.5, colour=SOFT, after=3),
        *(p(f'<font name="{BOLD}" color="#3b6e8f">{n}.</font> {value(phrase, 17, False)}', 17, after=4)
          for n, phrase in enumerate(plan["repair_phrases"], start=1)),
        Spacer(1, 12 * k),
        p(f'<b>{escape(t["enemy"])}</b> <font color="#5f6b76">{escape(t["stop"])}</font>', 12.5),
    ]


def _document(content: PlainContent, buffer: io.BytesIO, compress: bool, title: str) -> BaseDocTemplate:
    """A document with upright and sideways pages and the footer ('Page n of N', as ours) on each."""
    margin, bottom, padding = content.margins
    doc = BaseDocTemplate(buffer, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=margin,
                          bottomMargin=bottom, title=title, author="", creator="Couple Canvas",
                          pageCompression=1 if compress else 0, initialFontName=FONT)
    templates = []
    for name, (w, h) in (("portrait", A4), ("landscape", landscape(A4))):
        frame = Frame(margin, bottom, w - 2 * margin, h - margin - bottom, leftPadding=padding, rightPadding=padding,
                      topPadding=padding, bottomPadding=padding)
        templates.append(PageTemplate(id=name, frames=[frame], pagesize=(w, h)))
    doc.addPageTemplates(templates)
    return doc


def _numbered_canvas(content: PlainContent) -> type[Canvas]:
    """The usual ReportLab recipe for 'Page n of N': pages are held back until their number is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self) -> None:  # noqa: N802
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            margin = content.margins[0]
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                right = self._pagesize[0] - margin
                self.setStrokeColor(RULE)
                self.setLineWidth(0.5)
                self.line(margin, margin + 8, right, margin + 8)
                self.setFont(FONT, 8)
                self.setFillColor(SOFT)
                self.drawString(margin, margin - 2, content.practice)
                self.drawRightString(right, margin - 2, f"Page {number} of {len(self._held)}")
                if content.support_line:
                    self.setFillColor(INK)
                    self.drawString(margin, margin - 14, content.support_line)
                super().showPage()
            super().save()

    return NumberedCanvas


def build_bare(content: PlainContent, compress: bool = True, direct: bool = False) -> bytes:
    """The same story with plain ReportLab, as PDF bytes (A4); the map as Drawings, or by direct canvas calls."""
    st = _styles()
    t = content.texts
    buffer = io.BytesIO()
    doc = _document(content, buffer, compress, "Session handout")
    width = doc.width - 2 * content.margins[2]
    story: list = []
    words = [Paragraph(escape(content.practice), st["practice"]),
             Paragraph("<br/>".join(escape(line) for line in content.contact), st["contact"])]
    if content.logo:
        logo_w, logo_h = content.logo_size
        head = Table([[Image(io.BytesIO(content.logo), width=logo_w, height=logo_h), words]],
                     colWidths=[logo_w + 12, width - logo_w - 12], hAlign="LEFT")
        head.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        story.append(head)
    else:
        story.extend(words)
    story.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=10, spaceAfter=12))
    story.append(Paragraph(escape(content.title), st["title"]))
    story.append(Paragraph(escape(content.subtitle), st["subtitle"]))
    if content.appointment:
        story.append(Paragraph(content.appointment, st["appointment"]))
    story.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=2, spaceAfter=4))
    story.append(Paragraph(str(t["cycle" if content.columns else "map"]), st["h2"]))
    rows = content.map_rows
    if content.map_inline:
        story += [Paragraph(str(t["cycle_intro"]), st["intro"]), _MapRow(content, rows[0][1], rows[0][0], direct),
                  _legend(content, st)]
    elif rows:
        story.append(Paragraph(str(t["map_later"]), st["intro"]))
    if content.columns:
        words = [Paragraph(str(t["cycle_words"]), st["h3"])]
        if content.cycle_name:
            words += [Paragraph(str(t["cycle_name"]), st["small"]), Paragraph(escape(content.cycle_name), st["name"])]
        words.append(Paragraph(str(t["cycle_together"]), st["intro"]))
        table_rows = [["", *(Paragraph(escape(c), st["column"]) for c in content.columns)]]
        table_rows += [[Paragraph(escape(a), st["small"]), Paragraph(escape(b), st["cell"]),
                        Paragraph(escape(c), st["cell"])] for a, b, c in content.rows]
        column = (width - 128) / 2
        table = Table(table_rows, colWidths=[128, column, column], repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (0, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 5),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                                   ("LINEBELOW", (1, 0), (1, 0), 2, colors.HexColor(content.legend[0][0])),
                                   ("LINEBELOW", (2, 0), (2, 0), 2, colors.HexColor(content.legend[1][0])),
                                   ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE),
                                   ("BACKGROUND", (1, 1), (1, -1), colors.HexColor("#eef3f8")),
                                   ("BACKGROUND", (2, 1), (2, -1), colors.HexColor("#fbf1ea"))]))
        words += [table, Paragraph(str(t["cycle_loop"]), st["small"])]
        if content.spot_it:
            words.append(_box([Paragraph(str(t["spot_it"]), st["label"]), Paragraph(escape(content.spot_it),
                                                                                   st["body"])], NOTE_FILL, NOTE_EDGE))
        story.append(KeepTogether(words))
    for index, (old, new) in enumerate(content.reframes):
        pair = Table([[[Paragraph(str(t["old_story"]), st["label"]), Paragraph(escape(old), st["body"])],
                       Paragraph("→", st["arrow"]),
                       [Paragraph(str(t["new_story"]), st["label"]), Paragraph(escape(new), st["body"])]]],
                     colWidths=[(width - 34) / 2, 34, (width - 34) / 2])
        pair.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("BACKGROUND", (0, 0), (0, 0), colors.HexColor("#f8efe6")),
                                  ("BACKGROUND", (2, 0), (2, 0), colors.HexColor("#eaf2ed"))]))
        head = [Paragraph(str(t["reframes"]), st["h2"]), Paragraph(str(t["reframes_intro"]), st["intro"])]
        story.append(KeepTogether([*(head if index == 0 else []), pair]))
    story.extend(_worksheet(sheet, st, width) for sheet in content.worksheets)
    formula = " ".join(f'<b>{lead}</b> <font color="#3b6e8f">[{blank}]</font>' for lead, blank in t["i_feel_parts"])
    card = _box([Paragraph(str(t["i_feel_intro"]), st["body"]), Paragraph(formula, st["formula"]),
                 Paragraph(f"<b>{t['i_feel_example_label']}</b> {escape(str(t['i_feel_example']))}", st["body"]),
                 Paragraph(str(t["i_feel_tip"]), st["small"])], colors.HexColor("#eef4f8"),
                colors.HexColor("#b9cddb"), framed=True)
    story.append(KeepTogether([Paragraph(str(t["i_feel"]), st["h2"]), card]))
    story.extend(_exercise(entry, st, t, index == 0, width) for index, entry in enumerate(content.homework))
    if rows and not content.map_inline:
        story += [NextPageTemplate("landscape"), PageBreak(), Paragraph(str(t["map"]), st["h2"]),
                  Paragraph(str(t["map_pages_intro"]), st["intro"])]
        for index, (height, parts) in enumerate(rows):
            story += [Spacer(1, 10)] if index else []
            story.append(_MapRow(content, parts, height, direct))
            story += [] if index else [_legend(content, st)]
        if content.plan is not None:
            story.append(NextPageTemplate("portrait"))
    if content.plan is not None:
        story += [PageBreak(), *_plan_story(content.plan, width)]
    doc.build(story, canvasmaker=_numbered_canvas(content))
    return buffer.getvalue()


def build_bare_plan(content: PlainContent, compress: bool = True) -> bytes:
    """The plan card alone on one upright page with the same footer, as plain ReportLab."""
    assert content.plan is not None
    buffer = io.BytesIO()
    doc = _document(content, buffer, compress, "When our cycle starts")
    doc.build(_plan_story(content.plan, doc.width - 2 * content.margins[2]), canvasmaker=_numbered_canvas(content))
    return buffer.getvalue()
