def migrate(cr, version):
    """The record rules are the security boundary and change with the modules: they were
    loaded as noupdate data, which an update leaves as it is. From this version on they
    are updated with the modules: the flag is cleared for the rules of both addons
    (zugong_training depends on zugong_info, so this runs before its update).

    Published notices keep the checksum of their file, which the portal checks before
    serving it: the notices generated before keep the checksum of the file they have
    (filled before this version's freeze of published notices covers the column).

    Issue numbers of adoptions are stored tidied (NFKC, one space between words, none at
    the ends), as they are from this version on; done before this version's triggers
    exist."""
    cr.execute(
        "UPDATE ir_model_data SET noupdate = false"
        " WHERE module IN ('zugong_info', 'zugong_training') AND model = 'ir.rule'"
    )
    cr.execute("ALTER TABLE zugong_notice ADD COLUMN IF NOT EXISTS xlsx_checksum varchar")
    cr.execute("""
        UPDATE zugong_notice notice
           SET xlsx_checksum = attachment.checksum
          FROM ir_attachment attachment
         WHERE attachment.res_model = 'zugong.notice' AND attachment.res_field = 'xlsx_file'
           AND attachment.res_id = notice.id AND notice.xlsx_checksum IS NULL
    """)
    cr.execute("""
        UPDATE zugong_adoption
           SET issue_number = NULLIF(btrim(regexp_replace(normalize(issue_number, NFKC), '[[:space:]]+', ' ', 'g')), '')
         WHERE issue_number IS DISTINCT FROM
               NULLIF(btrim(regexp_replace(normalize(issue_number, NFKC), '[[:space:]]+', ' ', 'g')), '')
    """)
