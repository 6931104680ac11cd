"""Drive a URL (or a rotation of URLs) with wrk and read back throughput and latency."""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# wrk's Lua hooks: rotate over the paths (one per line in PATHS_FILE) and print the percentiles
# wrk itself does not (it prints 50/75/90/99, not 95) in a line we can parse.
LUA = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%%d seconds=%%f p50_us=%%d p95_us=%%d errors=%%d non2xx=%%d\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
"""


@dataclass
class LoadResult:
    rps: float
    median_ms: float
    p95_ms: float
    errors: int


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk (make bench does it)")
    return path


def run_wrk(base_url: str, paths: list[str], seconds: int, connections: int = 16, threads: int = 2) -> LoadResult:
    with tempfile.TemporaryDirectory() as folder:
        paths_file = Path(folder) / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        script = Path(folder) / "rotate.lua"
        script.write_text(LUA % {"paths": paths_file}, encoding="utf-8")
        result = subprocess.run(  # noqa: S603 - our own fixed arguments
            [
                require_wrk(),
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    match = re.search(
        r"BENCH requests=(\d+) seconds=([\d.]+) p50_us=(\d+) p95_us=(\d+) errors=(\d+) non2xx=(\d+)", result.stdout
    )
    if match is None:
        raise RuntimeError(f"wrk printed no result:\n{result.stdout}\n{result.stderr}")
    requests, duration, p50, p95, errors, non2xx = match.groups()
    return LoadResult(
        rps=int(requests) / float(duration),
        median_ms=int(p50) / 1000,
        p95_ms=int(p95) / 1000,
        errors=int(errors) + int(non2xx),
    )
