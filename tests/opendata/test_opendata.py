"""The open-data API (/api/, /api/v2/): fields, filters, errors, and that nothing private leaks."""

import datetime
from datetime import timedelta

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from legal_docs.models import DocumentType, SubjectArea
from schedule import weeks
from tests.core.factories import UnitFactory
from tests.legal_docs.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    attach,
    make_document,
    pdf_bytes,
    unit,
)
from tests.news.factories import NewsArticlePageFactory, paragraphs
from tests.schedule.factories import LeaderFactory, ScheduleIndexPageFactory, entry, make_week

pytestmark = pytest.mark.django_db

NEWS = "/api/v2/tin-tuc/"
DOCS = "/api/v2/van-ban/"
WEEKS = "/api/v2/lich-cong-tac/"


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def article(tree, title, section=None, **fields):
    return NewsArticlePageFactory(parent=section or tree.culture, title=title, **fields)


@pytest.fixture
def library(tree):
    return LegalDocumentIndexPageFactory(parent=tree.home)


@pytest.fixture
def schedule(tree):
    return ScheduleIndexPageFactory(parent=tree.home)


# --- Index and method rules --------------------------------------------------------------


def test_api_index_lists_the_endpoints(client, tree):
    response = client.get("/api/")
    assert response.status_code == 200
    data = response.json()
    urls = {endpoint["name"]: endpoint["url"] for endpoint in data["endpoints"]}
    assert urls == {
        "tin-tuc": "http://testserver/api/v2/tin-tuc/",
        "van-ban": "http://testserver/api/v2/van-ban/",
        "lich-cong-tac": "http://testserver/api/v2/lich-cong-tac/",
    }
    assert data["documentation"] == "docs/api.md"
    assert "public" in response["Cache-Control"]
    assert client.get("/api/v2/").json()["endpoints"]


@pytest.mark.parametrize("url", ["/api/", NEWS, DOCS, WEEKS])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_write_methods(client, tree, url, method):
    article(tree, "Bài đã đăng")
    response = getattr(client, method)(url, data={"title": "x"}, content_type="application/json")
    assert response.status_code == 405


def test_detail_refuses_writes_too(client, tree):
    page = article(tree, "Bài đã đăng")
    for method in ["post", "put", "patch", "delete"]:
        assert getattr(client, method)(f"{NEWS}{page.pk}/").status_code == 405
    page.refresh_from_db()
    assert page.title == "Bài đã đăng" and page.live


def test_no_images_or_documents_endpoints(client, tree):
    for url in ["/api/v2/images/", "/api/v2/documents/", "/api/v2/pages/"]:
        assert client.get(url).status_code == 404


def test_answers_are_publicly_cacheable_and_set_no_cookie(client, tree):
    article(tree, "Bài đã đăng")
    response = client.get(NEWS)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=300" in cache_control
    assert not response.cookies


# --- News --------------------------------------------------------------------------------


def test_news_fields(client, tree):
    page = article(
        tree,
        "Hội nghị triển khai nhiệm vụ năm 2026",
        lead="UBND huyện tổ chức hội nghị.",
        body=paragraphs("Đoạn <b>một</b>.", "Đoạn hai."),
        contributing_unit=UnitFactory(name="Phòng Văn hóa và Thông tin", slug="phong-vh-tt"),
        publication_date=timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 30)),
    )
    page.tags.add("hội nghị")
    page.save()
    item = client.get(NEWS).json()["items"][0]
    assert item["title"] == page.title
    assert item["meta"]["html_url"] == "http://testserver/tin-tuc/van-hoa-xa-hoi/" + page.slug + "/"
    assert item["lead"] == "UBND huyện tổ chức hội nghị."
    assert item["section"] == {
        "id": tree.culture.pk,
        "title": "Văn hóa – Xã hội",
        "slug": "van-hoa-xa-hoi",
        "url": "http://testserver/tin-tuc/van-hoa-xa-hoi/",
    }
    assert item["contributing_unit"]["code"] == "phong-vh-tt"
    assert item["publication_date"].startswith("2026-03-02T")
    assert "body_html" not in item  # the body is in the detail only

    detail = client.get(f"{NEWS}{page.pk}/").json()
    assert "<b>một</b>" in detail["body_html"]
    assert detail["tags"] == ["hội nghị"]
    assert detail["author_names"] == "Nguyễn Văn An"
    # Wagtail's page internals are not exposed.
    for hidden in ["owner", "locked", "latest_revision", "parent", "locale", "alias_of"]:
        assert hidden not in detail and hidden not in detail["meta"]


