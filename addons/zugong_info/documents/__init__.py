"""Official documents (公文) in the layout of GB/T 9704-2012: the docx writer and its
PDF (official_document, document_pdf), and the notices and bulletin issues as such
documents. Plain modules, imported by the models that use them: nothing here defines a
model."""
