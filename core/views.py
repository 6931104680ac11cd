from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page links: the portal's emblem."""
    return HttpResponsePermanentRedirect(static("img/emblem.svg"))
