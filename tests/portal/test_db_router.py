"""The read replica's router: where each read goes, and that no reader ever gets an older page.

The replica here is simulated (its replay position, its lag, its failures): the router's decisions
are pure logic. `make test-scale` runs the same code against a real streaming replica.
"""

import time

import pytest

from django.contrib.auth.models import Group
from django.db import InterfaceError, OperationalError, connection, connections
from django.http import HttpResponse
from django.test import RequestFactory

from wagtail.models import Page

from portal import db_router
from portal.db_router import STICKY_COOKIE, PrimaryReplicaRouter, ReplicaMiddleware

router = PrimaryReplicaRouter()


class Cluster:
    """A primary and its replica as the router sees them."""

    def __init__(self):
        self.primary = 100
        self.replayed = 100
        self.since_last_replay = 0.0
        self.replica_up = True
        self.failure = OperationalError("connection to server at 127.0.0.1, port 55433 failed: Connection refused")
        self.is_replica = True
        self.version = 1
        self.replica_asked = 0
        self.primary_asked = 0

    def publish(self, wal_bytes=50):
        """A change committed on the primary, then a new content version."""
        self.primary += wal_bytes
        self.version += 1

    def catch_up(self):
        self.replayed = self.primary

    def primary_position(self):
        self.primary_asked += 1
        return self.primary

    def replica_replay(self):
        self.replica_asked += 1
        if not self.replica_up:
            raise self.failure
        if not self.is_replica:
            return None, 0.0
        return f"0/{self.replayed:X}", self.since_last_replay


@pytest.fixture
def cluster(monkeypatch, settings):
    settings.REPLICA_MAX_LAG_SECONDS = 2
    settings.REPLICA_CHECK_SECONDS = 60  # asked again only when a request needs a newer position
    settings.REPLICA_RETRY_SECONDS = 0.3
    settings.REPLICA_STICKY_SECONDS = 10
    fake = Cluster()
    monkeypatch.setattr(db_router, "primary_position", fake.primary_position)
    monkeypatch.setattr(db_router, "replica_replay", fake.replica_replay)
    monkeypatch.setattr(db_router, "content_version", lambda: fake.version)
    db_router.replica_state.reset()
    db_router.version_positions.clear()
    yield fake
    db_router.replica_state.reset()
    db_router.version_positions.clear()


def serve(request, view):
    return ReplicaMiddleware(view)(request)


def read_database(method="get", path="/tin-tuc/", cookies=None):
    """Where a request's read of a page goes."""
    factory = RequestFactory()
    request = getattr(factory, method)(path)
    request.COOKIES.update(cookies or {})
    chosen = []

    def view(request):
        chosen.append(router.db_for_read(Page))
        return HttpResponse("ok")

    serve(request, view)
    return chosen[0]


def test_an_anonymous_reader_reads_the_replica(cluster):
    assert read_database() == "replica"
    assert read_database("head", "/") == "replica"


@pytest.mark.parametrize(
    ("method", "path", "cookies"),
    [
        ("get", "/admin/pages/", {}),
        ("post", "/hoi-dap/gui-cau-hoi/", {}),
        ("get", "/tin-tuc/", {"sessionid": "an-editor"}),
        ("get", "/tin-tuc/", {STICKY_COOKIE: "1"}),
    ],
    ids=["the admin", "a form posted", "a signed-in editor", "a reader who just wrote"],
)
def test_the_admin_forms_editors_and_recent_writers_read_the_primary(cluster, method, path, cookies):
    assert read_database(method, path, cookies) == "default"


def test_code_outside_a_request_reads_the_primary(cluster):
    """Commands and cron (publish_scheduled) read what they are about to write."""
    assert router.db_for_read(Page) == "default"
    assert router.db_for_write(Page) == "default"


def test_after_a_write_the_rest_of_the_request_reads_the_primary(cluster):
    chosen = []

    def view(request):
        chosen.append(router.db_for_read(Page))
        chosen.append(router.db_for_write(Page))
        chosen.append(router.db_for_read(Page))
        return HttpResponse("ok")

    response = serve(RequestFactory().get("/tin-tuc/"), view)
    assert chosen == ["replica", "default", "default"]
    # A reader's GET that happened to write (a rendition made on first use) is not made sticky.
    assert STICKY_COOKIE not in response.cookies


def test_whoever_posted_a_change_reads_the_primary_for_a_few_seconds(cluster):
    def view(request):
        router.db_for_write(Page)
        return HttpResponse("ok")

    response = serve(RequestFactory().post("/hoi-dap/gui-cau-hoi/"), view)
    sticky = response.cookies[STICKY_COOKIE]
    assert (sticky["max-age"], bool(sticky["httponly"])) == (10, True)
    assert read_database(cookies={STICKY_COOKIE: sticky.value}) == "default"


