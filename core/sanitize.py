"""A last line of defence for rich text: only the markup our editor can produce reaches a page.

Draftail only ever saves the features it allows, but rich text also arrives by other roads
(imports, data migrations, the API, a value written straight into the database), and Wagtail's
``richtext`` filter outputs whatever HTML is stored. Every rendering of rich text goes through
``wagtailcore/shared/richtext.html``, which this project overrides to pass it through
``clean_html``: scripts, event handlers, ``style``, ``javascript:`` links and unknown elements are
removed; the text stays.
"""

import functools
import re

from bs4 import BeautifulSoup, Comment

# Elements whose content is code or a foreign document: removed with everything inside.
DROP_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "template", "noscript", "form", "input", "button", "textarea", "select", "option", "link",
    "meta", "base", "title", "head", "xml",
}  # fmt: skip
# Element -> the attributes it may keep. Anything else is unwrapped (its text stays).
ALLOWED = {
    "p": set(), "br": set(), "hr": set(), "b": set(), "strong": set(), "i": set(), "em": set(),
    "u": set(), "s": set(), "sub": set(), "sup": set(), "code": set(), "pre": set(),
    "blockquote": set(), "h2": set(), "h3": set(), "h4": set(), "h5": set(), "h6": set(),
    "ul": set(), "ol": set(), "li": set(),
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "width", "height", "class"},
    "table": set(), "thead": set(), "tbody": set(), "tr": set(), "caption": set(),
    "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"},
    "div": {"class"}, "span": set(),
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")


def safe_url(value: str) -> bool:
    """Relative URLs and http(s), mailto and tel ones; never javascript:, data:, vbscript:..."""
    compact = _INVISIBLE.sub("", value or "")
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


@functools.lru_cache(maxsize=512)
def clean_html(html: str) -> str:
    """``html`` with only the allowed markup (remembered: the same text always gives the same)."""
    if not html:
        return ""
    soup = BeautifulSoup(html, "html.parser")
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    for element in soup.find_all(True):
        if element.decomposed:
            continue
        name = element.name.lower()
        if name in DROP_WITH_CONTENT:
            element.decompose()
            continue
        allowed = ALLOWED.get(name)
        if allowed is None:
            element.unwrap()
            continue
        for attribute in list(element.attrs):
            value = element.attrs[attribute]
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower() not in allowed or (attribute.lower() in URL_ATTRIBUTES and not safe_url(text)):
                del element.attrs[attribute]
        if name == "a" and element.get("href", "").startswith(("http://", "https://")):
            element["rel"] = "noopener noreferrer"
    return str(soup)
