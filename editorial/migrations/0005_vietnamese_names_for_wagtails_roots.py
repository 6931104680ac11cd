"""Wagtail's migrations name the root of the page tree and the root collection "Root", which the
admin shows (the explorer of the technical team, the collection of every shared image and
document): they get Vietnamese names, stored once like migration 0004's."""

from django.db import migrations

WAGTAIL_NAME = "Root"
ROOT_PAGE_TITLE = "Trang gốc"
ROOT_COLLECTION_NAME = "Thư viện chung"


def rename(apps, page_from, page_to, collection_from, collection_to):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=page_from).update(title=page_to, draft_title=page_to)
    Collection.objects.filter(depth=1, name=collection_from).update(name=collection_to)


def to_vietnamese(apps, schema_editor):
    rename(apps, WAGTAIL_NAME, ROOT_PAGE_TITLE, WAGTAIL_NAME, ROOT_COLLECTION_NAME)


def to_english(apps, schema_editor):
    rename(apps, ROOT_PAGE_TITLE, WAGTAIL_NAME, ROOT_COLLECTION_NAME, WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0004_vietnamese_names_for_wagtails_default_workflow"),
        # Creates the root collection, after the root page.
        ("wagtailcore", "0025_collection_initial_data"),
    ]

    operations = [migrations.RunPython(to_vietnamese, to_english)]
