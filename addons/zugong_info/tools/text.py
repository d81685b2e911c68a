"""Plain text and word counts of item bodies."""
import re
import unicodedata

from lxml import html as lxml_html
from markupsafe import Markup, escape

_COUNTED = re.compile(r"[A-Za-z0-9]+|\S")


def html_to_text(body):
    """The visible text of an HTML fragment, block elements separated by line breaks."""
    if not body or not str(body).strip():
        return ""
    root = lxml_html.fragment_fromstring(str(body), create_parent="div")
    for element in root.iter("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"):
        element.tail = "\n" + (element.tail or "")
    text = root.text_content()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def count_words(text):
    """Chinese word count (字数): every Chinese character or punctuation mark counts one,
    a run of Latin letters or digits counts one, whitespace counts nothing."""
    return len(_COUNTED.findall(unicodedata.normalize("NFKC", text or "")))


def text_to_html(text):
    """Paragraphs of plain text typed in a form, as HTML."""
    paragraphs = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return Markup("").join(Markup("<p>%s</p>") % escape(paragraph) for paragraph in paragraphs)


def clean_filename(name, limit=200):
    """A file name as a browser sent it, without any folder part nor control characters,
    at most ``limit`` characters (keeping its extension)."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip(" .")
    if len(name) > limit:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: limit - len(extension) - 1] + dot + extension) if dot and len(extension) < 10 else name[:limit]
    return name or "file"