def test_a_reader_right_after_a_publish_reads_the_primary_until_the_replica_has_replayed_it(cluster):
    assert read_database() == "replica"
    cluster.publish()  # the replica has not replayed it yet: it would serve the old page
    assert read_database() == "default"
    assert read_database() == "default"
    cluster.catch_up()
    assert read_database() == "replica"


def test_a_replica_ahead_of_the_version_is_read_without_asking_it_again(cluster):
    assert read_database() == "replica"
    asked = cluster.replica_asked
    for _ in range(5):
        assert read_database() == "replica"
    assert cluster.replica_asked == asked


def test_the_primary_is_asked_its_position_once_per_content_version_for_every_process(cluster):
    read_database()
    assert cluster.primary_asked == 2  # once for the version, once for the replica's lag
    db_router.version_positions.clear()  # another process: it finds the position in the shared cache
    read_database()
    assert cluster.primary_asked == 2
    cluster.publish()
    cluster.catch_up()
    read_database()
    assert cluster.primary_asked == 4  # the new version's position, and the replica asked again


def test_a_replica_further_behind_than_the_limit_is_left_out(cluster, settings):
    settings.REPLICA_CHECK_SECONDS = 0
    assert read_database() == "replica"
    cluster.primary += 10  # a write the replica has not replayed (no new version: not public)
    cluster.since_last_replay = 5.0
    assert read_database() == "default"
    cluster.since_last_replay = 1.0
    assert read_database() == "replica"
    cluster.catch_up()
    cluster.since_last_replay = 3600.0  # caught up after an idle hour: no lag
    assert read_database() == "replica"


def test_an_unreachable_replica_is_left_out_for_a_while_then_asked_again(cluster, caplog):
    cluster.replica_up = False
    assert read_database() == "default"
    assert "Read replica left out" in caplog.text
    asked = cluster.replica_asked
    cluster.replica_up = True
    assert read_database() == "default"
    assert cluster.replica_asked == asked  # not asked during the retry delay
    time.sleep(0.35)
    assert read_database() == "replica"


def test_a_server_that_is_not_a_replica_is_never_read(cluster, caplog):
    cluster.is_replica = False
    assert read_database() == "default"
    assert "not a replica" in caplog.text


def test_a_request_the_replica_failed_under_is_served_again_from_the_primary(cluster):
    attempts = []

    def view(request):
        database = router.db_for_read(Page)
        attempts.append(database)
        if database == "replica":
            cluster.replica_up = False  # stopped mid-request: ops answers the 503 page
            return HttpResponse("Hệ thống đang bảo trì", status=503)
        return HttpResponse("Tin tức")

    response = serve(RequestFactory().get("/tin-tuc/"), view)
    assert (response.status_code, response.content.decode()) == (200, "Tin tức")
    assert attempts == ["replica", "default"]
    assert read_database() == "default"


def test_a_connection_the_replica_closed_under_a_request_is_served_again_from_the_primary(cluster):
    attempts = []

    def view(request):
        database = router.db_for_read(Page)
        attempts.append(database)
        if database == "replica":
            cluster.replica_up = False
            cluster.failure = InterfaceError("connection already closed")  # not a DatabaseError
            return HttpResponse("Hệ thống đang bảo trì", status=503)
        return HttpResponse("Tin tức")

    response = serve(RequestFactory().get("/tin-tuc/"), view)
    assert (response.status_code, attempts) == (200, ["replica", "default"])


def test_an_error_of_the_page_itself_is_not_served_twice(cluster):
    attempts = []

    def view(request):
        attempts.append(router.db_for_read(Page))
        return HttpResponse("Lỗi", status=500)

    assert serve(RequestFactory().get("/tin-tuc/"), view).status_code == 500
    assert attempts == ["replica"]


def test_reads_inside_a_transaction_on_the_primary_read_the_primary(cluster, monkeypatch):
    monkeypatch.setattr(connections["default"], "in_atomic_block", True)
    assert read_database() == "default"


def test_rows_from_both_copies_may_be_related_and_only_the_primary_is_migrated():
    primary_row, replica_row = Group(name="Ban Biên tập"), Group(name="Văn thư")
    primary_row._state.db, replica_row._state.db = "default", "replica"
    assert router.allow_relation(primary_row, replica_row)
    assert router.allow_migrate("replica", "wagtailcore") is False
    assert router.allow_migrate("default", "wagtailcore") is None


def test_wal_positions_compare_in_wal_order():
    assert db_router.lsn_number("0/FFFFFFFF") < db_router.lsn_number("1/0") < db_router.lsn_number("16/B374D848")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="WAL positions are PostgreSQL's")
def test_the_primary_s_position_moves_on_with_each_write(tree):
    before = db_router.primary_position()
    Page.objects.filter(pk=tree.home.pk).update(title="Trang chủ mới")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_switch_wal()")  # the test's transaction is not committed
    assert db_router.primary_position() > before
