from odoo.addons.web.controllers.export import ExcelExport, ExportXlsxWriter, GroupExportXlsxWriter

from ..tools.xlsx import write_strings_as_text


class TextExportXlsxWriter(ExportXlsxWriter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        write_strings_as_text(self.worksheet)


class TextGroupExportXlsxWriter(GroupExportXlsxWriter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        write_strings_as_text(self.worksheet)


class ZugongExcelExport(ExcelExport):
    """The web client's list export to xlsx stores text as text: an item's title or a
    person's name typed as ``=HYPERLINK(...)`` is never written as a formula."""

    def from_group_data(self, fields, columns_headers, groups):
        with TextGroupExportXlsxWriter(fields, columns_headers, groups.count) as xlsx_writer:
            x, y = 1, 0
            for group_name, group in groups.children.items():
                x, y = xlsx_writer.write_group(x, y, group_name, group)
        return xlsx_writer.value

    def from_data(self, fields, columns_headers, rows):
        with TextExportXlsxWriter(fields, columns_headers, len(rows)) as xlsx_writer:
            for row_index, row in enumerate(rows):
                for cell_index, cell_value in enumerate(row):
                    xlsx_writer.write_cell(row_index + 1, cell_index, cell_value)
        return xlsx_writer.value
