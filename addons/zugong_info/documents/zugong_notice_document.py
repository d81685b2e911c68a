"""A ranked notice (通报) as an official document in the GB/T 9704-2012 layout: the
company's red mark and the notice's number, the title, 主送, the text the research office
edited (drafted here from the notice's figures), the attachment note, the signature and
date, the ranking table and the adopted items as attachments, and the colophon."""

import json
from datetime import datetime, time

from odoo import fields

from ..tools.settings import document_lang
from .document_pdf import render
from .official_document import OfficialDocument, chinese_date

# The adoptions listed in the attachment: by the higher publications, at most so many.
LISTED_LEVELS = ("central", "province", "city")
LISTED_ADOPTIONS = 300
# Units named in the text before "and N more".
NAMED_UNITS = 30
HEADING_NUMBERS = "一二三四五六七八九十"


def in_document_lang(notice):
    return notice.with_context(lang=document_lang(notice.env))


def draft_values(notice):
    """The document's values drafted from the notice's rows and the company's settings:
    title, recipients, the text parts, the header and colophon settings and the list of
    adopted items."""
    notice = in_document_lang(notice)
    _ = notice.env._
    settings = notice.company_id._zugong_document_settings()
    rows = notice.line_ids
    people = notice.subject == "people"
    period, scope = notice.period_label or "", notice.scope_unit_id.name or ""
    if people:
        title = _("On the information work of the officers of %(scope)s in %(period)s", scope=scope, period=period)
    else:
        title = _("On the information work of %(scope)s in %(period)s", scope=scope, period=period)

    numbers = iter(HEADING_NUMBERS)

    def heading(text):
        return f"{next(numbers)}、{text}。"

    totals = {name: sum(rows.mapped(name)) for name in (
        "items_submitted", "adoptions_total", "adoptions_central", "adoptions_province",
        "adoptions_city", "adoptions_county")}
    counted = {
        "period": period, "scope": scope, "count": len(rows),
        "items": totals["items_submitted"], "adoptions": totals["adoptions_total"],
        "central": totals["adoptions_central"], "province": totals["adoptions_province"],
        "city": totals["adoptions_city"], "county": totals["adoptions_county"],
    }
    if people:
        overview = _("In %(period)s, the %(count)s information officers of %(scope)s submitted %(items)s "
                     "items, of which publications adopted %(adoptions)s: %(central)s central, "
                     "%(province)s provincial, %(city)s city and %(county)s county.", **counted)
    else:
        overview = _("In %(period)s, the %(count)s units of %(scope)s submitted %(items)s items, of which "
                     "publications adopted %(adoptions)s: %(central)s central, %(province)s provincial, "
                     "%(city)s city and %(county)s county.", **counted)
    with_target = rows.filtered(lambda row: row.submissions_required)
    if with_target:
        missed = with_target.filtered("below_target")
        overview += _("%(met)s met their submission target and %(missed)s did not.",
                      met=len(with_target) - len(missed), missed=len(missed))
    overview = heading(_("Overall situation")) + overview

    praised = ""
    best = rows.filtered(lambda row: row.rank and row.rank <= 3 and row.score > 0).sorted("rank")
    if best:
        names = _names(notice, best.mapped("name"))
        praised = heading(_("Officers praised") if people else _("Units praised")) + _(
            "%(names)s ranked first in this period, submitting in time and often adopted: they are "
            "commended.", names=names)

    criticised = ""
    below = rows.filtered(lambda row: row.below_target and row.items_submitted)
    nothing = rows.filtered(lambda row: not row.items_submitted)
    if below or nothing:
        parts = []
        if below:
            # no f-string among a translated call's arguments: the term extractor evaluates them
            done = [_("%(name)s (%(pct)s%% done)", name=row.name, pct=round(row.completion_pct, 1)) for row in below]
            parts.append(_("These did not meet their submission target: %(names)s.", names=_names(notice, done)))
        if nothing:
            parts.append(_("These submitted nothing in this period: %(names)s.",
                           names=_names(notice, nothing.mapped("name"))))
        parts.append(_("They are criticised, and are to find out why and catch up within a set time."))
        criticised = heading(_("Officers criticised") if people else _("Units criticised")) + "".join(parts)

    closing = heading(_("Requirements")) + _(
        "Every unit is to measure itself against this notice, find where it falls short, take the "
        "work in hand and submit more information of quality.")
    return {
        "document_title": title,
        "document_recipients": settings["zugong_document_recipients"],
        "document_overview": overview,
        "document_praised": praised,
        "document_criticised": criticised,
        "document_closing": closing,
        "document_mark": settings["zugong_document_mark"],
        "document_copies": settings["zugong_document_copies"],
        "document_signature": settings["zugong_document_signature"],
        "document_printer": settings["zugong_document_printer"],
        "document_adoptions": json.dumps(_adoptions(notice), ensure_ascii=False),
    }


