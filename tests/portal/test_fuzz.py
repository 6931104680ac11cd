"""Random query strings and form values on every public URL: never a server error.

Hypothesis drives each address with keys it knows (the filters the site reads) and random ones,
and values of every awkward kind: unicode, NUL, huge and negative numbers, impossible dates and
weeks, repeated keys. The answer must be below 500, and a page must still render whole.
"""

import datetime
import os

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.test import Client

from core.models import Unit
from tests.legal_docs.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    attach,
    make_document,
    pdf_bytes,
)
from tests.news.factories import NewsArticlePageFactory
from tests.schedule.factories import LeaderFactory, ScheduleIndexPageFactory, entry, make_week

pytestmark = pytest.mark.django_db

KNOWN_KEYS = [
    "page", "tag", "q", "type", "issuer", "field", "year", "status", "week", "leader", "from", "to",
    "section", "sort", "format", "fields", "limit", "offset", "order", "search", "child_of",
    "descendant_of", "id", "name", "email", "content", "topic", "title", "csrfmiddlewaretoken",
    "search_operator", "unit", "tu-ngay", "den-ngay", "date_from", "date_to",
]  # fmt: skip
# NUL (PostgreSQL refuses it in a string), integers beyond the database's (2^63 and more), unknown
# search operators: every one a server error once.
HOSTILE = ["\x00", "ab\x00cd", "99999999999999999999", str(2**63), "-" + str(2**63 + 1), "xor", "9999-12-31"]
AWKWARD = [
    "", "0", "-1", "-999999999999999999999", "99999999999999999999999999", "1e309", "NaN", "inf",
    "2026-W54", "2026-W00", "0000-W01", "9999-W52", "2026-02-30", "30/02/2026", "31/12/9999",
    "01/01/0001", "0001-01-01", "\x00", "%00", "../../etc/passwd", "' OR 1=1 --", "<script>x</script>",
    "quyết định 7210/QĐ-UBND", "QĐ", "đ" * 300, "🙂", "\ud7ff", "a\u0000b", " ", "1.5", "1,5", "0x10",
    *HOSTILE, "and", "OR",
]  # fmt: skip

values = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda d: d.isoformat()),
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda d: f"{d.day:02d}/{d.month:02d}/{d.year:04d}"),
    st.builds(lambda y, w: f"{y}-W{w:02d}", st.integers(-10, 10000), st.integers(-1, 99)),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=12))
params = st.dictionaries(keys, st.one_of(values, st.lists(values, min_size=2, max_size=3)), max_size=5)

# FUZZ_EXAMPLES=500 for a longer hunt; the suite's default keeps the module under a minute.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=os.environ.get("FUZZ_EXAMPLES") is None,
)


@pytest.fixture
def site(tree):
    """One of every public page."""
    from communes.models import CommuneIndexPage, CommunePage

    unit = Unit.objects.create(name="Xã Thạch Đài", slug="xa-thach-dai", kind=Unit.Kind.COMMUNE)
    article = NewsArticlePageFactory(parent=tree.culture, title="Hội nghị triển khai nhiệm vụ")
    article.tags.add("hội nghị")
    communes = CommuneIndexPage(title="Xã, thị trấn", slug="xa-thi-tran")
    tree.home.add_child(instance=communes)
    commune = CommunePage(title="Xã Thạch Đài", slug="xa-thach-dai", unit=unit)
    communes.add_child(instance=commune)
    library = LegalDocumentIndexPageFactory(parent=tree.home)
    legal = LegalDocumentPageFactory(parent=library, number="7210/QĐ-UBND")
    attach(legal, make_document(pdf_bytes("Quyet dinh"), "qd-7210.pdf"))
    schedules = ScheduleIndexPageFactory(parent=tree.home)
    leader = LeaderFactory()
    monday = datetime.date.today() - datetime.timedelta(days=datetime.date.today().weekday())
    week = make_week(schedules, monday, [entry(monday, chaired_by=leader)])
    year, number, _ = monday.isocalendar()
    urls = {
        "home": "/",
        "news": tree.news.url,
        "section": tree.culture.url,
        "article": article.url,
        "rss": "/rss/",
        "news rss": tree.news.url + "rss/",
        "section rss": tree.culture.url + "rss/",
        "communes": communes.url,
        "commune": commune.url,
        "documents": library.url,
        "document": legal.url,
        "document print": legal.url + legal.reverse_subpage("print"),
        "schedules": schedules.url,
        "week": week.url,
        "week ics": f"/lich-cong-tac/ics/{year}-W{number:02d}/",
        "calendar ics": "/lich-cong-tac/ics/",
        "search": "/tim-kiem/",
        "suggest": "/tim-kiem/goi-y/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "healthz": "/healthz",
        "api pages": "/api/v2/pages/",
        "api": "/api/v2/",
        "api index": "/api/",
        "api news": "/api/v2/tin-tuc/",
        "api news item": f"/api/v2/tin-tuc/{article.pk}/",
        "api documents": "/api/v2/van-ban/",
        "api document": f"/api/v2/van-ban/{legal.pk}/",
        "api schedules": "/api/v2/lich-cong-tac/",
        "api week": f"/api/v2/lich-cong-tac/{week.pk}/",
    }
    try:
        from questions.models import QuestionIndexPage
    except ImportError:  # the questions app is not installed yet
        pass
    else:
        questions = QuestionIndexPage(title="Hỏi đáp – Góp ý", slug="hoi-dap")
        tree.home.add_child(instance=questions)
        urls["questions"] = questions.url
    return urls


