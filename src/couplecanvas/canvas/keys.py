"""Every key binding of the app, once: the board view, the actions, the key sheet and the README read this table.

Data only. A key sequence is written as Qt's portable text (`QKeySequence("Ctrl+L")` reads it back unchanged); the
sheet and the README write a few keys the way people say them (`Return` is "Enter", `Del` is "Delete"): see
`shown_key`. Where a binding applies is its `context`:

- "board": the board view has the focus (single keys are handled by the view itself, so typing in a card is never
  taken; combinations with Ctrl are QAction shortcuts on the view),
- "window": anywhere in the main window,
- "typing": while typing in a card,
- "pick": while picking the target of a new arrow from the keyboard,
- "handout": in the handout preview,
- "story": on the story-over-time page,
- "share": in the share window.

Two bindings whose contexts can be active together never share a key (tests/canvas/test_keys.py checks this).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyBinding:
    """One thing the therapist can do from the keyboard, with its keys and the words the sheet shows for it."""

    id: str
    sequences: tuple[str, ...]
    """Qt portable key sequences, the main one first (empty for a mouse-only gesture listed for the sheet)."""
    section: str
    """The heading on the key sheet."""
    does: str
    """What it does, in plain words, for the key sheet."""
    context: str = "board"
    readme: bool = False
    """Shown in the README's "Using the board" table."""
    label: str = ""
    """The action's name in menus and the toolbar (tools: the tool's name)."""
    tool: str = ""
    """The `Tool` value this key picks (canvas/tools.py), for tool keys."""
    gestures: tuple[str, ...] = ()
    """Mouse (or pen, or touch) ways to do the same, as the sheet and the README write them."""
    summary: str = ""
    """How the sheet writes many keys at once ("Alt+arrow keys"); replaces the list of sequences there."""
    share_sequences: tuple[str, ...] = ()
    """Keys that do the same while the share window has the focus."""
    on_sheet: bool = True


SECTIONS = ("Cards", "Arrows", "Selection", "Tools", "View", "Templates", "Sharing", "Session")

_ARROWS = ("Left", "Right", "Up", "Down")

