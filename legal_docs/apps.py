from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalDocsConfig(AppConfig):
    name = "legal_docs"
    verbose_name = _("Legal documents")

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail.documents import get_document_model

        from .signals import refresh_text_of_documents

        post_save.connect(refresh_text_of_documents, sender=get_document_model(), dispatch_uid="legal_docs_text")
