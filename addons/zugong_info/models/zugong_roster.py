import io
import re
import zipfile

import openpyxl

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from ..tools.settings import document_lang
from ..tools.xlsx import TextWorkbook

# The roster's columns, in the template's order.
ROSTER_COLUMNS = ("unit", "name", "phone", "login", "role", "account")
ROLES = {"officer": "officer", "member": "member"}
ACCOUNTS = {"internal": "internal", "portal": "portal"}
LOGIN_MAX = 64
PHONE_PATTERN = re.compile(r"^[0-9+\-() ]{3,30}$")
ROSTER_MAX_ROWS = 5000


class ZugongRoster(models.AbstractModel):
    """The officer network's roster as an xlsx file: its template, and its import in one
    step into users (internal or portal), unit memberships and officer registrations.
    Every row is checked before anything is created; one bad row and nothing is imported,
    with every bad row reported by its line."""

    _name = "zugong.roster"
    _description = "Officer Network Roster"

    def _check_research_office(self):
        if not self.env.su and not self.env.user.has_group("zugong_info.group_research"):
            raise AccessError(_("Only the research office registers the officer network."))

    @api.model
    def _labels(self):
        return {
            "unit": _("Unit (code or name)"),
            "name": _("Full Name"),
            "phone": _("Phone"),
            "login": _("Login"),
            "role": _("Officer or Member"),
            "account": _("Internal or Portal"),
        }

    @api.model
    def _choice_words(self):
        """The words of the role and account columns in the context's language."""
        return {_("Officer"): "officer", _("Member"): "member"}, {_("Internal"): "internal", _("Portal"): "portal"}

    @api.model
    def _choices(self):
        """The words of the role and account columns, in English and in the template's
        language, lower-cased, by their value."""
        roles, accounts = dict(ROLES), dict(ACCOUNTS)
        for lang in {document_lang(self.env), self.env.lang or "en_US"}:
            lang_roles, lang_accounts = self.with_context(lang=lang)._choice_words()
            roles.update(lang_roles)
            accounts.update(lang_accounts)
        return ({key.strip().lower(): value for key, value in roles.items()},
                {key.strip().lower(): value for key, value in accounts.items()})

    # ------------------------------------------------------------------ template

    @api.model
    def _template(self):
        """The roster template (xlsx) in the documents' language: the columns, a drop-down
        for the role and the account, and a sheet that explains them."""
        self._check_research_office()
        self = self.with_context(lang=document_lang(self.env))
        output = io.BytesIO()
        workbook = TextWorkbook(output)
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        sheet = workbook.add_worksheet(_("Roster"))
        labels = self._labels()
        for column, key in enumerate(ROSTER_COLUMNS):
            sheet.write(0, column, labels[key], header)
            sheet.set_column(column, column, 24 if key == "unit" else 16, workbook.add_format({"num_format": "@"}))
        sheet.freeze_panes(1, 0)
        for key, words in (("role", [_("Officer"), _("Member")]), ("account", [_("Internal"), _("Portal")])):
            column = ROSTER_COLUMNS.index(key)
            sheet.data_validation(1, column, ROSTER_MAX_ROWS, column, {"validate": "list", "source": words})
        notes = workbook.add_worksheet(_("Instructions"))
        notes.set_column(0, 0, 100)
        for row, text in enumerate((
            _("One person a line, from the second line of the first sheet on."),
            _("Unit: the unit's code or its name as in the unit list."),
            _("Login: what the person logs in with; it must not be taken yet."),
            _("Officer or Member: an officer is registered as the unit's information officer "
              "(one a unit); a member belongs to the unit."),
            _("Internal or Portal: an internal user works in the back office, a portal user "
              "in the portal."),
            _("The whole roster is checked first: if a line is wrong, nothing is imported and "
              "every wrong line is reported."),
        )):
            notes.write(row, 0, text)
        workbook.close()
        return output.getvalue()

    @api.model
    def _template_filename(self):
        return _("Officer network roster.xlsx")

    # ------------------------------------------------------------------ import

    @api.model
    def _import(self, content, date_from):
        """Imports the roster ``content`` (xlsx bytes): users, memberships and officer
        registrations from ``date_from``, all or nothing. Returns the users created."""
        self._check_research_office()
        rows = self._read(content)
        values, errors = self._check(rows, date_from)
        if errors:
            report = [_("The roster was not imported; correct these lines and import it again:")]
            for line, problem in errors:
                report.append(_("Line %(line)s: %(problem)s", line=line, problem=problem))
            raise UserError("\n".join(report))
        return self._create(values, date_from)

    @api.model
    def _read(self, content):
        """The non-empty rows of the first sheet after the header: (line, {column: text})."""
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content or b""), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise UserError(_("The file is not an xlsx workbook: fill in the roster template and upload it."))
        sheet = workbook.worksheets[0]
        rows = []
        for line, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            texts = [_cell_text(cell) for cell in (tuple(cells) + (None,) * len(ROSTER_COLUMNS))[:len(ROSTER_COLUMNS)]]
            if not any(texts):
                continue
            if len(rows) >= ROSTER_MAX_ROWS:
                raise UserError(_("A roster has at most %s lines: split it.", ROSTER_MAX_ROWS))
            rows.append((line, dict(zip(ROSTER_COLUMNS, texts))))
        workbook.close()
        if not rows:
            raise UserError(_("The roster has no lines: fill in the template from its second line."))
        return rows

    @api.model
    def _check(self, rows, date_from):
        """Checks every row; returns the values of the good rows and the problems of the
        bad ones as (line, problem)."""
        company = self.env.company
        Unit = self.env["zugong.unit"]
        units = Unit.search([("company_id", "=", company.id)])
        by_code = {unit.code.strip().lower(): unit for unit in units}
        by_name = {}
        for unit in units:
            for name in {unit.name.strip().lower(), (unit.complete_name or "").strip().lower()}:
                by_name.setdefault(name, Unit)
                by_name[name] |= unit
        roles, accounts = self._choices()
        logins = [row["login"] for _line, row in rows if row["login"]]
        taken = set(self.env["res.users"].sudo().with_context(active_test=False).search(
            [("login", "in", logins)]).mapped("login"))
        officers = self.env["zugong.officer"]._current_registrations(units, date_from)
        seen_logins, officer_rows = {}, {}
        values, errors = [], []
        for line, row in rows:
            problems = []
            unit = Unit
            key = row["unit"].lower()
            if not key:
                problems.append(_("the unit is missing"))
            elif key in by_code:
                unit = by_code[key]
            elif len(by_name.get(key, Unit)) == 1:
                unit = by_name[key]
            elif key in by_name:
                problems.append(_("several units are named %s: give the unit's code", row["unit"]))
            else:
                problems.append(_("there is no unit %s", row["unit"]))
            if not row["name"]:
                problems.append(_("the name is missing"))
            login = row["login"]
            if not login:
                problems.append(_("the login is missing"))
            elif len(login) > LOGIN_MAX or any(char.isspace() for char in login):
                problems.append(_("the login %s is not valid: at most 64 characters, no spaces", login))
            elif login in taken:
                problems.append(_("the login %s is already taken", login))
            elif login in seen_logins:
                problems.append(_("the login %(login)s is also on line %(line)s", login=login, line=seen_logins[login]))
            else:
                seen_logins[login] = line
            if row["phone"] and not PHONE_PATTERN.match(row["phone"]):
                problems.append(_("the phone %s is not a phone number", row["phone"]))
            role = roles.get(row["role"].lower())
            if not role:
                problems.append(_("write Officer or Member, not \"%s\"", row["role"]))
            account = accounts.get(row["account"].lower())
            if not account:
                problems.append(_("write Internal or Portal, not \"%s\"", row["account"]))
            if role == "officer" and unit:
                if unit.id in officers:
                    problems.append(_(
                        "%(unit)s already has a registered officer (%(person)s): hand the unit "
                        "over instead", unit=unit.name, person=officers[unit.id].user_id.name,
                    ))
                elif unit.id in officer_rows:
                    problems.append(_(
                        "%(unit)s is given a second officer (its officer is on line %(line)s)",
                        unit=unit.name, line=officer_rows[unit.id],
                    ))
                else:
                    officer_rows[unit.id] = line
            if problems:
                errors.append((line, "; ".join(problems)))
            else:
                values.append({**row, "unit": unit, "role": role, "account": account})
        return values, errors

    @api.model
    def _create(self, values, date_from):
        """Creates the checked rows' users, memberships and registrations."""
        company = self.env.company
        officer_group = self.env.ref("zugong_info.group_officer")
        user_types = {"internal": self.env.ref("base.group_user"), "portal": self.env.ref("base.group_portal")}
        # users are created as superuser after the checks above, with no other rights
        # than an officer's and the company of the research office
        users = self.env["res.users"].sudo().create([{
            "name": row["name"],
            "login": row["login"],
            "email": row["login"] if "@" in row["login"] else False,
            "phone": row["phone"] or False,
            "lang": self.env.lang,
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "groups_id": [(6, 0, (user_types[row["account"]] | officer_group).ids)],
        } for row in values])
        users = users.sudo(False)
        self.env["zugong.unit.member"].create([{
            "unit_id": row["unit"].id, "user_id": user.id, "date_from": date_from,
        } for row, user in zip(values, users)])
        officers = self.env["zugong.officer"].create([{
            "unit_id": row["unit"].id, "user_id": user.id, "company_id": company.id,
            "date_from": date_from, "phone": row["phone"] or False,
        } for row, user in zip(values, users) if row["role"] == "officer"])
        officers.action_register()
        return users


def _cell_text(cell):
    """A cell's value as text: numbers (a phone typed as a number) without a decimal part."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()