def test_news_filters(client, tree):
    culture = article(tree, "Lễ hội văn hóa", publication_date=timezone.make_aware(datetime.datetime(2026, 1, 10, 9)))
    economy = article(
        tree,
        "Kinh tế tăng trưởng",
        section=tree.economy,
        publication_date=timezone.make_aware(datetime.datetime(2026, 2, 10, 9)),
        contributing_unit=UnitFactory(slug="phong-tc-kh"),
    )
    assert titles(client.get(NEWS)) == [economy.title, culture.title]
    assert titles(client.get(NEWS, {"section": "kinh-te-chinh-tri"})) == [economy.title]
    assert titles(client.get(NEWS, {"unit": "phong-tc-kh"})) == [economy.title]
    assert titles(client.get(NEWS, {"tu-ngay": "2026-02-01"})) == [economy.title]
    assert titles(client.get(NEWS, {"den-ngay": "2026-01-10"})) == [culture.title]
    assert titles(client.get(NEWS, {"date_from": "2026-01-10", "date_to": "2026-01-10"})) == [culture.title]
    assert titles(client.get(NEWS, {"order": "publication_date"})) == [culture.title, economy.title]
    assert titles(client.get(NEWS, {"order": "title"})) == [economy.title, culture.title]
    assert titles(client.get(NEWS, {"limit": 1, "offset": 1})) == [culture.title]
    assert client.get(NEWS, {"limit": 1}).json()["meta"]["total_count"] == 2


def test_news_search_tone_marks_optional(client, tree):
    found = article(tree, "Đại hội Đảng bộ huyện")
    article(tree, "Lễ hội đua thuyền")
    assert titles(client.get(NEWS, {"search": "dai hoi dang bo"})) == [found.title]


def test_news_tag_filter(client, tree):
    tagged = article(tree, "Bài có thẻ")
    tagged.tags.add("nông thôn mới")
    tagged.save()
    article(tree, "Bài không thẻ")
    assert titles(client.get(NEWS, {"tag": "nông thôn mới"})) == [tagged.title]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tu-ngay": "31/12/2026"}, "không phải là ngày"),
        ({"den-ngay": "2026-02-30"}, "không phải là ngày"),
        ({"date_from": "2026-03-01", "date_to": "2026-01-01"}, "sau ngày kết thúc"),
        ({"section": "khong-co"}, "Không có chuyên mục"),
        ({"unit": "khong-co"}, "Không có đơn vị"),
        ({"order": "owner"}, "Không sắp xếp được"),
        ({"limit": "abc"}, "phải là số nguyên"),
        ({"limit": "1000"}, "không được lớn hơn 100"),
        ({"offset": "-1"}, "phải là số nguyên"),
        ({"bogus": "1"}, "Tham số không hợp lệ"),
        ({"fields": "owner"}, "Yêu cầu không hợp lệ"),
    ],
)
def test_bad_values_answer_400_in_vietnamese(client, tree, params, message):
    article(tree, "Bài đã đăng")
    response = client.get(NEWS, params)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_unknown_id_is_404_in_vietnamese(client, tree):
    response = client.get(f"{NEWS}999999/")
    assert response.status_code == 404
    assert response.json()["message"] == "Không tìm thấy."


# --- What never appears ------------------------------------------------------------------


