from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from news.models import NewsArticlePage

from .models import CommunePage
from .roles import ensure_commune_roles


@receiver(post_save, sender=CommunePage)
def give_new_commune_its_roles(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created or not (instance.editors_group_id and instance.board_group_id and instance.collection_id):
        ensure_commune_roles(instance)


@receiver(pre_save, sender=NewsArticlePage)
def credit_commune_articles_to_the_commune(sender, instance, raw=False, **kwargs):
    """An article filed under a commune is credited to that commune unless a unit was chosen."""
    if raw or instance.contributing_unit_id:
        return
    parent = instance.get_parent() if instance.path else getattr(instance, "_cached_parent_obj", None)
    if parent is not None and parent.specific_class is CommunePage:
        instance.contributing_unit_id = (
            CommunePage.objects.filter(pk=parent.pk).values_list("unit_id", flat=True).first()
        )