def check(response, url):
    assert response.status_code < 500, (url, response.status_code)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert "</html>" in html, url
    if url.startswith("/api/") and response.status_code >= 400:
        # The API's errors are JSON with a message for the reader, never the HTML error page.
        assert response["Content-Type"] == "application/json", (url, response.status_code)
        assert response.json()["message"], url


GET_TARGETS = [
    "home", "news", "section", "article", "rss", "news rss", "section rss", "communes", "commune",
    "documents", "document", "document print", "schedules", "week", "week ics", "calendar ics",
    "search", "suggest", "sitemap", "robots", "api pages", "questions", "api index", "api news",
    "api news item", "api documents", "api document", "api schedules", "api week",
]  # fmt: skip


@pytest.mark.parametrize("target", GET_TARGETS)
def test_random_query_strings_never_give_a_server_error(site, target):
    if target not in site:
        pytest.skip(f"{target} does not exist yet")
    url = site[target]
    client = Client(raise_request_exception=False)

    @FUZZ
    @given(query=params)
    def run(query):
        check(client.get(url, query), url)

    run()


API_ENDPOINT_TARGETS = ["api news", "api news item", "api documents", "api document", "api schedules", "api week"]
API_KEYS = [
    "limit", "offset", "fields", "order", "search", "search_operator", "section", "unit", "tag", "type",
    "issuer", "field", "status", "week", "tu-ngay", "den-ngay", "date_from", "date_to",
]  # fmt: skip


@pytest.mark.parametrize("target", GET_TARGETS)
def test_hostile_values_in_every_parameter_never_give_a_server_error(site, target):
    """Each hostile value under every key the site reads, all at once and repeated after a good
    value; on the API's endpoints also under each of its keys alone, since an endpoint refuses
    unknown keys before it reads the others."""
    if target not in site:
        pytest.skip(f"{target} does not exist yet")
    url = site[target]
    client = Client(raise_request_exception=False)
    for value in HOSTILE:
        check(client.get(url, dict.fromkeys(KNOWN_KEYS, value)), url)
        check(client.get(url, {key: ["1", value] for key in KNOWN_KEYS}), url)
        if target in API_ENDPOINT_TARGETS:
            for key in API_KEYS:
                check(client.get(url, {key: value}), url)


def _form_fields(client, url) -> list[str]:
    """The names of the fields of every form of the page, as a visitor's browser would send."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return sorted({field["name"] for field in soup.select("form [name]")})


@pytest.mark.parametrize("target", ["search", "documents", "schedules", "questions"])
def test_public_forms_with_random_values_never_give_a_server_error(site, target):
    if target not in site:
        pytest.skip(f"{target} does not exist yet")
    url = site[target]
    client = Client(raise_request_exception=False)
    names = _form_fields(client, url) or ["q"]
    form = st.dictionaries(st.sampled_from(names), st.one_of(values, st.lists(values, max_size=3)), max_size=8)

    @FUZZ
    @given(data=form, method=st.sampled_from(["get", "post"]))
    def run(data, method):
        response = getattr(client, method)(url, data)
        check(response, url)
        # A refused or accepted form still leaves a working page behind.
        check(client.get(url), url)

    run()


def test_random_paths_under_every_section_give_404_not_500(site):
    client = Client(raise_request_exception=False)

    @FUZZ
    @given(suffix=st.text(min_size=1, max_size=30), base=st.sampled_from(sorted(set(site.values()))))
    def run(suffix, base):
        url = base.rstrip("/") + "/" + suffix
        try:
            response = client.get(url)
        except UnicodeError:  # not a URL a client can send
            return
        check(response, url)

    run()
