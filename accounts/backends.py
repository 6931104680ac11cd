"""The lockout check that runs before Django's own authentication backend."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, skipped when there is no request.

    Every sign-in form (Wagtail's login, password change) passes the request. Code that calls
    ``authenticate()`` without one (a management command, a test) is not reachable from the
    network, so there is nothing to lock out; axes itself would raise instead.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
