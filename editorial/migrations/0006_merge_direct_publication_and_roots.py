# Joins the two branches of 0005 (direct publication rules; Vietnamese names of the roots).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('editorial', '0005_direct_publication_and_rules'),
        ('editorial', '0005_vietnamese_names_for_wagtails_roots'),
    ]

    operations = [
    ]
