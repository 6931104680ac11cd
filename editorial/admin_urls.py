"""Wagtail admin views that name pages and offer no hook, answered at their own addresses by the
versions in editorial/admin_views.py that apply the explorer's rule.

Wagtail adds the URLs of its ``register_admin_urls`` hook after its own, so these cannot go
there: portal/urls.py includes them under ``admin/`` before Wagtail's admin.
tests/editorial/test_permissions.py asks for them at Wagtail's addresses.
"""

from django.urls import path
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .admin_views import ChooserBrowseView, ChosenPagesView, PageTypesUsageView

urlpatterns = [
    path("choose-page/<int:parent_page_id>/", ChooserBrowseView.as_view(), name="editorial_choose_page_child"),
    path("choose-page/chosen-multiple/", ChosenPagesView.as_view(), name="editorial_choose_page_chosen_multiple"),
    path("reports/page-types-usage/", PageTypesUsageView.as_view(), name="editorial_page_types_usage"),
    path(
        "reports/page-types-usage/results/",
        PageTypesUsageView.as_view(results_only=True),
        name="editorial_page_types_usage_results",
    ),
]

# As Wagtail decorates its own admin URLs.
urlpatterns = decorate_urlpatterns(decorate_urlpatterns(urlpatterns, require_admin_access), never_cache)
