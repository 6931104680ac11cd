"""The quality panel: the checklist, duplicate warnings, one-click rejection, the writing guide."""

import json

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import rich_text

from bench.duplicates import labelled_pairs, near_copy, score
from demo.news_data import ARTICLES
from editorial.models import EditorialDecision
from quality import fingerprints as fp
from quality.checks import PASS, WARN, check_article
from quality.duplicates import find_duplicates
from quality.models import QualitySettings
from tests.core.factories import ImageFactory
from tests.editorial.test_workflows import act, submit_new_article
from tests.news.factories import NewsArticlePageFactory

pytestmark = pytest.mark.django_db


def body(*paragraphs):
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs])


def demo_article(parent, data, **fields):
    return NewsArticlePageFactory(
        parent=parent,
        title=data["title"],
        lead=data["lead"],
        body=body(*data["paragraphs"]),
        **fields,
    )


def statuses(page):
    return {check.code: check.status for check in check_article(page, QualitySettings.load())}


# --- Checklist -------------------------------------------------------------------------------


def test_a_good_article_passes_every_check(tree):
    image = ImageFactory(file__width=1600, file__height=900, description="Cánh đồng lúa chín")
    page = demo_article(tree.culture, ARTICLES[0], featured_image=image, featured_image_caption="Lúa chín")
    assert set(statuses(page).values()) == {PASS}


def test_each_weakness_is_named(tree):
    small = ImageFactory(file__width=640, file__height=480, description="")
    page = NewsArticlePageFactory(
        parent=tree.culture,
        title="HỌP BÁO",
        lead="Một sapo dài hơn cả nội dung bài viết ngắn ngủi này.",
        body=json.dumps(
            [
                {"type": "paragraph", "value": "<p>Ngắn.</p><p></p><p><br/></p>"},
                {
                    "type": "paragraph",
                    "value": '<p><a href="javascript:alert(1)">x</a> <a linktype="page" id="999999">y</a></p>',
                },
            ]
        ),
        featured_image=small,
        featured_image_caption="",
    )
    result = statuses(page)
    assert {code for code, status in result.items() if status == WARN} == {
        "title_length",
        "title_case",
        "lead",
        "body_length",
        "featured_image",
        "image_width",
        "empty_paragraphs",
        "links",
    }
    messages = {check.code: str(check.message) for check in check_article(page, QualitySettings.load())}
    assert "640 px" in messages["image_width"]
    assert "2" in messages["empty_paragraphs"]
    assert "javascript:alert(1)" in messages["links"]


def test_the_image_width_limit_is_a_setting(tree):
    settings = QualitySettings.load()
    settings.min_image_width = 600
    settings.save()
    page = demo_article(
        tree.culture,
        ARTICLES[1],
        featured_image=ImageFactory(file__width=640, file__height=400),
        featured_image_caption="Ảnh",
    )
    assert statuses(page)["image_width"] == PASS


def test_quality_settings_refuse_an_absurd_threshold(admin_client):
    response = admin_client.post(
        reverse("wagtailsettings:edit", args=("quality", "qualitysettings", QualitySettings.load().pk)),
        {
            "writing_guide": rich_text("<p>Hướng dẫn</p>"),
            "min_image_width": 1200,
            "min_body_words": 150,
            "duplicate_threshold": 5,
        },
    )
    assert response.status_code == 200
    assert QualitySettings.load().duplicate_threshold == 50


# --- Duplicates ------------------------------------------------------------------------------


def test_precision_and_recall_on_the_labelled_set():
    pairs = labelled_pairs()
    assert len(pairs) >= 100
    result = score(pairs, threshold=0.5)
    assert result.precision == 1.0
    assert result.recall >= 0.95


def test_a_near_copy_is_flagged_and_a_same_topic_article_is_not(tree):
    original = demo_article(tree.culture, ARTICLES[0])
    same_section = [a for a in ARTICLES if a["section"] == ARTICLES[0]["section"]][1]
    other = demo_article(tree.culture, same_section)
    copy = NewsArticlePageFactory(
        parent=tree.culture, title="Bản sao", lead="", body=body(near_copy(ARTICLES[0])), live=False
    )
    matches = find_duplicates(copy, threshold=0.5)
    assert [match.page.pk for match in matches] == [original.pk]
    assert matches[0].percent >= 60
    assert not find_duplicates(other, threshold=0.5)


def test_drafts_are_nobodys_original_but_waiting_items_are(client, pipeline):
    draft = demo_article(pipeline.tree.culture, ARTICLES[2], live=False, owner=pipeline.users["contributor2"])
    copy = NewsArticlePageFactory(parent=pipeline.tree.culture, body=body(near_copy(ARTICLES[2])), live=False)
    assert not find_duplicates(copy, threshold=0.5)
    draft.save_revision(user=pipeline.users["contributor2"])
    from wagtail.models import Workflow

    Workflow.objects.get(name="Tin, bài cấp huyện").start(draft, pipeline.users["contributor2"])
    assert [match.page.pk for match in find_duplicates(copy, threshold=0.5)] == [draft.pk]


