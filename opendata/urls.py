from django.urls import path, re_path

from wagtail.api.v2.router import WagtailAPIRouter

from .api import ENDPOINTS
from .views import api_index, not_found

router = WagtailAPIRouter("opendata")
for endpoint in ENDPOINTS:
    router.register_endpoint(endpoint.endpoint_name, endpoint)

urlpatterns = [
    path("", api_index, name="opendata_index"),
    path("v2/", api_index, name="opendata_v2_index"),
    path("v2/", router.urls),
    # Only addresses ending in "/": CommonMiddleware still adds a missing slash to the others.
    re_path(r"^(?P<path>.*/)?$", not_found),
]
