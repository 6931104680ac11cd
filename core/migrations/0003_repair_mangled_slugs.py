"""Pages whose slug the admin's former title-to-slug fill mangled ("thon-djong-ha-...-mi") get
their folded slug, and their old addresses redirect to them (core.slugs)."""

from django.db import migrations

from core.slugs import repair_mangled_slugs


def repair(apps, schema_editor):
    repairs = repair_mangled_slugs(apps)
    if repairs:
        print(f"\n  Repaired {len(repairs)} mangled page slugs, with redirects from their old addresses.")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_alter_unit_kind"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
