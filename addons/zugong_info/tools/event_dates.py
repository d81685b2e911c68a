"""The range of dates events may have: an adoption, an instruction, a forwarding, a
commission, a concealed event, an error notice, a training session. A date outside of
it is a typing mistake (9999-12-31, 0001-01-01) that would otherwise reach the period
computations and fail there with a raw error. The models check it first, with a clear
message, and the database keeps it too (``range_sql`` in a CHECK constraint declared
with ``RANGE_MESSAGE``)."""
from datetime import date, datetime

from odoo import fields
from odoo.exceptions import ValidationError

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
# The message of the database's CHECK constraints (translated with the module's terms).
RANGE_MESSAGE = "Dates of events must lie between 2000-01-01 and 2100-12-31."


def department_today(records):
    """The default date of an event: today in the department's time zone (the current
    company's), whoever records it and from wherever."""
    return records.env.company._zugong_today()


def range_sql(column):
    """SQL condition: ``column`` (a date or a timestamp) lies in the range, or is empty."""
    return f"({column} IS NULL OR ({column} >= '{EARLIEST}' AND {column} < '{date(LATEST.year + 1, 1, 1)}'))"


def check_dates(model, vals_list, names):
    """Refuses, with a message naming the field, the values of ``vals_list`` for the date
    or datetime fields ``names`` of ``model`` that are no date or lie outside the range."""
    for vals in vals_list:
        for name in set(names) & set(vals):
            value = vals[name]
            if not value:
                continue
            field = model._fields[name]
            label = field.get_description(model.env)["string"]
            try:
                day = fields.Datetime.to_datetime(value) if field.type == "datetime" else fields.Date.to_date(value)
            except (ValueError, TypeError):
                raise ValidationError(model.env._("%(field)s: “%(value)s” is not a date.",
                                                  field=label, value=value)) from None
            if isinstance(day, datetime):
                day = day.date()
            if not EARLIEST <= day <= LATEST:
                raise ValidationError(model.env._(
                    "%(field)s: %(value)s is out of range; dates of events lie between %(earliest)s and "
                    "%(latest)s.", field=label, value=value, earliest=EARLIEST, latest=LATEST,
                ))
