"""Program pembinaan: one tab of the Pelatihan page. The year's coaching programmes; for the one chosen, the
summary of the participants' feedback (average per question with a bar, the spread of scores, the response
rate, the comments), the participants (added by unit or by name, feedback entered with the keyboard), the
sessions and the feedback questions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QDate,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRect,
    QRectF,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from asn_desktop.services import coaching as co
from asn_desktop.services import employees as emp
from asn_desktop.services import units as unitsvc
from asn_desktop.services.common import DomainError, ValidationError

from . import changes, fmt
from .dialogs import FormDialog, _restyle, open_dialog, refusal_text, unit_items
from .employee_model import Columns, RowTableModel
from .ops import Background, PageData
from .prompts import Prompts
from .uiload import child, load_into

COACHING = "coaching"  # the change area announced after every write of this tab
AVERAGE_ROLE = Qt.ItemDataRole.UserRole + 20
ID_ROLE = Qt.ItemDataRole.UserRole + 21
WHOLE_OFFICE = "Seluruh kantor"
SCORE_KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4, Qt.Key.Key_5: 5}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


def average_text(value: float | None) -> str:
    return "—" if value is None else fmt.number(value, 1)


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{fmt.number(value, 0)}%"


def level_colour(value: float) -> QColor:
    """Green from 4 (agree), amber from 3, red below: where the programme needs work."""
    return QColor("#1b6e3a") if value >= 4 else QColor("#c27c0e") if value >= 3 else QColor("#b3261e")


# ------------------------------------------------------------------------------------------- the lists
def _responses(r: co.ProgramRow) -> str:
    if not r.participants:
        return "—"
    return f"{fmt.number(r.responses)} dari {fmt.number(r.participants)} ({percent_text(r.response_rate)})"


PROGRAM_COLUMNS = Columns(
    headers=("Program", "Jenis", "Unit", "Sesi", "Peserta", "Umpan balik", "Rata-rata"),
    text={
        0: lambda r: r.title, 1: lambda r: r.kind_label, 2: lambda r: r.unit_name or WHOLE_OFFICE,
        3: lambda r: fmt.number(r.sessions), 4: lambda r: fmt.number(r.participants), 5: _responses,
        6: lambda r: average_text(r.average),
    },
    sort_key={
        0: lambda r: r.title.lower(), 1: lambda r: list(co.KINDS).index(r.kind) if r.kind in co.KINDS else 99,
        2: lambda r: (r.unit_name or "").lower(), 3: lambda r: r.sessions, 4: lambda r: r.participants,
        5: lambda r: r.response_rate if r.response_rate is not None else -1,
        6: lambda r: r.average if r.average is not None else -1,
    },
    search_text=lambda r: r.title.lower(),
    tie_key=lambda r: r.title.lower(),
    default_sort=(0, Qt.SortOrder.AscendingOrder),
)
NUMERIC_PROGRAM_COLUMNS = (3, 4, 5, 6)


class ProgramModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(PROGRAM_COLUMNS, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMERIC_PROGRAM_COLUMNS:
            return RIGHT
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 6 and r.average is not None:
            return QBrush(level_colour(r.average))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return f"{r.sessions} sesi, {fmt.number(r.minutes)} menit"
        return super().data(index, role)


def _feedback_state(r: co.ParticipantRow) -> str:
    return f"Sudah · {r.feedback_at:%d/%m/%Y}" if r.feedback_at else "Belum"


PARTICIPANT_COLUMNS = Columns(
    headers=("Nama", "NIP", "Jabatan", "Unit", "Umpan balik"),
    text={0: lambda r: r.name + ("" if r.active else " (nonaktif)"), 1: lambda r: emp.format_nip(r.nip),
          2: lambda r: r.position_title, 3: lambda r: r.unit_name, 4: _feedback_state},
    sort_key={0: lambda r: r.name.lower(), 1: lambda r: r.nip, 2: lambda r: r.position_title.lower(),
              3: lambda r: r.unit_name.lower(), 4: lambda r: (r.feedback_at is not None, r.feedback_at or dt.datetime.min)},
    search_text=lambda r: f"{r.name}\n{r.nip}".lower(),
    tie_key=lambda r: r.name.lower(),
    default_sort=(0, Qt.SortOrder.AscendingOrder),
)


class ParticipantModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(PARTICIPANT_COLUMNS, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            r = self._rows[index.row()]
            if index.column() == 4:
                return QBrush(QColor("#1b6e3a" if r.gave_feedback else "#9a3412"))
            if not r.active:
                return QBrush(QColor("#8a8f98"))
        return super().data(index, role)


def _select_id(view: QTableView, model: RowTableModel, row_id: int | None) -> bool:
    row = model.row_of_id(row_id) if row_id is not None else None
    if row is None:
        return False
    index = model.index(row, 0)
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    view.scrollTo(index)
    return True


def _neighbour(model: RowTableModel, row_id: int) -> int | None:
    """The row below (or else above) this one: where the selection goes when it is deleted."""
    rows, i = model.rows(), model.row_of_id(row_id)
    if i is None:
        return None
    return next((rows[j].id for j in (i + 1, i - 1) if 0 <= j < len(rows)), None)


def _selected(view: QTableView, model: RowTableModel):
    rows = view.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


# ------------------------------------------------------------------------------------------- delegates
class AverageBarDelegate(QStyledItemDelegate):
    """The average (1–5) as a number and a small horizontal bar, coloured by how good it is."""

    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        value = index.data(AVERAGE_ROLE)
        text = option.text
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(6, 0, -8, 0)
        painter.save()
        painter.setPen(option.palette.text().color())
        painter.drawText(QRect(rect.left(), rect.top(), 34, rect.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        if value is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            track = QRectF(rect.left() + 38, rect.center().y() - 5, max(0, rect.width() - 38), 10)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#e3e8ee"))
            painter.drawRoundedRect(track, 3, 3)
            painter.setBrush(level_colour(value))
            painter.drawRoundedRect(QRectF(track.left(), track.top(), track.width() * value / 5, track.height()), 3, 3)
        painter.restore()


def parse_date(text: str, year: int) -> dt.date | None:
    """A date as people type it: 04/03/2025, 4-3-2025, 4.3.25, 04032025, or 4/3 (in ``year``). None if not."""
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})[/.\- ](\d{1,2})(?:[/.\- ](\d{2}|\d{4}))?", text) or \
        re.fullmatch(r"(\d{2})(\d{2})(\d{4})?", text)
    if m is None:
        return None
    day, month, y = int(m.group(1)), int(m.group(2)), m.group(3)
    full_year = year if y is None else (2000 + int(y) if len(y) == 2 else int(y))
    try:
        return dt.date(full_year, month, day)
    except ValueError:
        return None


class SessionDelegate(QStyledItemDelegate):
    """Dates typed as dd/mm/yyyy (4/3 is enough: the programme's year), minutes with a spin box (0–1440).
    A date that cannot be read stays as typed, and saving names it."""

    DATE, TOPIC, FACILITATOR, MINUTES = range(4)

    def __init__(self, parent, year: Callable[[], int]):
        super().__init__(parent)
        self._year = year

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt API)
        if index.column() == self.DATE:
            editor = QLineEdit(parent)
            editor.setPlaceholderText("dd/mm/yyyy")
            editor.setMaxLength(12)
            return editor
        if index.column() == self.MINUTES:
            editor = QSpinBox(parent)
            editor.setRange(0, co.MAX_MINUTES)
            editor.setSuffix(" menit")
            return editor
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index):  # noqa: N802 (Qt API)
        if index.column() == self.DATE and isinstance(editor, QLineEdit):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setText(value.toString(fmt.DATE_FORMAT) if isinstance(value, QDate) else str(value or ""))
            editor.selectAll()
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):  # noqa: N802 (Qt API)
        if index.column() == self.DATE and isinstance(editor, QLineEdit):
            parsed = parse_date(editor.text(), self._year())
            model.setData(index, _qdate(parsed) if parsed else editor.text().strip(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def displayText(self, value, locale):  # noqa: N802 (Qt API)
        if isinstance(value, QDate):
            return value.toString(fmt.DATE_FORMAT)
        if isinstance(value, int):
            return str(value)
        return super().displayText(value, locale)


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate | None) -> dt.date | None:
    return dt.date(q.year(), q.month(), q.day()) if isinstance(q, QDate) and q.isValid() else None


# --------------------------------------------------------------------------------------------- dialogs
class ProgramDialog(FormDialog):
    """Tambah/ubah program pembinaan: name, kind, year, unit, description."""

    FIELD_WIDGETS = {"title": "titleEdit", "kind": "kindCombo", "year": "yearSpin", "unit": "unitCombo"}

    def __init__(self, parent: QWidget | None, units: list[unitsvc.UnitRow], year: int,
                 program: co.ProgramRow | None = None):
        super().__init__(parent, "coaching_program_dialog.ui", "Ubah program pembinaan" if program else
                         "Tambah program pembinaan")
        self.program = program
        self.title = child(self.form, QLineEdit, "titleEdit")
        self.kind = child(self.form, QComboBox, "kindCombo")
        self.year = child(self.form, QSpinBox, "yearSpin")
        self.unit = child(self.form, QComboBox, "unitCombo")
        self.description = child(self.form, QPlainTextEdit, "descriptionEdit")
        note = child(self.form, QLabel, "questionsNoteLabel")
        _restyle(note, "muted")
        for code, label in co.KINDS.items():
            self.kind.addItem(label, code)
        self.unit.addItem(f"— {WHOLE_OFFICE} —", None)
        for label, uid in unit_items(units):
            self.unit.addItem(label, uid)
        self.year.setValue(year)
        if program is not None:
            note.hide()
            self.title.setText(program.title)
            self.kind.setCurrentIndex(max(0, self.kind.findData(program.kind)))
            self.year.setValue(program.year)
            i = self.unit.findData(program.unit_id)
            if i < 0 and program.unit_id is not None:  # a unit made inactive since: still shown as it is
                self.unit.addItem(program.unit_name, program.unit_id)
                i = self.unit.count() - 1
            self.unit.setCurrentIndex(max(0, i))
            self.description.setPlainText(program.description)
        self.setMinimumWidth(560)
        self.title.setFocus()

    def accept(self) -> None:
        data = co.ProgramInput(self.title.text(), self.kind.currentData(), self.year.value(), self.unit.currentData(),
                               self.description.toPlainText())
        if self.save(lambda: co.save_program(data, self.program.id if self.program else None)):
            super().accept()


class FeedbackDialog(FormDialog):
    """A participant's feedback: a score 1–5 per question, typed as digits (each moves to the next question)
    or clicked, and a comment. Enter or Ctrl+Enter saves."""

    FIELD_WIDGETS = {"comment": "commentEdit"}
    EMPTY, CHOSEN = "○", "●"

    def __init__(self, parent: QWidget | None, participant_id: int):
        super().__init__(parent, "coaching_feedback_dialog.ui", "Umpan balik peserta")
        self.data = data = co.feedback_form(participant_id)
        self.scores: dict[int, int] = dict(data.scores)
        intro = f"{data.name} — {data.program_title}."
        if data.feedback_at is not None:
            intro += (f" Sudah diisi {data.feedback_at:%d/%m/%Y %H.%M}; menyimpan lagi mengganti isian "
                      "sebelumnya.")
        child(self.form, QLabel, "introLabel").setText(intro)
        _restyle(child(self.form, QLabel, "legendLabel"), "muted")
        self.table = child(self.form, QTableWidget, "scoreTable")
        self.comment = child(self.form, QPlainTextEdit, "commentEdit")
        self.comment.setPlainText(data.comment)
        t = self.table
        t.setColumnCount(6)
        t.setHorizontalHeaderLabels(["Pertanyaan", "1", "2", "3", "4", "5"])
        for s, label in co.SCORE_LABELS.items():
            t.horizontalHeaderItem(s).setToolTip(f"{s} = {label.lower()}")
        t.setRowCount(len(data.questions))
        t.setVerticalHeaderLabels([str(q.position) for q in data.questions])
        t.setWordWrap(True)
        header = t.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 6):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Fixed)
            t.setColumnWidth(c, 44)
        t.verticalHeader().setMinimumSectionSize(34)
        t.verticalHeader().setDefaultSectionSize(34)
        font = t.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        for r, q in enumerate(data.questions):
            item = QTableWidgetItem(q.text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            t.setItem(r, 0, item)
            for s in range(1, 6):
                cell = QTableWidgetItem()
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                cell.setTextAlignment(CENTER)
                cell.setFont(font)
                cell.setToolTip(f"{s} = {co.SCORE_LABELS[s].lower()}")
                t.setItem(r, s, cell)
            self._show_row(r)
        # long questions wrap onto more lines once the question column has its width
        header.sectionResized.connect(lambda col, _old, _new: t.resizeRowsToContents() if col == 0 else None)
        t.installEventFilter(self)
        t.cellClicked.connect(self._clicked)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        first = next((r for r, q in enumerate(data.questions) if q.id not in self.scores), 0)
        if data.questions:
            q = data.questions[first]
            t.setCurrentCell(first, self.scores.get(q.id, 1))
        t.setFocus()
        self.resize(780, min(680, 330 + 36 * len(data.questions)))

    def _show_row(self, row: int) -> None:
        qid = self.data.questions[row].id
        chosen = self.scores.get(qid)
        for s in range(1, 6):
            cell = self.table.item(row, s)
            cell.setText(self.CHOSEN if s == chosen else self.EMPTY)
            cell.setForeground(QBrush(QColor("#1f3a5f" if s == chosen else "#9aa5b1")))
        label = f"{co.SCORE_LABELS[chosen].lower()} ({chosen})" if chosen else "belum dinilai"
        self.table.item(row, 0).setToolTip(f"{self.data.questions[row].text}: {label}")

    def set_score(self, row: int, score: int | None) -> None:
        qid = self.data.questions[row].id
        if score is None:
            self.scores.pop(qid, None)
        else:
            self.scores[qid] = score
        self._show_row(row)

    def _clicked(self, row: int, column: int) -> None:
        if column >= 1:
            self.set_score(row, column)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if obj is self.table and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            row = self.table.currentRow()
            if key in SCORE_KEYS and row >= 0:
                score = SCORE_KEYS[key]
                self.set_score(row, score)
                if row + 1 < self.table.rowCount():
                    nxt = self.data.questions[row + 1].id
                    self.table.setCurrentCell(row + 1, self.scores.get(nxt, score))
                else:
                    self.table.setCurrentCell(row, score)
                    self.comment.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if key == Qt.Key.Key_Space and row >= 0 and self.table.currentColumn() >= 1:
                self.set_score(row, self.table.currentColumn())
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and row >= 0:
                self.set_score(row, None)
                return True
            if event.text().isdigit():  # 0, 6–9: not a score (and no jumping about by keyboard search)
                return True
        return super().eventFilter(obj, event)

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(errors)
        for r, q in enumerate(self.data.questions):
            if str(q.id) in errors:
                self.table.setCurrentCell(r, max(1, self.table.currentColumn()))
                self.table.setFocus()
                break

    def accept(self) -> None:
        if self.save(lambda: co.save_feedback(self.data.participant_id, self.scores, self.comment.toPlainText())):
            super().accept()


# ------------------------------------------------------------------------------------- list editors
class ListEditor(QObject):
    """A programme's list edited in a table and saved as a whole (its sessions, its questions): what is on
    screen until Ctrl+S, Batalkan perubahan, the message line under it, Insert/Delete (and Alt+↑/↓ where the
    order matters). A kind of list says how its rows look, how a new one starts and how it is stored."""

    changed = Signal()  # rows or the unsaved state changed: the tab title and buttons follow
    saved = Signal()  # stored: the page announces it

    WHAT = ""  # in messages: "sesi", "pertanyaan"
    SAVED = ""
    EMPTY = ""  # said when the programme has none
    EDIT_COLUMN = 0  # where a new row is typed

    def __init__(self, table: QTableWidget, message: QLabel, page: QWidget, buttons: dict[str, QPushButton],
                 program: Callable[[], co.ProgramDetail | None], prompts: Prompts, parent: QObject):
        super().__init__(parent)
        self.table, self.message, self.buttons, self.prompts = table, message, buttons, prompts
        self._program = program
        self.dirty = False
        table.verticalHeader().hide()
        table.itemChanged.connect(lambda _i: self.edited())
        table.currentCellChanged.connect(lambda *_: self.update_buttons())
        table.installEventFilter(self)
        for name, slot in (("add", self.add), ("remove", self.remove_current), ("revert", self.revert),
                           ("save", self.save), ("up", lambda: self.move(-1)), ("down", lambda: self.move(1))):
            if name in buttons:
                buttons[name].clicked.connect(slot)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)

    # -- what a kind of list says
    def stored(self, detail: co.ProgramDetail) -> list:
        """The rows of this kind the programme has stored (each kind of list says; see the subclasses)."""
        return []

    def append(self, row, at: int) -> None:
        """Put a stored row (or, for ``None``, a new one) into the table at ``at`` (each kind of list says)."""

    def write(self, detail: co.ProgramDetail) -> bool:
        """Store what is on screen (raises the service's refusal); False when the operator declined (each kind
        of list says how)."""
        return False

    def bad_cell(self, err: ValidationError) -> tuple[int, int] | None:
        return None

    def insert_at(self) -> int:
        return self.table.rowCount()

    # -- the common part
    def show(self, detail: co.ProgramDetail, keep_edits: bool) -> None:
        """Show the programme's stored list, unless it is the one being edited (a reload keeps the edits)."""
        if keep_edits and self.dirty:
            return
        self.load(self.stored(detail), keep_message=keep_edits)

    def load(self, rows: list, keep_message: bool = False) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row in rows:
            self.append(row, self.table.rowCount())
        self.table.blockSignals(False)
        self.table.viewport().update()
        self.dirty = False
        if not rows:
            self.say(self.EMPTY, "muted")
        elif not keep_message:  # "tersimpan" stays after the reload a save causes
            self.say("", "muted")
        self.changed.emit()
        self.update_buttons()

    def say(self, text: str, role: str) -> None:
        self.message.setText(text)
        _restyle(self.message, role)

    def edited(self) -> None:
        self.dirty = True
        self.say(f"Perubahan {self.WHAT} belum disimpan (Ctrl+S).", "muted")
        self.changed.emit()
        self.update_buttons()

    def add(self) -> None:
        if self._program() is None:
            return
        at = self.insert_at()
        self.table.blockSignals(True)
        self.append(None, at)
        self.table.blockSignals(False)
        self.edited()
        self.table.setFocus()
        self.table.setCurrentCell(at, self.EDIT_COLUMN)
        self.table.editItem(self.table.item(at, self.EDIT_COLUMN))

    def remove_current(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            return
        self.table.removeRow(r)
        self.edited()
        if self.table.rowCount():
            self.table.setCurrentCell(min(r, self.table.rowCount() - 1), max(0, self.table.currentColumn()))

    def move(self, step: int) -> None:
        r, target = self.table.currentRow(), self.table.currentRow() + step
        if r < 0 or not 0 <= target < self.table.rowCount():
            return
        self.commit_editor()
        columns = range(self.table.columnCount())
        self.table.blockSignals(True)
        taken = [self.table.takeItem(r, c) for c in columns]
        other = [self.table.takeItem(target, c) for c in columns]
        for c in columns:
            self.table.setItem(target, c, taken[c])
            self.table.setItem(r, c, other[c])
        self.table.blockSignals(False)
        self.table.setCurrentCell(target, self.table.currentColumn())
        self.edited()

    def revert(self) -> None:
        detail = self._program()
        if detail is not None:
            self.load(self.stored(detail))

    def commit_editor(self) -> None:
        """A cell still being typed in counts: Ctrl+S saves what is on screen."""
        editor = QApplication.focusWidget()
        if editor is not None and self.table.viewport().isAncestorOf(editor):
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def save(self) -> bool:
        detail = self._program()
        if detail is None:
            return False
        self.commit_editor()
        try:
            if not self.write(detail):
                return False
        except ValidationError as err:
            self.say(refusal_text(err), "error")
            cell = self.bad_cell(err)
            if cell is not None:  # the cursor goes to what is wrong
                self.table.setFocus()
                self.table.setCurrentCell(*cell)
            return False
        except DomainError as err:
            self.say(err.message, "error")
            return False
        self.dirty = False
        self.say(self.SAVED, "ok")
        self.changed.emit()
        self.update_buttons()
        self.saved.emit()
        return True

    def update_buttons(self) -> None:
        r, b = self.table.currentRow(), self.buttons
        b["remove"].setEnabled(r >= 0)
        b["revert"].setEnabled(self.dirty)
        b["save"].setEnabled(self.dirty)
        if "up" in b:
            b["up"].setEnabled(r > 0)
            b["down"].setEnabled(0 <= r < self.table.rowCount() - 1)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (obj is self.table and event.type() == QEvent.Type.KeyPress
                and self.table.state() != QAbstractItemView.State.EditingState):
            key = event.key()
            if key == Qt.Key.Key_Insert:
                self.add()
                return True
            if key == Qt.Key.Key_Delete:
                self.remove_current()
                return True
            if "up" in self.buttons and event.modifiers() & Qt.KeyboardModifier.AltModifier and \
                    key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move(-1 if key == Qt.Key.Key_Up else 1)
                return True
        return super().eventFilter(obj, event)


class SessionsEditor(ListEditor):
    """Tanggal, topik, fasilitator, durasi: a new session starts a week after the last one."""

    WHAT = "sesi"
    SAVED = "Sesi tersimpan."
    EMPTY = "Belum ada sesi. Tekan Tambah sesi (Ins) untuk mencatat tanggal, topik, fasilitator dan durasinya."
    EDIT_COLUMN = SessionDelegate.TOPIC
    COLUMNS = {"date": SessionDelegate.DATE, "topic": SessionDelegate.TOPIC, "minutes": SessionDelegate.MINUTES}

    def __init__(self, *args, year: Callable[[], int]):
        super().__init__(*args)
        self._year = year
        t = self.table
        t.setColumnCount(4)
        t.setHorizontalHeaderLabels(["Tanggal", "Topik", "Fasilitator", "Durasi (menit)"])
        t.setItemDelegate(SessionDelegate(t, year))
        t.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 120), (2, 240), (3, 130)):
            t.setColumnWidth(col, width)

    def stored(self, detail: co.ProgramDetail) -> list[co.SessionRow]:
        return detail.sessions

    def append(self, row: co.SessionRow | None, at: int) -> None:
        if row is None:
            values = (_qdate(self._next_date()), "", "", 60)
        else:
            values = (_qdate(row.date), row.topic, row.facilitator, row.minutes)
        date, topic, facilitator, minutes = values
        self.table.insertRow(at)
        date_item = QTableWidgetItem()
        date_item.setData(Qt.ItemDataRole.EditRole, date)
        minutes_item = QTableWidgetItem()
        minutes_item.setData(Qt.ItemDataRole.EditRole, int(minutes))
        minutes_item.setTextAlignment(RIGHT)
        for c, item in enumerate((date_item, QTableWidgetItem(topic), QTableWidgetItem(facilitator), minutes_item)):
            self.table.setItem(at, c, item)

    def _next_date(self) -> dt.date:
        year, n = self._year(), self.table.rowCount()
        last = _pydate(self.table.item(n - 1, 0).data(Qt.ItemDataRole.EditRole)) if n else None
        if last is not None:
            return min(last + dt.timedelta(days=7), dt.date(year, 12, 31))
        today = dt.date.today()
        return today if today.year == year else dt.date(year, 1, 1)

    def inputs(self) -> list[co.SessionInput]:
        out = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(4)]
            out.append(co.SessionInput(_pydate(cells[0].data(Qt.ItemDataRole.EditRole)), cells[1].text(),
                                       cells[2].text(), int(cells[3].data(Qt.ItemDataRole.EditRole) or 0)))
        return out

    def write(self, detail: co.ProgramDetail) -> bool:
        unreadable = {}  # dates typed in a way that could not be read stay as typed: named like the service does
        for r in range(self.table.rowCount()):
            value = self.table.item(r, 0).data(Qt.ItemDataRole.EditRole)
            if not isinstance(value, QDate) and str(value or "").strip():
                unreadable[f"{r + 1}.date"] = (f"Sesi {r + 1}: tanggal “{value}” tidak dikenali; tulis dd/mm/yyyy, "
                                               "mis. 04/03/2025.")
        if unreadable:
            raise ValidationError(unreadable)
        co.save_sessions(detail.program.id, self.inputs())
        return True

    def bad_cell(self, err: ValidationError) -> tuple[int, int] | None:
        for key in err.errors:  # "<row>.<field>", rows from 1
            row, _, field = key.partition(".")
            if row.isdigit() and field in self.COLUMNS:
                return int(row) - 1, self.COLUMNS[field]
        return None