def _names(notice, names):
    names = list(names)
    if len(names) <= NAMED_UNITS:
        return "、".join(names)
    return notice.env._("%(names)s and %(count)s more", names="、".join(names[:NAMED_UNITS]),
                        count=len(names) - NAMED_UNITS)


def _adoptions(notice):
    """The adoptions of the period by the higher publications of items of the notice's
    units, highest level first, as [title, units, publication and issue, date]."""
    units = notice.env["zugong.unit"].sudo().with_context(active_test=False).search(
        [("id", "child_of", notice.scope_unit_id.id)])
    Adoption = notice.env["zugong.adoption"].sudo()
    listed = []
    for level in LISTED_LEVELS:
        room = LISTED_ADOPTIONS - len(listed)
        if room <= 0:
            break
        adoptions = Adoption.search([
            ("level", "=", level), ("company_id", "=", notice.company_id.id),
            ("date", ">=", notice.period_start), ("date", "<=", notice.period_end),
            ("item_id.unit_ids", "in", units.ids),
        ], order="date, id", limit=room)
        for adoption in adoptions:
            publication = adoption.publication_id.name or ""
            issue = adoption.bulletin_id.issue_label if adoption.bulletin_id else (adoption.issue_number or "")
            listed.append([
                adoption.item_id.name, "、".join(adoption.item_id.unit_ids.mapped("name")),
                f"{publication}{issue}", chinese_date(adoption.date),
            ])
    return listed


def _document_date(notice):
    return notice.document_date or fields.Date.context_today(notice)


def document_number(notice):
    """The number given at publishing, or its frame for a draft: ×组通〔2026〕  号."""
    if notice.document_number:
        return notice.document_number
    prefix = notice.company_id._zugong_document_settings()["zugong_document_prefix"]
    return f"{prefix}〔{_document_date(notice).year}〕\u3000\u3000号"


def _values(notice):
    """The document's values: the notice's own, or drafted now for a notice published
    before documents were drafted."""
    names = ("document_title", "document_recipients", "document_overview", "document_praised",
             "document_criticised", "document_closing", "document_mark", "document_copies",
             "document_signature", "document_printer", "document_adoptions")
    values = {name: notice[name] or "" for name in names}
    if not values["document_title"]:
        values = draft_values(notice)
    return values


def colophon_lines(notice, values):
    copies = values["document_copies"].strip().rstrip("。.")
    day = chinese_date(_document_date(notice))
    return [
        (f"抄送：{copies}。" if copies else "", ""),
        (values["document_printer"], f"{day}印发"),
    ]


