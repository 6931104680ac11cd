"""The admin reads Vietnamese for every role: Wagtail's and Django's catalogues are complete.

Our wording for Wagtail and Django ships in translations/ (the second LOCALE_PATHS entry); see
docs/GLOSSARY.md and scripts/translation_report.py (`make translations`).
"""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import trans_real

from wagtail.documents.models import Document
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from editorial import setup
from news.models import NewsArticlePage
from scripts import translation_report as catalogues
from tests.core.factories import ImageFactory
from tests.legal_docs.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory
from tests.schedule.factories import LeaderFactory, ScheduleIndexPageFactory, make_week
from tests.schedule.factories import entry as schedule_entry

OUR_PO = {domain: catalogues.OVERRIDES / f"{domain}.po" for domain in ("django", "djangojs")}
CATALOGUE_IDS = [label for label, _package, _domain in catalogues.CATALOGUES]


# --- (a) the catalogues -------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "package", "domain"), catalogues.CATALOGUES, ids=CATALOGUE_IDS)
def test_every_msgid_the_admin_can_show_has_a_vietnamese_translation(label, package, domain):
    stack = catalogues.layers(domain)
    untranslated, broken = [], []
    for entry in catalogues.parse_po(catalogues.source_po(package, domain)):
        _source, value = catalogues.source_of(entry.key, stack)
        if not value:
            untranslated.append(entry.msgid)
        elif not catalogues.placeholders_match(entry, value):
            broken.append((entry.msgid, value))
    assert not untranslated, f"{label}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not broken, f"{label}: placeholders differ: {broken[:5]}"


def test_the_layers_reported_are_the_ones_django_uses():
    """Django merges LOCALE_PATHS over our apps over Wagtail's and its own; the report agrees."""
    django_catalogue = trans_real.translation("vi")._catalog
    stack = catalogues.layers("django")
    for _label, package, domain in catalogues.CATALOGUES:
        if domain != "django":
            continue
        for entry in catalogues.parse_po(catalogues.source_po(package, domain)):
            assert django_catalogue.get(entry.key) == catalogues.source_of(entry.key, stack)[1], entry.msgid


@pytest.mark.parametrize("domain", sorted(OUR_PO))
def test_our_catalogue_is_complete_with_placeholders_kept(domain):
    entries = catalogues.parse_po(OUR_PO[domain])
    assert len(entries) > 50
    header = OUR_PO[domain].read_text(encoding="utf-8")
    assert '"Language: vi\\n"' in header
    assert '"Plural-Forms: nplurals=1; plural=0;\\n"' in header
    problems = []
    for entry in entries:
        translation = entry.msgstr[0] if entry.msgstr else ""
        if "fuzzy" in entry.flags or len(entry.msgstr) != 1 or not translation.strip():
            problems.append(("untranslated, fuzzy or more than one plural form", entry.msgid))
        elif not catalogues.placeholders_match(entry, translation):
            problems.append(("placeholders", entry.msgid, translation))
        elif not catalogues.tags_match(entry, translation):
            problems.append(("HTML tags", entry.msgid, translation))
        elif entry.msgid.endswith(" ") != translation.endswith(" "):
            problems.append(("trailing space", entry.msgid, translation))
    assert not problems, problems[:10]


@pytest.mark.parametrize("domain", sorted(OUR_PO))
def test_our_compiled_catalogue_is_current(domain):
    compiled = catalogues.load_mo(OUR_PO[domain].with_suffix(".mo"))
    stale = [e.msgid for e in catalogues.parse_po(OUR_PO[domain]) if compiled.get(e.key) != e.msgstr[0]]
    assert not stale, f"{domain}.po is newer than its .mo for {stale[:5]} (msgfmt --check -o {domain}.mo {domain}.po)"


def test_msgids_left_to_our_apps_are_worded_by_them():
    """A msgid shared with a different meaning keeps our app's wording, so it must stay translated there."""
    shipped = {entry.msgid for entry in catalogues.parse_po(OUR_PO["django"]) if entry.msgctxt is None}
    ours = catalogues.our_app_names()
    for msgid in catalogues.LEFT_TO_OUR_APPS:
        assert msgid not in shipped
        source, value = catalogues.source_of(msgid, catalogues.layers("django"))
        assert source in ours and value, f"{msgid!r} is no longer worded by our apps: add it to translations/"


