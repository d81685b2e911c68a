"""Every xlsx the addons write: text is stored as text. A string that a user typed (a name
set to ``=HYPERLINK(...)``, ``{=...}``, ``http://...``) is never written as a formula, an
array formula, a link or a number."""
import xlsxwriter


def _write_text(worksheet, row, col, text, *args):
    if not text:
        return None  # xlsxwriter writes a blank cell
    return worksheet.write_string(row, col, text, *args)


def write_strings_as_text(worksheet):
    """The worksheet writes every ``str`` with write_string from now on."""
    worksheet.add_write_handler(str, _write_text)


class TextWorkbook(xlsxwriter.Workbook):
    """An in-memory xlsxwriter workbook whose sheets write every ``str`` with write_string
    (numbers, dates and booleans keep their own writers)."""

    def __init__(self, output, options=None):
        super().__init__(output, {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            **(options or {}),
        })

    def add_worksheet(self, name=None, **kwargs):
        sheet = super().add_worksheet(name, **kwargs)
        write_strings_as_text(sheet)
        return sheet
