"""The e-mails' links lead where the portal is served, and name people family name first."""

from io import StringIO

import pytest

from django.core import mail
from django.core.management import call_command

from wagtail.models import Site

from tests.editorial.factories import History, local, travel
from tests.editorial.test_workflows import act, submit_new_article

pytestmark = pytest.mark.django_db

ADMIN = "https://thachha.hatinh.gov.vn:8443"


@pytest.fixture
def admin_base(settings):
    # As an administrator may well write it, with a trailing slash.
    settings.WAGTAILADMIN_BASE_URL = ADMIN + "/"
    return ADMIN


def named(user, first_name, last_name):
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    return user


def bodies_to(user):
    return [message.body for message in mail.outbox if user.email in message.to]


def test_step_e_mails_link_the_admin_at_its_base_url_and_name_people_family_name_first(
    client, pipeline, admin_base, django_capture_on_commit_callbacks
):
    users = pipeline.users
    contributor = named(users["contributor"], "Cộng", "Phạm Văn")
    board = named(users["board"], "Biên", "Lê Thị")
    article = submit_new_article(client, contributor, pipeline.tree.culture, "Lễ hội đền Chợ Củi")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client, board, article, "approve", comment="Tốt.")
    (body,) = bodies_to(contributor)
    assert f"{ADMIN}/admin/pages/{article.pk}/edit/" in body
    assert "//admin" not in body
    assert "Kính gửi Phạm Văn Cộng," in body
    assert "Lê Thị Biên" in body and "Biên Lê Thị" not in body


def test_a_commune_page_on_its_own_host_is_linked_there(client, pipeline, django_capture_on_commit_callbacks):
    users = pipeline.users
    Site.objects.create(hostname="thachdai.localhost", port=8123, root_page=pipeline.commune_a, site_name="Thạch Đài")
    with django_capture_on_commit_callbacks(execute=True):
        article = submit_new_article(
            client, users["editor_a"], pipeline.commune_a, "Xã Thạch Đài làm đường", section=pipeline.tree.economy
        )
        act(client, users["board_a"], article, "approve")
        mail.outbox.clear()
        act(client, users["board"], article, "approve", comment="Đăng.")
    bodies = bodies_to(users["editor_a"])
    assert any(f"http://thachdai.localhost:8123/{article.slug}/" in body for body in bodies)
    assert not any("http://localhost/" in body for body in bodies)


def remind(when, *options):
    with travel(when):
        call_command("remind_overdue", *options, stdout=StringIO())


def test_reminders_and_digest_link_the_admin_at_its_base_url(pipeline, admin_base):
    users = pipeline.users
    history = History(pipeline)
    named(users["contributor"], "Cộng", "Phạm Văn")
    history.submit("F", local(2026, 10, 26, 9), users["contributor"], pipeline.tree.culture)
    mail.outbox.clear()

    remind(local(2026, 10, 28, 10))
    (reminder,) = bodies_to(users["board"])
    assert f"{ADMIN}/admin/pages/{history.items['F'].pk}/edit/" in reminder
    assert "Phạm Văn Cộng" in reminder and "//admin" not in reminder

    mail.outbox.clear()
    remind(local(2026, 11, 2, 7, 30), "--digest")
    (digest,) = bodies_to(users["head"])
    assert f"{ADMIN}/admin/reports/editorial-activity/" in digest
    assert "//admin" not in digest