def test_the_javascript_catalogue_merges_our_wording(client, tree):
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    script = response.content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.DOTALL).group(1))
    assert catalogue["Dashboard"] == "Trang tổng quan"
    assert catalogue["Saving..."] == "Đang lưu..."
    assert catalogue["Write something or type ‘/’ to insert a block"].startswith("Viết nội dung")
    assert catalogue["%(num)s error"] == ["%(num)s lỗi"]  # one plural form in Vietnamese
    assert "const v = 0;" in script
    for entry in catalogues.parse_po(catalogues.source_po("wagtail.admin", "djangojs")):
        assert catalogue.get(entry.msgid), f"missing from /admin/jsi18n/: {entry.msgid!r}"


# --- (b) walking the admin ----------------------------------------------------------------------

SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "data-w-tooltip-content-value"}


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """Text nodes a person reads, plus the attributes read aloud or shown on hover.

    Scripts, styles and ``hidden`` elements are skipped, except the JSON Wagtail renders its
    sidebar menu from."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.menu_labels = [], []
        self._script, self._json, self._hidden_tag, self._hidden_depth = False, False, None, 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self._script, self._json = True, attributes.get("id") == "wagtail-sidebar-props"
            return
        if self._hidden_tag == tag:
            self._hidden_depth += 1
        elif self._hidden_tag is None and "hidden" in attributes and tag not in VOID_ELEMENTS:
            self._hidden_tag, self._hidden_depth = tag, 1
        if self._hidden_tag is None:
            for name, value in attrs:
                if name in SHOWN_ATTRIBUTES and value and value.strip():
                    self.texts.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._script, self._json = False, False
        elif tag == self._hidden_tag:
            self._hidden_depth -= 1
            if not self._hidden_depth:
                self._hidden_tag = None

    def handle_data(self, data):
        if self._json:
            labels = re.findall(r'"label":\s*"((?:[^"\\]|\\.)*)"', data)
            self.menu_labels += [json.loads(f'"{label}"') for label in labels]
        elif not self._script and self._hidden_tag is None and data.strip():
            self.texts.append(" ".join(data.split()))


# English that Wagtail 8.0.1 writes without gettext, so no catalogue can reach it (see the note in
# docs/GLOSSARY.md): PagePermissionsForm's page field has no label, so Django names it "Page" (a
# screen-reader-only label in the group editor).
NOT_TRANSLATABLE = [
    (
        re.compile(
            r'(<label [^>]*for="id_page_permissions-[^"]*-page"[^>]*>)\s*Page(\s*<span class="w-required-mark">)'
        ),
        r"\1\2",
    ),
]

# English no catalogue lists, which the admin must not show either: names Wagtail's migrations
# gave its data (the root page and collection, the default workflow), Python's None, and page
# type codes such as "news.newsarticlepage".
NEVER_SHOWN = {"Root", "None", "Moderators approval"}
TYPE_CODE = re.compile(r"[a-z_]+\.[a-z_]+page")
# Wagtail's own guide, in English: the help menu and the dashboard lead to the portal's guide.
WAGTAIL_GUIDE = "guide.wagtail.org"


def visible_texts(html):
    for pattern, replacement in NOT_TRANSLATABLE:
        html = pattern.sub(replacement, html)
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.texts + parser.menu_labels


def english_source_strings():
    """Every English msgid of the catalogues the admin uses, mapped to what it should read instead.

    A msgid whose Vietnamese reads the same (a placeholder, a number, "IPv4") is left out."""
    stacks = {domain: catalogues.layers(domain) for domain in ("django", "djangojs")}
    sources = [(catalogues.source_po(package, domain), domain) for _label, package, domain in catalogues.CATALOGUES]
    for po in sorted(catalogues.ROOT.glob("*/locale/vi/LC_MESSAGES/django.po")):
        sources.append((po, "django"))
    english = {}
    for path, domain in sources:
        for entry in catalogues.parse_po(path):
            _source, value = catalogues.source_of(entry.key, stacks[domain])
            for text in filter(None, [entry.msgid, entry.msgid_plural]):
                text = " ".join(text.split())
                if text != value and re.search(r"[A-Za-z]{2}", text):
                    english[text] = value
    return english


ENGLISH = {}


def english_on(html):
    if not ENGLISH:
        ENGLISH.update(english_source_strings())
    return sorted(
        {text for text in visible_texts(html) if text in ENGLISH or text in NEVER_SHOWN or TYPE_CODE.fullmatch(text)}
    )


def test_the_english_detector_finds_an_untranslated_string():
    html = (
        '<main><button title="Save draft">Publish</button><p>Đã lưu</p>'
        "<script>var x = 'Delete';</script>"
        '<nav aria-label="Actions"></nav><td>Root</td><td>news.newsarticlepage</td><td>None</td>'
        '<script id="wagtail-sidebar-props" type="application/json">{"label": "Reports"}</script></main>'
    )
    assert english_on(html) == ["Actions", "None", "Publish", "Reports", "Root", "Save draft", "news.newsarticlepage"]


EMPTY_FORMSET = {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}


def submit_article(client, user, parent, title, section=None):
    """Create and submit an article through the editor, as its author would."""
    client.force_login(user)
    data = {
        "title": title,
        "slug": "",
        "lead": "Tóm tắt nội dung bài viết.",
        "body": streamfield([("paragraph", rich_text("<p>Nội dung chính của bài viết.</p>"))]),
        "author_names": "Phạm Cộng",
        "related_links": EMPTY_FORMSET,
        "comments": EMPTY_FORMSET,
        "action-submit": "1",
    }
    if section is not None:
        data["section"] = section.pk
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", parent.pk)), nested_form_data(data)
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    client.get("/admin/")  # the confirmation message is read once
    return NewsArticlePage.objects.get(title=title)


@pytest.fixture
def walk(client, pipeline):
    """The pipeline's roles with content to show: articles in review, an image, a document, the
    document library and the schedule (so the clerks have somewhere to work)."""
    tree = pipeline.tree
    users = pipeline.users
    library = LegalDocumentIndexPageFactory(parent=tree.home)
    legal_document = LegalDocumentPageFactory(parent=library)
    schedule = ScheduleIndexPageFactory(parent=tree.home)
    leader = LeaderFactory()
    monday = datetime.date(2026, 3, 2)
    week = make_week(schedule, monday, [schedule_entry(monday, chaired_by=leader)])
    setup.apply_roles()
    district = submit_article(client, users["contributor"], tree.culture, "Hội nghị tổng kết công tác văn hóa")
    commune = submit_article(
        client, users["editor_a"], pipeline.commune_a, "Xã Thạch Đài ra quân làm giao thông", section=tree.economy
    )
    image = ImageFactory(title="Toàn cảnh hội nghị")
    document = Document.objects.create(
        title="Kế hoạch tổ chức hội nghị", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="ke-hoach.pdf")
    )
    district_state = Page.objects.get(pk=district.pk).specific.current_workflow_task_state
    commune_state = Page.objects.get(pk=commune.pk).specific.current_workflow_task_state
    client.logout()
    return {
        "library": library,
        "legal_document": legal_document,
        "schedule": schedule,
        "week": week,
        "pipeline": pipeline,
        "district": district,
        "commune": commune,
        "image": image,
        "document": document,
        "district_state": district_state,
        "commune_state": commune_state,
    }


def screens(walk):
    """(name, url) of every admin screen walked, in the order a person meets them."""
    pipeline, district, commune = walk["pipeline"], walk["district"], walk["commune"]
    tree = pipeline.tree
    pages = [
        ("dashboard", "/admin/"),
        ("page explorer (root)", "/admin/pages/"),
        ("page explorer (news sections)", f"/admin/pages/{tree.news.pk}/"),
        ("page explorer (section)", f"/admin/pages/{tree.culture.pk}/"),
        ("page explorer (commune)", f"/admin/pages/{pipeline.commune_a.pk}/"),
        ("page search", "/admin/pages/search/?q=h%E1%BB%99i"),
        (
            "editor: add an article",
            reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", tree.culture.pk)),
        ),
        (
            "editor: add a commune article",
            reverse("wagtailadmin_pages:add", args=("news", "newsarticlepage", pipeline.commune_a.pk)),
        ),
        ("editor: edit the district article", reverse("wagtailadmin_pages:edit", args=(district.pk,))),
        ("editor: edit the commune article", reverse("wagtailadmin_pages:edit", args=(commune.pk,))),
        ("page history", reverse("wagtailadmin_pages:history", args=(district.pk,))),
        ("workflow history", reverse("wagtailadmin_pages:workflow_history", args=(district.pk,))),
        ("workflow history (commune)", reverse("wagtailadmin_pages:workflow_history", args=(commune.pk,))),
        ("page privacy dialog", reverse("wagtailadmin_pages:set_privacy", args=(district.pk,))),
        ("images", "/admin/images/"),
        ("images: add", "/admin/images/multiple/add/"),
        ("images: edit", f"/admin/images/{walk['image'].pk}/"),
        ("documents", "/admin/documents/"),
        ("documents: add", "/admin/documents/multiple/add/"),
        ("documents: edit", f"/admin/documents/edit/{walk['document'].pk}/"),
        ("page explorer (document library)", f"/admin/pages/{walk['library'].pk}/"),
        (
            "editor: add a legal document",
            reverse("wagtailadmin_pages:add", args=("legal_docs", "legaldocumentpage", walk["library"].pk)),
        ),
        ("editor: edit a legal document", reverse("wagtailadmin_pages:edit", args=(walk["legal_document"].pk,))),
        ("legal documents: import", "/admin/legal-documents/import/"),
        ("page explorer (schedule)", f"/admin/pages/{walk['schedule'].pk}/"),
        (
            "editor: add a week",
            reverse("wagtailadmin_pages:add", args=("schedule", "weeklyschedulepage", walk["schedule"].pk)),
        ),
        ("editor: edit a week", reverse("wagtailadmin_pages:edit", args=(walk["week"].pk,))),
        ("snippets: units", "/admin/snippets/core/unit/"),
        ("snippets: add a unit", "/admin/snippets/core/unit/add/"),
        ("snippets: document types", "/admin/snippets/legal_docs/documenttype/"),
        ("snippets: leaders", "/admin/snippets/schedule/leader/"),
        ("collections", "/admin/collections/"),
        ("reports: site history", "/admin/reports/site-history/"),
        ("reports: locked pages", "/admin/reports/locked/"),
        ("reports: workflows", "/admin/reports/workflow/"),
        ("reports: workflow tasks", "/admin/reports/workflow_tasks/"),
        ("reports: aging pages", "/admin/reports/aging-pages/"),
        ("reports: page types", "/admin/reports/page-types-usage/"),
        ("workflows", "/admin/workflows/list/"),
        ("workflow tasks", "/admin/workflows/tasks/index/"),
        ("users", "/admin/users/"),
        ("users: add", "/admin/users/new/"),
        ("groups", "/admin/groups/"),
        ("groups: edit the board", f"/admin/groups/edit/{pipeline.users['board'].groups.first().pk}/"),
        ("settings: site settings", f"/admin/settings/core/sitesettings/{tree.site.pk}/"),
        ("sites", "/admin/sites/"),
        ("redirects", "/admin/redirects/"),
        ("redirects: add", "/admin/redirects/add/"),
        ("search promotions", "/admin/searchpicks/"),
        ("search promotions: add", "/admin/searchpicks/add/"),
        ("account", "/admin/account/"),
        ("start: write an article", reverse("editorial_start", args=("news", "newsarticlepage"))),
        ("writing guide", reverse("quality_writing_guide")),
    ]
    return pages


def workflow_dialogs(walk):
    """The dialogs of the review actions that ask for a comment or a reason."""
    dialogs = []
    for page, state in ((walk["district"], walk["district_state"]), (walk["commune"], walk["commune_state"])):
        for action in ("approve", "reject", "refuse"):
            url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))
            dialogs.append((f"workflow action: {action} ({page.title})", url))
    return dialogs


ROLES = ["admin", "board", "head", "contributor", "clerk", "editor_a", "board_a"]

# Screens each role must reach (the rest are walked when the role may see them).
MUST_REACH = {
    "admin": None,  # everything
    "board": {
        "dashboard",
        "page explorer (section)",
        "editor: edit the district article",
        "workflow history",
        "images",
    },
    "head": {"dashboard", "page explorer (section)", "editor: edit the district article", "images"},
    "contributor": {
        "dashboard",
        "start: write an article",
        "editor: add an article",
        "editor: edit the district article",
        "images",
        "account",
        "writing guide",
    },
    "clerk": {
        "dashboard",
        "page explorer (document library)",
        "editor: add a legal document",
        "editor: edit a week",
        "legal documents: import",
        "documents",
        "account",
    },
    "editor_a": {"dashboard", "page explorer (commune)", "editor: edit the commune article", "account"},
    "board_a": {"dashboard", "editor: edit the commune article", "workflow history (commune)", "account"},
}


def reachable(response):
    return response.status_code == 200 and response.get("Content-Type", "").startswith(
        ("text/html", "application/json")
    )


def page_html(response):
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html", "")
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_walking_the_admin_shows_no_english(client, walk, role):
    user = walk["pipeline"].users[role]
    client.force_login(user)
    walked, english, wagtail_guide = [], {}, []
    for name, url in screens(walk) + workflow_dialogs(walk):
        response = client.get(url)
        if not reachable(response):
            continue
        walked.append(name)
        html = page_html(response)
        found = english_on(html)
        if found:
            english[name] = found
        if WAGTAIL_GUIDE in html:
            wagtail_guide.append(name)
    assert not english, f"{role} reads English: {english}"
    assert not wagtail_guide, f"{role} is sent to Wagtail's English guide from {wagtail_guide}"
    expected = {name for name, _url in screens(walk)} if MUST_REACH[role] is None else MUST_REACH[role]
    assert expected <= set(walked), f"{role} did not reach {sorted(expected - set(walked))}"


def test_the_menu_and_dashboard_use_the_glossary_words(client, walk):
    client.force_login(walk["pipeline"].users["admin"])
    parser = VisibleText()
    parser.feed(client.get("/admin/").content.decode())
    for label in ["Ảnh", "Tài liệu", "Báo cáo", "Bộ sưu tập", "Cấu hình", "Người dùng", "Nhóm"]:
        assert label in parser.menu_labels, (label, parser.menu_labels)
    assert any(text.startswith("Trang") for text in parser.texts)


def test_admin_dates_and_numbers_are_written_the_vietnamese_way(client, walk):
    client.force_login(walk["pipeline"].users["admin"])
    history = client.get(reverse("wagtailadmin_pages:history", args=(walk["district"].pk,))).content.decode()
    # The exact time of "Vừa xong" and the like, shown on hover: hh:mm dd/mm/yyyy.
    tooltips = re.findall(r'data-w-tooltip-content-value="([^"]*)"', history)
    assert any(re.fullmatch(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}", tooltip) for tooltip in tooltips), tooltips
    assert "Vừa xong" in history
    formats = client.get("/admin/jsi18n/").content.decode()
    assert '"DATE_INPUT_FORMATS": [\n      "%d/%m/%Y"' in formats
    assert '"DECIMAL_SEPARATOR": ","' in formats
    assert '"THOUSAND_SEPARATOR": "."' in formats
    assert number_format(1234.5, decimal_pos=1, use_l10n=True, force_grouping=True) == "1.234,5"
    assert intcomma(1234) == "1.234"


def test_the_pages_menu_reads_trang(client, walk):
    client.force_login(walk["pipeline"].users["admin"])
    parser = VisibleText()
    parser.feed(client.get("/admin/").content.decode())
    assert "Trang" in parser.menu_labels


def test_the_help_menu_and_the_dashboard_lead_to_the_portals_own_guide(client, walk):
    client.force_login(walk["pipeline"].users["contributor"])
    html = client.get("/admin/").content.decode()
    sidebar = json.loads(re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.DOTALL).group(1))

    def menu_items(node):
        """Every menu item of the sidebar's props, wherever it is nested."""
        if isinstance(node, dict):
            if "name" in node and "label" in node:
                yield node
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                yield from menu_items(child)

    names = {item["name"]: item for item in menu_items(sidebar)}
    assert names["writing-guide"]["label"] == "Hướng dẫn viết tin, bài"
    assert names["writing-guide"]["url"] == reverse("quality_writing_guide")
    assert "editor-guide" not in names
    summary = re.search(r'<a [^>]*href="([^"]*)"[^>]*>\s*Hướng dẫn viết tin, bài\s*</a>', html)
    assert summary and summary.group(1) == reverse("quality_writing_guide")
    assert WAGTAIL_GUIDE not in html


def test_the_page_types_report_names_types_and_apps_in_vietnamese(client, walk):
    client.force_login(walk["pipeline"].users["admin"])
    html = client.get("/admin/reports/page-types-usage/").content.decode()
    rows = re.findall(
        r'<td class="page-type"[^>]*>\s*(.*?)\s*</td>\s*<td class="app-label"[^>]*>\s*(.*?)\s*</td>', html, re.S
    )
    assert ("Tin, bài", "Tin tức") in rows, rows
    assert ("Lịch công tác tuần", "Lịch công tác") in rows, rows


def test_wagtails_roots_have_vietnamese_names(db):
    from wagtail.models import Collection

    assert Page.get_first_root_node().title == "Trang gốc"
    assert Collection.get_first_root_node().name == "Thư viện chung"
