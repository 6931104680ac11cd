from wagtail.signals import post_page_move

from .models import NewsArticlePage, is_section_page


def file_moved_article_in_new_section(sender, instance, parent_page_after, **kwargs):
    """Listings go by the section field: an article moved to another section is listed there."""
    if is_section_page(parent_page_after):
        NewsArticlePage.objects.filter(pk=instance.pk).update(section_id=parent_page_after.pk)


def connect():
    post_page_move.connect(file_moved_article_in_new_section, sender=NewsArticlePage, dispatch_uid="news-moved")
