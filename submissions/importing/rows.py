"""What reading a sheet gives: clean rows, problems by row and column, likely duplicates."""

from dataclasses import dataclass, field

from submissions.models import Category, MediaLevel, MediaType


class SheetError(Exception):
    """The file as a whole cannot be used (not readable, no header row, too many rows)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Duplicate:
    """What a row looks like: an earlier row of the sheet, or an item already reported."""

    title: str
    sheet_row: int | None = None
    unit: str = ""
    period: str = ""
    report_id: int | None = None
    same_report: bool = False


@dataclass
class ParsedRow:
    row: int
    data: dict
    authors: list[int] = field(default_factory=list)
    author_labels: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    def for_service(self) -> dict:
        return {**self.data, "authors": self.authors, "row": self.row}

    @property
    def level_label(self) -> str:
        return MediaLevel(self.data["media_level"]).label

    @property
    def type_label(self) -> str:
        return MediaType(self.data["media_type"]).label

    @property
    def category_label(self) -> str:
        return Category(self.data["category"]).label


@dataclass
class ParsedSheet:
    rows: list[ParsedRow]
    errors: list[RowError]
