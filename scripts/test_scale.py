"""`make test-scale`: the deployment beyond one machine, run on this one.

A throwaway PostgreSQL primary and a streaming replica of it (two clusters of their own, on
ports 55432 and 55433, started with the machine's PostgreSQL binaries as the postgres user),
two gunicorn app servers with the production settings sharing one Redis database, and readers
behind a round-robin balancer that retries a refused connection on the other server. An editor
publishes one article again and again, on app server 1's settings, while readers read it on
both servers, through the replica. Midway the replica is killed (reads fall back to the
primary), then app server 2 is restarted under load. Prints one line,
``scale: ... errors=0 stale=0``, and fails if any reader got an error or an older title than
the last publication finished before its request, or if the replica served no page.

Everything it starts is stopped, and its folder removed, however it ends.
"""

import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import server  # noqa: E402 - the bench's gunicorn, with the production settings

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PRIMARY_PORT = int(os.environ.get("SCALE_PRIMARY_PORT", "55432"))
REPLICA_PORT = int(os.environ.get("SCALE_REPLICA_PORT", "55433"))
APP_PORTS = (int(os.environ.get("SCALE_APP_PORT", "8321")), int(os.environ.get("SCALE_APP_PORT", "8321")) + 1)
REDIS_URL = os.environ.get("SCALE_REDIS_URL", "redis://127.0.0.1:6379/13")
READERS = int(os.environ.get("SCALE_READERS", "4"))
READ_TIMEOUT = 60
# The phases, in seconds from the start of the readers.
KILL_REPLICA_AT, RESTART_APP_AT, STOP_AT = 14.0, 24.0, 36.0
HOST = "localhost"  # one host for both servers, as behind a real balancer: they share cached pages
NUMBER = re.compile(r"Bản tin kiểm thử số (\d+)")


