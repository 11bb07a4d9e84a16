"""The board's actions (tools, ink, arranging, clipboard, zoom, templates, reframes): menus, toolbar, context menu."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from couplecanvas.canvas import keys
from couplecanvas.canvas.arrange import Align
from couplecanvas.canvas.tools import Tool
from couplecanvas.domain.board import HIGHLIGHTER_COLOURS, INK_COLOURS, CardKind
from couplecanvas.domain.couple import PartnerRole

_TOOL_BINDINGS = {Tool(b.tool): b for b in keys.KEYS.values() if b.tool}
TOOL_LABELS = {tool: (_TOOL_BINDINGS[tool].label, _TOOL_BINDINGS[tool].sequences[0]) for tool in Tool}
"""Each tool's name and key, in the toolbar's order, from the table of keys (canvas/keys.py)."""
INK_WIDTHS = {"Fine": 2.0, "Medium": 3.5, "Bold": 6.0}


def swatch(colour: str) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class BoardActions(QObject):
    """Owns the board actions; `view()` and `scene()` give the current board view and scene (or None)."""

    export_image_requested = Signal(str)
    """The therapist asked to export the board as 'png' or 'svg'."""
    shortcuts_requested = Signal()
    """The therapist asked for the sheet of keys."""
    insert_template_requested = Signal()
    """The therapist asked for the template picker."""
    save_template_requested = Signal()
    """The therapist asked to save the board as a template of their own."""
    message = Signal(str)
    """A short note for the status bar."""

    def __init__(self, parent: QWidget, view: Callable, scene: Callable) -> None:
        super().__init__(parent)
        self._parent = parent
        self._view = view
        self._scene = scene
        self.board_bound: list[QAction] = []  # enabled only while a board is open
        self.view_actions: list[
            QAction
        ] = []  # shortcuts live on the board view (they never fire while typing elsewhere)

        self.tool_group = QActionGroup(self)
        self.tool_actions: dict[Tool, QAction] = {}
        for tool in TOOL_LABELS:
            action = self._keyed(_TOOL_BINDINGS[tool].id, partial(self._set_tool, tool), key_in_view=True)
            action.setCheckable(True)
            self.tool_group.addAction(action)
            self.tool_actions[tool] = action
        self.tool_actions[Tool.SELECT].setChecked(True)

        # Single keys are the view's own (canvas/view.py reads the same table), so typing in a card is never taken.
        self.new_card = self._keyed("new_card", partial(self._new_card, CardKind.CARD), key_in_view=True)
        self.new_note = self._keyed("new_note", partial(self._new_card, CardKind.NOTE), key_in_view=True)
        self.new_label = self._keyed("new_label", partial(self._new_card, CardKind.LABEL), key_in_view=True)
        self.edit_text = self._keyed("edit_text", self._edit_text, key_in_view=True)
        self.connected = self._keyed("connected_card", self._connected, key_in_view=True)
        self.sibling = self._keyed("sibling_card", self._sibling, key_in_view=True)
        self.link = self._keyed("connect", self._link, key_in_view=True)
        self.delete = self._keyed("delete", lambda: self._with_scene(lambda s: s.delete_selection()), key_in_view=True)
        self.mark_reframe = self._keyed("reframe", self._mark_reframe)
        self.mark_reframe.setToolTip(self.tr("Two selected cards become a reframe: the first is the old story, "
                                             "the second its new story"))
        self.insert_template = self._keyed("insert_template", self.insert_template_requested.emit, on_view=False)
        self.insert_template.setIconText(self.tr("Template…"))
        self.insert_template.setToolTip(self.tr("Lay out a ready map: the cycle, an iceberg, and more ({keys})").format(
            keys=keys.binding("insert_template").sequences[0]))
        self.save_template = self._action(self.tr("Save board as template…"), self.save_template_requested.emit)

        self.cut = self._keyed("cut", lambda: self._with_scene(lambda s: s.cut_selection()))
        self.copy = self._keyed("copy", lambda: self._with_scene(lambda s: s.copy_selection()))
        self.paste = self._keyed("paste", lambda: self._with_scene(lambda s: s.paste()))
        self.duplicate = self._keyed("duplicate", lambda: self._with_scene(lambda s: s.duplicate_selection()))
        self.select_all = self._keyed("select_all", lambda: self._with_scene(lambda s: s.select_all()))

        self.align = {
            how: self._action(
                self.tr(f"Align {how.value}"), lambda _=False, h=how: self._with_scene(lambda s: s.align_selection(h))
            )
            for how in Align
        }
        self.distribute_h = self._action(
            self.tr("Distribute across"), lambda: self._with_scene(lambda s: s.distribute_selection(True))
        )
        self.distribute_v = self._action(
            self.tr("Distribute down"), lambda: self._with_scene(lambda s: s.distribute_selection(False))
        )
        self.front = self._keyed("front", lambda: self._with_scene(lambda s: s.bring_to_front()))
        self.back = self._keyed("back", lambda: self._with_scene(lambda s: s.send_to_back()))
        self.group = self._keyed("group", lambda: self._with_scene(lambda s: s.group_selection()))
        self.ungroup = self._keyed("ungroup", lambda: self._with_scene(lambda s: s.ungroup_selection()))
        self.snap = self._keyed("snap", self._toggle_snap, key_in_view=True)
        self.snap.setCheckable(True)

        self.owner = {
            role: self._keyed("give_first" if role is PartnerRole.A else "give_second",
                              lambda _=False, r=role: self._with_scene(lambda s: s.set_selection_partner(r)), text="")
            for role in PartnerRole
        }
        self.owner_none = self._keyed("give_nobody", lambda: self._with_scene(lambda s: s.set_selection_partner(None)))
        self.kind = {
            kind: self._action(
                self.tr(label), lambda _=False, k=kind: self._with_scene(lambda s: s.set_selection_kind(k))
            )
            for kind, label in ((CardKind.CARD, "Card"), (CardKind.NOTE, "Sticky note"), (CardKind.LABEL, "Text label"))
        }
        self.arrow_label = self._action(self.tr("Words on the arrow…"), self._arrow_label)
        self.arrow_curved = self._action(self.tr("Curved arrow"), self._arrow_curved)

        self.zoom_in = self._keyed("zoom_in", lambda: self._with_view(lambda v: v.zoom_by(1)))
        self.zoom_out = self._keyed("zoom_out", lambda: self._with_view(lambda v: v.zoom_by(-1)))
        self.fit = self._keyed("fit", lambda: self._with_view(lambda v: v.fit_to_content()))
        self.actual_size = self._keyed("actual_size", lambda: self._with_view(lambda v: v.set_zoom(1.0)))
        self.zoom_selection = self._keyed("zoom_selection", lambda: self._with_view(lambda v: v.zoom_to_selection()))

        self.export_png = self._action(self.tr("Export board as PNG…"), lambda: self.export_image_requested.emit("png"))
        self.export_svg = self._action(self.tr("Export board as SVG…"), lambda: self.export_image_requested.emit("svg"))

        self.ink_colour_actions = self._swatches(INK_COLOURS, self._set_ink_colour)
        self.highlighter_colour_actions = self._swatches(HIGHLIGHTER_COLOURS, self._set_highlighter_colour)
        self.ink_width_actions = QActionGroup(self)
        for label, width in INK_WIDTHS.items():
            action = QAction(self.tr(label), self)
            action.setCheckable(True)
            action.setChecked(label == "Medium")
            action.triggered.connect(lambda _=False, w=width: self._set_ink_width(w))
            self.ink_width_actions.addAction(action)
        self._ink = {"colour": INK_COLOURS[0], "width": INK_WIDTHS["Medium"], "highlighter": HIGHLIGHTER_COLOURS[0]}

    # -- building ------------------------------------------------------------------------------------------------------
    def _swatches(self, colours, choose) -> QActionGroup:
        """One checkable colour swatch per colour, the first one checked."""
        group = QActionGroup(self)
        for colour in colours:
            action = QAction(swatch(colour), colour, self)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, c=colour: choose(c))
            group.addAction(action)
        group.actions()[0].setChecked(True)
        return group

    def _keyed(self, binding_id: str, slot, key_in_view: bool = False, on_view: bool = True,
               text: str | None = None) -> QAction:
        """An action named and keyed by its binding in canvas/keys.py (`text` overrides the name)."""
        binding = keys.binding(binding_id)
        if text is None:
            text = QCoreApplication.translate("keys", binding.label)
        return self._action(text, slot, binding.sequences, key_in_view=key_in_view, on_view=on_view and not key_in_view)

    def _action(self, text: str, slot, sequences: tuple[str, ...] = (), key_in_view: bool = False,
                on_view: bool = False) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _=False: slot())
        if sequences:
            action.setShortcuts([QKeySequence(sequence) for sequence in sequences])
            if key_in_view:
                # The board view handles single keys itself, so typing in a card is never hijacked: the menu shows them.
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            elif on_view:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.view_actions.append(action)
        self.board_bound.append(action)
        return action

    def attach_view(self, view: QWidget) -> None:
        """Give the view the actions whose shortcuts work while the board has the focus."""
        view.addActions(self.view_actions)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)
        view.shortcuts_requested.connect(self.shortcuts_requested)

    def set_partner_names(self, names: dict[PartnerRole, str]) -> None:
        for role, action in self.owner.items():
            action.setText(self.tr("Give to {name}").format(name=names[role]))

    def set_enabled(self, enabled: bool) -> None:
        """Switch every action that acts on the open board, ink colours and widths included."""
        for action in self.board_bound:
            action.setEnabled(enabled)
        for group in (self.ink_colour_actions, self.highlighter_colour_actions, self.ink_width_actions):
            group.setEnabled(enabled)

    def fill_menus(self, menu_bar: QMenuBar, edit_menu: QMenu, view_menu: QMenu) -> QMenu:
        """Add the board's entries to the menus; returns the Board menu."""
        for action in (None, self.cut, self.copy, self.paste, self.duplicate, None, self.select_all, self.delete):
            edit_menu.addSeparator() if action is None else edit_menu.addAction(action)
        board = QMenu(self.tr("&Board"), menu_bar)
        for action in (self.new_card, self.new_note, self.new_label, self.connected, self.sibling, None,
                       self.edit_text, self.link, self.mark_reframe, None, self.insert_template, self.save_template,
                       None):
            board.addSeparator() if action is None else board.addAction(action)
        tools = board.addMenu(self.tr("Tool"))
        tools.addActions(list(self.tool_actions.values()))
        ink = board.addMenu(self.tr("Ink"))
        ink.addActions(self.ink_colour_actions.actions())
        ink.addSeparator()
        ink.addActions(self.ink_width_actions.actions())
        ink.addSeparator()
        ink.addActions(self.highlighter_colour_actions.actions())
        board.addSeparator()
        owner = board.addMenu(self.tr("Belongs to"))
        owner.addActions([*self.owner.values(), self.owner_none])
        style = board.addMenu(self.tr("Style"))
        style.addActions(list(self.kind.values()))
        arrows = board.addMenu(self.tr("Arrow"))
        arrows.addActions([self.arrow_label, self.arrow_curved])
        arrange = board.addMenu(self.tr("Arrange"))
        arrange.addActions(list(self.align.values()))
        arrange.addSeparator()
        arrange.addActions([self.distribute_h, self.distribute_v])
        arrange.addSeparator()
        arrange.addActions([self.front, self.back, self.group, self.ungroup])
        board.addAction(self.snap)
        board.addSeparator()
        board.addActions([self.export_png, self.export_svg])
        for action in (None, self.zoom_in, self.zoom_out, self.fit, self.actual_size, self.zoom_selection):
            view_menu.addSeparator() if action is None else view_menu.addAction(action)
        return board

    def fill_toolbar(self, toolbar: QToolBar) -> None:
        toolbar.addActions(list(self.tool_actions.values()))
        toolbar.addSeparator()
        for action in self.ink_colour_actions.actions():
            action.setToolTip(self.tr("Pen colour"))
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addActions([self.new_card, self.new_note, self.new_label])
        toolbar.addSeparator()
        toolbar.addAction(self.insert_template)

    # -- slots ---------------------------------------------------------------------------------------------------------
    def _with_scene(self, do) -> None:
        scene = self._scene()
        if scene is not None:
            do(scene)

    def _with_view(self, do) -> None:
        view = self._view()
        if view is not None:
            do(view)

    def _set_tool(self, tool: Tool) -> None:
        self._with_scene(lambda s: s.set_tool(tool))

    def on_tool_changed(self, tool: Tool) -> None:
        self.tool_actions[tool].setChecked(True)

    def apply_ink(self, scene) -> None:
        """Give a new scene the current ink settings."""
        scene.tools[Tool.PEN].colour = self._ink["colour"]
        scene.tools[Tool.PEN].width = self._ink["width"]
        scene.tools[Tool.HIGHLIGHTER].colour = self._ink["highlighter"]
        self.snap.setChecked(scene.snap_to_grid)

    def _set_ink_colour(self, colour: str) -> None:
        self._ink["colour"] = colour
        self._with_scene(self.apply_ink)
        self._set_tool(Tool.PEN)

    def _set_highlighter_colour(self, colour: str) -> None:
        self._ink["highlighter"] = colour
        self._with_scene(self.apply_ink)
        self._set_tool(Tool.HIGHLIGHTER)

    def _set_ink_width(self, width: float) -> None:
        self._ink["width"] = width
        self._with_scene(self.apply_ink)
        self._set_tool(Tool.PEN)

    def _new_card(self, kind: CardKind) -> None:
        self._with_view(lambda v: v.new_card(kind))

    def _edit_text(self) -> None:
        scene = self._scene()
        if scene is not None and len(scene.selected_card_ids()) == 1:
            scene.start_editing(scene.selected_card_ids()[0])

    def _connected(self) -> None:
        scene = self._scene()
        if scene is not None and len(scene.selected_card_ids()) == 1:
            scene.add_connected_card(scene.selected_card_ids()[0])

    def _sibling(self) -> None:
        scene = self._scene()
        if scene is not None and len(scene.selected_card_ids()) == 1:
            scene.add_sibling_card(scene.selected_card_ids()[0])

    def _link(self) -> None:
        scene = self._scene()
        if scene is None:
            return
        cards = scene.selected_card_ids()
        if len(cards) == 1:
            scene.start_link_pick(cards[0])
        elif cards:
            scene.connect_selected()

    def _mark_reframe(self) -> None:
        scene = self._scene()
        if scene is None:
            return
        scene.finish_editing()
        if scene.mark_reframe() is None:
            self.message.emit(self.tr("To mark a reframe, click the old story, then Shift+click its new story, "
                                      "and press {key}.").format(key=keys.binding("reframe").sequences[0]))
        else:
            self.message.emit(
                self.tr("Marked as a reframe: the first card is the old story, the second its new story.")
            )

    def _toggle_snap(self) -> None:
        scene = self._scene()
        if scene is not None:
            scene.snap_to_grid = not scene.snap_to_grid
            self.snap.setChecked(scene.snap_to_grid)

    def _arrow_label(self) -> None:
        scene, view = self._scene(), self._view()
        if scene is not None and view is not None and scene.selected_connector_ids():
            view.edit_connector_label(scene.selected_connector_ids()[0])

    def _arrow_curved(self) -> None:
        scene = self._scene()
        if scene is None:
            return
        for connector_id in scene.selected_connector_ids():
            connector = scene.document.board.connectors[connector_id]
            scene.document.set_connector(connector_id, curved=not connector.curved)

    def _context_menu(self, pos) -> None:
        view, scene = self._view(), self._scene()
        if view is None or scene is None:
            return
        item = view.itemAt(pos)
        if item is not None and not item.isSelected():
            scene.clearSelection()
            item.setSelected(True)
        menu = QMenu(view)
        if scene.selected_card_ids():
            if len(scene.selected_card_ids()) == 2:
                menu.addAction(self.mark_reframe)
            menu.addAction(self.edit_text)
            menu.addActions([*self.owner.values(), self.owner_none])
            style = menu.addMenu(self.tr("Style"))
            style.addActions(list(self.kind.values()))
            menu.addSeparator()
            menu.addActions([self.front, self.back, self.duplicate, self.delete])
        elif scene.selected_connector_ids():
            menu.addActions([self.arrow_label, self.arrow_curved, self.delete])
        else:
            menu.addActions([self.new_card, self.new_note, self.new_label, self.paste])
            menu.addSeparator()
            menu.addAction(self.insert_template)
        menu.popup(view.viewport().mapToGlobal(pos))