def test_drafts_unpublished_scheduled_expired_and_restricted_never_appear(client, tree, django_user_model):
    live = article(tree, "Bài công khai")
    draft = article(tree, "Bản nháp", live=False)
    unpublished = article(tree, "Bài đã gỡ")
    unpublished.unpublish()
    scheduled = article(tree, "Bài hẹn giờ")
    scheduled.unpublish()
    scheduled.go_live_at = timezone.now() + timedelta(days=2)
    scheduled.save_revision(approved_go_live_at=scheduled.go_live_at)
    expired = article(tree, "Bài hết hạn", expire_at=timezone.now() - timedelta(hours=1))
    live_but_dated = article(tree, "Bài hẹn giờ vẫn live", go_live_at=timezone.now() + timedelta(days=1))
    by_password = article(tree, "Bài có mật khẩu")
    PageViewRestriction.objects.create(page=by_password, restriction_type="password", password="bimat")
    by_login = article(tree, "Bài cần đăng nhập")
    PageViewRestriction.objects.create(page=by_login, restriction_type="login")
    # A restriction on a section hides everything below it.
    hidden_section_article = article(tree, "Bài trong chuyên mục kín", section=tree.economy)
    restriction = PageViewRestriction.objects.create(page=tree.economy, restriction_type="groups")
    restriction.groups.set([])
    # An edited draft of a live page: the API shows the live title, never the draft's.
    live_with_draft = article(tree, "Tiêu đề đã đăng")
    live_with_draft.title = "Tiêu đề bản nháp chưa duyệt"
    live_with_draft.save_revision()

    hidden = [draft, unpublished, scheduled, expired, live_but_dated, by_password, by_login, hidden_section_article]
    expected = {live.title, "Tiêu đề đã đăng"}
    assert set(titles(client.get(NEWS, {"limit": 100}))) == expected
    assert set(titles(client.get(NEWS, {"search": "bai"}))) <= expected
    for page in hidden:
        assert client.get(f"{NEWS}{page.pk}/").status_code == 404, page.title

    # Signing in changes nothing: a login-restricted page stays out of the public answer.
    user = django_user_model.objects.create_superuser(username="quantri", password="x")
    client.force_login(user)
    assert set(titles(client.get(NEWS, {"limit": 100}))) == expected
    assert client.get(f"{NEWS}{by_login.pk}/").status_code == 404


def test_other_sites_pages_never_appear(client, tree):
    from wagtail.models import Page, Site

    from tests.home.factories import HomePageFactory
    from tests.news.factories import NewsCategoryPageFactory, NewsIndexPageFactory

    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="khac")
    Site.objects.create(hostname="khac.example", root_page=other_home)
    other_section = NewsCategoryPageFactory(parent=NewsIndexPageFactory(parent=other_home))
    article(tree, "Bài của huyện")
    NewsArticlePageFactory(parent=other_section, title="Bài của trang khác")
    assert titles(client.get(NEWS)) == ["Bài của huyện"]


# --- Legal documents ---------------------------------------------------------------------


def test_document_fields_and_public_files(client, library):
    area = SubjectArea.objects.create(name="Lĩnh vực thông tin thử", slug="thong-tin-thu")
    page = LegalDocumentPageFactory(
        parent=library,
        number="7210/QĐ-UBND",
        issue_date=datetime.date(2017, 12, 8),
        summary="Ban hành Quy chế hoạt động của Cổng TTĐT huyện",
        signer_name="Võ Trọng Nghĩa",
        signer_title="Chủ tịch",
        subject_area=area,
        notes='<p>Xem <a href="https://example.com">phụ lục</a>.</p>',
    )
    public_file = make_document(pdf_bytes("Quy che"), "qd-7210.pdf", title="Bản gốc")
    private_file = make_document(pdf_bytes("Noi bo"), "noi-bo.pdf", title="Tài liệu nội bộ")
    private = Collection.get_first_root_node().add_child(name="Nội bộ")
    private_file.collection = private
    private_file.save()
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    attach(page, public_file, private_file)

    item = client.get(DOCS).json()["items"][0]
    assert item["number"] == "7210/QĐ-UBND"
    assert item["document_type"] == {"name": "Quyết định", "abbreviation": "QĐ", "code": "quyet-dinh"}
    assert item["issuing_body"]["code"] == "ubnd-huyen"
    assert item["issue_date"] == "2017-12-08"
    assert item["validity"]["code"] == "con-hieu-luc"
    assert [file["title"] for file in item["files"]] == ["Bản gốc"]
    assert item["files"][0]["url"].startswith("http://testserver/documents/")
    assert item["files"][0]["extension"] == "pdf"
    assert "Nội bộ" not in str(item) and "noi-bo" not in str(item)

    detail = client.get(f"{DOCS}{page.pk}/").json()
    assert detail["signer_name"] == "Võ Trọng Nghĩa" and detail["signer_title"] == "Chủ tịch"
    assert detail["subject_area"] == {"name": "Lĩnh vực thông tin thử", "code": "thong-tin-thu"}
    assert 'href="https://example.com"' in detail["notes_html"]
    assert [file["title"] for file in detail["files"]] == ["Bản gốc"]


