"""Search latency on a large portal: ``make bench-search`` (``manage.py bench_search``).

Builds, or reuses, a site with ``size`` news articles, a few thousand legal documents and a few
hundred weekly schedules, inserted in bulk (pages with their tree paths written directly, then
indexed in batches: ``Page.add_child`` would take hours for 100,000 pages), then times the
search page over a fixed list of Vietnamese queries, with and without tone marks, warm, through
Django's test client. Not part of the test suite.
"""

import datetime
import random
import statistics
import time
import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError, connection, transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone

from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend

from core.models import Unit
from demo.news_data import ARTICLES, AUTHORS, SECTIONS, UNITS
from home.models import HomePage
from legal_docs.models import DocumentType, LegalDocumentIndexPage, LegalDocumentPage
from legal_docs.numbers import number_key, search_tokens
from news.models import NewsArticlePage, NewsCategoryPage, NewsIndexPage
from schedule.entries import ScheduleEntry
from schedule.models import ScheduleIndexPage, WeeklySchedulePage
from schedule.titles import week_title

SLUG_PREFIX = "bench-"
BATCH = 1000

QUERIES = [
    "nông thôn mới",
    "nong thon moi",
    "xây dựng nông thôn mới nâng cao",
    "phòng chống dịch",
    "phong chong dich covid",
    "COVID-19",
    "7210/QĐ-UBND",
    "qd-ubnd 7210",
    "7210",
    "15/KH-UBND",
    "kế hoạch",
    "ke hoach 2024",
    "quyết định",
    "quyet dinh ban hanh quy che",
    "đào tạo nghề",
    "dao tao nghe",
    "giáo dục",
    "trường học đạt chuẩn quốc gia",
    "truong hoc dat chuan",
    "an toàn giao thông",
    "an toan giao thong",
    "giao thông nông thôn",
    "thủy lợi",
    "thuy loi ho dap",
    "phòng cháy chữa cháy rừng",
    "phong chay chua chay",
    "trồng rừng",
    "Thạch Đài",
    "thach dai",
    "Việt Tiến",
    "hội nghị sơ kết",
    "hoi nghi tong ket",
    "bảo hiểm xã hội tự nguyện",
    "bao hiem xa hoi",
    "dân ca ví giặm",
    "dan ca vi giam",
    "HĐND huyện",
    "hdnd huyen ky hop",
    "chủ tịch UBND huyện",
    "lịch công tác tuần",
    "lich cong tac",
    "thanh tra tiếp công dân",
    "khieu nai to cao",
    "Hội Nông dân",
    "hoi lien hiep phu nu",
    "lúa vụ xuân",
    "lua vu xuan",
    "mặt trận tổ quốc",
    "cựu chiến binh",
    "xuất khẩu lao động",
]


@dataclass
class BenchResult:
    size: int
    median_ms: float
    p95_ms: float
    sql_median_ms: float
    sql_p95_ms: float
    queries_per_request: float
    slowest: list

    def line(self) -> str:
        return f"search: n={self.size} median_ms={self.median_ms:.0f} p95_ms={self.p95_ms:.0f}"


# --- Building the site -------------------------------------------------------------------


def ensure_database():
    """Create the (PostgreSQL) database named by the settings when it does not exist yet."""
    try:
        connection.ensure_connection()
    except OperationalError as error:
        if "does not exist" not in str(error):
            raise
        import psycopg2
        from psycopg2 import sql

        params = connection.get_connection_params()
        name = params.pop("dbname", None) or params.pop("database")
        maintenance = psycopg2.connect(**{**params, "dbname": "postgres"})
        maintenance.autocommit = True
        with maintenance.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        maintenance.close()


