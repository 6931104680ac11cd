"""Times the report as a browser would get it (the whole admin page), for the performance check."""

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from editorial.models import EditorialDecision
from editorial.report.views import EditorialActivityReportView


def reader():
    """Someone allowed to read the report: a superuser, or a member of the board."""
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(is_superuser=True).order_by("pk").first()
        or users.filter(groups__permissions__codename="view_editorial_report").order_by("pk").first()
    )


def time_report(query: str = "", repeat: int = 5, host: str = "localhost") -> dict:
    """Render the report ``repeat`` times; the times in milliseconds and the query count."""
    user = reader()
    if user is None:
        raise LookupError("nobody may read the report")
    view = EditorialActivityReportView.as_view()
    timings, queries, size = [], 0, 0
    for _round in range(repeat):
        request = RequestFactory().get("/admin/reports/editorial-activity/" + query, HTTP_HOST=host)
        request.user = user
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = view(request)
            if hasattr(response, "render"):
                response.render()
        timings.append((time.perf_counter() - started) * 1000)
        queries, size = len(captured), len(response.content)
    return {
        "status": response.status_code,
        "best": min(timings),
        "median": statistics.median(timings),
        "worst": max(timings),
        "queries": queries,
        "bytes": size,
        "decisions": EditorialDecision.objects.count(),
    }