def test_document_filters(client, library):
    area = SubjectArea.objects.create(name="Lĩnh vực thử nghiệm", slug="linh-vuc-thu")
    decision = LegalDocumentPageFactory(parent=library, number="1/QĐ-UBND", issue_date=datetime.date(2024, 5, 1))
    plan = LegalDocumentPageFactory(
        parent=library,
        number="2/KH-UBND",
        document_type=DocumentType.objects.get(slug="ke-hoach"),
        issuing_body=unit("ubnd-tinh", "UBND tỉnh Hà Tĩnh", kind="superior"),
        issue_date=datetime.date(2025, 5, 1),
        subject_area=area,
        expiry_date=datetime.date(2025, 6, 1),
    )
    assert titles(client.get(DOCS)) == [plan.title, decision.title]
    assert titles(client.get(DOCS, {"type": "ke-hoach"})) == [plan.title]
    assert titles(client.get(DOCS, {"issuer": "ubnd-huyen"})) == [decision.title]
    assert titles(client.get(DOCS, {"field": "linh-vuc-thu"})) == [plan.title]
    assert titles(client.get(DOCS, {"status": "het-hieu-luc"})) == [plan.title]
    assert titles(client.get(DOCS, {"tu-ngay": "2025-01-01"})) == [plan.title]
    assert titles(client.get(DOCS, {"date_to": "2024-12-31"})) == [decision.title]
    assert titles(client.get(DOCS, {"order": "issue_date"})) == [decision.title, plan.title]
    assert titles(client.get(DOCS, {"search": "KH-UBND"})) == [plan.title]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "khong-co"}, "Không có loại văn bản"),
        ({"issuer": "khong-co"}, "Không có cơ quan ban hành"),
        ({"field": "khong-co"}, "Không có lĩnh vực"),
        ({"status": "con-song"}, "không phải là tình trạng hiệu lực"),
        ({"tu-ngay": "hôm qua"}, "không phải là ngày"),
        ({"section": "van-hoa-xa-hoi"}, "Tham số không hợp lệ"),
    ],
)
def test_document_bad_values(client, library, params, message):
    LegalDocumentPageFactory(parent=library)
    response = client.get(DOCS, params)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_document_drafts_and_restricted_never_appear(client, library):
    shown = LegalDocumentPageFactory(parent=library, number="5/QĐ-UBND")
    LegalDocumentPageFactory(parent=library, number="6/QĐ-UBND", live=False)
    restricted = LegalDocumentPageFactory(parent=library, number="7/QĐ-UBND")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    assert titles(client.get(DOCS)) == [shown.title]


# --- Schedules ---------------------------------------------------------------------------


