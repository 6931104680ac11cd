"""axe-core in the browser: run it on a page, count what it finds, keep a table of the counts.

axe-core comes from its npm package (``npm ci`` installs the version pinned in package-lock.json).
Every run is recorded in ``test-results/axe-<worker>.json`` so the table can be printed after a
parallel run too: ``.venv/bin/python -m tests.browser.axe``.
"""

import json
import os
import sys
from collections import Counter
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RESULTS_DIR = ROOT / "test-results"
IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = ("critical", "serious")


def results_file() -> Path:
    return RESULTS_DIR / f"axe-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.json"


def inject(page):
    """Load axe-core into the page; through the DevTools protocol when a Content-Security-Policy
    refuses the injected script tag (the portal's policy forbids inline scripts)."""
    if page.evaluate("() => typeof window.axe === 'object'"):
        return
    from playwright.sync_api import Error

    with suppress(Error):  # "Executing inline script violates the following Content Security Policy"
        page.add_script_tag(path=str(AXE_JS))
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        raise RuntimeError("axe-core could not be loaded into the page")


def run(page) -> list[dict]:
    """The violations axe-core finds on the page as it is now, every rule axe-core has."""
    inject(page)
    result = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                          summary: n.failureSummary}))
            }));
        }"""
    )
    return result


def counts(violations) -> dict:
    """Rules broken per impact, and the elements affected."""
    rules = Counter(v["impact"] or "minor" for v in violations)
    nodes = Counter()
    for violation in violations:
        nodes[violation["impact"] or "minor"] += len(violation["nodes"])
    return {impact: [rules[impact], nodes[impact]] for impact in IMPACTS}


def describe(violations, impacts=IMPACTS) -> str:
    lines = []
    for violation in violations:
        if (violation["impact"] or "minor") not in impacts:
            continue
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.extend(f"    {node['target']}  {node['html']}" for node in violation["nodes"][:5])
    return "\n".join(lines)


def record(page_type: str, width: str, path: str, violations) -> dict:
    RESULTS_DIR.mkdir(exist_ok=True)
    file = results_file()
    data = json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}
    entry = {"path": path, "counts": counts(violations), "rules": sorted({v["id"] for v in violations})}
    data[f"{page_type}|{width}"] = entry
    file.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return entry


def load_results() -> dict:
    data = {}
    for file in sorted(RESULTS_DIR.glob("axe-*.json")):
        data.update(json.loads(file.read_text(encoding="utf-8")))
    return data


def summary_table(data=None) -> str:
    """A Markdown table: per page type and width, the rules broken per impact (elements in
    brackets) and the names of the rules."""
    data = load_results() if data is None else data
    header = "| page | width | critical | serious | moderate | minor | rules |"
    lines = [header, "|---|---|---|---|---|---|---|"]
    for key in sorted(data):
        page_type, width = key.split("|")
        entry = data[key]
        cells = [f"{rules} ({nodes})" if rules else "0" for rules, nodes in (entry["counts"][i] for i in IMPACTS)]
        lines.append(f"| {page_type} | {width} | {' | '.join(cells)} | {', '.join(entry['rules']) or '–'} |")
    return "\n".join(lines)


def clear_results():
    for file in RESULTS_DIR.glob("axe-*.json"):
        file.unlink()


if __name__ == "__main__":
    sys.stdout.write(summary_table() + "\n")
