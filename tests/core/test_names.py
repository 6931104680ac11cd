"""People are named family name first ("Lê Thị Biên"), everywhere the admin and e-mails name them."""

import json
import re

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from wagtail.models import Page

from core.text import person_name, person_name_from
from tests.editorial.test_workflows import submit_new_article

pytestmark = pytest.mark.django_db

FULL = "Lê Thị Biên"
WRONG = "Biên Lê Thị"


def named(user, first_name="Biên", last_name="Lê Thị"):
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.mark.parametrize(
    ("last_name", "first_name", "username", "expected"),
    [
        ("Lê Thị", "Biên", "bientap", "Lê Thị Biên"),
        ("", "BBT Xã Thạch Đài", "xa-thach-dai-bbt", "BBT Xã Thạch Đài"),
        ("Nguyễn", "", "nguyen", "Nguyễn"),
        ("  ", " ", "vanthu", "vanthu"),
        (None, None, "vanthu", "vanthu"),
    ],
)
def test_person_name_puts_the_family_name_first_and_falls_back_to_the_account(
    last_name, first_name, username, expected
):
    assert person_name_from(last_name, first_name, username) == expected


def test_every_django_and_wagtail_name_of_a_user_is_in_vietnamese_order():
    user = get_user_model()(username="bientap", first_name="Biên", last_name="Lê Thị")
    assert person_name(user) == user.get_full_name() == user.get_short_name() == FULL
    assert person_name(None) == ""


def sidebar_name(html: str) -> str:
    props = json.loads(re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1))
    main_menu = next(module for module in props["modules"] if module.get("_type") == "wagtail.sidebar.MainMenuModule")
    return main_menu["_args"][2]["name"]


def test_admin_account_menu_and_dashboard_name_the_user_family_name_first(client, pipeline):
    board = named(pipeline.users["board"])
    client.force_login(board)
    html = client.get("/admin/").content.decode()
    assert sidebar_name(html) == FULL
    assert FULL in html
    assert WRONG not in html


def test_admin_users_listing_names_people_family_name_first(client, pipeline):
    named(pipeline.users["board"])
    client.force_login(pipeline.users["admin"])
    html = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert FULL in html
    assert WRONG not in html


def test_status_panel_names_the_submitter_family_name_first(client, pipeline):
    contributor = named(pipeline.users["contributor"], first_name="Cộng", last_name="Phạm Văn")
    article = submit_new_article(client, contributor, pipeline.tree.culture, "Lễ hội đền Chợ Củi")
    client.force_login(named(pipeline.users["board"]))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "Phạm Văn Cộng" in html
    assert "Cộng Phạm Văn" not in html


def test_wagtails_workflow_emails_greet_and_name_people_family_name_first(
    client, pipeline, django_capture_on_commit_callbacks
):
    contributor = named(pipeline.users["contributor"], first_name="Cộng", last_name="Phạm Văn")
    board = named(pipeline.users["board"])
    with django_capture_on_commit_callbacks(execute=True):
        submit_new_article(client, contributor, pipeline.tree.culture, "Lễ hội đền Chợ Củi")
    to_board = [message for message in mail.outbox if board.email in message.to]
    assert to_board
    body = to_board[0].body
    assert f"Kính gửi {FULL}," in body
    assert "Kính gửi Biên," not in body and WRONG not in body
    html_part = to_board[0].alternatives[0][0] if getattr(to_board[0], "alternatives", None) else ""
    if html_part:
        assert f"Kính gửi {FULL}," in html_part


def test_history_names_the_editor_family_name_first(client, pipeline):
    board = named(pipeline.users["board"])
    page = Page.objects.get(pk=pipeline.tree.culture.pk).specific
    page.save_revision(user=board, log_action=True)
    client.force_login(pipeline.users["admin"])
    html = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert FULL in html
    assert WRONG not in html