def test_schedule_fields_and_filters(client, schedule):
    leader = LeaderFactory(name="Võ Trọng Nghĩa", position="Chủ tịch UBND huyện")
    monday = weeks.parse_iso_week("2026-W10")
    earlier = weeks.parse_iso_week("2026-W08")
    week = make_week(
        schedule,
        monday,
        entries=[
            entry(monday + timedelta(days=1), "Tiếp công dân", part="afternoon", place="Trụ sở tiếp dân"),
            entry(
                monday,
                "Giao ban đầu tuần",
                start_time=datetime.time(7, 30),
                chaired_by=leader,
                place="Hội trường UBND huyện",
            ),
        ],
    )
    make_week(schedule, earlier, entries=[entry(earlier, "Họp Thường trực")])
    make_week(schedule, weeks.parse_iso_week("2026-W12"), publish=False)

    items = client.get(WEEKS).json()["items"]
    assert [item["week"] for item in items] == ["2026-W10", "2026-W08"]
    first = items[0]
    assert first["week_start"] == "2026-03-02" and first["week_end"] == "2026-03-08"
    assert [e["content"] for e in first["entries"]] == ["Giao ban đầu tuần", "Tiếp công dân"]
    opening = first["entries"][0]
    assert opening["leader"] == {"name": "Võ Trọng Nghĩa", "position": "Chủ tịch UBND huyện"}
    assert opening["start_time"] == "07:30" and opening["place"] == "Hội trường UBND huyện"
    assert opening["day"] == "2026-03-02" and opening["part_of_day"] == "morning"
    assert client.get(f"{WEEKS}{week.pk}/").json()["entries"][1]["part_of_day"] == "afternoon"

    def listed(params):
        return [item["week"] for item in client.get(WEEKS, params).json()["items"]]

    assert listed({"week": "2026-W08"}) == ["2026-W08"]
    # Weeks sharing a day with the period.
    assert listed({"tu-ngay": "2026-03-08"}) == ["2026-W10"]
    assert listed({"den-ngay": "2026-03-01"}) == ["2026-W08"]
    assert listed({"order": "week_start"}) == ["2026-W08", "2026-W10"]


@pytest.mark.parametrize(
    ("params", "message"), [({"week": "2026-W54"}, "không phải là tuần"), ({"den-ngay": "x"}, "ngày")]
)
def test_schedule_bad_values(client, schedule, params, message):
    response = client.get(WEEKS, params)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_restricted_schedule_never_appears(client, schedule):
    PageViewRestriction.objects.create(page=schedule, restriction_type="login")
    make_week(schedule, weeks.parse_iso_week("2026-W10"), entries=[entry(weeks.parse_iso_week("2026-W10"), "Họp")])
    assert client.get(WEEKS).json()["items"] == []


# --- Query counts ------------------------------------------------------------------------


def count_queries(client, url, params=None) -> int:
    client.get(url, params)  # warm the caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_items(client, tree, library, schedule, make_articles):
    make_articles(8)
    # News: the same number of queries for 2 and for 8 articles, with every field.
    small = count_queries(client, NEWS, {"limit": 2, "fields": "*"})
    large = count_queries(client, NEWS, {"limit": 8, "fields": "*"})
    assert small == large

    for number in range(6):
        document = LegalDocumentPageFactory(parent=library, number=f"{number + 1}/QĐ-UBND")
        attach(document, make_document(pdf_bytes(f"Van ban {number}"), f"vb-{number}.pdf"))
    assert count_queries(client, DOCS, {"limit": 2}) == count_queries(client, DOCS, {"limit": 6})

    leader = LeaderFactory()
    for offset in range(5):
        monday = weeks.parse_iso_week("2026-W10") + timedelta(weeks=offset)
        make_week(schedule, monday, entries=[entry(monday, "Họp", chaired_by=leader), entry(monday, "Tiếp dân")])
    assert count_queries(client, WEEKS, {"limit": 1}) == count_queries(client, WEEKS, {"limit": 5})


# --- Hostile parameters: a JSON answer, never a server error ----------------------------------

# The last is longer than Python reads as a number (4,300 digits).
HUGE = ["99999999999999999999", str(2**63), str(2**63 - 1), "9" * 5000]


@pytest.fixture
def one_of_each(tree, library, schedule):
    """One live item per endpoint."""
    article(tree, "Bài đã đăng")
    LegalDocumentPageFactory(parent=library, number="1/QĐ-UBND")
    monday = weeks.parse_iso_week("2026-W10")
    make_week(schedule, monday, entries=[entry(monday, "Họp giao ban")])


def assert_json_error(response, status, message):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["message"]


@pytest.mark.parametrize(
    ("url", "name"),
    [(NEWS, "section"), (NEWS, "unit"), (NEWS, "tag"), (DOCS, "type"), (DOCS, "issuer"), (DOCS, "field")]
    + [(url, name) for url in (NEWS, DOCS, WEEKS) for name in ("search", "order", "fields", "tu-ngay", "limit")],
)
@pytest.mark.parametrize("value", ["\x00", "ab\x00cd"])
def test_a_nul_in_a_parameter_is_a_400_in_vietnamese(client, one_of_each, url, name, value):
    assert_json_error(client.get(url, {name: value}), 400, "ký tự NUL")