def test_fingerprints_follow_the_latest_revision(tree):
    page = demo_article(tree.culture, ARTICLES[3])
    page.save_revision()
    before = bytes(fp.pack(fp.signature(fp.shingles(ARTICLES[3]["title"]))))
    from quality.models import ArticleFingerprint

    stored = bytes(ArticleFingerprint.objects.get(page=page).signature)
    assert stored != before  # the whole article, not just the title
    page.body = body(*ARTICLES[4]["paragraphs"])
    page.save_revision()
    assert bytes(ArticleFingerprint.objects.get(page=page).signature) != stored


# --- In the editor and on the review screen --------------------------------------------------


def test_editor_shows_the_checklist_the_duplicate_and_the_guide_link(client, pipeline):
    original = demo_article(pipeline.tree.culture, ARTICLES[5])
    original.save_revision()
    client.force_login(pipeline.users["contributor"])
    copy = NewsArticlePageFactory(
        parent=pipeline.tree.culture,
        title="Tin gần giống",
        body=body(near_copy(ARTICLES[5])),
        live=False,
        owner=pipeline.users["contributor"],
    )
    copy.save_revision(user=pipeline.users["contributor"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=(copy.pk,))).content.decode()
    assert "Kiểm tra chất lượng" in html
    assert original.title in html and "tương đồng" in html
    assert reverse("quality_writing_guide") in html
    assert "Từ chối vì trùng với bài này" not in html  # a contributor cannot reject


def test_another_communes_waiting_article_is_counted_as_a_likeness_but_never_named(client, pipeline):
    users = pipeline.users
    waiting = submit_new_article(
        client, users["editor_b"], pipeline.commune_b, "Tin chờ duyệt của xã Việt Tiến", section=pipeline.tree.culture
    )
    waiting.body = body(*ARTICLES[7]["paragraphs"])
    waiting.save_revision(user=users["editor_b"])
    copy = submit_new_article(
        client, users["editor_a"], pipeline.commune_a, "Tin của xã Thạch Đài", section=pipeline.tree.culture
    )
    copy.body = body(near_copy(ARTICLES[7]))
    copy.save_revision(user=users["editor_a"])

    client.force_login(users["editor_a"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=(copy.pk,))).content.decode()
    assert "một tin, bài của đơn vị khác đang chờ duyệt" in html
    assert "Tin chờ duyệt của xã Việt Tiến" not in html
    assert reverse("wagtailadmin_pages:edit", args=(waiting.pk,)) not in html

    client.force_login(users["board"])  # the district board sees every commune's work
    html = client.get(reverse("wagtailadmin_pages:edit", args=(copy.pk,))).content.decode()
    assert "Tin chờ duyệt của xã Việt Tiến" in html


def test_reviewer_rejects_as_a_duplicate_in_one_click(client, pipeline):
    users = pipeline.users
    original = demo_article(pipeline.tree.culture, ARTICLES[6])
    original.save_revision()
    article = submit_new_article(client, users["contributor"], pipeline.tree.culture, "Tin trùng lặp cần loại")
    article.body = body(near_copy(ARTICLES[6]))
    article.save_revision(user=users["contributor"])
    client.force_login(users["board"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    assert "Từ chối vì trùng với bài này" in html
    refuse_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(article.pk, "refuse", article.current_workflow_task_state.pk),
    )
    assert f'formaction="{refuse_url}"' in html
    # The button posts reason=duplicate and its prepared comment.
    response = act(
        client, users["board"], article, "refuse", reason="duplicate", comment=f"Trùng với “{original.title}”"
    )
    assert response.status_code == 302
    decision = EditorialDecision.objects.get(page=article, action="rejected")
    assert decision.reason == "duplicate"
    assert original.title in decision.comment


def test_writing_guide_is_readable_by_writers_and_editable_by_the_board(client, pipeline):
    client.force_login(pipeline.users["contributor"])
    response = client.get(reverse("quality_writing_guide"))
    assert response.status_code == 200
    assert "Tiêu đề" in response.content.decode()  # the seeded guide
    edit_url = reverse("wagtailsettings:edit", args=("quality", "qualitysettings", QualitySettings.load().pk))
    assert client.get(edit_url).status_code == 403
    client.force_login(pipeline.users["board"])
    assert client.get(edit_url).status_code == 200


def test_the_duplicate_benchmark_runs_and_finds_every_original(tree):
    import io

    from django.core.management import call_command

    from quality.models import ArticleFingerprint

    for data in ARTICLES[:12]:
        demo_article(tree.culture, data)
    ArticleFingerprint.objects.all().delete()  # the benchmark fingerprints what is missing, in bulk
    out = io.StringIO()
    call_command("bench_duplicates", probes=10, stdout=out)
    line = out.getvalue().strip().splitlines()[-1]
    assert line.startswith("duplicates: n=12 probes=10 median_ms=")
    assert line.endswith("found=10/10")
    assert ArticleFingerprint.objects.count() == 12