def _child(parent, model, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return page


def ensure_site():
    """The home page, news index with its sections, the library and the schedule (reused)."""
    site = Site.objects.filter(is_default_site=True).first()
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Trang chủ", slug="trang-chu")
        root.add_child(instance=home)
    if site is None:
        site = Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    news = _child(home, NewsIndexPage, "tin-tuc", title="Tin tức")
    sections = [_child(news, NewsCategoryPage, key, title=title, intro=intro) for key, title, intro in SECTIONS]
    library = _child(home, LegalDocumentIndexPage, "van-ban", title="Văn bản")
    schedule = _child(home, ScheduleIndexPage, "lich-cong-tac", title="Lịch công tác")
    return site, sections, library, schedule


def _bulk_pages(parent, model, rows: list[dict]) -> list[int]:
    """Insert ``rows`` (dicts of the page's own fields) as live children of ``parent``; their ids.

    Writes what treebeard's ``add_child`` would: path (the parent's, then the next steps),
    depth, url_path and the parent's ``numchild``; then the specific table's rows.
    """
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    locale_id = parent.locale_id or Locale.get_default().pk
    now = timezone.now()
    pages = []
    for offset, row in enumerate(rows, start=1):
        slug = row.pop("slug")
        published = row.pop("published_at", now)
        pages.append(
            Page(
                path=Page._get_path(parent.path, parent.depth + 1, step + offset),
                depth=parent.depth + 1,
                numchild=0,
                title=row["title"],
                draft_title=row["title"],
                slug=slug,
                content_type=content_type,
                live=True,
                has_unpublished_changes=False,
                url_path=f"{parent.url_path}{slug}/",
                first_published_at=published,
                last_published_at=published,
                locale_id=locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    with transaction.atomic():
        created = Page.objects.bulk_create(pages, batch_size=BATCH)
        specific = []
        for page, row in zip(created, rows, strict=True):
            row.pop("title")
            obj = model(page_ptr_id=page.pk, **row)
            obj.__dict__.update({f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields})
            specific.append(obj)
        fields = list(model._meta.local_concrete_fields)
        for start in range(0, len(specific), BATCH):
            model._base_manager._insert(specific[start : start + BATCH], fields=fields)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(created))
    return [page.pk for page in created]


def _index(model, ids: list[int]) -> None:
    backend = get_search_backend()
    for start in range(0, len(ids), BATCH):
        batch = model.get_indexed_objects().filter(pk__in=ids[start : start + BATCH])
        backend.add_bulk(model, list(batch))


def _article_rows(rng: random.Random, count: int, first: int, sections) -> list[tuple[object, dict]]:
    communes = [name for _key, name, _short, kind in UNITS if kind in ("commune", "township")]
    start = timezone.now() - datetime.timedelta(days=6 * 365)
    rows = []
    for number in range(first, first + count):
        article = rng.choice(ARTICLES)
        section = rng.choice(sections)
        paragraphs = rng.sample([p for a in rng.sample(ARTICLES, 3) for p in a["paragraphs"]], 3)
        suffix = rng.choice(["", "", f" tại {rng.choice(communes).lower()}", f" năm {rng.randint(2019, 2025)}"])
        published = start + datetime.timedelta(minutes=rng.randint(0, 6 * 365 * 24 * 60))
        rows.append(
            (
                section,
                {
                    "slug": f"{SLUG_PREFIX}{number}",
                    "title": article["title"] + suffix,
                    "lead": article["lead"],
                    "body": [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs],
                    "author_names": rng.choice(AUTHORS),
                    "publication_date": published,
                    "section_id": section.pk,
                    "published_at": published,
                },
            )
        )
    return rows


SUMMARIES = [
    "Ban hành Quy chế tổ chức và hoạt động của Cổng Thông tin điện tử huyện",
    "Về việc phê duyệt kế hoạch xây dựng nông thôn mới nâng cao năm {year}",
    "Triển khai công tác phòng, chống dịch COVID-19 trên địa bàn huyện",
    "Về việc giao chỉ tiêu kế hoạch phát triển kinh tế – xã hội năm {year}",
    "Kế hoạch tổ chức Hội khỏe Phù Đổng cấp huyện năm học {year}",
    "Về việc kiện toàn Ban Chỉ đạo phòng cháy, chữa cháy rừng",
    "Phê duyệt danh mục công trình thủy lợi, đê điều sửa chữa năm {year}",
    "Báo cáo kết quả thực hiện nhiệm vụ 6 tháng đầu năm {year}",
    "Về việc tăng cường bảo đảm trật tự, an toàn giao thông dịp Tết",
    "Kế hoạch xây dựng trường học đạt chuẩn quốc gia giai đoạn {year} – {next_year}",
    "Về việc tổ chức tiếp công dân định kỳ của Chủ tịch UBND huyện",
    "Thông báo kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban",
]


def _document_rows(rng: random.Random, count: int, first: int, types, issuer) -> list[dict]:
    rows = []
    decision = next((kind for kind in types if kind.slug == "quyet-dinh"), types[0])
    for number in range(first, first + count):
        # The first one is the decision the queries look for by its number.
        kind = decision if number == 0 else rng.choice(types)
        year = 2017 if number == 0 else rng.randint(2016, 2025)
        sequence = 7210 if number == 0 else rng.randint(1, 9999)
        text_number = f"{sequence}/{kind.abbreviation}-UBND"
        summary = rng.choice(SUMMARIES).format(year=year, next_year=year + 4)
        issue_date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        title = f"{kind.name} số {text_number}"
        body = " ".join(rng.sample([p for a in rng.sample(ARTICLES, 4) for p in a["paragraphs"]], 4))
        rows.append(
            {
                "slug": f"{SLUG_PREFIX}{number}-{sequence}-{kind.slug}-{year}",
                "title": title,
                "number": text_number,
                "document_type_id": kind.pk,
                "issuing_body_id": issuer.pk,
                "issue_date": issue_date,
                "summary": summary,
                "number_key": number_key(text_number),
                "in_force_from": issue_date,
                "search_text": " " + " ".join(search_tokens(f"{text_number} {kind.name} {summary} {title}")) + " ",
                "text_content": f"{kind.name.upper()}\n{summary}\n{body}",
                "published_at": timezone.make_aware(datetime.datetime.combine(issue_date, datetime.time(9))),
            }
        )
    return rows


SCHEDULE_ITEMS = [
    ("Họp giao ban Thường trực UBND huyện", "Phòng họp tầng 2 UBND huyện"),
    ("Kiểm tra tiến độ xây dựng nông thôn mới tại xã Thạch Đài", "Xã Thạch Đài"),
    ("Tiếp công dân định kỳ", "Trụ sở Tiếp công dân huyện"),
    ("Dự hội nghị sơ kết công tác phòng, chống thiên tai", "Hội trường UBND tỉnh"),
    ("Làm việc với Phòng Giáo dục và Đào tạo về kế hoạch năm học mới", "Phòng Giáo dục và Đào tạo"),
    ("Kiểm tra công tác phòng cháy, chữa cháy rừng", "Xã Việt Tiến"),
    ("Họp Ban Chỉ đạo phòng, chống dịch COVID-19", "Phòng họp trực tuyến"),
]


def _schedule_weeks(schedule, weeks: int) -> bool:
    have = set(WeeklySchedulePage.objects.child_of(schedule).values_list("week_start", flat=True))
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    mondays = [monday - datetime.timedelta(weeks=n) for n in range(weeks)]
    missing = [day for day in mondays if day not in have]
    if not missing:
        return False
    rows = [
        {
            "slug": f"{day.isocalendar()[0]}-w{day.isocalendar()[1]:02d}",
            "title": week_title(day),
            "week_start": day,
            "schedule_index_id": schedule.pk,
        }
        for day in missing
    ]
    ids = _bulk_pages(schedule, WeeklySchedulePage, rows)
    entries = []
    for page_id, day in zip(ids, missing, strict=True):
        for offset in range(10):
            content, place = SCHEDULE_ITEMS[(page_id + offset) % len(SCHEDULE_ITEMS)]
            entries.append(
                ScheduleEntry(
                    page_id=page_id,
                    day=day + datetime.timedelta(days=offset % 5),
                    part_of_day="morning" if offset % 2 else "afternoon",
                    content=content,
                    place=place,
                    sort_order=offset,
                )
            )
    ScheduleEntry.objects.bulk_create(entries, batch_size=BATCH)
    _index(WeeklySchedulePage, ids)
    return True


def build(size: int, documents: int, weeks: int, seed: int = 20, log=print) -> None:
    """Add what is missing for ``size`` bench articles, ``documents`` documents and ``weeks`` weeks."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sample content, not a secret
    _site, sections, library, schedule = ensure_site()
    have = NewsArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if have < size:
        log(f"adding {size - have} articles")
        started = time.monotonic()
        for first in range(have, size, BATCH * 10):
            chunk = _article_rows(rng, min(BATCH * 10, size - first), first, sections)
            by_section: dict = {}
            for section, row in chunk:
                by_section.setdefault(section.pk, (section, []))[1].append(row)
            ids = []
            for section, rows in by_section.values():
                ids += _bulk_pages(section, NewsArticlePage, rows)
            _index(NewsArticlePage, ids)
            log(f"  {first + len(chunk)} articles ({time.monotonic() - started:.0f} s)")
    have_documents = LegalDocumentPage.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if have_documents < documents:
        log(f"adding {documents - have_documents} documents")
        types = list(DocumentType.objects.exclude(abbreviation="")[:8])
        issuer, _created = Unit.objects.get_or_create(
            slug="ubnd-huyen", defaults={"name": "Ủy ban nhân dân huyện Thạch Hà", "kind": Unit.Kind.COMMITTEE}
        )
        rows = _document_rows(rng, documents - have_documents, have_documents, types, issuer)
        _index(LegalDocumentPage, _bulk_pages(library, LegalDocumentPage, rows))
    added = _schedule_weeks(schedule, weeks) or have < size or have_documents < documents
    if added and connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics for the planner, and the GIN indexes' pending lists merged (until
        # autovacuum does it, every search scans them).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# --- Timing ------------------------------------------------------------------------------


def measure(queries=QUERIES, rounds: int = 2, host: str | None = None) -> tuple[list, list, list, float]:
    """The search page's times after a warm-up, in milliseconds.

    (request times, SQL time of each request, the five slowest statements, statements per request)
    """
    site = Site.objects.get(is_default_site=True)
    client = Client(HTTP_HOST=host or site.hostname)
    timings, sql_timings, slow = [], [], []

    def run(query, record):
        sql = []

        def wrapper(execute, statement, params, many, context):
            started = time.perf_counter()
            try:
                return execute(statement, params, many, context)
            finally:
                sql.append(((time.perf_counter() - started) * 1000, statement))

        with connection.execute_wrapper(wrapper):
            started = time.perf_counter()
            response = client.get("/tim-kiem/", {"q": query})
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"/tim-kiem/?q={query} answered {response.status_code}")
        if record:
            timings.append(elapsed)
            sql_timings.append(sum(ms for ms, _statement in sql))
            slow.extend((ms, query, statement) for ms, statement in sql)
        return len(sql)

    for query in queries:
        run(query, record=False)
    counts = [run(query, record=True) for _round in range(rounds) for query in queries]
    slow.sort(key=lambda item: item[0], reverse=True)
    return timings, sql_timings, slow[:5], statistics.mean(counts)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def run(size: int, documents: int = 3000, weeks: int = 300, rounds: int = 2, log=print) -> BenchResult:
    build(size, documents, weeks, log=log)
    timings, sql_timings, slow, per_request = measure(rounds=rounds)
    return BenchResult(
        size=NewsArticlePage.objects.filter(slug__startswith=SLUG_PREFIX).count(),
        median_ms=statistics.median(timings),
        p95_ms=percentile(timings, 0.95),
        sql_median_ms=statistics.median(sql_timings),
        sql_p95_ms=percentile(sql_timings, 0.95),
        queries_per_request=per_request,
        slowest=slow,
    )