def test_a_nul_in_a_parameter_name_or_on_a_detail_is_a_400_too(client, tree):
    page = article(tree, "Bài đã đăng")
    assert_json_error(client.get(NEWS, {"ab\x00cd": "1"}), 400, "ký tự NUL")
    assert_json_error(client.get(f"{NEWS}{page.pk}/", {"section": "\x00"}), 400, "ký tự NUL")


@pytest.mark.parametrize("url", [NEWS, DOCS, WEEKS])
@pytest.mark.parametrize("offset", HUGE[:3])
@pytest.mark.parametrize("search", [None, "a"])
def test_an_offset_past_the_end_gives_an_empty_page(client, one_of_each, url, offset, search):
    params = {"offset": offset, **({"search": search} if search else {})}
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []
    total = response.json()["meta"]["total_count"]
    assert total == client.get(url, {**params, "offset": "0"}).json()["meta"]["total_count"]


@pytest.mark.parametrize("url", [NEWS, DOCS, WEEKS])
def test_a_number_too_long_for_python_is_a_400(client, one_of_each, url):
    assert_json_error(client.get(url, {"offset": HUGE[-1]}), 400, "phải là số nguyên")
    assert_json_error(client.get(url, {"limit": HUGE[0]}), 400, "không được lớn hơn 100")


@pytest.mark.parametrize("url", [NEWS, DOCS, WEEKS])
@pytest.mark.parametrize("operator", ["xor", "", "and or", "not"])
def test_an_unknown_search_operator_is_a_400_in_vietnamese(client, one_of_each, url, operator):
    response = client.get(url, {"search": "a", "search_operator": operator})
    assert_json_error(response, 400, "không phải là toán tử tìm kiếm")
    # Without a search too: the parameter is checked wherever it is given.
    assert_json_error(client.get(url, {"search_operator": operator}), 400, "không phải là toán tử tìm kiếm")


@pytest.mark.parametrize("operator", ["and", "or", "AND", "Or"])
def test_the_search_operators_and_and_or_are_understood(client, tree, operator):
    article(tree, "Đại hội Đảng bộ huyện")
    article(tree, "Lễ hội đua thuyền")
    found = titles(client.get(NEWS, {"search": "dai hoi dang bo", "search_operator": operator}))
    assert "Đại hội Đảng bộ huyện" in found


@pytest.mark.parametrize("url", [NEWS, DOCS, WEEKS])
@pytest.mark.parametrize("pk", [*HUGE, str(2**31)])
def test_an_id_beyond_the_databases_integers_is_a_json_404(client, one_of_each, url, pk):
    assert_json_error(client.get(f"{url}{pk}/"), 404, "Không tìm thấy.")


@pytest.mark.parametrize("url", ["/api/v2/khong-co/", f"{NEWS}abc/", f"{NEWS}1/2/", "/api/v3/", "/api/v2/pages/"])
def test_any_other_address_under_the_api_is_a_json_404(client, tree, url):
    assert_json_error(client.get(url), 404, "Không tìm thấy.")


def test_an_endpoint_without_its_slash_is_still_redirected(client, tree):
    response = client.get("/api/v2/tin-tuc")
    assert response.status_code == 301
    assert response["Location"] == NEWS


@pytest.mark.parametrize("url", [NEWS, DOCS, WEEKS])
@pytest.mark.parametrize(
    "params",
    [
        {"tu-ngay": "0001-01-01"},
        {"den-ngay": "9999-12-31"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
        {"tu-ngay": "0001-01-07", "den-ngay": "9999-12-25"},
    ],
)
def test_the_ends_of_the_calendar_are_dates_like_any_other(client, one_of_each, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response.json()["meta"]["total_count"] == 1


@pytest.mark.parametrize("url", [NEWS, DOCS, WEEKS])
def test_repeated_parameters_take_the_last_value(client, one_of_each, url):
    query = "offset=99999999999999999999&offset=0&limit=1000&limit=1&search_operator=xor&search_operator=or"
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200, response.content
    assert len(response.json()["items"]) == 1
