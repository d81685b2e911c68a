"""A province's notice as an official document: a notice ranking 2,000 units (goal: its
document in under 10 s), timed from drafting its text to the docx and the PDF, as the
research office's download renders them. Prints figures; asserts nothing. The units and
the notice are made in a transaction rolled back at the end.

    benchmarks/run official_document [--units 2000] [--repeat 3]
"""
import argparse
import io
import statistics
import time
from datetime import date

from common import odoo_env, seeded
from PyPDF2 import PdfReader

from odoo.addons.zugong_info.documents import document_pdf  # noqa: E402
from odoo.addons.zugong_info.documents import zugong_notice_document as notice_document  # noqa: E402
from odoo.addons.zugong_info.documents.official_document import OfficialDocument  # noqa: E402
from odoo.addons.zugong_info.documents.zugong_notice_document import draft_values  # noqa: E402


def make_notice(env, count):
    """A published-like draft notice of ``count`` units under a new scope."""
    rng = seeded(17)
    Unit = env["zugong.unit"]
    scope = Unit.create({"name": "基准省", "code": "BENCH-DOC"})
    kinds = ["county", "township", "section", "point"]
    units = Unit.create([{
        "name": f"第{index}县{rng.choice(['委组织部', '某某镇', '某某街道直报点', '组织科'])}",
        "code": f"BENCH-DOC-{index}", "kind": kinds[index % 4], "parent_id": scope.id,
    } for index in range(1, count + 1)])
    lines = []
    for rank, unit in enumerate(units, 1):
        items = rng.randint(0, 30)
        adoptions = [rng.randint(0, 2), rng.randint(0, 4), rng.randint(0, 8), rng.randint(0, 10)]
        required = rng.choice([0, 12, 24])
        lines.append((0, 0, {
            "sequence": rank, "unit_id": unit.id, "name": unit.name, "code": unit.code,
            "items_submitted": items, "adoptions_central": adoptions[0], "adoptions_province": adoptions[1],
            "adoptions_city": adoptions[2], "adoptions_county": adoptions[3], "adoptions_total": sum(adoptions),
            "score": max(0.0, 500 - rank * 0.2), "rank": rank, "submissions_required": required,
            "completion_pct": round(items * 100.0 / required, 1) if required else 0,
            "below_target": bool(required) and items < required,
        }))
    return env["zugong.notice"].create({
        "name": "2026年基准省组工信息工作情况通报", "period_kind": "year", "period_start": date(2026, 1, 1),
        "scope_unit_id": scope.id, "subject": "units", "period_label": "2026年", "line_ids": lines,
    })


def timed(function, repeat):
    laps = []
    result = None
    for _index in range(repeat):
        start = time.perf_counter()
        result = function()
        laps.append(time.perf_counter() - start)
    return result, laps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with odoo_env() as env:
        env = env(context={"lang": "zh_CN"})
        env["res.lang"]._activate_lang("zh_CN")
        env.company._zugong_write_document_defaults()
        started = time.perf_counter()
        notice = make_notice(env, args.units)
        env.flush_all()
        made = time.perf_counter() - started
        notice.invalidate_recordset()
        _values, drafting = timed(lambda: draft_values(notice), args.repeat)
        (docx, _name, _type), docx_laps = timed(lambda: notice._official_document("docx"), args.repeat)
        (pdf, _name, _type), pdf_laps = timed(lambda: notice._official_document("pdf"), args.repeat)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        # the PDF's parts: its docx with the free fonts, LibreOffice, the colophon laid over
        subject = notice_document.in_document_lang(notice.sudo())
        values = notice_document._values(subject)
        main, build_laps = timed(lambda: notice_document.build(subject, for_pdf=True).save(), args.repeat)
        page = OfficialDocument(for_pdf=True)
        page.colophon_page(notice_document.colophon_lines(subject, values))
        colophon = page.save()
        (rendered, overlay), office_laps = timed(lambda: document_pdf.docx_to_pdf(main, colophon), args.repeat)
        _pdf, overlay_laps = timed(lambda: document_pdf.overlay_last_page(rendered, overlay), args.repeat)
        small = OfficialDocument(for_pdf=True)
        small.text("一、总体情况。")
        _small, start_laps = timed(lambda: document_pdf.docx_to_pdf(small.save()), args.repeat)

        def figure(laps):
            return f"median {statistics.median(laps):6.2f} s, worst {max(laps):6.2f} s"

        print(f"notice of {args.units} units (made with its drafted text in {made:.1f} s)")
        print(f"  drafting the text:        {figure(drafting)}")
        print(f"  docx ({len(docx) // 1024} KiB):          {figure(docx_laps)}")
        print(f"  PDF ({len(pdf) // 1024} KiB, {pages} pages): {figure(pdf_laps)}   goal: under 10 s")
        print(f"    its docx, free fonts:   {figure(build_laps)}")
        print(f"    LibreOffice:            {figure(office_laps)}")
        print(f"      of which a one-line document: {figure(start_laps)}")
        print(f"    colophon laid over:     {figure(overlay_laps)}")
        env.cr.rollback()


if __name__ == "__main__":
    main()
