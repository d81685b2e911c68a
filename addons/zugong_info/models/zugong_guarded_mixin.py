from odoo import _, api, models
from odoo.exceptions import AccessError


class ZugongGuardedMixin(models.AbstractModel):
    """The model layer as the security boundary, for what a client creates and writes
    (any call that does not run as superuser: JSON-RPC, portal forms, wizards of users):

    - Workflow fields (``_workflow_fields``: states, the dates and people of transitions,
      references, deadlines, companies...) are set by the model's own action methods,
      which write them as superuser after their own checks. A client's create may give
      them only their default values (a ``default_<field>`` key in the context is
      ignored), a client's write may not change them.
    - Fields the research office records (``_research_fields``: who asked for an urgent
      report...) are set or changed by its users alone.
    - Computed and related fields are never written by a client, unless declared
      editable (``readonly=False``).
    - Record rules hold after a write as well as before: a record a client created or
      wrote must still be writable by that client afterwards. The records of the
      ``_guarded_parent`` many2one field (the item of an item's unit line) must be
      writable by the client before and after a create, write or unlink of the record,
      so that a line cannot be attached to, or moved onto, a record its user may not
      edit.

    Nothing a client sends (no context key) switches these checks off."""

    _name = "zugong.guarded.mixin"
    _description = "Records Guarded at the Model Layer"

    _workflow_fields = ()
    _research_fields = ()
    _guarded_parent = None

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        self._check_workflow_create(vals_list)
        self._check_research_fields(vals_list)
        parents_before = self._guarded_parents_in(vals_list)
        self._check_parents(self._existing_before(parents_before))
        context = {key: value for key, value in self.env.context.items()
                   if key.removeprefix("default_") not in self._workflow_fields}
        records = super(ZugongGuardedMixin, self.with_context(context)).create(vals_list)
        records = records.with_env(self.env)
        records.check_access("write")
        self._check_parents(parents_before, records._guarded_parent_records())
        return records

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        self._check_workflow_write(vals)
        self._check_research_fields([vals])
        parents_before = self._guarded_parent_records(), self._guarded_parents_in([vals])
        self._check_parents(*parents_before)
        result = super().write(vals)
        self.check_access("write")
        self._check_parents(*parents_before, self._guarded_parent_records())
        return result

    def unlink(self):
        if not self.env.su:
            self._check_parents(self._guarded_parent_records())
        return super().unlink()

    # ------------------------------------------------------------------ helpers

    def _check_research_fields(self, vals_list):
        """Only the research office sets or changes the fields it records."""
        if not self._research_fields or self.env.user.has_group("zugong_info.group_research"):
            return
        for vals in vals_list:
            for name in set(vals) & set(self._research_fields):
                current = [record[name] for record in self] or [self._own_default(name)]
                if any(self._changes(name, value, vals[name]) for value in current):
                    label = self._fields[name].get_description(self.env)["string"]
                    raise AccessError(_("%(field)s of %(model)s is recorded by the research office.",
                                        field=label, model=self._description))

    def _client_protected_fields(self):
        """The fields a client may not set: the workflow's, and the derived ones — computed
        and related fields not declared editable (``readonly=False``). A related field
        would write through to the record it comes from."""
        derived = {name for name, field in self._fields.items() if field.compute and field.readonly}
        return derived | set(self._workflow_fields)

    def _check_workflow_create(self, vals_list):
        for vals in vals_list:
            for name in set(vals) & self._client_protected_fields():
                if self._changes(name, self._own_default(name), vals[name]):
                    self._refuse_field(name)

    def _check_workflow_write(self, vals):
        for name in set(vals) & self._client_protected_fields():
            if any(self._changes(name, record[name], vals[name]) for record in self):
                self._refuse_field(name)

    def _own_default(self, name):
        """The field's default as the model defines it, whatever the context says."""
        field = self._fields[name]
        return field.default(self) if field.default else False

    def _changes(self, name, current, new):
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return bool(new)  # any command on a protected x2many is a change
        if isinstance(current, models.BaseModel):
            current = current.id
        if isinstance(new, models.BaseModel):
            new = new.id
        return field.convert_to_cache(current, self, validate=False) != \
            field.convert_to_cache(new, self, validate=False)

    def _refuse_field(self, name):
        label = self._fields[name].get_description(self.env)["string"]
        raise AccessError(_(
            "%(field)s of %(model)s is set by the workflow, not by hand.",
            field=label, model=self._description,
        ))

    def _guarded_parent_records(self):
        """The parent records of these records (read whatever the client may read)."""
        if not self._guarded_parent:
            return None
        return self.sudo()[self._guarded_parent].with_env(self.env)

    def _guarded_parents_in(self, vals_list):
        """The parent records the values name."""
        if not self._guarded_parent:
            return None
        comodel = self.env[self._fields[self._guarded_parent].comodel_name]
        return comodel.browse({vals[self._guarded_parent] for vals in vals_list
                               if vals.get(self._guarded_parent)})

    def _existing_before(self, parents):
        """The parents that existed before this transaction: lines created with their
        parent (an item and its unit lines in one create) are checked on the parent as
        it is once created."""
        if not parents:
            return parents
        now = self.env.cr.now()
        return parents.filtered(
            lambda parent: parent.sudo().create_date != now or parent.sudo().create_uid.id != self.env.uid
        )

    @staticmethod
    def _check_parents(*parents):
        """The client may write each of these parent records."""
        records = [recordset for recordset in parents if recordset is not None]
        if records:
            union = records[0].browse().union(*records)
            union.exists().check_access("write")