def as_postgres(*command, **options):
    """PostgreSQL refuses to run as root: its commands run as the postgres user."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(  # noqa: S603 - our own fixed commands
        [*prefix, *map(str, command)], check=True, capture_output=True, text=True, **options
    )


class Clusters:
    """The throwaway primary and replica."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.primary = folder / "primary"
        self.replica = folder / "replica"
        self.started: list[Path] = []

    def start_primary(self):
        as_postgres(PG_BIN / "initdb", "-D", self.primary, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        with open(self.primary / "postgresql.conf", "a", encoding="utf-8") as conf:
            # A throwaway database: durability is not what this test is about.
            conf.write(
                f"port = {PRIMARY_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.folder}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nfsync = off\nfull_page_writes = off\n"
            )
        self._start(self.primary)
        as_postgres(PG_BIN / "createdb", "-h", "127.0.0.1", "-p", PRIMARY_PORT, "portal")

    def start_replica(self):
        as_postgres(
            PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", PRIMARY_PORT, "-U", "postgres",
            "-D", self.replica, "-R", "-X", "stream", "--checkpoint=fast",
        )  # fmt: skip
        with open(self.replica / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"port = {REPLICA_PORT}\nhot_standby = on\n")
        self._start(self.replica)

    def kill_replica(self):
        as_postgres(PG_BIN / "pg_ctl", "-D", self.replica, "stop", "-m", "immediate")
        self.started.remove(self.replica)

    def _start(self, data: Path):
        as_postgres(PG_BIN / "pg_ctl", "-D", data, "-l", data.with_suffix(".log"), "-w", "start")
        self.started.append(data)

    def stop(self):
        for data in reversed(self.started):
            subprocess.run(  # noqa: S603 - our own fixed command
                [*(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
                 str(PG_BIN / "pg_ctl"), "-D", str(data), "stop", "-m", "immediate"],
                capture_output=True, check=False,
            )  # fmt: skip
        self.started.clear()

    def replica_rows_read(self) -> int:
        """Rows the replica has read for the portal's queries (its own checks read none)."""
        result = as_postgres(
            PG_BIN / "psql", "-h", "127.0.0.1", "-p", REPLICA_PORT, "-U", "postgres", "-d", "portal", "-Atc",
            "SELECT tup_fetched + tup_returned FROM pg_stat_database WHERE datname = 'portal'",
        )  # fmt: skip
        return int(result.stdout.strip())


class Readers:
    """Reader threads behind a round-robin balancer that retries a refused connection on the other server."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.results: list[tuple[float, str, int, int | None]] = []  # start, path, status, number read
        self.failures: list[str] = []
        self.retried = 0
        self.turn = 0

    def backends(self) -> list[str]:
        with self.lock:
            self.turn += 1
            first = self.turn % 2
        return [f"http://127.0.0.1:{APP_PORTS[first]}", f"http://127.0.0.1:{APP_PORTS[1 - first]}"]

    def read(self, rng: random.Random):
        path = rng.choice(self.paths)
        if rng.random() < 0.3:  # a third of the reads miss the page cache and render from the database
            path += f"?lan={rng.randrange(10**9)}"
        started = time.time()
        for attempt, backend in enumerate(self.backends()):
            try:
                response = requests.get(backend + path, headers={"Host": HOST}, timeout=READ_TIMEOUT)
            except requests.RequestException as error:
                # As nginx's proxy_next_upstream does on "error timeout": once, on the other server.
                if attempt == 0:
                    with self.lock:
                        self.retried += 1
                    continue
                with self.lock:
                    self.failures.append(f"{path}: both servers failed: {error}")
                return
            found = NUMBER.search(response.text)
            with self.lock:
                self.results.append((started, path, response.status_code, int(found[1]) if found else None))
            return

    def run(self, seed: int):
        rng = random.Random(seed)  # noqa: S311 - a traffic mix, not a secret
        while not self.stop.is_set():
            self.read(rng)


class AppServer:
    """One gunicorn app server (bench.server's, with the production settings) that can be restarted."""

    def __init__(self, port: int, env: dict[str, str]):
        self.port, self.env, self.running = port, env, None

    def start(self):
        # A busy machine (CI) may take a while to start a server while the other serves everyone.
        running = server.gunicorn(self.port, self.env, startup_seconds=180)
        running.__enter__()
        self.running = running

    def stop(self):
        if self.running is not None:
            running, self.running = self.running, None
            running.__exit__(None, None, None)


def app_env(folder: Path) -> dict[str, str]:
    """Production settings (the Makefile's BENCH_ENV), the throwaway databases, the test's Redis database."""
    return {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/portal",
        "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/portal",
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(folder / "media"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
        "SECURE_SSL_REDIRECT": "false",
        "PAGECACHE_ENABLED": "true",
        # Checked often, so that a lagging or dead replica is found out within the test's phases.
        "REPLICA_CHECK_SECONDS": "0.5",
        "LOG_LEVEL": "WARNING",
        # A busy machine (CI, two cores) renders slowly; a restarted server finishes its requests first.
        "GUNICORN_CMD_ARGS": "--timeout=120 --graceful-timeout=20",
    }


def manage(env: dict[str, str], *arguments: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "manage.py", "bench_scale", *arguments],
        cwd=ROOT,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"},
        stdout=subprocess.PIPE,
        text=True,
    )


def stale_reads(results, publications: list[tuple[int, float]]) -> list[str]:
    """Reads that showed an older title than the last publication finished before they began."""
    stale = []
    for started, path, _status, number in results:
        if number is None:
            continue
        expected = max((n for n, done in publications if done < started), default=0)
        if number < expected:
            stale.append(f"{path} at {started:.3f}: number {number}, published {expected}")
    return stale


def run(folder: Path, stack: ExitStack, log) -> int:
    clusters = Clusters(folder)
    stack.callback(clusters.stop)
    shared_redis = redis.Redis.from_url(REDIS_URL)
    shared_redis.flushdb()
    stack.callback(shared_redis.flushdb)
    env = app_env(folder)
    os.environ.update(env)  # bench.server.gunicorn passes the environment on

    began = time.monotonic()
    log("starting the primary")
    clusters.start_primary()
    log("building the portal on the primary (migrations, static files, a small site)")
    builder = manage({**env, "DATABASE_REPLICA_URL": ""}, "build")
    output, _ = builder.communicate()
    if builder.returncode:
        raise RuntimeError("bench_scale build failed")
    paths = json.loads(output.strip().splitlines()[-1])
    log(f"built in {time.monotonic() - began:.0f} s; starting the replica (pg_basebackup)")
    clusters.start_replica()
    log("starting two app servers")
    apps = [AppServer(port, env) for port in APP_PORTS]
    for app in apps:
        stack.callback(app.stop)
        app.start()
    setup_seconds = time.monotonic() - began

    readers = Readers([paths["article"], paths["section"], "/"])
    threads = [threading.Thread(target=readers.run, args=(seed,)) for seed in range(READERS)]
    publisher = manage(env, "publish")
    stack.callback(publisher.wait, timeout=30)
    stack.callback(publisher.terminate)
    publications: list[tuple[int, float]] = []

    def hear_publications():
        for line in publisher.stdout:
            number, done = line.split()
            publications.append((int(number), float(done)))

    listener = threading.Thread(target=hear_publications, daemon=True)
    listener.start()
    start = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        wait_until(start + KILL_REPLICA_AT)
        replica_rows = clusters.replica_rows_read()
        log(f"killing the replica (it had read {replica_rows} rows)")
        clusters.kill_replica()
        wait_until(start + RESTART_APP_AT)
        log("restarting app server 2 under load")
        apps[1].stop()
        apps[1].start()
        wait_until(start + STOP_AT)
    finally:
        readers.stop.set()
        for thread in threads:
            thread.join()
    seconds = time.monotonic() - start
    publisher.terminate()
    publisher.wait(timeout=30)
    listener.join(timeout=5)

    errors = readers.failures + [
        f"{path}: HTTP {status}" for _started, path, status, _number in readers.results if status != 200
    ]
    stale = stale_reads(readers.results, publications)
    for line in (errors + stale)[:20]:
        log(line)
    requests_made = len(readers.results) + len(readers.failures)
    checked = sum(1 for result in readers.results if result[3] is not None)
    print(
        f"scale: setup_s={setup_seconds:.0f} seconds={seconds:.0f} requests={requests_made} "
        f"rps={requests_made / seconds:.0f} checked={checked} publications={len(publications)} "
        f"replica_rows={replica_rows} retried={readers.retried} errors={len(errors)} stale={len(stale)}",
        flush=True,
    )
    if errors or stale:
        return 1
    if not publications or not replica_rows:
        log("nothing was published, or the replica served no page")
        return 1
    return 0


def wait_until(moment: float):
    time.sleep(max(0.0, moment - time.monotonic()))


def main() -> int:
    # A TERM (CI cancelling the job) ends the run through the same clean-up as a failure.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="portal-scale-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")

    def log(line):
        print(f"  {line}", file=sys.stderr, flush=True)

    try:
        with ExitStack() as stack:
            return run(folder, stack, log)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
