# Odoo 18 with what the official documents (notices, bulletin issues) need: python-docx
# for their docx, LibreOffice and the Fandol fonts (which cover all of GB2312) for their
# PDF. Without them the addons still run; the documents then say what is missing.
FROM odoo:18.0
USER root
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        python3-docx libreoffice-writer-nogui texlive-lang-chinese \
    && rm -rf /var/lib/apt/lists/*
USER odoo
