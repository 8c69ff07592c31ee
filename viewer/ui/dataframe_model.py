"""A read-only Qt table model over a pandas DataFrame, sortable by any column (selected rows
follow their data when it sorts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


def _local_minute(value: datetime) -> str:
    """A time as read: in the local time zone (times are stored in UTC), to the minute
    (they sort to the microsecond); blank if there is none (pandas' NaT)."""
    try:
        return datetime.fromtimestamp(value.timestamp()).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ""


class DataFrameModel(QAbstractTableModel):
    def __init__(self, frame: Any = None) -> None:  # a pandas.DataFrame; pandas loads lazily
        super().__init__()
        self._frame = frame

    @property
    def frame(self) -> Any:
        return self._frame

    def set_frame(self, frame: Any) -> None:
        self.beginResetModel()
        self._frame = frame
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if self._frame is None or parent.isValid() else len(self._frame)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if self._frame is None or parent.isValid() else len(self._frame.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._frame is None:
            return None
        value = self._frame.iat[index.row(), index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _local_minute(value) if isinstance(value, datetime) else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._frame is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self._frame.columns[section])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._frame is None:
            return
        self.layoutAboutToBeChanged.emit()
        ordered = self._frame.reset_index(drop=True).sort_values(
            self._frame.columns[column], ascending=order == Qt.SortOrder.AscendingOrder, kind="stable")
        # Selected rows follow their data to its new place.
        new_row = {old: new for new, old in enumerate(ordered.index)}
        persistent = self.persistentIndexList()
        self._frame = ordered.reset_index(drop=True)
        self.changePersistentIndexList(persistent, [self.index(new_row[i.row()], i.column()) for i in persistent])
        self.layoutChanged.emit()
