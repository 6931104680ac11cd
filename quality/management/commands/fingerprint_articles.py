from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from news.models import NewsArticlePage
from quality.duplicates import store_fingerprint


class Command(BaseCommand):
    help = "Compute the duplicate-detection fingerprint of every article (after an import or an upgrade)."

    def handle(self, *args, **options):
        count = 0
        for page in NewsArticlePage.objects.all().iterator(chunk_size=500):
            store_fingerprint(page.get_latest_revision_as_object())
            count += 1
        self.stdout.write(_("%(count)d articles fingerprinted.") % {"count": count})
