"""The PDF of an official document: its docx (written with the free fonts) rendered by
LibreOffice headless, which lays out the page-number footers of odd and even pages, the
text grid and the colophon frame as Word and WPS do.

Debian packages (installed by the commands, see scripts/lib.sh): libreoffice-writer-nogui
for the rendering, texlive-lang-chinese for the Fandol fonts. The fonts are found through
a fontconfig file of our own that adds Fandol's directory to the system's configuration,
so nothing is registered system-wide. Everything works offline.
"""

import atexit
import glob
import io
import os
import shutil
import subprocess
import tempfile
import threading

from .official_document import DOCX_MEDIA_TYPE, DocumentToolMissing, OfficialDocument

try:
    from pypdf import PdfReader, PdfWriter
except ImportError:  # Odoo 18 ships PyPDF2
    from PyPDF2 import PdfReader, PdfWriter

PDF_MEDIA_TYPE = "application/pdf"
FONT_DIRS = (
    "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
    "/usr/share/texmf/fonts/opentype/public/fandol",
)
FONT_PACKAGES = ("libreoffice-writer-nogui", "texlive-lang-chinese")
CONVERT_TIMEOUT = 180

# One LibreOffice profile per process, used by one conversion at a time: a profile cannot
# be shared by two running instances, and creating one costs seconds.
_lock = threading.Lock()
_profile_dir = None


class DocumentRenderError(Exception):
    """LibreOffice did not produce the PDF."""


def soffice_path():
    return shutil.which("soffice") or shutil.which("libreoffice")


def font_dir():
    for directory in FONT_DIRS:
        if glob.glob(os.path.join(directory, "FandolFang-*.otf")):
            return directory
    return None


def check_tools():
    """Raises DocumentToolMissing unless LibreOffice and the Fandol fonts are installed."""
    missing = []
    if not soffice_path():
        missing.append("libreoffice-writer-nogui")
    if not font_dir():
        missing.append("texlive-lang-chinese")
    if missing:
        raise DocumentToolMissing(f"{' '.join(missing)} (Debian)")


def _fontconfig_file(directory):
    """A fontconfig file of the system's configuration and the Fandol fonts, linked into
    a directory of the profile: fontconfig caches a directory's fonts as first scanned,
    so our own directory is scanned with our corrections."""
    fonts = os.path.join(directory, "fonts")
    os.makedirs(fonts, exist_ok=True)
    for source in glob.glob(os.path.join(font_dir(), "Fandol*.otf")):
        link = os.path.join(fonts, os.path.basename(source))
        if not os.path.lexists(link):
            os.symlink(source, link)
    path = os.path.join(directory, "fonts.conf")
    with open(path, "w", encoding="utf-8") as conf:
        conf.write(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <cachedir>{os.path.join(directory, "fontconfig-cache")}</cachedir>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <!-- The bold faces of Fandol declare a regular weight: say what they are. -->
  <match target="scan">
    <test name="family"><string>FandolSong</string></test>
    <test name="style"><string>Bold</string></test>
    <edit name="weight" mode="assign"><const>bold</const></edit>
  </match>
  <match target="scan">
    <test name="family"><string>FandolHei</string></test>
    <test name="style"><string>Bold</string></test>
    <edit name="weight" mode="assign"><const>bold</const></edit>
  </match>
</fontconfig>
""")
    return path


def _profile():
    global _profile_dir
    if _profile_dir is None or not os.path.isdir(_profile_dir):
        _profile_dir = tempfile.mkdtemp(prefix=f"zugong-soffice-{os.getpid()}-")
        atexit.register(shutil.rmtree, _profile_dir, ignore_errors=True)
    return _profile_dir


def docx_to_pdf(*documents):
    """The PDFs of ``documents`` (docx bytes), rendered by one LibreOffice run."""
    check_tools()
    with _lock:
        profile = _profile()
        env = dict(os.environ, FONTCONFIG_FILE=_fontconfig_file(profile), HOME=profile,
                   SAL_USE_VCLPLUGIN="svp")
        with tempfile.TemporaryDirectory(prefix="zugong-document-") as work:
            sources = []
            for index, docx in enumerate(documents):
                sources.append(os.path.join(work, f"document{index}.docx"))
                with open(sources[-1], "wb") as stream:
                    stream.write(docx)
            command = [
                soffice_path(), "--headless", "--norestore", "--nologo", "--nodefault",
                "--nolockcheck", f"-env:UserInstallation=file://{profile}/user",
                "--convert-to", "pdf:writer_pdf_Export", "--outdir", work, *sources,
            ]
            try:
                result = subprocess.run(command, env=env, capture_output=True, timeout=CONVERT_TIMEOUT,
                                        stdin=subprocess.DEVNULL, check=False)
            except subprocess.TimeoutExpired:
                raise DocumentRenderError(f"LibreOffice took longer than {CONVERT_TIMEOUT} s") from None
            pdfs = []
            for source in sources:
                target = source[:-len(".docx")] + ".pdf"
                if not os.path.exists(target):
                    output = (result.stderr or result.stdout or b"").decode(errors="replace").strip()
                    raise DocumentRenderError(output[-500:] or f"exit status {result.returncode}")
                with open(target, "rb") as stream:
                    pdfs.append(stream.read())
            return pdfs


def overlay_last_page(pdf, overlay):
    """``pdf`` with the first page of ``overlay`` drawn over its last page."""
    reader, top = PdfReader(io.BytesIO(pdf)), PdfReader(io.BytesIO(overlay))
    writer = PdfWriter()
    pages = list(reader.pages)
    pages[-1].merge_page(top.pages[0])
    for page in pages:
        writer.add_page(page)
    writer.add_metadata({key: value for key, value in (reader.metadata or {}).items() if isinstance(value, str)})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def render(build, colophon, fmt):
    """A document as (bytes, media type): ``build(for_pdf)`` gives its OfficialDocument,
    ``colophon`` its colophon lines. docx: with the official font names and the colophon
    framed at the page's foot. pdf: rendered with the free fonts, the colophon laid over
    the last page."""
    if fmt == "docx":
        return build(False).save(), DOCX_MEDIA_TYPE
    if fmt != "pdf":
        raise ValueError(f"unknown document format {fmt!r}")
    main = build(True).save()
    if not any(left or right for left, right in colophon):
        return docx_to_pdf(main)[0], PDF_MEDIA_TYPE
    page = OfficialDocument(for_pdf=True)
    page.colophon_page(colophon)
    pdf, overlay = docx_to_pdf(main, page.save())
    return overlay_last_page(pdf, overlay), PDF_MEDIA_TYPE
