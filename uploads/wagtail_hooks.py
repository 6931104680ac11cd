from django.urls import path

from wagtail import hooks

from .views import AddDocumentsView


@hooks.register("register_admin_urls")
def register_admin_urls():
    # The same address as Wagtail's multiple uploader (wagtaildocs:add_multiple): this app's hooks
    # run before wagtail.documents' (INSTALLED_APPS order), so every link to it opens this view.
    return [path("documents/multiple/add/", AddDocumentsView.as_view(), name="uploads_add_documents")]
