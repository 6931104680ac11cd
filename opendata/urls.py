from django.urls import path

from wagtail.api.v2.router import WagtailAPIRouter

from .api import ENDPOINTS
from .views import api_index

router = WagtailAPIRouter("opendata")
for endpoint in ENDPOINTS:
    router.register_endpoint(endpoint.endpoint_name, endpoint)

urlpatterns = [
    path("", api_index, name="opendata_index"),
    path("v2/", api_index, name="opendata_v2_index"),
    path("v2/", router.urls),
]