_TABLE = (
    # -- Cards ---------------------------------------------------------------------------------------------------------
    KeyBinding("new_card", ("N",), "Cards", "New card, ready for typing", readme=True, label="New card",
               gestures=("double-click on the board",)),
    KeyBinding("new_note", ("Shift+N",), "Cards", "New sticky note", readme=True, label="New sticky note"),
    KeyBinding("new_label", ("T",), "Cards", "New text label", readme=True, label="New text label"),
    KeyBinding("connected_card", ("Tab",), "Cards",
               "New card connected from the selected one (also while typing); the cards go round, so a cycle stays "
               "on the screen", readme=True, label="New connected card"),
    KeyBinding("sibling_card", ("Return", "Enter"), "Cards", "New sibling card below the selected one", readme=True,
               label="New sibling card"),
    KeyBinding("edit_text", ("F2",), "Cards",
               "Edit the selected card's words; on one selected card, any letter starts typing (words already there "
               "get a space before the new ones)", readme=True, label="Edit card text",
               gestures=("just type", "double-click")),
    KeyBinding("finish_typing", ("Return", "Enter", "Esc"), "Cards", "Finish typing", context="typing", readme=True),
    KeyBinding("new_line", ("Shift+Return", "Shift+Enter"), "Cards", "A new line in the card", context="typing",
               readme=True),
    KeyBinding("typing_connected_card", ("Tab",), "Cards", "While typing: keep the words and go on with a new card "
               "connected from this one", context="typing", on_sheet=False),
    KeyBinding("give_first", ("Alt+1",), "Cards", "Give the selected cards to the first partner"),
    KeyBinding("give_second", ("Alt+2",), "Cards", "Give the selected cards to the second partner"),
    KeyBinding("give_nobody", ("Alt+0",), "Cards", "Give the selected cards to nobody (shared)",
               label="Nobody (shared)"),
    # -- Arrows --------------------------------------------------------------------------------------------------------
    KeyBinding("tool_connect", ("C",), "Arrows", "Connect tool: drag from card to card", readme=True,
               label="Connect", tool="connect"),
    KeyBinding("connect", ("Ctrl+L",), "Arrows",
               "Connect from the keyboard: on one card, pick the target with the arrow keys, then Enter (Esc stops); "
               "on several, connect them in the order you picked them", readme=True, label="Connect selected cards"),
    KeyBinding("connect_picked", ("L",), "Arrows",
               "Connect two or more selected cards in the order you picked them (on one card, L is typed)",
               readme=True),
    KeyBinding("pick_move", tuple(_ARROWS), "Arrows", "While picking a target: the next card in that direction",
               context="pick", summary="Arrow keys", on_sheet=False),
    KeyBinding("pick_done", ("Return", "Enter"), "Arrows", "While picking a target: connect to it", context="pick",
               on_sheet=False),
    KeyBinding("pick_cancel", ("Esc",), "Arrows", "While picking a target: stop without connecting", context="pick",
               on_sheet=False),
    KeyBinding("arrow_words", (), "Arrows", "Words on the arrow", gestures=("double-click an arrow",)),
    KeyBinding("reconnect", (), "Arrows", "Reconnect it to another card",
               gestures=("drag an end of a selected arrow",)),
    KeyBinding("reframe", ("Ctrl+R",), "Arrows",
               "Mark a reframe: click the old story, Shift+click its new story, then Ctrl+R", label="Mark as reframe"),
    # -- Selection -----------------------------------------------------------------------------------------------------
    KeyBinding("select", (), "Selection", "Select; Shift+click adds a card to the selection (or takes it out)",
               readme=True, gestures=("click", "Shift+click", "drag a box")),
    KeyBinding("select_all", ("Ctrl+A",), "Selection", "Select everything", readme=True, label="Select all"),
    KeyBinding("jump", tuple(f"Alt+{a}" for a in _ARROWS), "Selection",
               "Select the nearest card in that direction", readme=True, summary="Alt+arrow keys"),
    KeyBinding("jump_add", tuple(f"Alt+Shift+{a}" for a in _ARROWS), "Selection",
               "Add the nearest card in that direction to the selection", summary="Alt+Shift+arrow keys"),
    KeyBinding("nudge", _ARROWS, "Selection", "Nudge by 1 (by the grid step when snapping)", summary="arrow keys"),
    KeyBinding("nudge_more", tuple(f"Shift+{a}" for a in _ARROWS), "Selection",
               "Nudge by 10 (by the grid step when snapping)", summary="Shift+arrow keys"),
    KeyBinding("delete", ("Del", "Backspace"), "Selection", "Delete (a card's arrows go with it)", readme=True,
               label="Delete"),
    KeyBinding("copy", ("Ctrl+C",), "Selection", "Copy", readme=True, label="Copy"),
    KeyBinding("cut", ("Ctrl+X",), "Selection", "Cut", readme=True, label="Cut"),
    KeyBinding("paste", ("Ctrl+V",), "Selection", "Paste (also into another session)", readme=True, label="Paste"),
    KeyBinding("duplicate", ("Ctrl+D",), "Selection", "Duplicate", readme=True, label="Duplicate"),
    KeyBinding("group", ("Ctrl+G",), "Selection", "Group", readme=True, label="Group"),
    KeyBinding("ungroup", ("Ctrl+Shift+G",), "Selection", "Ungroup", label="Ungroup"),
    KeyBinding("front", ("Ctrl+]",), "Selection", "Bring to front", readme=True, label="Bring to front"),
    KeyBinding("back", ("Ctrl+[",), "Selection", "Send to back", readme=True, label="Send to back"),
    KeyBinding("snap", ("G",), "Selection", "Snap to the grid on or off", readme=True, label="Snap to grid"),
    # -- Tools ---------------------------------------------------------------------------------------------------------
    KeyBinding("tool_pen", ("P",), "Tools", "Pen (uses a tablet's pressure)", readme=True, label="Pen", tool="pen"),
    KeyBinding("tool_highlighter", ("H",), "Tools", "Highlighter", readme=True, label="Highlighter",
               tool="highlighter"),
    KeyBinding("tool_eraser", ("E",), "Tools", "Eraser: wipe over lines to remove them", readme=True,
               label="Eraser", tool="eraser"),
    KeyBinding("laser", ("K",), "Tools",
               "Laser pointer: drag to point, a bright trail that fades by itself (never saved, seen in every "
               "window showing the board)", readme=True, label="Laser pointer", tool="laser"),
    KeyBinding("tool_select", ("V",), "Tools", "Back to selecting", readme=True, label="Select", tool="select"),
    KeyBinding("escape", ("Esc",), "Tools", "Back to selecting; when selecting, select nothing"),
    # -- View ----------------------------------------------------------------------------------------------------------
    KeyBinding("zoom_by_hand", (), "View", "Zoom", readme=True, gestures=("Ctrl+wheel", "pinch")),
    KeyBinding("zoom_in", ("Ctrl+=", "Ctrl++"), "View", "Zoom in", readme=True, label="Zoom in"),
    KeyBinding("zoom_out", ("Ctrl+-",), "View", "Zoom out", readme=True, label="Zoom out"),
    KeyBinding("pan", ("Space",), "View", "Pan: hold Space and drag, or drag with the middle button",
               summary="Space+drag", gestures=("middle button",)),
    KeyBinding("fit", ("Ctrl+0",), "View", "Fit the board to the window", readme=True, label="Fit board to window"),
    KeyBinding("actual_size", ("Ctrl+1",), "View", "Actual size", readme=True, label="Actual size"),
    KeyBinding("zoom_selection", ("Ctrl+2",), "View", "Zoom to the selection", readme=True,
               label="Zoom to selection"),
    # -- Templates -----------------------------------------------------------------------------------------------------
    KeyBinding("insert_template", ("Ctrl+Shift+T",), "Templates",
               "Insert a template: the cycle, an iceberg and other ready maps (Enter inserts)", context="window",
               label="Insert template…"),
    KeyBinding("save_template", (), "Templates", "Save board as template: keep this layout as a template of your own",
               gestures=("Board menu",)),
    # -- Sharing (wired by the main window and the share window) -------------------------------------------------------
    KeyBinding("share_window", ("F5",), "Sharing", "Open or close the share window: only the board, for a video call",
               context="window", readme=True, label="Share window"),
    KeyBinding("blank", ("Ctrl+Shift+B",), "Sharing",
               "Blank the shared screen at once (B in the share window); the same key brings it back",
               context="window", share_sequences=("B",), readme=True, label="Blank the shared screen"),
    KeyBinding("share_mode", ("F6",), "Sharing", "Share mode: only this couple, under their aliases, no private notes",
               context="window", readme=True, label="Share mode"),
    # -- Session -------------------------------------------------------------------------------------------------------
    KeyBinding("undo", ("Ctrl+Z",), "Session", "Undo (the whole session)", context="window", readme=True,
               label="Undo"),
    KeyBinding("redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Session", "Redo", context="window", readme=True, label="Redo"),
    KeyBinding("handout", ("Ctrl+E",), "Session", "Preview the handout", context="window", readme=True,
               label="Export handout…"),
    KeyBinding("handout_save", ("Ctrl+S",), "Session", "In the handout preview: save the PDF", context="handout",
               readme=True),
    KeyBinding("handout_print", ("Ctrl+P",), "Session", "In the handout preview: print", context="handout",
               readme=True),
    KeyBinding("handout_back", ("Esc",), "Session", "In the handout preview: back to the board", context="handout",
               readme=True),
    KeyBinding("private_notes", ("Ctrl+Shift+P",), "Session", "Show or hide private notes", context="window",
               readme=True),
    KeyBinding("story", ("Ctrl+Shift+Y",), "Session",
               "Story over time: this couple's boards, session by session (← / → step, Esc returns)",
               context="window", label="Story over time"),
    KeyBinding("lock", ("Ctrl+Shift+L",), "Session",
               "Lock now: save everything and cover every window (the share window says Paused) until the "
               "passphrase is given", context="window", readme=True, label="Lock now"),
    KeyBinding("new_session", ("Ctrl+N",), "Session", "New session", context="window", label="New session"),
    KeyBinding("add_couple", ("Ctrl+Shift+N",), "Session", "Add a couple", context="window", label="Add couple…"),
    KeyBinding("key_sheet", ("?", "F1"), "Session",
               "This sheet (F1 also while a card is selected: there ? is typed into the card)",
               label="Keyboard shortcuts"),
)