class QuestionsEditor(ListEditor):
    """The statements participants score 1–5, in order; how many answered each. Removing an answered one asks."""

    WHAT = "pertanyaan"
    SAVED = "Pertanyaan tersimpan."
    EMPTY = "Belum ada pertanyaan. Tekan Tambah (Ins); peserta memerlukan paling sedikit satu pertanyaan."

    def __init__(self, *args):
        super().__init__(*args)
        t = self.table
        t.setColumnCount(2)
        t.setHorizontalHeaderLabels(["Pernyataan yang dinilai peserta", "Dijawab"])
        t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        t.setColumnWidth(1, 120)
        t.verticalHeader().show()  # the numbers are the order participants see

    def stored(self, detail: co.ProgramDetail) -> list[co.QuestionRow]:
        return detail.questions

    def insert_at(self) -> int:
        r = self.table.currentRow()
        return r + 1 if r >= 0 else self.table.rowCount()

    def append(self, row: co.QuestionRow | None, at: int) -> None:
        text, question_id, answered = (row.text, row.id, row.answered) if row else ("", None, 0)
        self.table.insertRow(at)
        item = QTableWidgetItem(text)
        item.setData(ID_ROLE, question_id)
        count = QTableWidgetItem(f"{fmt.number(answered)} jawaban" if answered else "—")
        count.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        count.setTextAlignment(RIGHT)
        self.table.setItem(at, 0, item)
        self.table.setItem(at, 1, count)

    def inputs(self) -> list[co.QuestionInput]:
        return [co.QuestionInput(self.table.item(r, 0).text(), self.table.item(r, 0).data(ID_ROLE))
                for r in range(self.table.rowCount())]

    def write(self, detail: co.ProgramDetail) -> bool:
        inputs = self.inputs()
        kept = {q.id for q in inputs}
        dropped = [q for q in detail.questions if q.id not in kept and q.answered]
        if dropped:
            names = "\n".join(f"• “{q.text}” ({fmt.number(q.answered)} jawaban)" for q in dropped)
            if not self.prompts.confirm(self.table, "Hapus pertanyaan yang sudah dijawab",
                                        f"Pertanyaan berikut sudah dijawab peserta:\n{names}\nJawaban atas pertanyaan "
                                        "itu ikut terhapus dan tidak masuk ringkasan lagi. Lanjutkan?",
                                        yes="Hapus beserta jawabannya"):
                return False
        co.save_questions(detail.program.id, inputs, discard_answered=bool(dropped))
        return True

    def bad_cell(self, err: ValidationError) -> tuple[int, int] | None:
        seen: set[str] = set()  # the first empty or repeated question
        for r in range(self.table.rowCount()):
            text = " ".join(self.table.item(r, 0).text().split()).lower()
            if not text or text in seen:
                return r, 0
            seen.add(text)
        return None