def build(notice, for_pdf=False):
    """The notice as an OfficialDocument; ``for_pdf``: the one its PDF is rendered from."""
    notice = in_document_lang(notice)
    _ = notice.env._
    values = _values(notice)
    period = notice.period_label or ""
    document = OfficialDocument(for_pdf, title=values["document_title"], author=values["document_signature"],
                                created=datetime.combine(_document_date(notice), time()))
    if values["document_mark"]:
        document.mark(values["document_mark"])
    document.number(document_number(notice))
    document.title(values["document_title"])
    if values["document_recipients"]:
        document.recipients(values["document_recipients"])
    document.text("\n".join(values[name] for name in (
        "document_overview", "document_praised", "document_criticised", "document_closing")))
    people = notice.subject == "people"
    ranking = (_("Ranking of the officers' information work in %(period)s", period=period) if people
               else _("Ranking of the units' information work in %(period)s", period=period))
    adoptions = json.loads(values["document_adoptions"] or "[]")
    adopted = _("Items adopted in %(period)s", period=period)
    document.attachment_note([ranking] + ([adopted] if adoptions else []))
    document.signature(values["document_signature"], chinese_date(_document_date(notice)))
    several = bool(adoptions)
    document.attachment("附件1" if several else "附件", ranking)
    document.table(*_ranking_table(notice))
    if adoptions:
        document.attachment("附件2", adopted)
        document.numbered_list([f"{title}（{units}；{publication}，{day}）"
                                for title, units, publication, day in adoptions])
    document.colophon(colophon_lines(notice, values))
    return document


def _ranking_table(notice):
    _ = notice.env._
    people = notice.subject == "people"
    # ranked within kinds or categories: the kind or category beside each rank, which counts
    # among the units of the kind or category
    within_kinds = not people and notice.rank_within == "kind"
    within_categories = not people and notice.rank_within == "category"
    columns = [(_("Rank"), 10, "center")]
    if within_kinds:
        columns.append((_("Kind"), 16, "center"))
    if within_categories:
        columns.append((_("Classification"), 16, "center"))
    columns.append((_("Full Name") if people else _("Unit"),
                    30 if people or within_kinds or within_categories else 46, "left"))
    kinds = dict(notice.line_ids._fields["kind"]._description_selection(notice.env))
    if people:
        columns.append((_("Unit"), 36, "left"))
    # the items counting towards the minimums, where urgent reports leave some out
    counted = any(line.items_toward_minimum != line.items_submitted for line in notice.line_ids)
    columns.append((_("Items Sent"), 11, "right"))
    if counted:
        columns.append((_("Counted"), 11, "right"))
    columns += [
        (_("Central"), 10, "right"), (_("Province"), 10, "right"),
        (_("City"), 10, "right"), (_("County"), 10, "right"), (_("Items Adopted"), 11, "right"),
        (_("Score"), 14, "right"), (_("Target Done"), 14, "right"),
    ]
    # what befell units or people besides points, where the period has any
    outcomes = any(notice.line_ids.mapped("outcomes"))
    if outcomes:
        columns.append((_("Conclusion"), 24, "left"))
    rows = []
    for line in notice.line_ids:
        row = [str(line.rank) if line.rank else "—"]
        if within_kinds:
            row.append(kinds.get(line.kind, ""))
        if within_categories:
            row.append(line.category_name or _("Uncategorised"))
        row.append(line.name)
        if people:
            row.append(line.unit_name or "")
        row.append(str(line.items_submitted))
        if counted:
            row.append(str(line.items_toward_minimum))
        row += [str(value) for value in (line.adoptions_central, line.adoptions_province,
                                         line.adoptions_city, line.adoptions_county, line.adoptions_total)]
        row.append(f"{line.score:.2f}".rstrip("0").rstrip("."))
        row.append(f"{line.completion_pct:.1f}%" if line.submissions_required else "")
        if outcomes:
            row.append(line.outcomes or "")
        rows.append(row)
    return columns, rows


def render_notice(notice, fmt):
    """The notice's document as (bytes, file name, media type); ``fmt`` is docx or pdf."""
    notice = in_document_lang(notice)
    values = _values(notice)
    content, media_type = render(lambda for_pdf: build(notice, for_pdf),
                                 colophon_lines(notice, values), fmt)
    name = " ".join(part for part in (notice.document_number, values["document_title"]) if part)
    return content, f"{name.replace('/', '-')}.{fmt}", media_type
