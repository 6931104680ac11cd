from django.db.models.signals import post_save
from django.dispatch import receiver

from news.models import NewsArticlePage

from .duplicates import store_fingerprint


@receiver(post_save, sender=NewsArticlePage)
def fingerprint_each_saved_article(sender, instance, raw=False, **kwargs):
    """Every save carries the latest content: saving a revision saves the page with the draft's
    fields in memory, so waiting drafts are compared too."""
    if not raw:
        store_fingerprint(instance)