# ------------------------------------------------------------------------------------------------ page
@dataclass(frozen=True)
class _Loaded:
    year: int
    programs: list[co.ProgramRow]
    detail: co.ProgramDetail | None  # of the chosen programme (the first one when none was chosen)
    summary: co.Summary | None
    people: list[emp.EmployeeRow] | None  # active employees; None: not read again (unchanged)
    units: list[unitsvc.UnitRow] | None
    labels: dict[str, int] | None  # what the name box offers ("name — NIP — unit") -> employee id


def _load(year: int, program_id: int | None, with_people: bool) -> _Loaded:
    """Runs in a worker: the year's programmes, the chosen one in full, and (when they may have changed) the
    people and units to add participants from."""
    programs = co.list_programs(year)
    ids = [p.id for p in programs]
    if program_id not in ids:
        program_id = min(programs, key=lambda p: p.title.lower()).id if programs else None
    detail = summary = None
    if program_id is not None:
        try:
            detail, summary = co.get_program(program_id), co.summary(program_id)
        except DomainError:  # deleted in another window meanwhile: the next load shows the list without it
            detail = summary = None
    people = emp.list_employees(include_inactive=False) if with_people else None
    units = unitsvc.list_units() if with_people else None
    labels = {f"{p.name} — {p.nip_display} — {p.unit_name}": p.id for p in people} if people is not None else None
    return _Loaded(year, programs, detail, summary, people, units, labels)


