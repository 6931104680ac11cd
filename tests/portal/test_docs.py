"""The documentation stays navigable: every relative link in a markdown file leads to a file or
folder that exists, and the README stays a short front page (the rest lives in docs/)."""

import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Installed packages and other tools' folders hold markdown files that are not ours.
SKIPPED_DIRS = {"node_modules", "media", "staticfiles", "backups"}

FENCED_BLOCK = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
HTML_LINK = re.compile(r"\b(?:href|src)=\"([^\"]+)\"")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def markdown_files():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith(".") and name not in SKIPPED_DIRS)
        for name in sorted(files):
            if name.endswith(".md"):
                yield Path(folder, name)


def link_targets(text):
    # Links shown as code (shell lines, nginx snippets, `[x](y)` in a sentence) are not links.
    prose = CODE_SPAN.sub("", FENCED_BLOCK.sub("", text))
    for pattern in (INLINE_LINK, REFERENCE_DEFINITION, HTML_LINK):
        yield from pattern.findall(prose)


def broken_links(markdown):
    broken = []
    for target in link_targets(markdown.read_text(encoding="utf-8")):
        path = unquote(target.split("#", 1)[0])
        if not path or SCHEME.match(target):
            continue
        if not (markdown.parent / path).exists():
            broken.append(target)
    return broken


MARKDOWN_FILES = list(markdown_files())


def test_the_readme_and_docs_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in MARKDOWN_FILES}
    assert {"README.md", "docs/architecture.md"} <= names


@pytest.mark.parametrize("markdown", MARKDOWN_FILES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_relative_links_lead_to_existing_files(markdown):
    assert broken_links(markdown) == []


def test_link_targets_skip_code_and_absolute_addresses(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "here.md").write_text("")
    page.write_text(
        "[ok](here.md#part) [gone](gone.md) ![img](pic.png) [web](https://example.org/x.md) [top](#top)\n"
        "`[code](nowhere.md)`\n```\n[fenced](nowhere.md)\n```\n[ref]: missing/ref.md\n"
        '<a href="other.md">x</a>\n',
        encoding="utf-8",
    )
    assert broken_links(page) == ["gone.md", "pic.png", "missing/ref.md", "other.md"]


def test_the_readme_stays_short():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 220