KEYS: dict[str, KeyBinding] = {b.id: b for b in _TABLE}

# How people write a few keys that Qt's portable text spells differently.
SPOKEN = {"Return": "Enter", "Del": "Delete", "Enter": "Enter"}


def binding(binding_id: str) -> KeyBinding:
    """The binding with this id (KeyError names an id that is not in the table)."""
    return KEYS[binding_id]


def sections() -> list[tuple[str, list[KeyBinding]]]:
    """The sheet's sections in order, each with its bindings in table order (only those on the sheet; no empty ones)."""
    shown = [(name, [b for b in _TABLE if b.section == name and b.on_sheet]) for name in SECTIONS]
    return [(name, bindings) for name, bindings in shown if bindings]


def shown_key(sequence: str) -> str:
    """A key sequence as people write it: Qt's `Shift+Return` is "Shift+Enter", `Del` is "Delete"."""
    if sequence.endswith("++"):  # Ctrl++: the key itself is the plus sign
        mods, key = sequence[:-2].split("+"), "+"
    else:
        *mods, key = sequence.split("+")
    return "+".join([*mods, SPOKEN.get(key, key)])


def main_key(binding_id: str) -> str:
    """The binding's first key as people write it ("Ctrl+L", "Enter"), for hints and messages."""
    return shown_key(KEYS[binding_id].sequences[0])


def shown_keys(b: KeyBinding) -> list[str]:
    """The ways to do it as the sheet lists them: the keys (or their summary), then the gestures; no repeats."""
    keys = [b.summary] if b.summary else [shown_key(s) for s in b.sequences]
    keys += [f"{shown_key(s)} in the share window" for s in b.share_sequences]
    seen: list[str] = []
    for way in (*keys, *b.gestures):
        if way not in seen:
            seen.append(way)
    return seen