class CoachingTab(QWidget):
    """Program pembinaan of a year. Embed it in a page; the page sets the year with :meth:`set_year`."""

    loaded = Signal()  # the year's programmes and the chosen programme are on screen

    def __init__(self, hub: changes.ChangeHub, background: Background, prompts: Prompts, parent=None):
        super().__init__(parent)
        self.hub, self.background, self.prompts = hub, background, prompts
        self.form = f = load_into(self, "coaching_tab.ui")
        self.heading = child(f, QLabel, "headingLabel")
        self.heading.setStyleSheet("font-size: 12pt; font-weight: 600; color: #1f3a5f;")
        self.add_button = child(f, QPushButton, "addButton")
        self.edit_button = child(f, QPushButton, "editButton")
        self.delete_button = child(f, QPushButton, "deleteButton")
        self.splitter = child(f, QSplitter, "splitter")
        self.list_stack = child(f, QStackedWidget, "listStack")
        self.programs = child(f, QTableView, "programTable")
        self.empty_label = child(f, QLabel, "emptyLabel")
        self.detail_pane = child(f, QWidget, "detailPane")
        self.program_header = child(f, QLabel, "programHeaderLabel")
        self.program_description = child(f, QLabel, "programDescriptionLabel")
        self.tabs = child(f, QTabWidget, "detailTabs")
        # summary
        self.summary_label = child(f, QLabel, "summaryLabel")
        self.summary_table = child(f, QTableWidget, "summaryTable")
        self.comments = child(f, QListWidget, "commentsList")
        # participants
        self.unit_combo = child(f, QComboBox, "unitCombo")
        self.add_unit_button = child(f, QPushButton, "addUnitButton")
        self.name_edit = child(f, QLineEdit, "nameEdit")
        self.add_name_button = child(f, QPushButton, "addNameButton")
        self.participant_stack = child(f, QStackedWidget, "participantStack")
        self.participants = child(f, QTableView, "participantTable")
        self.participant_message = child(f, QLabel, "participantMessageLabel")
        self.feedback_button = child(f, QPushButton, "feedbackButton")
        self.remove_participant_button = child(f, QPushButton, "removeParticipantButton")
        # sessions
        self.sessions = child(f, QTableWidget, "sessionTable")
        self.sessions_message = child(f, QLabel, "sessionsMessageLabel")
        self.add_session_button = child(f, QPushButton, "addSessionButton")
        self.remove_session_button = child(f, QPushButton, "removeSessionButton")
        self.revert_sessions_button = child(f, QPushButton, "revertSessionsButton")
        self.save_sessions_button = child(f, QPushButton, "saveSessionsButton")
        # questions
        self.questions = child(f, QTableWidget, "questionTable")
        self.questions_message = child(f, QLabel, "questionsMessageLabel")
        self.add_question_button = child(f, QPushButton, "addQuestionButton")
        self.up_button = child(f, QPushButton, "upButton")
        self.down_button = child(f, QPushButton, "downButton")
        self.remove_question_button = child(f, QPushButton, "removeQuestionButton")
        self.revert_questions_button = child(f, QPushButton, "revertQuestionsButton")
        self.save_questions_button = child(f, QPushButton, "saveQuestionsButton")

        self._year = dt.date.today().year
        self._program_id: int | None = None
        self._detail: co.ProgramDetail | None = None
        self._summary: co.Summary | None = None
        self._people: list[emp.EmployeeRow] = []
        self._units: list[unitsvc.UnitRow] = []
        self._people_stale = True
        self._label_ids: dict[str, int] = {}
        self._filling = False
        self._select_participant: int | None = None
        self._completions = 0  # completions chosen so far (Enter on the list also reaches the name box)

        self._setup_widgets()
        self._connect()
        # before the loader: a change of people is noted before the reload it causes reads the flag
        hub.changed.connect(self._areas_changed)
        self.loader = PageData(
            self, hub, background, lambda: _load(self._year, self._program_id, self._people_stale), self._loaded,
            lambda err: self.prompts.error(self, "Program pembinaan tidak dapat dimuat", str(err)),
            areas=frozenset({COACHING, changes.DEVELOPMENT, changes.EMPLOYEES, changes.UNITS}),
        )
        self.detail_pane.hide()  # until a programme is read
        self._show_heading()
        self._update_buttons()

    # ------------------------------------------------------------------------------------ set-up
    def _setup_widgets(self) -> None:
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self._list_sized = False  # the list is made as tall as its rows once, then left as the user drags it
        _restyle(self.empty_label, "muted")
        self.program_model = ProgramModel(self)
        self.programs.setModel(self.program_model)
        self.programs.verticalHeader().hide()
        self.programs.verticalHeader().setDefaultSectionSize(26)
        ph = self.programs.horizontalHeader()
        ph.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 228), (2, 150), (3, 50), (4, 70), (5, 125), (6, 88)):
            self.programs.setColumnWidth(col, width)
        self.programs.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.program_header.setStyleSheet("font-weight: 600;")
        _restyle(self.program_description, "muted")

        st = self.summary_table
        st.setColumnCount(4)
        st.setHorizontalHeaderLabels(["Pertanyaan", "Rata-rata (1–5)", "Jawaban", "Sebaran nilai\n1 · 2 · 3 · 4 · 5"])
        st.horizontalHeaderItem(3).setToolTip("Berapa peserta memberi nilai 1, 2, 3, 4 dan 5")
        st.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        sh = st.horizontalHeader()
        sh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 160), (2, 80), (3, 130)):
            st.setColumnWidth(col, width)
        st.setWordWrap(True)
        st.setItemDelegateForColumn(1, AverageBarDelegate(st))
        self.comments.setSpacing(2)

        self.participant_model = ParticipantModel(self)
        self.participants.setModel(self.participant_model)
        self.participants.verticalHeader().hide()
        self.participants.verticalHeader().setDefaultSectionSize(26)
        pth = self.participants.horizontalHeader()
        pth.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 230), (1, 170), (3, 200), (4, 140)):
            self.participants.setColumnWidth(col, width)
        self.participants.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.completer = QCompleter(self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.name_edit.setCompleter(self.completer)

        self.session_editor = SessionsEditor(
            self.sessions, self.sessions_message, child(self.form, QWidget, "sessionsTab"),
            {"add": self.add_session_button, "remove": self.remove_session_button,
             "revert": self.revert_sessions_button, "save": self.save_sessions_button}, self.shown_program,
            self.prompts, self,
            year=lambda: self._detail.program.year if self._detail else self._year)
        self.question_editor = QuestionsEditor(
            self.questions, self.questions_message, child(self.form, QWidget, "questionsTab"),
            {"add": self.add_question_button, "remove": self.remove_question_button, "up": self.up_button,
             "down": self.down_button, "revert": self.revert_questions_button, "save": self.save_questions_button},
            self.shown_program, self.prompts, self)
        self.editors = (self.session_editor, self.question_editor)
        for label in (child(self.form, QLabel, "sessionsHintLabel"), child(self.form, QLabel, "questionsHintLabel")):
            _restyle(label, "muted")

        # keyboard order: the list and its buttons, then the chosen programme's tabs top to bottom
        chain = [self.programs, self.add_button, self.edit_button, self.delete_button, self.tabs,
                 self.summary_table, self.comments,
                 self.unit_combo, self.add_unit_button, self.name_edit, self.add_name_button, self.participants,
                 self.feedback_button, self.remove_participant_button,
                 self.sessions, self.add_session_button, self.remove_session_button, self.revert_sessions_button,
                 self.save_sessions_button,
                 self.questions, self.add_question_button, self.up_button, self.down_button,
                 self.remove_question_button, self.revert_questions_button, self.save_questions_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.add_program)
        self.edit_button.clicked.connect(self.edit_program)
        self.delete_button.clicked.connect(self.delete_program)
        self.programs.selectionModel().selectionChanged.connect(lambda *_: self._program_chosen())
        self.programs.doubleClicked.connect(lambda _i: self.edit_program())
        self.add_unit_button.clicked.connect(self.add_unit_members)
        self.completer.activated[str].connect(self._completion_chosen)
        self.name_edit.returnPressed.connect(self._name_entered)
        self.add_name_button.clicked.connect(self.add_typed_name)
        self.feedback_button.clicked.connect(self.enter_feedback)
        self.remove_participant_button.clicked.connect(self.remove_participant)
        self.participants.doubleClicked.connect(lambda _i: self.enter_feedback())
        self.participants.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        for editor in self.editors:
            editor.changed.connect(self._tab_titles)
            editor.saved.connect(lambda: self.hub.announce(COACHING))
        enter, delete, insert = Qt.Key.Key_Return, Qt.Key.Key_Delete, Qt.Key.Key_Insert
        self._keys = {  # keys of the two lists (Enter on the keypad too)
            self.programs: {enter: self.edit_program, Qt.Key.Key_Enter: self.edit_program, delete: self.delete_program,
                            insert: self.add_program},
            self.participants: {enter: self.enter_feedback, Qt.Key.Key_Enter: self.enter_feedback,
                                delete: self.remove_participant},
        }
        for table in self._keys:
            table.installEventFilter(self)
        add = QShortcut(QKeySequence.StandardKey.New, self)  # Ctrl+N, as on the other lists
        add.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add.activated.connect(self.add_program)

    # ------------------------------------------------------------------------------- public API
    def set_year(self, year: int) -> bool:
        """Show the programmes of ``year``. Unsaved sessions or questions are saved first if the operator
        wants; if they cannot be saved the tab stays on its year and this returns False."""
        if year == self._year:
            return True
        if not self._leave_ok():
            return False
        self._year = year
        self._program_id = None
        self._show_heading()
        self.reload()
        return True

    @property
    def year(self) -> int:
        return self._year

    def reload(self) -> None:
        if self.hub.ready:
            self.loader.reload()

    def focus_first(self) -> None:
        """Where the keyboard starts: the programme list, or Tambah program when there is none."""
        target = self.programs if self.program_model.rowCount() else self.add_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def has_unsaved_changes(self) -> bool:
        return any(e.dirty for e in self.editors)

    def shown_program(self) -> co.ProgramDetail | None:
        """The programme whose detail is on screen."""
        return self._detail

    def selected_program(self) -> co.ProgramRow | None:
        return _selected(self.programs, self.program_model)

    def select_program(self, program_id: int) -> bool:
        return _select_id(self.programs, self.program_model, program_id)

    def selected_participant(self) -> co.ParticipantRow | None:
        return _selected(self.participants, self.participant_model)

    def select_participant(self, participant_id: int) -> bool:
        return _select_id(self.participants, self.participant_model, participant_id)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.loader.shown()

    # --------------------------------------------------------------------------------- loading
    def _areas_changed(self, areas: frozenset[str]) -> None:
        if areas & {changes.EMPLOYEES, changes.UNITS}:
            self._people_stale = True

    def _show_heading(self) -> None:
        self.heading.setText(f"Program pembinaan tahun {self._year}")

    def _loaded(self, data: _Loaded) -> None:
        if data.year != self._year:
            return  # a load for the year shown before: the one for this year follows
        self._filling = True
        if data.people is not None and data.units is not None and data.labels is not None:
            self._people_stale = False
            self._fill_people(data.people, data.units, data.labels)
        if {r.id: r for r in data.programs} != {r.id: r for r in self.program_model.rows()}:
            self.program_model.set_rows(data.programs)  # only when it changed: the list stays as the user left it
        self._program_id = data.detail.program.id if data.detail else None
        if data.programs and not self._list_sized:
            self._list_sized = True
            rows = self.programs.verticalHeader().defaultSectionSize() * min(max(len(data.programs), 3), 8)
            wanted = rows + self.programs.horizontalHeader().height() + 8
            total = sum(self.splitter.sizes())
            self.splitter.setSizes([wanted, max(total - wanted, 300)])
        if self._program_id is None:
            self.programs.clearSelection()
        elif (self.selected_program() is None or self.selected_program().id != self._program_id):
            self.select_program(self._program_id)
        if data.programs:
            self.list_stack.setCurrentWidget(self.programs)
        else:
            self.empty_label.setText(
                f"Belum ada program pembinaan tahun {self._year}. Tekan Tambah program… untuk mencatat sesi "
                "pelatihan, lokakarya interaktif atau simulasi penanganan pengaduan, pesertanya, dan umpan balik "
                "mereka.")
            self.list_stack.setCurrentWidget(self.empty_label)
        self._show_detail(data.detail, data.summary)
        self._filling = False
        self._update_buttons()
        self.loaded.emit()

    def _fill_people(self, people: list[emp.EmployeeRow], units: list[unitsvc.UnitRow], labels: dict[str, int]) -> None:
        self._people, self._units = people, units
        keep = self.unit_combo.currentData()
        self.unit_combo.clear()
        for label, uid in unit_items(units):
            self.unit_combo.addItem(label, uid)
        i = self.unit_combo.findData(keep)
        self.unit_combo.setCurrentIndex(max(0, i))
        self._label_ids = labels
        self.completer.setModel(QStringListModel(list(self._label_ids), self.completer))

    def _program_chosen(self) -> None:
        if self._filling:
            return
        row = self.selected_program()
        pid = row.id if row else None
        if pid == self._program_id:
            self._update_buttons()
            return
        if not self._leave_ok():
            self._filling = True
            self.select_program(self._program_id)  # type: ignore[arg-type]
            self._filling = False
            return
        self._program_id = pid
        self.detail_pane.setEnabled(False)  # until the chosen programme is read: nothing acts on the old one
        self._update_buttons()
        self.reload()

    def _leave_ok(self) -> bool:
        """Unsaved sessions or questions: save them (the operator's choice) or drop them."""
        if not self.has_unsaved_changes() or self._detail is None:
            return True
        dirty = [e for e in self.editors if e.dirty]
        what = " dan ".join(e.WHAT for e in dirty)
        if self.prompts.confirm(self, "Perubahan belum disimpan",
                                f"Perubahan {what} program “{self._detail.program.title}” belum disimpan. "
                                "Simpan sekarang?", yes="Simpan", no="Buang perubahan"):
            for e in dirty:
                if not e.save():
                    self.tabs.setCurrentWidget(e.table.parentWidget())
                    return False
        for e in self.editors:
            e.dirty = False
        return True

    # ---------------------------------------------------------------------------------- detail
    def _show_detail(self, detail: co.ProgramDetail | None, summary: co.Summary | None) -> None:
        same = detail is not None and self._detail is not None and detail.program.id == self._detail.program.id
        if not same:
            self.participant_message.clear()
        self._detail, self._summary = detail, summary
        self.detail_pane.setVisible(detail is not None)
        self.detail_pane.setEnabled(True)
        if detail is None or summary is None:
            return
        p = detail.program
        facts = [p.kind_label, p.unit_name or WHOLE_OFFICE,
                 f"{p.sessions} sesi, {fmt.number(p.minutes)} menit" if p.sessions else "belum ada sesi"]
        header = f"{p.title} · " + " · ".join(facts)
        self.program_header.setText(header)
        self.program_description.setText(p.description)
        self.program_description.setVisible(bool(p.description))
        self._fill_summary(summary)
        self._fill_participants(detail)
        for editor in self.editors:
            editor.show(detail, keep_edits=same)
        if not same and p.unit_id is not None:
            i = self.unit_combo.findData(p.unit_id)
            if i >= 0:
                self.unit_combo.setCurrentIndex(i)
        self._tab_titles()

    def _tab_titles(self) -> None:
        d = self._detail
        if d is None:
            return
        titles = ("&Ringkasan umpan balik",
                  f"Pe&serta ({len(d.participants)})",
                  f"S&esi ({self.sessions.rowCount()}){' •' if self.session_editor.dirty else ''}",
                  f"Pertan&yaan ({self.questions.rowCount()}){' •' if self.question_editor.dirty else ''}")
        for i, title in enumerate(titles):
            self.tabs.setTabText(i, title)

    def _fill_summary(self, s: co.Summary) -> None:
        if not s.participants:
            text = "Belum ada peserta. Tambahkan peserta di tab Peserta, lalu catat umpan balik mereka."
        elif not s.responses:
            text = (f"Belum ada umpan balik dari {fmt.number(s.participants)} peserta. Buka tab Peserta, pilih "
                    "peserta, lalu tekan Isi umpan balik.")
        else:
            text = (f"{fmt.number(s.responses)} dari {fmt.number(s.participants)} peserta "
                    f"({percent_text(s.response_rate)}) sudah memberi umpan balik · rata-rata keseluruhan "
                    f"{average_text(s.average)} dari 5.")
            weak = s.weakest
            answered = [q for q in s.questions if q.average is not None]
            if weak is not None and len(answered) > 1:
                if weak.average is not None and weak.average < 4:
                    text += f"\nPaling perlu diperbaiki: “{weak.text}” (rata-rata {average_text(weak.average)})."
                else:
                    text += "\nSemua pertanyaan rata-rata 4 atau lebih."
        self.summary_label.setText(text)
        t = self.summary_table
        t.setRowCount(len(s.questions))
        t.setVerticalHeaderLabels([str(q.position) for q in s.questions])
        for r, q in enumerate(s.questions):
            spread = " · ".join(str(n) for n in q.distribution)
            values = (q.text, average_text(q.average), fmt.number(q.count), spread)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 1:
                    item.setData(AVERAGE_ROLE, q.average)
                    item.setToolTip("Belum ada jawaban" if q.average is None else
                                    f"Rata-rata {average_text(q.average)} dari {q.count} jawaban")
                if c == 2:
                    item.setTextAlignment(RIGHT)
                if c == 3:
                    item.setTextAlignment(CENTER)
                    item.setToolTip("\n".join(f"Nilai {i + 1} ({co.SCORE_LABELS[i + 1].lower()}): {n}"
                                              for i, n in enumerate(q.distribution)))
                t.setItem(r, c, item)
        self.comments.clear()
        for c in s.comments:
            item = QListWidgetItem(f"{c.name}: {c.text}")
            item.setToolTip(f"{c.name}, {c.at:%d/%m/%Y}")
            self.comments.addItem(item)
        if not s.comments:
            item = QListWidgetItem("Belum ada komentar peserta.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.comments.addItem(item)

    def _fill_participants(self, detail: co.ProgramDetail) -> None:
        keep = self._select_participant
        if keep is None:
            row = self.selected_participant()
            keep = row.id if row else None
        self._select_participant = None
        self.participant_model.set_rows(detail.participants)
        if detail.participants and (keep is None or not self.select_participant(keep)):
            self.participants.selectRow(0)
        self.participant_stack.setCurrentWidget(self.participants if detail.participants
                                                else child(self.form, QLabel, "participantEmptyLabel"))

    # --------------------------------------------------------------------------------- programmes
    def add_program(self) -> None:
        dialog = ProgramDialog(self, self._units, self._year)
        open_dialog(dialog, lambda: self._program_saved(dialog.saved))

    def edit_program(self) -> None:
        row = self.selected_program()
        if row is None:
            return
        dialog = ProgramDialog(self, self._units, self._year, row)
        open_dialog(dialog, lambda: self._program_saved(dialog.saved))

    def _program_saved(self, row: co.ProgramRow) -> None:
        if row.year != self._year:
            self.prompts.info(self, "Program disimpan",
                              f"Program “{row.title}” disimpan untuk tahun {row.year}; pilih tahun {row.year} untuk "
                              "melihatnya.")
        else:
            self._program_id = row.id
        self.hub.announce(COACHING)

    def delete_program(self) -> None:
        row = self.selected_program()
        if row is None:
            return
        try:
            problem = co.deletion_problem(row.id)
        except DomainError as err:
            self.prompts.error(self, "Program tidak dapat dihapus", err.message)
            return
        if problem:
            self.prompts.error(self, "Program tidak dapat dihapus", problem)
            return
        if not self.prompts.confirm(
                self, "Hapus program pembinaan",
                f"Hapus program “{row.title}” beserta {row.sessions} sesi, pertanyaan umpan balik, dan "
                f"{row.participants} pesertanya?", yes="Hapus"):
            return
        try:
            co.delete_program(row.id)
        except DomainError as err:
            self.prompts.error(self, "Program tidak dapat dihapus", err.message)
            return
        for editor in self.editors:
            editor.dirty = False
        self._program_id = _neighbour(self.program_model, row.id)
        self.hub.announce(COACHING)

    # ------------------------------------------------------------------------------- participants
    def add_unit_members(self) -> None:
        d = self._detail
        uid = self.unit_combo.currentData()
        if d is None or uid is None:
            return
        within = unitsvc.subtree_of([(u.id, u.parent_id) for u in self._units], uid)
        members = [p.id for p in self._people if p.unit_id in within]
        unit_name = self.unit_combo.currentText()
        if not members:
            self._participant_note(f"{unit_name} (dan unit di bawahnya) tidak memiliki pegawai aktif.", ok=False)
            return
        present = {p.employee_id for p in d.participants}
        new = [m for m in members if m not in present]
        if not new:
            self._participant_note(f"Semua {fmt.number(len(members))} pegawai aktif {unit_name} sudah menjadi peserta.",
                                   ok=True)
            return
        if len(new) > 1 and not self.prompts.confirm(
                self, "Tambah peserta",
                f"Tambahkan {fmt.number(len(new))} pegawai aktif {unit_name} (termasuk unit di bawahnya) sebagai "
                f"peserta “{d.program.title}”?", yes="Tambahkan"):
            return
        self._add(new, in_background=True)

    def _name_entered(self) -> None:
        # Enter on the completion list reaches the name box first, then chooses the completion: decide after
        # both, and leave it to the completion when one was chosen
        seen = self._completions
        QTimer.singleShot(0, lambda: self.add_typed_name() if seen == self._completions else None)

    def _completion_chosen(self, label: str) -> None:
        self._completions += 1
        emp_id = self._label_ids.get(label)
        QTimer.singleShot(0, self.name_edit.clear)  # after the completer has put the text in
        if emp_id is not None:
            self.name_edit.clear()
            self._add([emp_id])

    def add_typed_name(self) -> None:
        """Enter in the name box: the one active employee the words (name or NIP) point to is added."""
        text = self.name_edit.text().strip()
        if not text or self._detail is None:
            return  # empty: a completion was just chosen and added
        if text in self._label_ids:
            self.name_edit.clear()
            self._add([self._label_ids[text]])
            return
        words = text.lower().split()
        found = [p for p in self._people if all(w in emp.search_text(p) for w in words)]
        if len(found) == 1:
            self.name_edit.clear()
            self._add([found[0].id])
        elif not found:
            self._participant_note(f"Tidak ada pegawai aktif yang cocok dengan “{text}”.", ok=False)
        else:
            self._participant_note(f"{fmt.number(len(found))} pegawai cocok dengan “{text}”: pilih satu dari daftar "
                                   "(↓ lalu Enter) atau ketik lebih lengkap.", ok=False)
            self.completer.setCompletionPrefix(text)
            self.completer.complete()

    def _add(self, employee_ids: list[int], in_background: bool = False) -> None:
        """Add people; a whole unit (maybe thousands) is written off the GUI thread, with a progress dialog."""
        d = self._detail
        if d is None:
            return
        if in_background:
            self.add_unit_button.setEnabled(False)  # one at a time
            self.background.run(lambda _p: co.add_participants(d.program.id, employee_ids),
                                lambda result: self._added(result, employee_ids), self._not_added,
                                parent=self, label="Menambahkan peserta…")
            return
        try:
            result = co.add_participants(d.program.id, employee_ids)
        except DomainError as err:
            self._not_added(err)
            return
        self._added(result, employee_ids)

    def _not_added(self, err: BaseException) -> None:
        self._update_buttons()
        if not isinstance(err, DomainError):
            self.prompts.error(self, "Peserta tidak ditambahkan", str(err))
            return
        self._participant_note(refusal_text(err), ok=False)

    def _added(self, result: co.AddResult, employee_ids: list[int]) -> None:
        parts = []
        if result.added == 1 and len(employee_ids) == 1:
            person = next((p.name for p in self._people if p.id == employee_ids[0]), "")
            parts.append(f"{person} ditambahkan sebagai peserta.")
        elif result.added:
            parts.append(f"{fmt.number(result.added)} peserta ditambahkan.")
        if result.already:
            parts.append(f"Sudah terdaftar: {_names(result.already)}.")
        if result.inactive:
            parts.append(f"Tidak ditambahkan karena nonaktif: {_names(result.inactive)}.")
        self._participant_note(" ".join(parts), ok=bool(result.added))
        self._update_buttons()
        if result.added:
            self.hub.announce(COACHING)

    def _participant_note(self, text: str, ok: bool) -> None:
        self.participant_message.setText(text)
        _restyle(self.participant_message, "ok" if ok else "error")

    def enter_feedback(self) -> None:
        row = self.selected_participant()
        if row is None:
            return
        try:
            dialog = FeedbackDialog(self, row.id)
        except DomainError as err:
            self.prompts.error(self, "Umpan balik tidak dapat diisi", err.message)
            return
        if not dialog.data.questions:
            self.prompts.info(self, "Umpan balik", "Program ini belum memiliki pertanyaan; isi di tab Pertanyaan.")
            dialog.deleteLater()
            return
        open_dialog(dialog, lambda: self._feedback_saved(row))

    def _feedback_saved(self, row: co.ParticipantRow) -> None:
        """After a participant's form: on to the next one without feedback (a pile of paper forms goes fast)."""
        rows = self.participant_model.rows()
        i = self.participant_model.row_of_id(row.id) or 0
        after = [r for r in rows[i + 1:] + rows[:i] if not r.gave_feedback and r.id != row.id]
        self._select_participant = after[0].id if after else row.id
        self._participant_note(f"Umpan balik {row.name} tersimpan.", ok=True)
        self.hub.announce(COACHING)

    def remove_participant(self) -> None:
        row = self.selected_participant()
        d = self._detail
        if row is None or d is None:
            return
        if row.gave_feedback:
            question = (f"{row.name} sudah mengisi umpan balik. Hapus dari peserta “{d.program.title}” beserta "
                        "nilai dan komentarnya?")
        else:
            question = f"Hapus {row.name} dari peserta “{d.program.title}”?"
        if not self.prompts.confirm(self, "Hapus peserta", question, yes="Hapus"):
            return
        neighbour = _neighbour(self.participant_model, row.id)
        try:
            co.remove_participant(row.id, discard_feedback=row.gave_feedback)
        except DomainError as err:
            self.prompts.error(self, "Peserta tidak dapat dihapus", err.message)
            return
        self._select_participant = neighbour
        self._participant_note(f"{row.name} dihapus dari peserta.", ok=True)
        self.hub.announce(COACHING)

    # ------------------------------------------------------------------------------------ keyboard
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress:
            action = self._keys.get(obj, {}).get(event.key())
            if action is not None:
                action()
                return True
        return super().eventFilter(obj, event)

    def _update_buttons(self) -> None:
        has_program = self.selected_program() is not None and self._detail is not None
        self.edit_button.setEnabled(has_program)
        self.delete_button.setEnabled(has_program)
        participant = self.selected_participant() is not None
        self.feedback_button.setEnabled(participant)
        self.remove_participant_button.setEnabled(participant)
        row = self.selected_participant()
        self.feedback_button.setText("Ubah umpan bal&ik… (Enter)" if row is not None and row.gave_feedback
                                     else "&Isi umpan balik… (Enter)")
        self.add_unit_button.setEnabled(self.unit_combo.count() > 0)


def _names(names: list[str], most: int = 5) -> str:
    shown = ", ".join(names[:most])
    return shown + (f", dan {len(names) - most} lainnya" if len(names) > most else "")
