"""Route hints: which page each address led to in this process, to fetch it in one query next time."""


class RouteHints:
    """Which page each address served by this process led to.

    A hint is only a guess, checked by the query that uses it (core.pages.BasePage.route): the
    page must still have the same tree path (so the same ancestors) and the same address (so
    the same slugs). It is kept only for addresses that no page on the way could answer with a
    route of its own, whether published or not, so nothing else could answer them while the
    check holds. That check, not the content version, is what keeps a hint honest.
    """

    size = 20_000

    def __init__(self):
        self.hints: dict[tuple, tuple] = {}

    def get(self, key):
        return self.hints.get(key)

    def put(self, key, page):
        if len(self.hints) >= self.size:
            self.hints.clear()
        self.hints[key] = (page.specific_class, page.pk, page.path, page.url_path)

    def discard(self, key):
        self.hints.pop(key, None)


route_hints = RouteHints()
