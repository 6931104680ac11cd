"""The checklist every article gets in the editor and on the review screen.

Each check passes or warns; none blocks saving (the hard errors, a missing title or section,
are refused by the editor's form itself), so an editor never loses text to a checklist.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from .fingerprints import words

PASS, WARN = "pass", "warn"
TITLE_LENGTH = (20, 150)
_EMPTY_PARAGRAPH = re.compile(r"<p[^>]*>(\s|&nbsp;|<br\s*/?>)*</p>", re.IGNORECASE)
_LINK = re.compile(r"<a\s+([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_EXTERNAL_SCHEMES = ["http", "https"]


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    status: str
    message: str = ""

    @property
    def passed(self) -> bool:
        return self.status == PASS


@dataclass
class ArticleContent:
    """What the checks read from an article's StreamField, gathered in one pass."""

    rich_texts: list[str]
    plain_texts: list[str]
    image_ids: list[int]


def gather(body_data) -> ArticleContent:
    content = ArticleContent(rich_texts=[], plain_texts=[], image_ids=[])

    def visit(value):
        if isinstance(value, dict):
            if "type" in value and "value" in value:
                block_type, inner = value["type"], value["value"]
                if block_type == "paragraph" and isinstance(inner, str):
                    content.rich_texts.append(inner)
                    return
                visit(inner)
                return
            image = value.get("image")
            if isinstance(image, dict) and isinstance(image.get("image"), int):
                content.image_ids.append(image["image"])
            elif isinstance(image, int):
                content.image_ids.append(image)
            for key in ("text", "caption", "title", "attribution"):
                if isinstance(value.get(key), str):
                    content.plain_texts.append(value[key])
            for key, inner in value.items():
                if key not in {"image", "text", "caption", "title", "attribution"} and isinstance(inner, list | dict):
                    visit(inner)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit(list(body_data or []))
    return content


def body_text(content: ArticleContent) -> str:
    return "\n".join([*content.rich_texts, *content.plain_texts])


def check_article(page, quality_settings) -> list[Check]:
    content = gather(page.body.raw_data if hasattr(page.body, "raw_data") else page.body)
    body_words = len(words(body_text(content)))
    return [
        _title_length(page.title),
        _title_case(page.title),
        _lead(page.lead, body_words),
        _body_length(body_words, quality_settings.min_body_words),
        _featured_image(page),
        _image_widths(page, content, quality_settings.min_image_width),
        _section(page),
        _empty_paragraphs(content),
        _links(content),
    ]


def _title_length(title):
    label = _("Title length")
    low, high = TITLE_LENGTH
    length = len(title or "")
    if low <= length <= high:
        return Check("title_length", label, PASS)
    return Check(
        "title_length",
        label,
        WARN,
        _("The title has %(length)d characters; a clear headline has %(low)d to %(high)d.")
        % {"length": length, "low": low, "high": high},
    )


def _title_case(title):
    label = _("Title not in capitals")
    letters = [c for c in title or "" if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return Check("title_case", label, WARN, _("Write the title in sentence case, not in capitals."))
    return Check("title_case", label, PASS)


def _lead(lead, body_words):
    label = _("Lead present and shorter than the body")
    lead_words = len(words(lead or ""))
    if not lead_words:
        return Check("lead", label, WARN, _("Add a lead: one or two sentences that sum the article up."))
    if lead_words >= body_words:
        return Check("lead", label, WARN, _("The lead is as long as the body; shorten it or develop the body."))
    return Check("lead", label, PASS)


def _body_length(body_words, minimum):
    label = _("Body long enough")
    if body_words >= minimum:
        return Check("body_length", label, PASS)
    return Check(
        "body_length",
        label,
        WARN,
        _("The body has %(count)d words; an article needs at least %(minimum)d.")
        % {"count": body_words, "minimum": minimum},
    )


def _featured_image(page):
    label = _("Featured image with alt text and caption")
    image = page.featured_image
    if image is None:
        return Check("featured_image", label, WARN, _("Choose a featured image."))
    missing = []
    if not (page.featured_image_alt or image.description):
        missing.append(str(_("alt text")))
    if not page.featured_image_caption:
        missing.append(str(_("caption")))
    if missing:
        return Check(
            "featured_image", label, WARN, _("The featured image lacks: %(missing)s.") % {"missing": ", ".join(missing)}
        )
    return Check("featured_image", label, PASS)


def _image_widths(page, content, minimum):
    label = _("Images wide enough")
    ids = set(content.image_ids)
    if page.featured_image_id:
        ids.add(page.featured_image_id)
    narrow = list(get_image_model().objects.filter(pk__in=ids, width__lt=minimum).values_list("title", "width"))
    if not narrow:
        return Check("image_width", label, PASS)
    listed = ", ".join(f"“{title}” ({width} px)" for title, width in narrow)
    return Check(
        "image_width",
        label,
        WARN,
        ngettext(
            "This image is narrower than %(minimum)d px and will look blurred when enlarged: %(images)s.",
            "These images are narrower than %(minimum)d px and will look blurred when enlarged: %(images)s.",
            len(narrow),
        )
        % {"minimum": minimum, "images": listed},
    )


def _section(page):
    label = _("Section chosen")
    if page.section_id:
        return Check("section", label, PASS)
    return Check("section", label, WARN, _("Choose the district section the article belongs to."))


def _empty_paragraphs(content):
    label = _("No empty paragraphs")
    count = sum(len(_EMPTY_PARAGRAPH.findall(html)) for html in content.rich_texts)
    if not count:
        return Check("empty_paragraphs", label, PASS)
    return Check(
        "empty_paragraphs",
        label,
        WARN,
        ngettext("Remove %(count)d empty paragraph.", "Remove %(count)d empty paragraphs.", count) % {"count": count},
    )


def _links(content):
    label = _("Links that work")
    problems = []
    page_ids, document_ids = set(), set()
    validate_url = URLValidator(schemes=_EXTERNAL_SCHEMES)
    for html in content.rich_texts:
        for attributes in _LINK.findall(html):
            attrs = dict(_ATTRIBUTE.findall(attributes))
            if attrs.get("linktype") == "page" and attrs.get("id", "").isdigit():
                page_ids.add(int(attrs["id"]))
            elif attrs.get("linktype") == "document" and attrs.get("id", "").isdigit():
                document_ids.add(int(attrs["id"]))
            elif "href" in attrs:
                href = attrs["href"]
                if href.startswith(("mailto:", "tel:")):
                    continue
                try:
                    validate_url(href)
                except ValidationError:
                    problems.append(str(_("“%(href)s” is not a valid web address") % {"href": href[:80]}))
    live_pages = set(Page.objects.filter(pk__in=page_ids, live=True).values_list("pk", flat=True))
    if page_ids - live_pages:
        problems.append(
            ngettext(
                "%(count)d link points to a page that is missing or not published",
                "%(count)d links point to pages that are missing or not published",
                len(page_ids - live_pages),
            )
            % {"count": len(page_ids - live_pages)}
        )
    documents = set(get_document_model().objects.filter(pk__in=document_ids).values_list("pk", flat=True))
    if document_ids - documents:
        problems.append(str(_("a link points to a document that was deleted")))
    if problems:
        return Check("links", label, WARN, "; ".join(problems) + ".")
    return Check("links", label, PASS)
