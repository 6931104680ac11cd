"""Start and stop gunicorn with production settings, as the portal is served for real."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


@contextmanager
def gunicorn(port: int, env: dict[str, str], workers: int = 2, startup_seconds: float = 60):
    """A gunicorn serving the portal on 127.0.0.1:port; yields its master process."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--log-level=warning",
        "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--access-logfile=/dev/null",
    ]
    # The site itself is served without the bench app, exactly as production serves it.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.production", **env}
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    try:
        wait_until_up(f"http://127.0.0.1:{port}/robots.txt", process, startup_seconds)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_up(url: str, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")
