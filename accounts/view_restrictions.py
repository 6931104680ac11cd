"""The sign-in lockout, applied to the passwords that open a private page or a private collection.

Wagtail's password forms (``/_util/authenticate_with_password/<restriction>/<page>/`` and
``/documents/authenticate_with_password/<restriction>/``) authenticate no user, so django-axes
never sees them: this middleware counts their failures through axes' handler under a name of
their own per restriction, so the same limits hold per restriction and address, and within the
address's limit across everything it tries.
"""

from axes.handlers.proxy import AxesProxyHandler

from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from wagtail.models import CollectionViewRestriction, PageViewRestriction

from .lockout import locked_out_page

# View name -> (the kind of restriction, the URL argument naming it).
PASSWORD_FORMS = {
    "wagtailcore_authenticate_with_password": ("page", "page_view_restriction_id"),
    "wagtaildocs_authenticate_with_password": ("collection", "restriction_id"),
}
# A colon never appears in an account name (Django's username validator), so no account shares these.
LOCK_NAME = "{kind}-password:{id}"


def lock_name(kind: str, restriction_id: int) -> str:
    return LOCK_NAME.format(kind=kind, id=restriction_id)


def describe(name: str) -> str | None:
    """What a lock name stands for, for the administrators' list; None for an account name."""
    kind, sep, raw_id = name.partition("-password:")
    if not sep or not raw_id.isdigit():
        return None
    if kind == "page":
        restriction = PageViewRestriction.objects.filter(pk=raw_id).select_related("page").first()
        title = restriction.page.title if restriction else "?"
        return _("Password of the page “%(title)s”") % {"title": title}
    if kind == "collection":
        restriction = CollectionViewRestriction.objects.filter(pk=raw_id).select_related("collection").first()
        title = restriction.collection.name if restriction else "?"
        return _("Password of the collection “%(title)s”") % {"title": title}
    return None


class ViewRestrictionLockoutMiddleware:
    """Refuses a locked-out address before Wagtail checks the password, and counts Wagtail's answer.

    Wagtail redirects once the password is right and shows the form again (200) when it is
    wrong; a 404 (no such restriction) is not a guess at a password.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        credentials = self.credentials(request)
        if credentials is None:
            return self.get_response(request)
        if not AxesProxyHandler.is_allowed(request, credentials):
            return self.locked_out(request)
        response = self.get_response(request)
        if response.status_code in (301, 302, 303):
            # As a successful sign-in: forget this restriction's failures from this address.
            AxesProxyHandler.get_implementation().reset_user_attempts(request, credentials)
        elif response.status_code == 200:
            AxesProxyHandler.user_login_failed(type(self), credentials, request)
            if request.axes_locked_out:
                return self.locked_out(request)
        return response

    @staticmethod
    def credentials(request) -> dict | None:
        if request.method != "POST":
            return None
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
        form = PASSWORD_FORMS.get(match.url_name)
        if form is None:
            return None
        kind, argument = form
        return {"username": lock_name(kind, match.kwargs[argument])}

    @staticmethod
    def locked_out(request):
        back = request.POST.get("return_url", "")
        here = {request.get_host()}
        if not url_has_allowed_host_and_scheme(back, allowed_hosts=here, require_https=request.is_secure()):
            back = "/"
        return locked_out_page(request, back_url=back)
