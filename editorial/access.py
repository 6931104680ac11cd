from django.core.exceptions import PermissionDenied

from accounts.views import forbidden


def forbidden_response(request):
    """A refused admin action answers 403, not Wagtail's redirect to the dashboard.

    A crafted request that gets past the buttons must be told plainly that nothing happened,
    and scripts and audits see the refusal in the status code.
    """
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied
    return forbidden(request)
